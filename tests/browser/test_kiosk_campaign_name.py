"""The campaign's name on the public questionnaire kiosk is shown as typed: no bold, no link
that would take an inhabitant out of the kiosk (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from ruralites import campaigns
from ruralites.auth import SYSTEM
from ruralites.listening import kiosk
from ruralites.ui.widgets import WORD_JOINER
from tests.browser.conftest import TABLET, AppServer, new_page, open_app, screenshot

pytestmark = pytest.mark.browser

NAME = "**Démarche** [lien](http://x.example)"


@pytest.fixture(scope="module")
def kiosk_link(tmp_path_factory):
    server = AppServer(tmp_path_factory.mktemp("name"))
    db = server.database()
    with db.write() as s:
        campaign = campaigns.create_campaign(s, name=NAME, poles=[])
        p = campaigns.add_commune(s, campaign, "22366", invited_on=date(2019, 1, 7))
        campaigns.record_answer(s, p, volunteers=True)
        campaigns.record_decision(s, p, session_date=date(2019, 2, 22), number="1",
                                  votes_for=9, votes_against=0, abstentions=0)
        token = kiosk.create_link(s, SYSTEM, participation_id=p.id,
                                  survey_slug="ecoute-habitants")
    server.start()
    yield server, token
    server.stop()


@pytest.mark.parametrize("viewport", [TABLET, {"width": 390, "height": 844}], ids=["tablet", "phone"])
def test_the_campaign_name_shows_verbatim_and_makes_no_link(browser, kiosk_link, viewport):
    server, token = kiosk_link
    page = new_page(browser, viewport)
    open_app(page, f"{server.url}/?k={token}&mode=tablette")
    caption = page.get_by_text("Trémel — ")
    expect(caption).to_have_count(1)
    # What a reader sees (the invisible word joiner that stops the autolink aside) is the name.
    assert caption.inner_text().replace(WORD_JOINER, "") == f"Trémel — {NAME}"
    expect(page.locator('a[href^="http://x.example"]')).to_have_count(0)
    expect(page.locator("strong", has_text="Démarche")).to_have_count(0)
    screenshot(page, f"kiosk-campaign-name-{viewport['width']}")
    page.context.close()
