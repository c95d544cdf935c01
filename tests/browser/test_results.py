"""Staff read the demo campaign's results in a real browser (charts drawn by plotly, the word
cloud, free texts); a mayor sees their commune only, without free texts."""

import pytest
from playwright.sync_api import expect

from ruralites import auth, demo, migrate
from ruralites.db import Database, make_engine
from tests.browser.conftest import screenshot, wait_ready

pytestmark = pytest.mark.browser
PASSWORD = "un-mot-de-passe-solide"
VIEWPORT = {"width": 1280, "height": 2400}  # tall: Streamlit scrolls inside its own pane


@pytest.fixture(scope="module")
def prepared(app_server):
    engine = make_engine(f"sqlite:///{app_server.data_dir / 'ruralites.sqlite3'}")
    migrate.upgrade(engine)
    db = Database(engine)
    demo.load(db)
    with db.write() as s:
        auth.create_user(s, username="anne", display_name="Anne Animatrice", password=PASSWORD,
                         role="staff")
        auth.create_user(s, username="maire.tremel", display_name="Hervé Guillou",
                         password=PASSWORD, role="mayor", commune_codes=["22366"])
    engine.dispose()
    return app_server


def _login(page, url, username, home_heading):
    page.goto(url)
    wait_ready(page)
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name=home_heading)).to_be_visible()
    wait_ready(page)


def _open_tab(page, name):
    page.get_by_role("tab", name=name).click()
    wait_ready(page)


def test_staff_read_the_campaign_results_tab_by_tab(prepared, browser):
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    _login(page, prepared.url, "anne", "Vos démarches")
    page.get_by_role("link", name="Résultats", exact=True).click()  # the sidebar menu
    expect(page.get_by_role("heading", name="Résultats de l'écoute")).to_be_visible()
    wait_ready(page)
    expect(page.get_by_text("Part des habitants")).to_be_visible()
    # plotly draws its bars in the browser: the commune chart names the five communes
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.locator(".js-plotly-plot").first.get_by_text("Trémel")).to_be_visible()
    screenshot(page, "results-01-participation")

    _open_tab(page, "Profil des répondants")
    expect(page.get_by_text("Quel âge avez-vous ?")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first.get_by_text("De 60 à 74 ans")).to_be_visible()
    screenshot(page, "results-02-profile")

    _open_tab(page, "Questions")
    expect(page.get_by_text("Vous arrive-t-il de vous sentir seul(e) ou isolé(e) ?")).to_be_visible()
    screenshot(page, "results-03-questions")

    _open_tab(page, "Réponses libres")
    page.get_by_label("Rechercher un mot").fill("epicerie")
    page.get_by_label("Rechercher un mot").press("Enter")
    wait_ready(page)
    expect(page.get_by_text("réponse(s) sur")).to_be_visible()
    screenshot(page, "results-04-free-texts")

    _open_tab(page, "Nuage de mots")
    expect(page.locator("[data-testid='stImage'] img")).to_be_visible()
    screenshot(page, "results-05-word-cloud")

    _open_tab(page, "Exporter")
    expect(page.get_by_role("button", name="Télécharger en CSV")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger en CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert "Par canal" in content and "Quel âge avez-vous ?" in content
    context.close()


def test_a_mayor_sees_their_commune_without_free_texts(prepared, browser):
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    _login(page, prepared.url, "maire.tremel", "Votre commune dans la démarche")
    page.get_by_role("link", name="Résultats de ma commune").click()
    expect(page.get_by_role("heading", name="Les résultats de votre commune")).to_be_visible()
    wait_ready(page)
    expect(page.get_by_text("Communes : Trémel")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    for other in ("Plufur", "Botsorhel", "Plounérin"):
        expect(page.get_by_text(other)).to_have_count(0)
    screenshot(page, "results-06-mayor")
    _open_tab(page, "Profil des répondants")
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    screenshot(page, "results-07-mayor-profile")
    _open_tab(page, "Réponses libres")
    expect(page.get_by_text("ne sont pas montrées aux élu·es")).to_be_visible()
    context.close()
