"""Staff describe a commune's project, orient it on the page (with the reason for orienting
without an inspiring evening) and record the first step of the follow-up."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ruralites import auth, orientation
from ruralites.auth import SYSTEM
from ruralites.fr import today_in_france
from ruralites.models import Orientation, Participation
from ruralites.voting import theme_choice
from tests.browser.conftest import PASSWORD, click, log_in, open_app, screenshot
from tests.integration.restitution_setup import listening_commune

pytestmark = pytest.mark.browser
REASON = "Les témoins sont venus à la réunion de restitution"


@pytest.fixture(scope="module")
def prepared(app_server):
    """An animatrice; Plounérin has chosen « Commerce, café », no inspiring evening yet."""
    db = app_server.database()
    setup = listening_commune(db, code="22227")
    with db.write() as s:
        auth.create_user(s, username="anne", display_name="Anne Animatrice", password=PASSWORD,
                         role="staff")
        theme_choice.record_decision(s, SYSTEM, setup.participation_id,
                              theme_id=setup.themes["commerce-cafe"], decided_by="room",
                              decided_on=date(2019, 5, 2))
    return db, setup.participation_id


def test_staff_orient_a_commune_and_follow_it_up(app_server, prepared, tablet):
    db, pid = prepared
    today = f"{today_in_france():%d/%m/%Y}"
    open_app(tablet, app_server.url)
    log_in(tablet)
    sidebar = tablet.get_by_test_id("stSidebar")
    click(sidebar.get_by_role("link", name="Orientation", exact=True))
    expect(tablet.get_by_role("heading", name="Plounérin", exact=True)).to_be_visible()
    expect(tablet.get_by_text("Le projet de Plounérin n'est pas encore décrit", exact=False)
           ).to_have_count(1)

    tablet.get_by_label("Le projet en une phrase").fill("Une épicerie-café <bio> & relais colis")
    screenshot(tablet, "orientation-01-project")
    click(tablet.get_by_role("button", name="Enregistrer le projet"))
    expect(tablet.get_by_text("Projet enregistré : les recommandations en tiennent compte.",
                              exact=True)).to_be_visible()

    tablet.get_by_role("tab", name="Recommandations").click()
    first = tablet.get_by_text("1. Pôles de développement de l'économie sociale et solidaire "
                               "(pôles ESS)", exact=True)
    expect(first).to_be_visible()
    screenshot(tablet, "orientation-02-recommendations")

    tablet.get_by_role("tab", name="Orientation et suivi").click()
    expect(tablet.get_by_role("combobox", name="Dispositif retenu")).to_have_value("1. Pôle ESS")
    tablet.get_by_label("Pourquoi ce dispositif ? *").fill("Premier accueil du groupe d'habitants")
    tablet.get_by_label("Raison de passer outre *").fill(REASON)
    screenshot(tablet, "orientation-03-form-filled")
    click(tablet.get_by_role("button", name="Enregistrer l'orientation"))
    expect(tablet.get_by_text("Orientation enregistrée : « Pôle ESS ». Plounérin est orientée.",
                              exact=True)).to_be_visible()
    expect(tablet.get_by_text("🧭 Orientée", exact=False)).to_have_count(1)

    tablet.get_by_role("tab", name="Orientation et suivi").click()
    expect(tablet.get_by_text(f"Sans soirée inspirante, parce que : {REASON}", exact=True)
           ).to_be_visible()
    tablet.get_by_text("Ajouter une étape du suivi — Pôle ESS", exact=True).click()
    expect(tablet.get_by_role("combobox", name="Étape")).to_have_value("Premier contact pris")
    tablet.get_by_label("Note (obligatoire pour un abandon : pourquoi)").fill("Appel à l'ADESS")
    click(tablet.get_by_role("button", name="Ajouter cette étape"))
    expect(tablet.get_by_text(f"Suivi de « Pôle ESS » : premier contact pris le {today}.",
                              exact=True)).to_be_visible()
    tablet.get_by_role("tab", name="Orientation et suivi").click()
    expect(tablet.get_by_text(f"{today} — Premier contact pris : Appel à l'ADESS", exact=True)
           ).to_be_visible()
    screenshot(tablet, "orientation-04-follow-up")

    with db.read() as s:
        assert s.get(Participation, pid).phase == "oriented"
        stored = s.scalar(select(Orientation))
        assert stored.override_reason == REASON
        assert orientation.project_for(s, SYSTEM, pid).summary == \
            "Une épicerie-café <bio> & relais colis"
