"""An administrator opens Données personnelles on a tablet and a phone: the interested group of
a commune with its notice, the register of processing, the audit log (screenshots)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ruralites import auth
from tests.browser.conftest import (
    PASSWORD,
    PHONE,
    TABLET,
    click,
    log_in,
    new_page,
    open_app,
    screenshot,
)

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def prepared(app_server):
    db = app_server.database(with_demo=True)
    with db.write() as s:
        auth.create_user(s, username="admin", display_name="Admin", password=PASSWORD,
                         role="admin")
    return db


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_an_admin_sees_the_group_the_register_and_the_log(app_server, prepared, browser, viewport):
    page = new_page(browser, viewport)
    open_app(page, app_server.url)
    log_in(page, "admin")
    sidebar = page.get_by_test_id("stSidebar")
    if viewport is PHONE:  # the menu is folded on a phone
        page.get_by_test_id("stExpandSidebarButton").click()  # opens in the browser, no rerun
    click(sidebar.get_by_role("link", name="Données personnelles", exact=True))
    if viewport is PHONE:  # the menu stays open over the page: fold it again
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(page.get_by_role("heading", name="Données personnelles")).to_have_count(1)
    expect(page.get_by_text("jamais reliées aux réponses du questionnaire", exact=False)).to_have_count(1)
    screenshot(page, f"privacy-group-{viewport['width']}")
    page.get_by_role("tab", name="Registre des traitements").click()  # tabs switch in the browser, no rerun
    expect(page.get_by_role("button", name="Télécharger le registre (PDF)")).to_have_count(1)
    screenshot(page, f"privacy-register-{viewport['width']}")
    page.get_by_role("tab", name="Journal des actions").click()  # tabs switch in the browser, no rerun
    expect(page.get_by_text("Délibération enregistrée").first).to_be_visible()
    screenshot(page, f"privacy-log-{viewport['width']}")
    page.context.close()
