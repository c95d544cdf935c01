"""Staff write a section of the guide, find it again after a reload, build the guide for one
commune and see its pages; the same page on a phone."""

import pytest
from playwright.sync_api import expect

from ruralites import auth
from tests.browser.conftest import (
    PASSWORD,
    click,
    log_in,
    open_app,
    rerun,
    screenshot,
    wait_settled,
)

BUILD_MS = 120_000  # a whole guide with its charts, on a loaded 2-core machine

pytestmark = pytest.mark.browser
ADVICE = "Commencer tôt & écouter <vraiment> les habitants"


@pytest.fixture(scope="module")
def prepared(app_server):
    db = app_server.database(with_demo=True)
    with db.write() as s:
        auth.create_user(s, username="anne", display_name="Anne Animatrice", password=PASSWORD,
                         role="staff")
    return db


def _log_in_and_open_guide(page, url: str) -> None:
    open_app(page, url)
    with page.expect_response(lambda r: "/session/cookie" in r.url):  # the session's cookie
        log_in(page)
    if page.viewport_size["width"] < 500:
        page.get_by_test_id("stExpandSidebarButton").click()  # a phone: the menu is folded
    click(page.get_by_test_id("stSidebar").get_by_role("link", name="Guide de capitalisation",
                                                        exact=True))
    expect(page.get_by_role("heading", name="Guide de capitalisation", exact=True)).to_be_visible()


def test_staff_write_reload_build_and_preview_the_guide(app_server, prepared, tablet):
    _log_in_and_open_guide(tablet, app_server.url)
    field = tablet.get_by_label("Conseils à un pôle qui démarre")
    field.fill(ADVICE)
    with rerun(tablet):
        field.press("Tab")  # leaving the field saves the draft
    expect(tablet.get_by_text("Brouillon enregistré le", exact=False)).to_have_count(1)
    screenshot(tablet, "guide-01-texts")
    with rerun(tablet):  # the session cookie keeps staff logged in on the guide page
        tablet.reload()
    expect(tablet.get_by_role("heading", name="Guide de capitalisation", exact=True)).to_be_visible()
    expect(tablet.get_by_label("Conseils à un pôle qui démarre")).to_have_value(ADVICE)
    tablet.get_by_role("tab", name="Construire et télécharger").click()
    # Building the guide is one long run: its bound (two minutes on a loaded machine) is the
    # run's, not only the click's. The preview is drawn at the end of that same run, after
    # « Guide prêt. », so the test waits for the run to be over before reading it.
    with rerun(tablet, BUILD_MS):
        tablet.get_by_role("button", name="Construire le guide").click()
    expect(tablet.get_by_text("Guide prêt.", exact=True)).to_be_visible(timeout=BUILD_MS)
    wait_settled(tablet, BUILD_MS)
    expect(tablet.get_by_role("button", name="Télécharger le guide (PDF)")).to_have_count(1)
    expect(tablet.get_by_text("Page 1", exact=True)).to_have_count(1)
    screenshot(tablet, "guide-02-built")


def test_the_guide_page_fits_a_phone(app_server, prepared, phone):
    _log_in_and_open_guide(phone, app_server.url)
    phone.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    expect(phone.get_by_test_id("stSidebar")).not_to_be_in_viewport()
    expect(phone.get_by_label("Synthèse entre les communes")).to_be_visible()
    screenshot(phone, "guide-03-phone")
