"""`ruralites campaign …`, run as staff who script reports would run it."""

import csv
import io
import json
from datetime import datetime

from openpyxl import load_workbook

from ruralites import campaigns, fr, phases
from ruralites.auth import SYSTEM
from ruralites.cli import open_database
from tests.integration.test_cli import run


def test_campaign_list_then_show_in_json_for_scripts(tmp_path):
    assert "Aucune démarche" in run("campaign", "list").stdout
    run("demo", "load")
    listed = run("campaign", "list").stdout
    assert "ruralites-en-tregor" in listed and "5 commune(s)" in listed
    out = run("campaign", "show", "ruralites-en-tregor", "--format", "json")
    rows = json.loads(out.stdout)
    assert [set(r) for r in rows] == [{"code_insee", "nom", "phase", "since"}] * 5
    assert rows == [
        {"code_insee": r.code_insee, "nom": r.nom, "phase": r.phase, "since": r.since.isoformat()}
        for r in _board()
    ]
    tremel = next(r for r in rows if r["code_insee"] == "22366")
    assert tremel["nom"] == "Trémel" and tremel["phase"] in phases.PHASES
    assert datetime.fromisoformat(tremel["since"]).tzinfo is not None


def _board():
    with open_database().read() as s:
        return campaigns.board(s, SYSTEM, "ruralites-en-tregor")


def test_campaign_show_as_text_names_the_phase_in_french():
    run("demo", "load")
    out = run("campaign", "show", "ruralites-en-tregor").stdout
    tremel = next(r for r in _board() if r.code_insee == "22366")
    assert "22366  Trémel" in out
    assert f"{tremel.phase_label:<24} depuis le {fr.short_date(tremel.since)}" in out


def test_an_unknown_campaign_is_a_french_error_without_traceback():
    out = run("campaign", "show", "inconnue")
    assert out.returncode == 1 and "Aucune démarche « inconnue »" in out.stderr
    assert "Traceback" not in out.stderr


def test_campaign_export_writes_csv_and_xlsx(tmp_path):
    run("demo", "load")
    csv_path, xlsx_path = tmp_path / "communes.csv", tmp_path / "communes.xlsx"
    assert run("campaign", "export", "ruralites-en-tregor", "-o", str(csv_path)).returncode == 0
    assert run("campaign", "export", "ruralites-en-tregor", "-o", str(xlsx_path)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    assert sorted(r["Commune"] for r in rows) == ["Botsorhel", "Plounérin", "Plufur", "Saint-Michel-en-Grève", "Trémel"]
    sheet = load_workbook(xlsx_path).active
    assert sheet.title == "Ruralités en Trégor" and sheet.max_row == 6
    bad = run("campaign", "export", "ruralites-en-tregor", "-o", str(tmp_path / "x.ods"))
    assert bad.returncode == 1 and ".csv ou .xlsx" in bad.stderr
