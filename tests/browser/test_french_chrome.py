"""What Streamlit draws around the pages reads in French, or is hidden."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TABLET, new_page, open_app, screenshot

pytestmark = pytest.mark.browser

ENGLISH = ("Page not found", "does not seem to exist", "Skip to main content", "Print",
           "Record screen", "Made with Streamlit", "Stop", "Choose options", "Choose an option",
           "Press Enter", "Enter to apply", "to submit form")


def _no_english(page) -> None:
    body = page.inner_text("body")
    for words in ENGLISH:
        assert words not in body, words


def test_an_address_that_is_no_page_says_so_in_french(app_server, browser):
    page = new_page(browser, TABLET)
    open_app(page, f"{app_server.url}/nimporte-quoi")
    expect(page.get_by_role("dialog").get_by_text("Page introuvable", exact=True)).to_be_visible()
    _no_english(page)
    screenshot(page, "chrome-page-introuvable")
    page.context.close()


def test_the_menu_and_the_stop_button_are_hidden_and_the_skip_link_is_french(app_server,
                                                                              browser):
    page = new_page(browser, TABLET)
    open_app(page, app_server.url)
    expect(page.get_by_test_id("stMainMenu")).to_be_hidden()
    expect(page.get_by_test_id("stSkipToContent")).to_have_text("Aller au contenu principal")
    _no_english(page)
    page.context.close()


def test_the_hint_under_a_field_being_typed_in_is_french(app_server, browser):
    page = new_page(browser, TABLET)
    open_app(page, app_server.url)
    field = page.get_by_label("Identifiant de connexion")
    field.click()
    page.keyboard.type("marie")  # typed, not yet handed to the app: Streamlit shows its hint
    hint = page.get_by_test_id("InputInstructions")
    expect(hint).to_have_count(1)
    expect(hint).to_have_text(re.compile(r"^Appuyez sur (Ctrl\+)?Entrée pour "))
    _no_english(page)
    screenshot(page, "chrome-indication-entree")
    page.context.close()
