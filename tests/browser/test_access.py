"""What a curious or unlucky person meets: a questionnaire file removed or broken under a tablet,
and never a traceback on a screen."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from ruralites import auth
from ruralites.auth import SYSTEM
from ruralites.listening import kiosk
from ruralites.models import Response
from tests.browser.conftest import (
    PASSWORD,
    PHONE,
    ROOT,
    TABLET,
    AppServer,
    click,
    demo_participation,
    log_in,
    new_page,
    open_app,
    rerun,
    screenshot,
)
from tests.browser.test_kiosk import answer_whole_questionnaire

pytestmark = pytest.mark.browser

TRACEBACK_WORDS = ("Traceback", "UnknownSurveyError", "File \"", "Error:")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app with the demo, its questionnaires in a folder of its own, a tablet link."""
    data = tmp_path_factory.mktemp("access")
    surveys = data / "surveys"
    shutil.copytree(ROOT / "surveys", surveys)
    server = AppServer(data, env={"RURALITES_SURVEYS_DIR": str(surveys)})
    db = server.database(with_demo=True)
    with db.write() as session:
        auth.create_first_admin(session, username="marie", display_name="Marie", password=PASSWORD)
        auth.create_user(session, username="maire.tremel", display_name="Maire de Trémel",
                         password=PASSWORD, role="mayor", commune_codes=["22366"])
        pid = demo_participation(session)
        token = kiosk.create_link(session, SYSTEM, participation_id=pid,
                                  survey_slug="ecoute-habitants", pin="2468")
    server.start()
    yield server, db, token, surveys
    server.stop()


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


def test_a_reload_or_a_typed_address_keeps_staff_logged_in_on_their_page(site, browser):
    server = site[0]
    page = new_page(browser, TABLET)
    open_app(page, f"{server.url}/resultats")  # a deep link, logged out: the login screen
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.get_by_text("Résultats de l'écoute")).to_have_count(0)
    with page.expect_response(lambda r: "/session/cookie" in r.url) as handed:
        log_in(page, "marie")
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


# ---- what a curious person tries -----------------------------------------------------------------


def _refused_with_nothing_shown(page) -> None:
    for secret in ("Plufur", "Botsorhel", "Créer un compte", "Code PIN", "Page not found"):
        expect(page.get_by_text(secret)).to_have_count(0)


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_kiosk_link_edited_by_hand_opens_nothing(site, browser, viewport):
    server, db, token, surveys = site
    page = new_page(browser, viewport, has_touch=True)
    edited = token[:-1] + ("A" if token[-1] != "A" else "B")
    open_app(page, f"{server.url}/?k={edited}&mode=tablette&commune=22238")
    expect(page.get_by_text(re.compile("^Ce lien n'est pas valide"))).to_be_visible()
    expect(page.get_by_role("button", name="Suivant →")).to_have_count(0)
    expect(page.get_by_role("button", name="Se connecter")).to_have_count(0)
    _refused_with_nothing_shown(page)
    screenshot(page, f"curious-1-kiosk-link-edited-{viewport['width']}")
    open_app(page, f"{server.url}/?k={token}&mode=tablette&commune=22238")  # the real link
    expect(page.get_by_text(re.compile("^Trémel — "))).to_be_visible()  # its commune, whatever
    _refused_with_nothing_shown(page)
    page.context.close()


def test_a_page_address_typed_on_a_kiosk_tablet_shows_only_the_login(site, browser):
    server, db, token, surveys = site
    page = new_page(browser, TABLET, has_touch=True)
    open_app(page, f"{server.url}/?k={token}&mode=tablette")
    for address in ("resultats", "comptes", "temoins", "nimporte-quoi"):
        open_app(page, f"{server.url}/{address}")
        expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
        expect(page.get_by_role("heading", name="Résultats de l'écoute")).to_have_count(0)
        _refused_with_nothing_shown(page)
    screenshot(page, "curious-2-address-on-tablet")
    open_app(page, f"{server.url}/resultats?k={token}&mode=tablette")  # with the link: its form
    expect(page.get_by_role("button", name="Suivant →")).to_be_visible()
    expect(page.get_by_role("heading", name="Résultats de l'écoute")).to_have_count(0)
    page.context.close()


def test_a_mayor_asking_for_another_commune_or_a_staff_page_sees_a_french_refusal(site, browser):
    server = site[0]
    page = new_page(browser, TABLET)
    open_app(page, f"{server.url}/resultats?demarche=ruralites-en-tregor&commune=22238")
    log_in(page, "maire.tremel")
    expect(page.get_by_role("heading", name="Les résultats de votre commune")).to_be_visible()
    _refused_with_nothing_shown(page)
    for address in ("tableau-de-bord?demarche=ruralites-en-tregor", "comptes",
                    "temoins?commune=22238", "communes"):
        open_app(page, f"{server.url}/{address}")
        expect(page.get_by_role("heading", name="Page réservée")).to_be_visible()
        expect(page.get_by_text("Cette page n'est pas accessible avec votre compte.",
                                exact=True)).to_be_visible()
        _refused_with_nothing_shown(page)
    screenshot(page, "curious-3-mayor-staff-page")
    page.context.close()


def test_an_old_page_left_open_after_logout_shows_nothing_more(site, browser):
    server = site[0]
    page = new_page(browser, TABLET)
    open_app(page, f"{server.url}/resultats")
    log_in(page, "marie")
    expect(page.get_by_role("heading", name="Résultats de l'écoute")).to_be_visible()
    other = new_page(browser, TABLET)  # the same person logs out elsewhere… (another browser)
    other.context.add_cookies(page.context.cookies())
    open_app(other, f"{server.url}/accueil")
    click(other.get_by_role("button", name="Se déconnecter"))
    other.context.close()
    click(page.get_by_role("link", name="Idées et thèmes"))  # …and the old page is used again
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.get_by_text("Votre session a expiré : reconnectez-vous.", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Idées et thèmes")).to_have_count(0)
    _refused_with_nothing_shown(page)
    screenshot(page, "curious-4-old-page-after-logout")
    page.context.close()
