"""Inhabitants vote on a shared tablet through a vote link (dots, ranking, majority judgment),
and staff put the restitution screen on the projector (1280×720) while ballots come in."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from ruralites import auth, ideas
from ruralites.auth import SYSTEM
from ruralites.models import Ballot
from ruralites.voting import ballots, votes
from tests.browser.conftest import (
    PASSWORD,
    PROJECTOR,
    TABLET,
    AppServer,
    click,
    demo_participation,
    log_in,
    new_page,
    open_app,
    screenshot,
    wait_settled,
)

pytestmark = pytest.mark.browser
SHORTLIST = ("lieu-de-rencontre", "aines", "enfance-jeunesse", "commerce-cafe", "culture")


@pytest.fixture(scope="module")
def restitution(tmp_path_factory):
    """The demo after listening; Trémel's ideas tagged and merged, three open votes (one per
    kind of ballot) each with a tablet link, and an animatrice."""
    server = AppServer(tmp_path_factory.mktemp("restitution"))
    db = server.database(with_demo=True)
    links = {}
    with db.write() as s:
        auth.create_user(s, username="anne", display_name="Anne Animatrice", password=PASSWORD,
                         role="staff")
        pid = demo_participation(s)
        ideas.merge_identical(s, SYSTEM, pid)
        ideas.apply_suggestions(s, SYSTEM, pid)
        slugs = {t.slug: t.id for t in ideas.themes_for(s, SYSTEM, pid)}
        for method in ("dots", "borda", "majority"):
            info = votes.create_vote(s, SYSTEM, pid, theme_ids=[slugs[x] for x in SHORTLIST],
                                     method=method, max_dots=3, title=f"Vote {method}")
            links[method] = (info, votes.create_link(s, SYSTEM, info.id))
    server.start()
    yield server, db, links, slugs
    server.stop()


def _ballots(db, vote_id):
    with db.read() as s:
        return list(s.scalars(select(Ballot).where(Ballot.vote_id == vote_id)))


def _open(browser, server, token):
    page = new_page(browser, TABLET, has_touch=True)
    open_app(page, f"{server.url}/?k={token}&mode=tablette")
    expect(page.get_by_role("heading", name="À vous de voter !")).to_be_visible()
    return page.context, page


def _group(page, theme):
    return page.get_by_role("radiogroup", name=theme)


def test_a_dot_vote_on_a_tablet_refuses_too_many_dots_and_stores_a_double_tap_once(
    restitution, browser
):
    server, db, links, slugs = restitution
    info, token = links["dots"]
    context, page = _open(browser, server, token)
    expect(page.get_by_text("Vous avez 3 gommettes.")).to_be_visible()
    click(page.get_by_role("button", name="Valider mon vote ✓"))
    expect(page.get_by_text("Posez au moins une gommette avant de valider.")).to_be_visible()
    click(_group(page, "Lieu de rencontre").get_by_text("●●", exact=True))
    expect(page.get_by_text("il vous en reste 1")).to_be_visible()
    click(_group(page, "Commerce, café").get_by_text("●●", exact=True))
    expect(page.get_by_text("Vous avez posé 4 gommettes : 3 au plus.")).to_be_visible()
    screenshot(page, "vote-tablet-1-dots-too-many")
    click(page.get_by_role("button", name="Valider mon vote ✓"))
    expect(page.get_by_text("4 gommettes posées alors que 3 au plus sont permises.")).to_be_visible()
    assert _ballots(db, info.id) == []
    click(_group(page, "Commerce, café").get_by_text("●", exact=True))
    expect(page.get_by_text("Gommettes posées : 3 sur 3.")).to_be_visible()
    expect(page.get_by_text("4 gommettes posées alors")).to_have_count(0)  # said of the old one
    screenshot(page, "vote-tablet-2-dots")
    click(page.get_by_role("button", name="Valider mon vote ✓"), click_count=2)  # a double tap
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    screenshot(page, "vote-tablet-3-thanks")
    [ballot] = _ballots(db, info.id)
    assert ballot.channel == "tablet"
    assert ballot.content == {"marks": {str(slugs["lieu-de-rencontre"]): 2,
                                        str(slugs["commerce-cafe"]): 1}}
    click(page.get_by_role("button", name="Bulletin suivant"))
    expect(page.get_by_role("heading", name="À vous de voter !")).to_be_visible()
    expect(page.get_by_text("Gommettes posées : 0 sur 3")).to_be_visible()  # a fresh ballot
    context.close()


def test_a_ranking_is_made_by_tapping_themes_in_order(restitution, browser):
    server, db, links, slugs = restitution
    info, token = links["borda"]
    context, page = _open(browser, server, token)
    expect(page.get_by_text("Touchez votre premier choix")).to_be_visible()
    click(page.get_by_role("button", name="Aînés"))
    expect(page.get_by_text("Touchez votre deuxième choix")).to_be_visible()
    click(page.get_by_role("button", name="Lieu de rencontre"))
    expect(page.get_by_text("Votre classement")).to_be_visible()
    expect(page.get_by_role("button", name="Aînés")).to_have_count(0)  # no rank twice
    screenshot(page, "vote-tablet-4-ranking")
    click(page.get_by_role("button", name="Valider mon vote ✓"))
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    [ballot] = _ballots(db, info.id)
    assert ballot.content == {"marks": {str(slugs["aines"]): 1, str(slugs["lieu-de-rencontre"]): 2}}
    context.close()


def test_majority_judgment_asks_a_grade_for_every_theme(restitution, browser):
    server, db, links, slugs = restitution
    info, token = links["majority"]
    context, page = _open(browser, server, token)
    grades = {"Lieu de rencontre": "Très bien", "Aînés": "Bien", "Enfance et jeunesse": "Bien",
              "Commerce, café": "Passable"}
    for theme, grade in grades.items():
        click(_group(page, theme).get_by_text(grade, exact=True))
    click(page.get_by_role("button", name="Valider mon vote ✓"))
    expect(page.get_by_text("Donnez une mention à chaque thème : il en manque une.")).to_be_visible()
    click(_group(page, "Culture et animations").get_by_text("À rejeter", exact=True))
    expect(page.get_by_text("il en manque une")).to_have_count(0)  # said of the ballot before
    screenshot(page, "vote-tablet-5-majority")
    click(page.get_by_role("button", name="Valider mon vote ✓"))
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    [ballot] = _ballots(db, info.id)
    assert ballot.content["marks"][str(slugs["lieu-de-rencontre"])] == 1  # "Très bien"
    assert ballot.content["marks"][str(slugs["culture"])] == 6  # "À rejeter"
    context.close()


def _go_to(page, title: str) -> None:
    click(page.get_by_role("link", name=title))  # the staff menu


def _login(browser, server, viewport):
    page = new_page(browser, viewport)
    open_app(page, server.url)
    log_in(page)
    expect(page.get_by_role("heading", name="Vos démarches")).to_be_visible()
    return page.context, page


def test_staff_read_the_results_of_a_demo_vote_and_its_robustness(restitution, browser):
    server, db, links, slugs = restitution
    context, page = _login(browser, server, {"width": 1280, "height": 900})
    _go_to(page, "Vote et choix du thème")
    expect(page.get_by_role("heading", name="Vote et choix du thème")).to_be_visible()
    page.get_by_label("Commune").click()
    click(page.get_by_role("option", name="Plufur", exact=False))
    page.get_by_role("tab", name="Résultats").click()  # st.tabs switch in the browser, no rerun
    expect(page.get_by_role("tab", name="Résultats")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text("En tête : « Chemins et randonnée » (méthode de Borda).")).to_be_visible()
    expect(page.get_by_text("Le thème en tête change selon la méthode")).to_be_visible()
    screenshot(page, "vote-staff-results-plufur")
    _go_to(page, "Idées et thèmes")
    expect(page.get_by_role("heading", name="Idées et thèmes")).to_be_visible()
    page.get_by_role("tab", name="Par thème").click()
    expect(page.get_by_role("tab", name="Par thème")).to_have_attribute("aria-selected", "true")
    screenshot(page, "ideas-staff-by-theme")
    context.close()


def test_the_projection_is_readable_at_1280x720_and_follows_the_ballots(restitution, browser):
    server, db, links, slugs = restitution
    context, page = _login(browser, server, PROJECTOR)
    _go_to(page, "Projection (restitution)")
    expect(page.get_by_role("heading", name="Projection de la restitution")).to_be_visible()
    page.get_by_label("Commune").click()
    click(page.get_by_role("option", name="Trémel", exact=False))
    expect(page.get_by_role("radio", name=re.compile("^Le vote en cours"))).to_be_checked()
    click(page.get_by_role("button", name="Lancer la projection"))
    expect(page.get_by_role("heading", name="Trémel : ce que vous nous avez dit")).to_be_visible()
    expect(page.get_by_text("Les thèmes qui reviennent le plus")).to_be_visible()
    expect(page.get_by_text("Votez avec votre téléphone")).to_be_visible()
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()  # no menu on the wall
    expect(page.locator("[data-testid='stImage'] img")).to_have_count(2)  # word cloud, QR code
    screenshot(page, "projection-1280x720")
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    assert height <= PROJECTOR["height"] + 40, f"the screen scrolls ({height}px)"
    received = page.get_by_text(re.compile(r"^\d+ votes? reçus?$"))
    expect(received).to_have_count(1)
    before = int(received.inner_text().split()[0])
    info, _ = links["majority"]  # the newest open vote is the one on screen
    ballots.submit_ballot(db, ballots.BallotSubmission(uuid.uuid4(), info.id,
                                                   {slugs["culture"]: "Bien"}, "online"))
    # The projection redraws itself every 10 s (st.fragment): the new count shows at the next
    # refresh, so this one wait allows two refresh periods.
    after = f"{before + 1} vote reçu" if before == 0 else f"{before + 1} votes reçus"
    expect(page.get_by_text(after, exact=True)).to_be_visible(timeout=25_000)
    with db.read() as s:
        assert s.scalar(select(func.count(Ballot.id)).where(Ballot.vote_id == info.id)) >= 1
    context.close()


def _projection_sizes(page) -> dict:
    return page.evaluate("""() => {
      const px = (el) => parseFloat(getComputedStyle(el).fontSize);
      const main = document.querySelector('[data-testid="stMain"]');
      const blocks = [...main.querySelectorAll('[data-testid="stVerticalBlock"] > *')]
        .filter((el) => el.getBoundingClientRect().height > 0);
      return {
        title: px(document.querySelector('.st-key-proj-title h1')),
        figure: px(document.querySelector('.st-key-proj-figures [data-testid="stMetricValue"]')),
        bottom: Math.max(...blocks.map((el) => el.getBoundingClientRect().bottom)),
        scroll: main.scrollHeight,
      };
    }""")


def test_the_projection_scales_to_a_full_hd_screen(restitution, browser):
    """On a 1920×1080 projector the same layout is drawn 1.5 times larger, filling the screen
    without scrolling, instead of staying at its 1280×720 size with the lower half empty."""
    server, _db, _links, _slugs = restitution
    sizes = {}
    for viewport in (PROJECTOR, {"width": 1920, "height": 1080}):
        context, page = _login(browser, server, viewport)
        _go_to(page, "Projection (restitution)")
        page.get_by_label("Commune").click()
        click(page.get_by_role("option", name="Trémel", exact=False))
        click(page.get_by_role("button", name="Lancer la projection"))
        expect(page.get_by_role("heading", name="Trémel : ce que vous nous avez dit")).to_be_visible()
        expect(page.locator("[data-testid='stImage'] img")).to_have_count(2)
        wait_settled(page)
        sizes[viewport["width"]] = _projection_sizes(page)
        screenshot(page, f"projection-{viewport['width']}x{viewport['height']}")
        context.close()
    small, large = sizes[1280], sizes[1920]
    assert large["title"] >= 1.4 * small["title"], sizes
    assert large["figure"] >= 1.4 * small["figure"], sizes
    assert large["scroll"] <= 1080 + 60, f"the full-HD screen scrolls: {sizes}"
    assert large["bottom"] >= 0.7 * 1080, f"the lower part of the screen is empty: {sizes}"
