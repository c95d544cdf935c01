"""Answers to and from spreadsheets, and the commands around them."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import campaigns
from ruralites.auth import SYSTEM
from ruralites.listening import import_export as responses_io
from ruralites.listening import responses
from ruralites.listening.responses import Submission
from ruralites.models import Answer, Response
from ruralites.surveys import store as survey_store
from tests.integration.test_cli import run

SURVEY = survey_store.load("ecoute-habitants")
HEADER = "age,lieu_vie,besoins,participer,idee,isolement,sheet_code"


def _validated(db, code="22366", name="Test") -> int:
    with db.write() as s:
        campaign = campaigns.create_campaign(s, name=name, poles=[])
        p = campaigns.add_commune(s, campaign, code, invited_on=date(2019, 1, 7))
        campaigns.record_answer(s, p, volunteers=True)
        campaigns.record_decision(s, p, session_date=date(2019, 2, 22), number="1",
                                  votes_for=9, votes_against=0, abstentions=0)
        return p.id


def _responses(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(Response.id)))


def _csv(tmp_path, *lines, header=HEADER):
    path = tmp_path / "saisie.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def test_valid_rows_are_imported_and_each_bad_row_is_reported_with_its_line(db, tmp_path):
    _validated(db)
    path = _csv(tmp_path,
                "60-74,bourg,cafe;commerce,oui,Une épicerie,4,A1",
                "30-44,hameau,chemins,non,,2,A2",
                "vieux,bourg,cafe,oui,,9,A3",  # line 4: unknown age band, scale out of range
                "18-29,,cafe,non,,,A4")  # line 5: required place missing
    report = responses_io.import_csv(db, path, commune_code="22366", survey=SURVEY)
    assert (report.imported, report.already) == (2, 0)
    assert [line for line, _ in report.refused] == [4, 5]
    assert "age" in report.refused[0][1] and "isolement" in report.refused[0][1]
    assert "lieu_vie : Merci de répondre à cette question." in report.refused[1][1]
    again = responses_io.import_csv(db, path, commune_code="22366", survey=SURVEY)
    assert (again.imported, again.already) == (0, 2) and _responses(db) == 2


def test_a_header_that_does_not_fit_the_questionnaire_refuses_the_whole_file(db, tmp_path):
    _validated(db)
    path = _csv(tmp_path, "60-74,bourg,cafe", header="age,lieu_vie,questionX")
    with pytest.raises(responses_io.ImportRefused, match="Fichier refusé en entier.*questionX"):
        responses_io.import_csv(db, path, commune_code="22366", survey=SURVEY)
    assert _responses(db) == 0


def test_an_empty_file_is_refused(db, tmp_path):
    _validated(db)
    path = tmp_path / "vide.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(responses_io.ImportRefused, match="vide"):
        responses_io.import_csv(db, path, commune_code="22366", survey=SURVEY)


def test_identical_rows_without_id_are_reported_not_silently_merged(db, tmp_path):
    _validated(db)
    path = _csv(tmp_path, "60-74,bourg,cafe,oui,,,", "60-74,bourg,cafe,oui,,,")
    report = responses_io.import_csv(db, path, commune_code="22366", survey=SURVEY)
    assert report.imported == 1 and "identique à la ligne 2" in report.refused[0][1]


def test_an_export_reimports_cleanly_formulas_included(db, tmp_path):
    source = _validated(db, name="Source")
    formula = '=HYPERLINK("http://exemple.fr")'
    for i, idea in enumerate([formula, "Un café 😀 <b>", "Ponts&Chaussées ; deux"]):
        responses.submit(db, Submission(uuid.uuid4(), source, SURVEY,
                                        {"age": "45-59", "lieu_vie": "hameau", "besoins": ["cafe", "autre"],
                                         "besoins.autre": "Un lavoir", "participer": True,
                                         "aide": ["bricolage"], "idee": idea, "isolement": i + 1},
                                        "paper", sheet_code=f"S{i}"))
    columns, table = responses_io.export_table(db, "source")
    assert columns[:5] == list(responses_io.FIXED)
    data = responses_io.export_bytes(db, SYSTEM, "source", None, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in data  # neutralised for spreadsheets
    again = responses_io.import_csv(db, data, commune_code="22366", survey=SURVEY)
    assert (again.imported, again.already, again.refused) == (0, 3, [])  # nothing stored twice
    fresh = _fresh_database(tmp_path)
    target = _validated(fresh, name="Source")
    report = responses_io.import_csv(fresh, data, commune_code="22366", survey=SURVEY)
    assert (report.imported, report.refused) == (3, [])
    with fresh.read() as s:
        ideas = set(s.scalars(select(Answer.value).join(Response).where(
            Response.participation_id == target, Answer.question_id == "idee")))
        others = set(s.scalars(select(Answer.value).where(Answer.question_id == "besoins.autre")))
    assert ideas == {formula, "Un café 😀 <b>", "Ponts&Chaussées ; deux"} and others == {"Un lavoir"}
    assert sorted(responses_io.export_table(fresh, "source")[1]) == sorted(table)  # same rows and ids


def _fresh_database(tmp_path):
    from ruralites import migrate
    from ruralites.db import Database, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    migrate.upgrade(engine)
    return Database(engine)


def test_cli_export_then_import_and_kiosk_link():
    assert run("demo", "load").returncode == 0
    out = run("responses", "export", "--campaign", "ruralites-en-tregor", "--commune", "22366",
              "--format", "xlsx", "-o", "/dev/null")
    assert out.returncode == 0 and "Réponses exportées" in out.stdout
    link = run("kiosk", "link", "--commune", "22366", "--survey", "ecoute-habitants", "--pin", "2468")
    assert link.returncode == 0 and "mode=tablette" in link.stdout and "?k=" in link.stdout
    bad = run("kiosk", "link", "--commune", "22366", "--survey", "inconnu")
    assert bad.returncode == 1 and "Questionnaire inconnu" in bad.stderr


def test_cli_import_reports_refused_lines_and_exits_non_zero(tmp_path):
    run("demo", "load")
    path = _csv(tmp_path, "60-74,bourg,cafe,oui,,3,Z1", "60-74,bourg,cafe,peut-être,,3,Z2")
    out = run("responses", "import", str(path), "--commune", "22366", "--survey", "ecoute-habitants")
    assert out.returncode == 1
    assert "1 réponse(s) importée(s), 1 ligne(s) refusée(s)." in out.stdout
    assert "ligne 3 : participer" in out.stderr
