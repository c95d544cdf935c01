"""Inhabitants answer the default questionnaire on a shared tablet and on their own phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ruralites import auth
from ruralites.auth import SYSTEM
from ruralites.listening import kiosk
from ruralites.models import Answer, Idea, Response, Volunteer
from tests.browser.conftest import (
    PASSWORD,
    PHONE,
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

pytestmark = pytest.mark.browser

IDEA = "Un café associatif <script>alert('x')</script> avec des jeux 🎲 =HYPERLINK(\"x\")"
PIN = "2468"


@pytest.fixture(scope="module")
def evening(tmp_path_factory):
    """The app, the demo campaign and a tablet link for Trémel, as staff prepare an evening."""
    server = AppServer(tmp_path_factory.mktemp("evening"))
    db = server.database(with_demo=True)
    with db.write() as session:
        auth.create_first_admin(session, username="marie", display_name="Marie",
                                password=PASSWORD)
        pid = demo_participation(session)
        token = kiosk.create_link(session, SYSTEM, participation_id=pid, survey_slug="ecoute-habitants",
                                  pin=PIN)
    server.start()
    yield server, db, token, pid
    server.stop()


def _next(page, heading):
    click(page.get_by_role("button", name="Suivant →"))
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


def answer_whole_questionnaire(page, shots: str) -> None:
    expect(page.get_by_role("heading", name="Pour mieux vous connaître")).to_be_visible()
    expect(page.get_by_text("Étape 1 sur 5", exact=True)).to_be_visible()
    click(page.get_by_role("button", name="Suivant →"))  # nothing answered yet
    expect(page.get_by_text("Merci de compléter ou corriger : questions 1, 3.", exact=True)).to_be_visible()
    screenshot(page, f"{shots}-1-required")
    click(page.get_by_text("De 60 à 74 ans", exact=True))
    click(page.get_by_text("Plus de 10 ans", exact=True))
    click(page.get_by_text("Dans un hameau ou à la campagne", exact=True))
    click(page.get_by_text("Autre (précisez)", exact=True))
    page.get_by_label("Précisez :").fill("Avec mes petits-enfants l'été")
    _next(page, "La vie dans la commune")
    page.get_by_role("textbox", name="Qu'est-ce que vous aimez").fill("Le calme, les chemins")
    page.get_by_label("Qu'est-ce qui vous manque le plus ici ?").fill("Un endroit pour se retrouver")
    click(page.get_by_text("Moins souvent", exact=True))
    click(page.get_by_text("Au marché", exact=True))
    click(page.get_by_role("radiogroup", name="Vous sentez-vous seul ou seule").get_by_text("4", exact=True))
    screenshot(page, f"{shots}-2-vie")
    _next(page, "Vos besoins et vos idées")
    click(page.get_by_text("Un café", exact=True))
    click(page.get_by_text("Un lieu pour se retrouver", exact=True))
    page.get_by_label("Avez-vous une idée pour votre commune ?").fill(IDEA)
    screenshot(page, f"{shots}-3-besoins")
    _next(page, "Et vous, aimeriez-vous participer ?")
    expect(page.get_by_text("Comment aimeriez-vous aider ?")).to_have_count(0)
    click(page.get_by_role("radiogroup", name="Voulez-vous aider pour un projet").get_by_text("Oui", exact=True))
    expect(page.get_by_text("Comment aimeriez-vous aider ?")).to_have_count(1)  # show_if
    click(page.get_by_text("Bricoler ou jardiner", exact=True))
    click(page.get_by_text("Jeudi", exact=True))
    screenshot(page, f"{shots}-4-participation")
    _next(page, "Pour rester en contact (facultatif)")
    click(page.get_by_role("radiogroup", name="Pouvons-nous garder").get_by_text("Oui", exact=True))
    page.get_by_label("Votre prénom et votre nom").fill("Jeanne Le Bihan")
    page.get_by_label("Votre numéro de téléphone").fill("02 96 00 00 00")
    screenshot(page, f"{shots}-5-contact")
    with rerun(page):
        page.get_by_role("button", name="Envoyer mes réponses ✓").dblclick()  # a double tap
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    expect(page.get_by_text("Vos réponses sont bien enregistrées.", exact=True)).to_be_visible()
    screenshot(page, f"{shots}-6-merci")


@pytest.mark.parametrize(("viewport", "mode", "channel"),
                         [(TABLET, "&mode=tablette", "tablet"), (PHONE, "", "online")],
                         ids=["tablet", "phone"])
def test_an_inhabitant_answers_the_whole_questionnaire(evening, browser, viewport, mode, channel):
    server, db, token, pid = evening
    before = count_rows(db, Response, channel=channel)
    volunteers = count_rows(db, Volunteer)
    page = new_page(browser, viewport, has_touch=True)
    open_app(page, f"{server.url}/?k={token}{mode}")
    answer_whole_questionnaire(page, f"kiosk-{channel}")
    assert count_rows(db, Response, channel=channel) == before + 1  # the double tap stored one
    assert count_rows(db, Volunteer) == volunteers + 1
    with db.read() as s:
        response = s.scalars(select(Response).where(Response.channel == channel)
                             .order_by(Response.submitted_at.desc())).first()
        stored = {a.question_id: a.value for a in s.scalars(select(Answer).where(Answer.response_id == response.id))}
        idea = s.scalar(select(Idea.text).where(Idea.response_id == response.id, Idea.question_id == "idee"))
    assert stored["idee"] == IDEA and idea == IDEA  # verbatim, never interpreted
    assert stored["foyer"] == "autre" and stored["foyer.autre"] == "Avec mes petits-enfants l'été"
    assert stored["isolement"] == 4 and stored["participer"] is True
    assert "nom" not in stored and "telephone" not in stored  # contact kept apart
    page.context.close()


def test_a_bad_or_revoked_link_gets_a_clear_french_message(evening, tablet):
    server, db, token, pid = evening
    open_app(tablet, f"{server.url}/?k=nimportequoi")
    expect(tablet.get_by_text("Ce lien n'est pas valide.")).to_be_visible()
    with db.write() as s:
        other = kiosk.create_link(s, SYSTEM, participation_id=pid, survey_slug="ecoute-habitants")
        link_id = kiosk.resolve(s, other).link_id
        kiosk.revoke(s, SYSTEM, link_id)
    open_app(tablet, f"{server.url}/?k={other}")
    expect(tablet.get_by_text("Ce lien a été désactivé par l'équipe d'animation.")).to_be_visible()
    expect(tablet.get_by_role("button", name="Se connecter")).to_have_count(0)


def test_leaving_the_kiosk_needs_the_staff_pin(evening, tablet):
    server, db, token, pid = evening
    open_app(tablet, f"{server.url}/?k={token}&mode=tablette")
    expect(tablet.get_by_label("Code PIN")).to_have_count(0)  # out of inhabitants' sight
    click(tablet.get_by_role("button", name="🔒"))
    expect(tablet.get_by_label("Code PIN")).to_have_attribute("inputmode", "numeric")
    tablet.get_by_label("Code PIN").fill("0000")
    click(tablet.get_by_role("button", name="Quitter le mode tablette"))
    expect(tablet.get_by_text("Code PIN incorrect.", exact=True)).to_be_visible()
    tablet.get_by_label("Code PIN").fill(PIN)
    click(tablet.get_by_role("button", name="Quitter le mode tablette"))
    expect(tablet.get_by_role("button", name="Se connecter")).to_be_visible()


def test_a_server_restart_mid_evening_loses_nothing_and_the_next_tap_goes_on(evening, tablet):
    server, db, token, pid = evening
    open_app(tablet, f"{server.url}/?k={token}&mode=tablette")
    stored_before = count_rows(db, Response, participation_id=pid)
    click(tablet.get_by_text("De 30 à 44 ans", exact=True))
    click(tablet.get_by_text("Dans le bourg", exact=True))
    _next(tablet, "La vie dans la commune")
    server.stop()
    expect(tablet.get_by_test_id("stApp")).not_to_have_attribute("data-test-connection-state",
                                                                  "CONNECTED")
    server.start()
    # The tablet still shows section 2. Streamlit reconnects by itself; the next tap reaches the
    # new server, which has never seen this session but takes the form up again from its draft
    # (same form id in the address): the tap does what it was meant to.
    expect(tablet.get_by_test_id("stApp")).to_have_attribute("data-test-connection-state",
                                                              "CONNECTED")
    _next(tablet, "Vos besoins et vos idées")
    screenshot(tablet, "kiosk-after-restart")
    click(tablet.get_by_role("button", name="← Retour"))
    click(tablet.get_by_role("button", name="← Retour"))
    expect(tablet.get_by_role("heading", name="Pour mieux vous connaître")).to_be_visible()
    expect(tablet.get_by_role("radio", name="De 30 à 44 ans")).to_be_checked()
    expect(tablet.get_by_role("radio", name="Dans le bourg")).to_be_checked()
    assert count_rows(db, Response, participation_id=pid) == stored_before  # nothing half-stored
