"""Every length is checked in the domain, the same on SQLite and PostgreSQL: no `DataError`,
never a traceback (which printed the new account's password hash on PostgreSQL), no control
characters in names, and a too-long sheet code refuses its row only."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from ruralites import auth
from ruralites.listening import import_export as responses_io
from ruralites.models import Pole, Response, User
from ruralites.models.limits import ControlCharacterError, ValueTooLongError
from ruralites.surveys.model import load_survey
from tests.integration.listening.test_responses_io import HEADER, SURVEY, _csv, _validated
from tests.integration.test_cli import run


@pytest.fixture
def cli_env(db):
    return {"RURALITES_DATABASE_URL": db.engine.url.render_as_string(hide_password=False)}


def _count(db, model) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_user_add_with_a_300_character_name_says_so_in_french_and_prints_no_hash(db, cli_env):
    out = run("user", "add", "marie", "--name", "M" * 300, "--role", "staff", "--password-stdin",
              stdin="un-mot-de-passe-solide\n", env=cli_env)
    assert out.returncode == 1
    assert out.stderr.strip() == "Erreur : Nom affiché : 200 caractères au plus (300 saisis)."
    assert "argon2" not in out.stdout + out.stderr and "Traceback" not in out.stderr
    assert _count(db, User) == 0


@pytest.mark.parametrize("name", [
    "Marie\nLe Goff",  # a line break
    "Marie\tLe Goff",  # a tab
    "Marie\x00",  # NUL
    "Marie \u202effoG eL",  # a right-to-left override that reverses what a screen shows
])
def test_a_name_with_a_control_character_is_refused(db, name):
    with pytest.raises(ControlCharacterError, match="Nom affiché : caractère invisible"), \
            db.write() as s:
        auth.create_user(s, username="marie", display_name=name,
                         password="un-mot-de-passe-solide", role="staff")
    assert _count(db, User) == 0


def test_any_value_longer_than_its_column_is_refused_before_the_database_sees_it(db):
    """The ORM's hook checks every column of every object written, whatever the page or
    command: the same French refusal on both databases, and nothing stored."""
    with pytest.raises(ValueTooLongError) as caught, db.write() as s:
        s.add(Pole(slug="adess", name="Pôle", territory="T" * 201))
    assert str(caught.value) == "Territoire : 200 caractères au plus (201 saisis)."
    with pytest.raises(ValueTooLongError), db.write() as s:
        s.add(Pole(slug="x" * 81, name="Pôle"))
    assert _count(db, Pole) == 0


def test_a_101_character_sheet_code_refuses_its_row_and_the_rows_after_it_are_imported(db, tmp_path):
    _validated(db)
    path = _csv(tmp_path,
                "60-74,bourg,cafe,oui,,4,A1",
                "30-44,hameau,chemins,non,,2," + "9" * 101,  # line 3
                "45-59,bourg,cafe,non,,3,A3",
                "18-29,hameau,cafe,oui,,1,A4", header=HEADER)
    report = responses_io.import_csv(db, path, commune_code="22366", survey=SURVEY)
    assert report.imported == 3
    assert report.refused == [(3, "Numéro de feuille trop long : 40 caractères au plus "
                                  "(101 saisis).")]
    assert _count(db, Response) == 3


def test_a_contact_name_longer_than_its_column_is_refused_for_its_question(db, tmp_path):
    """A questionnaire may allow 300 characters for a name (short text by default); the
    volunteer's column holds 200: refused for that question, on both databases."""
    text = (tmp_path / "q.yaml")
    text.write_text((Path(SURVEY.source_path).read_text(encoding="utf-8")
                     .replace("        max_length: 120\n", "", 1)), encoding="utf-8")
    survey = load_survey(text)
    _validated(db)
    path = _csv(tmp_path, "60-74,bourg,cafe,oui,,4,A1,oui," + "N" * 250,
                header=HEADER + ",consentement,nom")
    report = responses_io.import_csv(db, path, commune_code="22366", survey=survey)
    assert report.imported == 0
    assert report.refused == [(2, "nom : Nom : 200 caractères au plus (250 saisis).")]
