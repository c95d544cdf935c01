"""Staff plan an inspiring evening with one place; two people register through its link (the
second goes onto the waiting list and is told so); after the evening staff record who came, and
the commune moves to the inspiring phase."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from ruralites import fr
from ruralites.models import Evening, Participation, Registration
from tests.browser.conftest import (
    PHONE,
    TABLET,
    AppServer,
    click,
    log_in,
    new_page,
    open_app,
    screenshot,
)
from tests.integration.evenings.evening_setup import theme_chosen

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """The app, and a campaign where Trémel chose « Lieu de rencontre »; Anne is its staff."""
    server = AppServer(tmp_path_factory.mktemp("evenings"))
    db = server.database()
    tremel = theme_chosen(db)
    server.start()
    yield server, db, tremel
    server.stop()


def _log_in(page, url):
    open_app(page, url)
    log_in(page)
    expect(page.get_by_role("heading", name="Vos démarches")).to_be_visible()


def _register(page, url, name, contact, shot):
    open_app(page, url)
    expect(page.get_by_role("heading", name="Des lieux qui rassemblent")).to_be_visible()
    page.get_by_role("textbox", name="Votre prénom et votre nom").fill(name)
    page.get_by_role("textbox", name="Votre téléphone ou votre e-mail (facultatif)").fill(contact)
    click(page.get_by_text("J'ai lu ce qui précède", exact=False))
    screenshot(page, shot)
    click(page.get_by_role("button", name="M'inscrire ✓"))


def test_an_inspiring_evening_with_one_place_a_waiting_list_and_its_attendance(prepared, browser):
    server, db, tremel = prepared
    staff = new_page(browser, TABLET)
    _log_in(staff, server.url)
    click(staff.get_by_role("link", name="Soirées", exact=True))
    expect(staff.get_by_role("heading", name="Soirées", exact=True)).to_be_visible()
    expect(staff.get_by_text("Aucune soirée pour l'instant", exact=False)).to_have_count(1)

    staff.get_by_role("tab", name="Organiser une soirée").click()  # tabs switch without a rerun
    click(staff.get_by_text("Soirée inspirante", exact=True))
    staff.get_by_label("Titre (facultatif)").fill("Des lieux qui rassemblent")
    staff.get_by_label("Nombre de places (0 : sans limite)").fill("1")
    staff.get_by_label("Lieu").fill("Salle communale")
    screenshot(staff, "evenings-1-plan")
    click(staff.get_by_role("button", name="Organiser la soirée"))
    expect(staff.get_by_text("Soirée inspirante organisée à Trémel", exact=False)).to_have_count(1)

    staff.get_by_role("tab", name="Soirées de la démarche").click()
    expect(staff.get_by_role("heading", name="Des lieux qui rassemblent")).to_be_visible()
    staff.get_by_text("Lien d'inscription (QR code)", exact=True).click()
    click(staff.get_by_role("button", name="Créer le lien d'inscription"))
    expect(staff.get_by_text("Lien créé.", exact=False)).to_have_count(1)
    # The test server listens on 127.0.0.1 only: the screen says phones could not open it.
    # (said in this tab, and again in the poster's tab, hidden behind it)
    expect(staff.get_by_text("L'application n'écoute que sur cet ordinateur", exact=False).first
           ).to_be_visible()
    codes = staff.locator("code").filter(has_text=server.url)  # the two st.code blocks
    expect(codes).to_have_count(2)
    urls = codes.all_inner_texts()
    [tablet_url] = [u for u in urls if "mode=tablette" in u]
    [phone_url] = [u for u in urls if "?k=" in u and "mode=" not in u]
    screenshot(staff, "evenings-2-link")

    phone = new_page(browser, PHONE, has_touch=True)
    _register(phone, phone_url, "Jeanne Le Bihan", "jeanne@example.org", "evenings-3a-form-phone")
    expect(phone.get_by_role("heading", name="Merci, vous êtes inscrit·e !")).to_be_visible()
    expect(phone.get_by_text("Jeanne Le Bihan, votre inscription est bien enregistrée.",
                             exact=True)).to_have_count(1)
    screenshot(phone, "evenings-3-registered-phone")

    tablet = new_page(browser, TABLET, has_touch=True)
    _register(tablet, tablet_url, "Yann Le Meur", "", "evenings-4a-form-tablet")
    expect(tablet.get_by_role("heading", name="Vous êtes sur liste d'attente")).to_be_visible()
    expect(tablet.get_by_text("La soirée est complète : Yann Le Meur, vous êtes n° 1 sur la "
                              "liste d'attente.", exact=True)).to_have_count(1)
    expect(tablet.get_by_text("Vous n'avez pas laissé de contact", exact=False)).to_have_count(1)
    screenshot(tablet, "evenings-4-waiting-tablet")
    with db.read() as s:
        stored = s.execute(select(Registration.name, Registration.waiting)
                           .order_by(Registration.registered_at)).all()
    assert [tuple(r) for r in stored] == [("Jeanne Le Bihan", False), ("Yann Le Meur", True)]

    # The evening takes place: time passes, here by moving it to an hour ago.
    with db.write() as s:
        s.execute(update(Evening).values(starts_at=fr.utcnow() - timedelta(hours=1)))
    click(staff.get_by_role("link", name="Soirées", exact=True))
    staff.get_by_role("tab", name="Après la soirée").click()
    ticked = staff.get_by_role("checkbox", name="Jeanne Le Bihan")
    staff.get_by_test_id("stCheckbox").filter(has=ticked).locator("label").click()  # in a form
    expect(ticked).to_be_checked()
    staff.get_by_label("Nombre total de présents (avec les personnes venues sans s'inscrire)"
                       ).fill("3")
    click(staff.get_by_role("button", name="Enregistrer la participation"))
    expect(staff.get_by_text("Participation enregistrée : 3 présents.", exact=True)).to_have_count(1)
    expect(staff.get_by_text("Trémel passe en phase « Soirées inspirantes ».", exact=True)
           ).to_have_count(1)
    expect(staff.get_by_role("tab", name="Après la soirée")).to_have_attribute("aria-selected",
                                                                              "true")
    screenshot(staff, "evenings-5-attendance")
    with db.read() as s:
        assert s.get(Participation, tremel.participation_id).phase == "inspiring"
        evening = s.scalars(select(Evening)).one()
        assert evening.attendance == 3
        assert [r.attended for r in evening.registrations] == [True, False]
    for page in (staff, phone, tablet):
        page.context.close()
