"""What a curious or unlucky person meets: a questionnaire file removed or broken under a tablet,
and never a traceback on a screen."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from ruralites import auth, demo, migrate
from ruralites.auth import SYSTEM
from ruralites.db import Database, make_engine
from ruralites.listening import kiosk
from ruralites.models import Participation, Response
from tests.browser.conftest import (
    ROOT,
    TABLET,
    AppServer,
    click,
    new_page,
    open_app,
    rerun,
    screenshot,
)
from tests.browser.test_kiosk import answer_whole_questionnaire

pytestmark = pytest.mark.browser

PASSWORD = "un-mot-de-passe-solide"
TRACEBACK_WORDS = ("Traceback", "UnknownSurveyError", "File \"", "Error:")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app with the demo, its questionnaires in a folder of its own, a tablet link."""
    data = tmp_path_factory.mktemp("access")
    surveys = data / "surveys"
    shutil.copytree(ROOT / "surveys", surveys)
    server = AppServer(data, env={"RURALITES_SURVEYS_DIR": str(surveys)})
    engine = make_engine(f"sqlite:///{data / 'ruralites.sqlite3'}")
    migrate.upgrade(engine)
    db = Database(engine)
    demo.load(db)
    with db.write() as session:
        auth.create_first_admin(session, username="marie", display_name="Marie", password=PASSWORD)
        pid = session.scalar(select(Participation.id).where(Participation.commune_code == "22366"))
        token = kiosk.create_link(session, SYSTEM, participation_id=pid,
                                  survey_slug="ecoute-habitants", pin="2468")
    server.start()
    yield server, db, token, surveys
    server.stop()
    engine.dispose()


def _no_traceback(page) -> None:
    for word in TRACEBACK_WORDS:
        expect(page.get_by_text(word)).to_have_count(0)


@pytest.mark.parametrize("damage", ["invalid-yaml", "removed"])
def test_a_tablet_link_keeps_its_questionnaire_when_the_file_is_broken_or_removed(site, browser,
                                                                               damage):
    server, db, token, surveys = site
    path = surveys / "ecoute-habitants.yaml"
    original = path.read_text(encoding="utf-8")
    try:
        if damage == "removed":
            path.unlink()
        else:
            path.write_text("id: ecoute-habitants\nsections: [ {{ pas du yaml\n", encoding="utf-8")
        with db.read() as s:
            before = s.scalar(select(func.count()).select_from(Response))
        page = new_page(browser, TABLET, has_touch=True)
        open_app(page, f"{server.url}/?k={token}&mode=tablette")
        _no_traceback(page)
        answer_whole_questionnaire(page, f"access-{damage}")
        _no_traceback(page)
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(Response)) == before + 1
        page.context.close()
    finally:
        path.write_text(original, encoding="utf-8")


def test_guessing_the_kiosk_pin_is_blocked_after_a_few_tries(site, browser):
    server, db, token, surveys = site
    page = new_page(browser, TABLET, has_touch=True)
    open_app(page, f"{server.url}/?k={token}&mode=tablette")
    expect(page.get_by_label("Code PIN")).to_have_count(0)
    page.get_by_role("button", name="🔒").scroll_into_view_if_needed()
    screenshot(page, "access-pin-hidden")
    click(page.get_by_role("button", name="🔒"))
    pin = page.get_by_label("Code PIN")
    expect(pin).to_have_attribute("inputmode", "numeric")  # a numeric keypad on a tablet
    for guess in ("1111", "2222", "3333"):
        pin.fill(guess)
        click(page.get_by_role("button", name="Quitter le mode tablette"))
        expect(page.get_by_text("Code PIN incorrect.", exact=True)).to_be_visible()
    pin.fill("2468")  # even the right PIN waits now: nothing is checked while blocked
    click(page.get_by_role("button", name="Quitter le mode tablette"))
    blocked = page.get_by_text(re.compile(r"^Trop de codes PIN incorrects : réessayez dans "
                                          r"1[0-5] secondes\.$"))
    expect(blocked).to_be_visible()
    blocked.scroll_into_view_if_needed()
    expect(page.get_by_role("button", name="Se connecter")).to_have_count(0)
    screenshot(page, "access-pin-blocked")
    page.context.close()


def _log_in(page, username="marie", password=PASSWORD) -> None:
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    click(page.get_by_role("button", name="Se connecter"))


def test_a_reload_or_a_typed_address_keeps_staff_logged_in_on_their_page(site, browser):
    server = site[0]
    page = new_page(browser, TABLET)
    open_app(page, f"{server.url}/resultats")  # a deep link, logged out: the login screen
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.get_by_text("Résultats de l'écoute")).to_have_count(0)
    with page.expect_response(lambda r: "/session/cookie" in r.url) as handed:
        _log_in(page)
    expect(page.get_by_role("heading", name="Résultats de l'écoute")).to_be_visible()
    assert handed.value.status == 204
    code_url = handed.value.url
    assert "code=" not in page.url  # nothing secret in the address bar or the history

    cookie = next(c for c in page.context.cookies() if c["name"] == "ruralites_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "ruralites_session" not in page.evaluate("document.cookie")  # scripts cannot read it
    assert page.request.get(code_url).status == 403  # the code worked once

    with rerun(page):
        page.reload()  # F5
    expect(page.get_by_role("heading", name="Résultats de l'écoute")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    open_app(page, f"{server.url}/comptes")  # an address typed in the same browser
    expect(page.get_by_role("heading", name="Comptes")).to_be_visible()
    screenshot(page, "access-reload-typed-address")

    other_tab = page.context.new_page()
    from tests.browser.conftest import _WATCHERS, RunWatcher

    _WATCHERS[id(other_tab)] = RunWatcher(other_tab)
    open_app(other_tab, f"{server.url}/campagnes")  # a second tab of the same browser
    expect(other_tab.get_by_role("heading", name="Démarches")).to_be_visible()

    click(page.get_by_role("button", name="Se déconnecter"))
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    with rerun(page):
        page.reload()
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.get_by_text("Comptes", exact=True)).to_have_count(0)
    open_app(other_tab, f"{server.url}/campagnes")  # the other tab is logged out too
    expect(other_tab.get_by_role("button", name="Se connecter")).to_be_visible()
    page.context.close()
