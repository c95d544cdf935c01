"""The witnesses catalogue to and from CSV: every bad row reported with its line, the valid rows
stored, nothing stored twice, an export that re-imports as it is, formulas neutralised; and
the `ruralites witnesses` commands as a user runs them."""

from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import evenings
from ruralites.auth import SYSTEM
from ruralites.errors import UserError
from ruralites.models import Witness
from tests.integration.test_cli import run

TODAY = date(2026, 3, 2)
HEADER = ("nom;organisation;projet;description;commune_insee;thèmes;année;budget;"
          "personnes_impliquées;e-mail;téléphone;consentement_le;consentement_portée\n")
GOOD = ("Maëlle Guégan;La Cale Commune;Bar-épicerie associatif;Un bar, une épicerie et des "
        "concerts, tenus par 40 bénévoles.;56006;\"commerce-cafe; Lieu de rencontre\";2017;"
        "de 50 000 à 200 000 €;40;maelle@example.org;02 61 91 01 01;2025-09-01;catalogue et "
        "contact\n")


def _import(db, text: str | bytes, encoding: str = "utf-8"):
    data = text if isinstance(text, bytes) else text.encode(encoding)
    with db.write() as s:
        return evenings.import_csv(s, SYSTEM, data, today=TODAY)


def _names(db) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(Witness.name).order_by(Witness.id)))


def test_a_windows_1252_file_with_semicolons_imports_with_accents_intact(db):
    report = _import(db, HEADER + GOOD, "cp1252")
    assert (report.added, report.refused, report.warnings) == (1, [], [])
    with db.read() as s:
        [row] = evenings.search(s, SYSTEM, today=TODAY)
    f = row.fields
    assert (f.name, f.organisation, row.commune_name) == ("Maëlle Guégan", "La Cale Commune", "Augan")
    assert f.themes == ("lieu-de-rencontre", "commerce-cafe")  # a label and a slug, catalogue order
    assert (f.year, f.budget_band, f.people_involved, f.consent_scope) == (2017, "50-200k", 40,
                                                                           "contacted")
    assert f.consent_until == date(2028, 9, 1) and row.consent_state == "valid"


def test_each_bad_row_is_reported_with_its_line_and_the_good_rows_are_stored(db):
    rows = [
        GOOD,  # line 2: good
        ";Sans nom;Projet;;;;;;;;;;\n",  # 3
        "Loïc;;Projet L;;99999;;;;;;;;\n",  # 4: unknown commune
        "Erwan;;Projet E;;;cuisine;;;;;;;\n",  # 5: unknown theme
        "Nolwenn;;Projet N;;;;;;;;;31/02/2025;catalogue\n",  # 6: impossible date
        f"Yves;;Projet Y;{'x' * 100_000};;;;;;;;;\n",  # 7: a 100,000-character description
        "Soazig;;Projet S;;;;;beaucoup;;;;;\n",  # 8: unreadable budget
        "Maëlle Guégan;La Cale Commune;Bar-épicerie associatif;;;;;;;;;;\n",  # 9: = line 2
        "<b>Zoé</b> 🎉;=cmd()|' /C calc'!A0;Le <script>projet</script>;;;;;;;;;;\n",  # 10: good
    ]
    report = _import(db, HEADER + "".join(rows))
    assert report.added == 2
    assert [line for line, _ in report.refused] == [3, 4, 5, 6, 7, 8, 9]
    why = dict(report.refused)
    assert why[3] == "Indiquez le nom du témoin."
    assert why[4].startswith("Code commune inconnu : « 99999 »")
    assert why[5].startswith("Thème inconnu : « cuisine »")
    assert why[6].startswith("Date du consentement illisible : « 31/02/2025 »")
    assert why[7] == ("Description du projet : 5\u202f000 caractères au plus "
                      "(100\u202f000 saisis).")
    assert why[8].startswith("Budget illisible : « beaucoup »")
    assert why[9] == "même témoin et même projet que la ligne 2"
    assert _names(db) == ["Maëlle Guégan", "<b>Zoé</b> 🎉"]
    assert [line for line, _ in report.warnings] == [10]  # stored, but no consent: never proposed


