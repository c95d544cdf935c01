"""`ruralites survey check`, `ruralites survey pdf` and `ruralites tally`, run as real processes."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

ROOT = Path(__file__).resolve().parents[3]
DEFAULT = ROOT / "surveys" / "ecoute-habitants.yaml"

BROKEN = """\
id: casse
title: "Questionnaire cassé"
sections:
  - id: s1
    title: "Section"
    questions:
      - id: q1
        type: choix_unique
        label: "Quel âge avez-vous ?"
"""

VOTES = """\
Jardin partagé;Café associatif;Sentiers;count
1;2;;12
2;1;3;5
"""


def run(*args):
    return subprocess.run([sys.executable, "-m", "ruralites.cli", *map(str, args)],
                          capture_output=True, text=True, env=dict(os.environ), timeout=120,
                          cwd=ROOT)


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "casse.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


# --- survey check --------------------------------------------------------------------------


def test_survey_check_accepts_the_default_questionnaire():
    out = run("survey", "check", DEFAULT)
    assert out.returncode == 0, out.stderr
    assert "ecoute-habitants.yaml : aucun problème." in out.stdout


def test_survey_check_names_file_line_and_code_of_an_error_and_fails(broken):
    out = run("survey", "check", DEFAULT, broken)
    assert out.returncode == 1
    assert f"{broken}, ligne 8, question « q1 » : erreur S103" in out.stdout
    assert "Le type de question « choix_unique » n'existe pas." in out.stdout
    assert "ecoute-habitants.yaml : aucun problème." in out.stdout  # the other file is checked
    assert "Erreur : 1 fichier(s) sur 2 à corriger" in out.stderr
    assert "Traceback" not in out.stderr


def test_survey_check_reports_a_missing_file(tmp_path):
    out = run("survey", "check", tmp_path / "absent.yaml")
    assert out.returncode == 1 and "S100" in out.stdout and "il n'existe pas" in out.stdout


# --- survey pdf ----------------------------------------------------------------------------


def test_survey_pdf_writes_a_printable_questionnaire(tmp_path):
    output = tmp_path / "questionnaire.pdf"
    out = run("survey", "pdf", DEFAULT, "-o", output)
    assert out.returncode == 0, out.stderr
    assert "Questionnaire papier écrit" in out.stdout
    reader = pypdf.PdfReader(io.BytesIO(output.read_bytes()))
    assert len(reader.pages) >= 2
    assert "N° de feuille" in reader.pages[0].extract_text()


def test_survey_pdf_numbers_the_copies_of_a_commune_and_prints_their_codes(tmp_path):
    output = tmp_path / "tremel.pdf"
    out = run("survey", "pdf", DEFAULT, "-o", output, "--commune", "22366", "--copies", "3",
              "--start", "41")
    assert out.returncode == 0, out.stderr
    codes = [line.strip() for line in out.stdout.splitlines() if line.startswith("  22366-")]
    assert [code[:10] for code in codes] == ["22366-0041", "22366-0042", "22366-0043"]
    assert "Trémel (22366)" in out.stdout
    assert "La prochaine impression pour cette commune commencera à la feuille 44." in out.stdout
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(output).pages)
    assert "Commune de Trémel" in text
    assert all(code in text for code in codes)


def test_a_second_printing_continues_the_numbering_instead_of_starting_again(tmp_path):
    """Each printing is recorded: without --start, the next one never reuses a code."""
    first = run("survey", "pdf", DEFAULT, "-o", tmp_path / "a.pdf", "--commune", "22366",
                "--copies", "2")
    second = run("survey", "pdf", DEFAULT, "-o", tmp_path / "b.pdf", "--commune", "22366",
                 "--copies", "2")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    codes = [[line.strip()[:10] for line in out.stdout.splitlines() if line.startswith("  22366-")]
             for out in (first, second)]
    assert codes == [["22366-0001", "22366-0002"], ["22366-0003", "22366-0004"]]
    reprint = run("survey", "pdf", DEFAULT, "-o", tmp_path / "c.pdf", "--commune", "22366",
                  "--copies", "3", "--start", "2")
    assert reprint.returncode == 0, reprint.stderr
    assert "Attention : Les feuilles n° 2 à 4 ont déjà été imprimées le " in reprint.stdout


@pytest.mark.parametrize("args, message", [
    (["--copies", "3"], "--copies demande --commune"),
    (["--commune", "99999"], "Code commune inconnu"),
    (["--lang", "br"], "n'existe pas en « br »"),
    (["--commune", "22366", "--copies", "501"], "De 1 à 500 exemplaires"),
    (["--commune", "22366", "--start", "5"], "--start demande --copies"),
])
def test_survey_pdf_refuses_bad_options_in_french(tmp_path, args, message):
    out = run("survey", "pdf", DEFAULT, "-o", tmp_path / "x.pdf", *args)
    assert out.returncode == 1 and message in out.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_survey_pdf_refuses_a_broken_questionnaire(broken, tmp_path):
    out = run("survey", "pdf", broken, "-o", tmp_path / "x.pdf")
    assert out.returncode == 1 and "S103" in out.stderr and "Traceback" not in out.stderr


# --- tally ---------------------------------------------------------------------------------


@pytest.fixture
def votes(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text(VOTES, encoding="utf-8")
    return path


def test_tally_prints_a_json_result_with_accents_kept(votes):
    out = run("tally", "--method", "borda", votes, "--format", "json")
    assert out.returncode == 0, out.stderr
    assert "Jardin partagé" in out.stdout  # ensure_ascii=False
    result = json.loads(out.stdout)
    assert result["method"] == "borda" and result["ballots"] == 17
    assert result["winners"] == ["Jardin partagé"]
    assert [entry["theme"] for entry in result["ranking"]] == ["Jardin partagé",
                                                               "Café associatif", "Sentiers"]


def test_tally_explains_the_result_in_french_text(votes):
    out = run("tally", "--method", "schulze", votes)
    assert out.returncode == 0, out.stderr
    assert "Thème en tête : Jardin partagé" in out.stdout and "Explication :" in out.stdout


def test_tally_of_an_empty_file_fails_with_a_french_message(tmp_path):
    empty = tmp_path / "vide.csv"
    empty.write_text("", encoding="utf-8")
    out = run("tally", "--method", "plurality", empty)
    assert out.returncode == 1
    assert "Erreur : Le fichier vide.csv est vide" in out.stderr and "Traceback" not in out.stderr


def test_tally_refuses_max_dots_for_another_method(votes):
    out = run("tally", "--method", "borda", "--max-dots", "3", votes)
    assert out.returncode == 1 and "--max-dots ne sert qu'avec --method dots" in out.stderr
