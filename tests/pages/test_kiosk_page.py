"""The public questionnaire page reached through a link (AppTest; the browser tests drive the
whole questionnaire)."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from ruralites.auth import SYSTEM
from ruralites.config import settings
from ruralites.listening import kiosk
from ruralites.models import Participation
from tests.pages.conftest import make_app, texts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def surveys_dir(tmp_path, monkeypatch):
    folder = tmp_path / "surveys"
    folder.mkdir()
    shutil.copy(ROOT / "surveys" / "ecoute-habitants.yaml", folder)
    shutil.copy(ROOT / "tests" / "fixtures" / "surveys" / "tous-les-types.yaml", folder)
    monkeypatch.setenv("RURALITES_SURVEYS_DIR", str(folder))
    settings.cache_clear()
    return folder


def _link(db, slug="ecoute-habitants", commune="22366"):
    with db.write() as s:
        pid = s.scalar(select(Participation.id).where(Participation.commune_code == commune))
        return kiosk.create_link(s, SYSTEM, participation_id=pid, survey_slug=slug)


def _open(token, mode=None):
    app = make_app()
    app.query_params["k"] = token
    if mode:
        app.query_params["mode"] = mode
    return app.run()


def test_a_link_opens_its_questionnaire_and_nothing_else(demo_db, surveys_dir):
    app = _open(_link(demo_db), mode="tablette")
    shown = texts(app)
    assert "Questionnaire d'écoute des habitants" in shown and "Trémel" in shown
    assert "Pour mieux vous connaître" in shown  # the first section, one per screen
    assert "La vie dans la commune" not in shown
    assert "Vos démarches" not in shown and "Se connecter" not in [b.label for b in app.button]
    assert not app.sidebar.button  # no menu, no logout


def test_an_unknown_link_says_so_in_french(app_db):
    app = _open("nimportequoi")
    assert "Ce lien n'est pas valide." in texts(app)


def test_a_translated_questionnaire_offers_breton(demo_db, surveys_dir):
    app = _open(_link(demo_db, slug="tous-les-types"))
    assert "Questionnaire d'essai" in texts(app)
    [choice] = app.get("button_group")
    choice.set_value("br")
    app.run()
    shown = texts(app)
    assert "Goulennaoueg amprouiñ" in shown and "Pet vloaz oc'h ?" in shown