def test_an_export_re_imports_as_it_is_and_neutralises_formulas(db):
    _import(db, HEADER + GOOD + "=HYPERLINK(\"http://x\");+33 6;-1 projet;@SUM(A1);;;;;;;;;\n")
    with db.read() as s:
        exported = evenings.export_csv(s, SYSTEM, today=TODAY)
    text = exported.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+33 6" in text and "'-1 projet" in text
    assert "'@SUM(A1)" in text
    report = _import(db, exported)
    assert (report.added, report.updated, report.unchanged, report.refused) == (0, 0, 2, [])
    assert _names(db) == ["Maëlle Guégan", "=HYPERLINK(\"http://x\")"]  # stored as typed


def test_a_re_import_with_the_id_column_updates_that_witness(db):
    _import(db, HEADER + GOOD)
    with db.read() as s:
        witness_id = s.scalar(select(Witness.id))
    report = _import(db, f"id,nom,projet,organisation\n{witness_id},Maëlle Le Guégan,"
                         "Bar-épicerie associatif,La Cale Commune\n")
    assert (report.added, report.updated) == (0, 1)
    with db.read() as s:
        [row] = evenings.search(s, SYSTEM, today=TODAY)
    assert row.name == "Maëlle Le Guégan"
    assert row.fields.commune_code == "56006"  # a column left out keeps its value


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "^Le fichier n'est pas un fichier texte lisible"),
    (b"PK\x03\x04\x14\x00\x06\x00", "^Le fichier est un classeur"),
    (b"", "^Le fichier est vide"),
    (b"organisation;description\nLa Cale;Un bar\n",
     "^Fichier refusé : colonne\\(s\\) manquante\\(s\\) : nom, projet"),
])
def test_a_file_that_is_not_a_witnesses_csv_is_refused_whole_and_nothing_is_lost(db, data, message):
    _import(db, HEADER + GOOD)
    with pytest.raises(UserError, match=message):
        _import(db, data)
    assert _names(db) == ["Maëlle Guégan"]


def test_the_commands_import_report_bad_lines_and_export_reimports(tmp_path):
    source = tmp_path / "temoins.csv"
    source.write_bytes((HEADER + GOOD + "Loïc;;;;;;;;;;;;\n").encode("cp1252"))
    imported = run("witnesses", "import", str(source))
    assert imported.returncode == 1
    assert imported.stdout.splitlines()[0] == "1 témoin ajouté, 1 ligne refusée."
    assert "ligne 3 : Indiquez le titre du projet présenté." in imported.stderr
    again = run("witnesses", "import", str(source))
    assert again.stdout.splitlines()[0] == "0 témoin ajouté, 1 déjà à jour, 1 ligne refusée."
    out = tmp_path / "export.csv"
    exported = run("witnesses", "export", "-o", str(out))
    assert exported.returncode == 0 and exported.stdout.strip() == f"1 témoin(s) exporté(s) dans {out}"
    assert "Maëlle Guégan" in out.read_text(encoding="utf-8-sig")
    reimported = run("witnesses", "import", str(out))
    assert (reimported.returncode, reimported.stdout.splitlines()[0]) == (0, "0 témoin ajouté, 1 déjà à jour.")
    missing = run("witnesses", "import", str(tmp_path / "absent.csv"))
    assert (missing.returncode, missing.stderr.strip()) == (
        1, f"Erreur : Fichier introuvable : {tmp_path / 'absent.csv'}")


def test_nothing_is_stored_twice_when_the_same_file_is_imported_twice(db):
    _import(db, HEADER + GOOD)
    _import(db, HEADER + GOOD, "cp1252")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Witness)) == 1
