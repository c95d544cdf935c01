"""A first start on an empty database, as an administrator would live it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, TABLET, new_page, open_app, rerun, screenshot

pytestmark = pytest.mark.browser

PAGES = ["", "accueil", "comptes", "campagnes", "admin", "kiosque", "orientation", "dispositifs",
         "guide"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitor_on_any_url_sees_only_the_setup_or_login_screen(app_server, tablet, path):
    open_app(tablet, f"{app_server.url}/{path}")
    expect(tablet.get_by_text("Créez le premier compte administrateur")).to_have_count(1)
    expect(tablet.get_by_text("Vos démarches")).to_have_count(0)
    expect(tablet.get_by_text("Comptes", exact=True)).to_have_count(0)


def test_administrator_creates_account_logs_in_loads_demo_and_sees_five_communes(app_server, tablet):
    open_app(tablet, app_server.url)
    tablet.get_by_label("Votre nom").fill("Marie Le Goff")
    tablet.get_by_label("Identifiant de connexion").fill("marie.le-goff")
    tablet.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    tablet.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    screenshot(tablet, "01-first-admin-form")
    with rerun(tablet):
        tablet.get_by_role("button", name="Créer le compte administrateur").click()

    expect(tablet.get_by_text("Compte administrateur créé : connectez-vous.", exact=True)).to_be_visible()
    tablet.get_by_label("Identifiant").fill("marie.le-goff")
    tablet.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    with rerun(tablet):
        tablet.get_by_role("button", name="Se connecter").click()
    expect(tablet.get_by_text("Identifiant ou mot de passe incorrect.", exact=True)).to_be_visible()
    tablet.get_by_label("Mot de passe").fill(PASSWORD)
    with rerun(tablet):
        tablet.get_by_role("button", name="Se connecter").click()

    expect(tablet.get_by_role("heading", name="Vos démarches")).to_be_visible()
    with rerun(tablet):
        tablet.get_by_role("button", name="Charger la démarche de démonstration").click()
    expect(tablet.get_by_role("heading", name="Ruralités en Trégor")).to_be_visible()
    table = tablet.get_by_role("table")
    expect(table).to_have_count(1)
    for commune in ("Trémel (22366)", "Botsorhel (29014)", "Saint-Michel-en-Grève (22319)",
                    "Plufur (22238)", "Plounérin (22227)"):
        expect(table.get_by_text(commune, exact=True)).to_be_visible()
    screenshot(tablet, "02-home-with-demo-campaign")


def test_after_setup_every_url_shows_the_login_screen_to_an_anonymous_visitor(app_server, browser):
    page = new_page(browser, TABLET)
    for path in PAGES:
        open_app(page, f"{app_server.url}/{path}")
        expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
        expect(page.get_by_text("Ruralités en Trégor")).to_have_count(0)
    page.context.close()
