"""Staff read the demo campaign's results in a real browser (charts drawn by plotly, the word
cloud, free texts); a mayor sees their commune only, without free texts."""

import re

import pytest
from playwright.sync_api import expect

from ruralites import auth
from tests.browser.conftest import PASSWORD, click, log_in, new_page, open_app, rerun, screenshot

pytestmark = pytest.mark.browser
VIEWPORT = {"width": 1280, "height": 2400}  # tall: Streamlit scrolls inside its own pane


@pytest.fixture(scope="module")
def prepared(app_server):
    db = app_server.database(with_demo=True)
    with db.write() as s:
        auth.create_user(s, username="anne", display_name="Anne Animatrice", password=PASSWORD,
                         role="staff")
        auth.create_user(s, username="maire.tremel", display_name="Hervé Guillou",
                         password=PASSWORD, role="mayor", commune_codes=["22366"])
    return app_server


def _login(page, url, username, home_heading):
    open_app(page, url)
    log_in(page, username)
    expect(page.get_by_role("heading", name=home_heading)).to_be_visible()


def _open_tab(page, name):
    click(page.get_by_role("tab", name=name))  # a tab draws its charts in its own run
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")


def test_staff_read_the_campaign_results_tab_by_tab(prepared, browser):
    page = new_page(browser, VIEWPORT)
    _login(page, prepared.url, "anne", "Vos démarches")
    click(page.get_by_role("link", name="Résultats", exact=True))  # the sidebar menu
    expect(page.get_by_role("heading", name="Résultats de l'écoute")).to_be_visible()
    # exact: the chart drawn by plotly a moment later has an axis titled "Part des habitants
    # ayant répondu (%)", which a substring match would also find once it is drawn
    expect(page.get_by_text("Part des habitants", exact=True)).to_have_count(1)
    # plotly draws its bars in the browser: the commune chart names the five communes
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.locator(".js-plotly-plot").first.get_by_text("Trémel")).to_be_visible()
    screenshot(page, "results-01-participation")

    _open_tab(page, "Profil des répondants")
    expect(page.get_by_text("Quel âge avez-vous ?")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first.get_by_text("De 60 à 74 ans")).to_be_visible()
    screenshot(page, "results-02-profile")

    _open_tab(page, "Questions")
    expect(page.get_by_text("Vous sentez-vous seul ou seule ?")).to_be_visible()
    screenshot(page, "results-03-questions")

    _open_tab(page, "Réponses libres")
    page.get_by_label("Rechercher un mot").fill("epicerie")
    with rerun(page):
        page.get_by_label("Rechercher un mot").press("Enter")
    found = page.get_by_text(re.compile(r"^\d+ réponse\(s\) sur \d+, les plus récentes"))
    expect(found).to_have_count(1)
    shown, total = (int(n) for n in re.findall(r"\d+", found.inner_text())[:2])
    assert 0 < shown < total  # the search narrowed the list to the answers naming an épicerie
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
    page.context.close()


def test_a_mayor_sees_their_commune_without_free_texts(prepared, browser):
    page = new_page(browser, VIEWPORT)
    _login(page, prepared.url, "maire.tremel", "Votre commune dans la démarche")
    click(page.get_by_role("link", name="Résultats de ma commune"))
    expect(page.get_by_role("heading", name="Les résultats de votre commune")).to_be_visible()
    expect(page.get_by_text("Communes : Trémel")).to_have_count(1)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    for other in ("Plufur", "Botsorhel", "Plounérin"):
        expect(page.get_by_text(other)).to_have_count(0)
    screenshot(page, "results-06-mayor")
    _open_tab(page, "Profil des répondants")
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    screenshot(page, "results-07-mayor-profile")
    _open_tab(page, "Réponses libres")
    expect(page.get_by_text("ne sont pas montrées aux élu·es")).to_have_count(1)
    page.context.close()
