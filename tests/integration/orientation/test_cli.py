"""The orientation commands, run as a user would run them (a real process, the test's own data
folder): importing an Aides-territoires export twice, a file that is not JSON, the JSON of a
recommendation, a commune with no theme, the fiche written as PDF."""

from __future__ import annotations

import json
from pathlib import Path

from ruralites import demo
from ruralites.cli import open_database
from tests.integration.restitution_setup import listening_commune
from tests.integration.test_cli import run

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "aides-territoires"


def test_an_export_imported_twice_is_stored_once_and_each_bad_record_is_named():
    first = run("schemes", "import", str(FIXTURES / "page-bretagne.json"))
    assert first.returncode == 1  # two records could not be imported
    assert first.stdout.startswith("12 fiches lues : 10 importée(s), 2 non importée(s), 3 fiches "
                                   "importées avec remarques. Enregistrées : 10 nouvelle(s)")
    assert "Fiche n° 8 (id 108) : non importée — nom « name » manquant ou vide." in first.stderr
    assert "la description contenait du code actif (<script>)" in first.stdout
    again = run("schemes", "import", str(FIXTURES / "page-bretagne.json"))
    assert "Enregistrées : 0 nouvelle(s), 0 mise(s) à jour, 10 inchangée(s)." in again.stdout
    listed = run("schemes", "list", "--source", "aides-territoires")
    assert listed.stdout.strip().endswith("10 dispositifs")


def test_a_file_that_is_not_json_gives_a_french_message_and_no_traceback():
    out = run("schemes", "import", str(FIXTURES / "pas-du-json.json"))
    assert out.returncode == 1
    assert out.stderr.startswith("Erreur : Ce fichier n'est pas du JSON lisible (erreur ligne 1")
    assert "Traceback" not in out.stderr


def test_recommend_prints_the_issue_s_json_and_the_pdf_is_written(tmp_path):
    demo.load(open_database())
    out = run("orientation", "recommend", "--commune", "22227", "--format", "json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert list(found) == ["commune", "theme", "stage", "carrier", "recommended", "excluded"]
    assert (found["commune"], found["theme"], found["stage"], found["carrier"]) == (
        "22227", "commerce-cafe", "idea", "informal_group")
    first = found["recommended"][0]
    assert list(first) == ["rank", "slug", "name", "operator", "source", "reasons"]
    assert (first["rank"], first["slug"], first["source"]) == (1, "pole-ess", "catalogue")
    assert first["name"] == "Pôles de développement de l'économie sociale et solidaire (pôles ESS)"
    dla = next(e for e in found["excluded"] if e["slug"] == "dla")
    assert list(dla) == ["slug", "name", "why"] and "employeuses" in dla["why"]

    employer = run("orientation", "recommend", "--commune", "22366", "--stage", "development",
                   "--employer")
    assert "DLA – Dispositif local d'accompagnement" in employer.stdout.split("Écartés")[0]

    fiche = tmp_path / "fiche.pdf"
    written = run("orientation", "pdf", "--commune", "22227", "-o", str(fiche))
    assert written.stdout.strip() == f"Fiche d'orientation de Plounérin écrite dans {fiche}"
    assert fiche.read_bytes().startswith(b"%PDF")


def test_a_commune_with_no_chosen_theme_is_refused_in_french():
    listening_commune(open_database(), code="22366")
    out = run("orientation", "recommend", "--commune", "22366")
    assert out.returncode == 1
    assert out.stderr.startswith("Erreur : Trémel n'a pas encore choisi sa thématique")
