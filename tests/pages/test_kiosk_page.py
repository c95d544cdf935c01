"""The public questionnaire page reached through a link (AppTest; the browser tests drive the
whole questionnaire)."""

import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from ruralites.auth import SYSTEM
from ruralites.config import settings
from ruralites.listening import drafts, kiosk
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


def _reopen(token, form_id):
    """A new browser session on the same address: a reload, or a restarted server."""
    app = make_app()
    app.query_params["k"] = token
    app.query_params["mode"] = "tablette"
    app.query_params["f"] = str(form_id)
    return app.run()


def _keep(db, token, form_id, answers, section):
    with db.read() as s:
        context = kiosk.resolve(s, token)
    drafts.save(db, form_id=form_id, link_id=context.link_id,
                survey_version_id=context.survey_version_id, channel="tablet",
                section=section, language="fr", answers=answers)
    return context


def test_a_reload_takes_the_questionnaire_up_again_at_its_section_and_says_so(demo_db):
    token, form_id = _link(demo_db), uuid.uuid4()
    _keep(demo_db, token, form_id, {"age": "60-74", "lieu_vie": "bourg", "aime": "Le calme"}, 1)
    app = _reopen(token, form_id)
    shown = texts(app)
    assert ("La connexion a été interrompue, mais vos réponses ont été retrouvées : vous pouvez "
            "reprendre là où vous en étiez.") in shown
    assert "La vie dans la commune" in [h.value for h in app.header]
    assert [t.value for t in app.text_input][:1] == ["Le calme"]
    assert app.query_params["f"] == str(form_id)  # the same form: stored once when sent


def test_a_reload_of_an_untouched_or_foreign_form_starts_afresh_without_alarm(demo_db):
    token, other = _link(demo_db), _link(demo_db)
    form_id = uuid.uuid4()
    _keep(demo_db, other, form_id, {"age": "60-74"}, 1)  # a form of another link
    for tried in (form_id, uuid.uuid4()):
        app = _reopen(token, tried)
        shown = texts(app)
        assert "Pour mieux vous connaître" in shown and "interrompue" not in shown
        assert not app.warning


def test_a_reload_on_a_link_revoked_meanwhile_keeps_the_answers_for_staff(demo_db):
    token, form_id = _link(demo_db), uuid.uuid4()
    context = _keep(demo_db, token, form_id, {"age": "60-74", "aime": "Le calme"}, 1)
    with demo_db.write() as s:
        kiosk.revoke(s, SYSTEM, context.link_id)
    app = _reopen(token, form_id)
    shown = texts(app)
    assert "Ce lien a été désactivé par l'équipe d'animation." in shown
    assert "Vos réponses ne sont pas perdues" in shown
    assert not app.button or all(b.label != "Suivant →" for b in app.button)
    [held] = drafts.held_for(demo_db, SYSTEM, context.participation_id)
    assert held.id == form_id and held.answered == 2
