"""An inhabitant's answers are never lost on the kiosk: a reload mid-questionnaire, a Wi-Fi cut
before "Envoyer", a pasted text longer than its field, a link revoked while someone answers."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ruralites.auth import SYSTEM
from ruralites.listening import kiosk
from ruralites.models import Answer, KioskDraft, Response
from tests.browser.conftest import (
    PHONE,
    SCREENSHOTS,
    TABLET,
    AppServer,
    click,
    count_rows,
    demo_participation,
    new_page,
    open_app,
    rerun,
    screenshot,
)
from tests.browser.test_kiosk import _next

pytestmark = pytest.mark.browser

RECOVERED = "La connexion a été interrompue, mais vos réponses ont été retrouvées"


@pytest.fixture(scope="module")
def evening(tmp_path_factory):
    """The app, the demo campaign and a tablet link for Trémel."""
    server = AppServer(tmp_path_factory.mktemp("nothing-lost"))
    db = server.database(with_demo=True)
    with db.write() as session:
        pid = demo_participation(session)
        token = kiosk.create_link(session, SYSTEM, participation_id=pid,
                                  survey_slug="ecoute-habitants")
    server.start()
    yield server, db, token, pid
    server.stop()


def _answers(db, response_id):
    with db.read() as s:
        return dict(s.execute(select(Answer.question_id, Answer.value)
                              .where(Answer.response_id == response_id)).all())


def _form_id(page) -> uuid.UUID:
    return uuid.UUID(page.url.split("f=")[1].split("&")[0])


class Wifi:
    """Cuts a tablet's connection as a real Wi-Fi loss does. Playwright's `set_offline(True)`
    alone leaves an open websocket working in Chromium (checked: Streamlit stayed CONNECTED and
    answered taps), so the open socket is dropped too; while offline, Streamlit's reconnection
    attempts (its health check first) fail, as they would without Wi-Fi."""

    def __init__(self, page):
        self.page, self.sockets = page, []
        page.route_web_socket("**/_stcore/stream", self._connect)

    def _connect(self, ws) -> None:
        ws.connect_to_server()
        self.sockets.append(ws)

    def cut(self) -> None:
        self.page.context.set_offline(True)
        for ws in self.sockets:
            ws.close()
        expect(self.page.get_by_test_id("stApp")).not_to_have_attribute(
            "data-test-connection-state", "CONNECTED")

    def restore(self) -> None:
        self.page.context.set_offline(False)


def _first_two_sections(page) -> None:
    click(page.get_by_text("De 60 à 74 ans", exact=True))
    click(page.get_by_text("Dans le bourg", exact=True))
    _next(page, "La vie dans la commune")
    page.get_by_role("textbox", name="Qu'est-ce que vous aimez").fill("Le calme, les chemins")
    click(page.get_by_text("Au marché", exact=True))  # a tap: the text above goes with it


def _to_last_section(page) -> None:
    _first_two_sections(page)
    _next(page, "Vos besoins et vos idées")
    click(page.get_by_text("Un café", exact=True))
    _next(page, "Et vous, aimeriez-vous participer ?")
    click(page.get_by_role("radiogroup", name="Voulez-vous aider").get_by_text("Non", exact=True))
    _next(page, "Pour rester en contact (facultatif)")


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_reload_mid_questionnaire_takes_it_up_again_where_it_was(evening, browser, viewport):
    server, db, token, pid = evening
    before = count_rows(db, Response, participation_id=pid)
    page = new_page(browser, viewport, has_touch=True)
    open_app(page, f"{server.url}/?k={token}&mode=tablette")
    _first_two_sections(page)
    form_id = _form_id(page)
    with rerun(page):
        page.reload()  # the page pulled down by accident
    expect(page.get_by_text(RECOVERED, exact=False)).to_have_count(1)
    expect(page.get_by_role("heading", name="La vie dans la commune")).to_be_visible()
    expect(page.get_by_role("textbox", name="Qu'est-ce que vous aimez")).to_have_value(
        "Le calme, les chemins")
    expect(page.get_by_role("checkbox", name="Au marché", exact=True)).to_be_checked()
    screenshot(page, f"kiosk-reload-recovered-{'phone' if viewport == PHONE else 'tablet'}")
    click(page.get_by_role("button", name="← Retour"))
    expect(page.get_by_role("radio", name="De 60 à 74 ans")).to_be_checked()
    _next(page, "La vie dans la commune")
    _next(page, "Vos besoins et vos idées")
    click(page.get_by_text("Un café", exact=True))
    _next(page, "Et vous, aimeriez-vous participer ?")
    click(page.get_by_role("radiogroup", name="Voulez-vous aider").get_by_text("Non", exact=True))
    _next(page, "Pour rester en contact (facultatif)")
    click(page.get_by_role("button", name="Envoyer mes réponses ✓"))
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    assert count_rows(db, Response, participation_id=pid) == before + 1
    stored = _answers(db, form_id)  # the same form id: the response is the recovered form
    assert stored["age"] == "60-74" and stored["aime"] == "Le calme, les chemins"
    assert count_rows(db, KioskDraft) == 0  # sent: nothing of it left in the drafts
    page.context.close()


def test_a_wifi_cut_before_sending_keeps_the_answers_and_sends_them_once_back(evening, browser):
    server, db, token, pid = evening
    before = count_rows(db, Response, participation_id=pid)
    page = new_page(browser, TABLET, has_touch=True)
    wifi = Wifi(page)
    open_app(page, f"{server.url}/?k={token}&mode=tablette")
    _to_last_section(page)
    click(page.get_by_role("radiogroup", name="Pouvons-nous garder").get_by_text("Oui", exact=True))
    name = page.get_by_label("Votre prénom et votre nom")
    name.fill("Jeanne Le Bihan")  # still typing when the Wi-Fi goes
    wifi.cut()
    banner = page.locator("#ruralites-connection")
    expect(banner).to_contain_text("La connexion est coupée. Vos réponses restent à l'écran : "
                                   "rien n'est perdu.")
    send = page.get_by_role("button", name="Envoyer mes réponses ✓")
    expect(send).to_be_disabled()
    send.click(force=True)  # tapped anyway
    expect(banner).to_contain_text("Vos réponses seront envoyées dès que la connexion reviendra.")
    expect(name).to_have_value("Jeanne Le Bihan")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # offline: `screenshot` waits for a connection
    page.screenshot(path=str(SCREENSHOTS / "kiosk-wifi-cut.png"))
    with rerun(page, timeout_ms=60_000):
        wifi.restore()
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible(timeout=60_000)
    expect(banner).to_be_hidden()  # sent: the thank-you screen says it
    screenshot(page, "kiosk-wifi-back-merci")
    assert count_rows(db, Response, participation_id=pid) == before + 1
    with db.read() as s:
        latest = s.scalars(select(Response.id).where(Response.participation_id == pid)
                           .order_by(Response.submitted_at.desc())).first()
    assert _answers(db, latest)["aime"] == "Le calme, les chemins"
    page.context.close()


def test_a_pasted_text_too_long_keeps_what_fits_and_says_what_was_cut(evening, browser):
    server, db, token, pid = evening
    page = new_page(browser, TABLET, has_touch=True)
    open_app(page, f"{server.url}/?k={token}&mode=tablette")
    click(page.get_by_text("De 60 à 74 ans", exact=True))
    click(page.get_by_text("Dans le bourg", exact=True))
    _next(page, "La vie dans la commune")
    field = page.get_by_role("textbox", name="Qu'est-ce que vous aimez")
    pasted = "Le calme. " * 50 + "La fin est ici." + "x" * 475  # 990 characters into 500
    with rerun(page):
        field.fill(pasted)
        field.press("Tab")
    expect(field).to_have_value(pasted[:500])
    expect(page.get_by_text("Votre texte compte 990 caractères, la limite est de 500 : le début "
                            "est gardé, mais les 490 derniers caractères n'ont pas été pris.",
                            exact=False)).to_have_count(1)
    expect(page.get_by_text("Ils commencent par : « La fin est ici.", exact=False)).to_have_count(1)
    screenshot(page, "kiosk-paste-too-long")
    page.context.close()


def test_a_link_revoked_while_someone_answers_keeps_their_answers_for_staff(evening, browser):
    server, db, _token, pid = evening
    with db.write() as s:
        token = kiosk.create_link(s, SYSTEM, participation_id=pid, survey_slug="ecoute-habitants")
        link_id = kiosk.resolve(s, token).link_id
    before = count_rows(db, Response, participation_id=pid)
    page = new_page(browser, TABLET, has_touch=True)
    open_app(page, f"{server.url}/?k={token}&mode=tablette")
    _to_last_section(page)
    form_id = _form_id(page)
    with db.write() as s:
        kiosk.revoke(s, SYSTEM, link_id)  # staff, from the collection page
    click(page.get_by_role("button", name="Envoyer mes réponses ✓"))
    expect(page.get_by_text("Ce lien a été désactivé par l'équipe d'animation.",
                            exact=False)).to_have_count(1)
    expect(page.get_by_text("Vos réponses ne sont pas perdues : elles ont été conservées pour "
                            "l'équipe d'animation, qui les examinera.", exact=False)).to_have_count(1)
    screenshot(page, "kiosk-revoked-kept")
    assert count_rows(db, Response, participation_id=pid) == before  # not counted before review
    with db.read() as s:
        held = s.get(KioskDraft, form_id)
        assert held is not None and held.held_at is not None and held.answers["aime"]
    with rerun(page):
        page.reload()  # the held answers stay held; the link stays closed
    expect(page.get_by_text("Ce lien a été désactivé par l'équipe d'animation.",
                            exact=False)).to_have_count(1)
    expect(page.get_by_role("button", name="Suivant →")).to_have_count(0)
    page.context.close()
