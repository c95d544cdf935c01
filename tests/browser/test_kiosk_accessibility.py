"""Everyone included: every screen an inhabitant sees through a link (each questionnaire screen,
a vote, a registration for an evening, the thank-you screens) passes axe-core with no serious or
critical violation at tablet and phone size, can be completed with the keyboard alone, and suits
elderly people: large text, large touch targets, "Suivant" first, a "larger text" switch that
stays on for the next person."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from ruralites import evenings, fr, ideas
from ruralites.auth import SYSTEM
from ruralites.listening import kiosk
from ruralites.voting import votes
from tests.browser.conftest import (
    PHONE,
    ROOT,
    TABLET,
    AppServer,
    click,
    demo_participation,
    new_page,
    open_app,
    rerun,
    screenshot,
)

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PIN = "2468"
SHORTLIST = ("lieu-de-rencontre", "aines", "enfance-jeunesse", "commerce-cafe", "culture")
SIZES = [pytest.param(TABLET, id="tablet"), pytest.param(PHONE, id="phone")]

# Streamlit's own markup that we cannot change and that no CSS or script of ours can fix; each
# entry is an exact selector left out of the axe run, with the reason.
AXE_EXCLUDE: list[str] = []


@pytest.fixture(scope="module")
def links(tmp_path_factory):
    """The demo campaign; for Trémel a questionnaire link (with a staff PIN), two vote links and
    a registration link for a listening evening three weeks ahead."""
    server = AppServer(tmp_path_factory.mktemp("included"))
    db = server.database(with_demo=True)
    with db.write() as s:
        pid = demo_participation(s)
        made = {"survey": kiosk.create_link(s, SYSTEM, participation_id=pid,
                                            survey_slug="ecoute-habitants", pin=PIN)}
        ideas.merge_identical(s, SYSTEM, pid)
        ideas.apply_suggestions(s, SYSTEM, pid)
        slugs = {t.slug: t.id for t in ideas.themes_for(s, SYSTEM, pid)}
        for method in ("dots", "majority"):
            info = votes.create_vote(s, SYSTEM, pid, theme_ids=[slugs[x] for x in SHORTLIST],
                                     method=method, max_dots=3, title=f"Vote {method}")
            made[method] = votes.create_link(s, SYSTEM, info.id)
        evening = evenings.plan_evening(s, SYSTEM, pid, kind="listening",
                                        starts_at=fr.utcnow() + timedelta(days=21),
                                        place="Salle des fêtes", capacity=40)
        made["registration"] = kiosk.create_link(s, SYSTEM, participation_id=pid,
                                                 evening_id=evening.id)
    server.start()
    yield server, made
    server.stop()


def axe_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on what the page shows now."""
    if not AXE.exists():
        pytest.fail("axe-core introuvable (node_modules) : lancez « make test », qui l'installe "
                    "avec npm ci.")
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (exclude) => {
          const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
          const r = await window.axe.run(context, {resultTypes: ['violations']});
          return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map((n) => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""",
        AXE_EXCLUDE,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def assert_accessible(page: Page, screen: str) -> None:
    found = axe_violations(page)
    assert not found, f"axe-core on {screen}:\n" + json.dumps(found, ensure_ascii=False, indent=1)


def _kiosk(browser, server, token, viewport, mode="&mode=tablette"):
    page = new_page(browser, viewport, has_touch=True)
    open_app(page, f"{server.url}/?k={token}{mode}")
    return page


def _next(page, heading):
    click(page.get_by_role("button", name="Suivant →"))
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


@pytest.mark.parametrize("viewport", SIZES)
def test_every_questionnaire_screen_passes_axe(links, browser, viewport):
    server, made = links
    page = _kiosk(browser, server, made["survey"], viewport)
    assert_accessible(page, "questionnaire, screen 1")
    click(page.get_by_role("button", name="Suivant →"))  # the required-answer errors
    assert_accessible(page, "questionnaire, screen 1 with its errors")
    click(page.get_by_text("De 60 à 74 ans", exact=True))
    click(page.get_by_text("Dans le bourg", exact=True))
    _next(page, "La vie dans la commune")
    assert_accessible(page, "questionnaire, screen 2")
    _next(page, "Vos besoins et vos idées")
    click(page.get_by_text("Un café", exact=True))
    assert_accessible(page, "questionnaire, screen 3")
    _next(page, "Et vous, aimeriez-vous participer ?")
    click(page.get_by_role("radiogroup", name="Voulez-vous aider pour un projet").get_by_text("Oui", exact=True))
    assert_accessible(page, "questionnaire, screen 4")
    _next(page, "Pour rester en contact (facultatif)")
    click(page.get_by_role("radiogroup", name="Pouvons-nous garder").get_by_text("Oui", exact=True))
    page.get_by_label("Votre prénom et votre nom").fill("Jeanne Le Bihan")
    assert_accessible(page, "questionnaire, screen 5")
    click(page.get_by_role("button", name="Envoyer mes réponses ✓"))
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    assert_accessible(page, "questionnaire, thank-you screen")
    page.context.close()


@pytest.mark.parametrize("viewport", SIZES)
def test_the_vote_and_registration_screens_pass_axe(links, browser, viewport):
    server, made = links
    for method in ("dots", "majority"):
        page = _kiosk(browser, server, made[method], viewport)
        expect(page.get_by_role("heading", name="À vous de voter !")).to_be_visible()
        assert_accessible(page, f"vote ({method})")
        if method == "dots":
            click(page.get_by_role("radiogroup", name="Lieu de rencontre").get_by_text("●●●", exact=True))
            click(page.get_by_role("button", name="Valider mon vote ✓"))
            expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
            assert_accessible(page, "vote, thank-you screen")
        page.context.close()
    page = _kiosk(browser, server, made["registration"], viewport, mode="")
    assert_accessible(page, "registration")
    name = "Jeanne Le Bihan" if viewport is TABLET else "Yves Le Goff"  # one registration each
    page.get_by_role("textbox", name="Votre prénom et votre nom").fill(name)
    click(page.get_by_text("J'ai lu ce qui précède", exact=False))
    click(page.get_by_role("button", name="M'inscrire ✓"))
    expect(page.get_by_role("heading", name="Merci, vous êtes inscrit·e !")).to_be_visible()
    assert_accessible(page, "registration, thank-you screen")
    page.context.close()


# ---- ergonomics: sizes and places measured as the browser draws them ---------------------------

_FONT_PX = "(el) => parseFloat(getComputedStyle(el).fontSize)"


def font_px(locator) -> float:
    return locator.evaluate(_FONT_PX)


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not drawn"
    return found


def _question_label(page, text):
    """A question's label as written above its answers (its first paragraph)."""
    return page.locator('[data-testid="stMarkdownContainer"] p').filter(has_text=text).first


@pytest.mark.parametrize("viewport", SIZES)
def test_kiosk_text_and_touch_targets_are_large_and_next_comes_first(links, browser, viewport):
    server, made = links
    page = _kiosk(browser, server, made["survey"], viewport)
    # Screen 1: the first question is above the fold on a tablet, the title block compact.
    label = _question_label(page, "1. Quel âge avez-vous ?")
    first = page.get_by_test_id("stRadioOption").filter(has_text="Moins de 18 ans")
    if viewport is TABLET:
        assert box(first)["y"] + box(first)["height"] <= TABLET["height"]
    answer = first.locator("p")
    help_text = page.get_by_text("Pour entendre toutes les générations.")
    assert font_px(answer) >= 18
    assert font_px(label) >= font_px(answer)  # the question never reads smaller than its answers
    assert font_px(help_text) >= 18
    assert font_px(page.get_by_text("Étape 1 sur 5", exact=True)) >= 18
    for option in page.get_by_test_id("stRadioOption").all():
        assert box(option)["height"] >= 44, option.inner_text()
    assert box(page.get_by_role("button", name="Suivant →"))["height"] >= 44
    expect(page.locator("h1 a, h2 a, h3 a")).to_have_count(0)  # no 🔗 anchors beside headings
    expect(page.get_by_test_id("stHeaderActionElements")).to_have_count(0)
    switch = page.get_by_role("switch", name="Texte plus grand")
    assert box(page.get_by_test_id("stCheckbox").filter(has=switch))["height"] >= 44

    click(page.get_by_text("De 60 à 74 ans", exact=True))
    click(page.get_by_text("Dans le bourg", exact=True))
    _next(page, "La vie dans la commune")
    # Screen 2: the 1-5 scale on one row, its meaning written at both ends in large type.
    scale = page.get_by_role("radiogroup", name="Vous sentez-vous seul ou seule")
    points = scale.get_by_test_id("stRadioOption").all()
    assert len(points) == 5
    tops = {round(box(p)["y"]) for p in points}
    assert len(tops) == 1, f"the scale wraps onto {len(tops)} rows"
    assert all(box(p)["height"] >= 44 for p in points)
    assert box(points[-1])["x"] + box(points[-1])["width"] <= viewport["width"]
    low, high = page.get_by_text("= Jamais", exact=False), page.get_by_text("= Très souvent")
    assert font_px(low) >= 18 and font_px(high) >= 18
    assert box(low)["x"] < box(high)["x"]
    assert box(low)["y"] < box(points[0])["y"]  # read before choosing
    for option in page.get_by_test_id("stCheckbox").filter(has_not=switch).all():
        assert box(option.locator("label"))["height"] >= 44, option.inner_text()
    # "Suivant" first: above "Retour" on a phone, beside it (and first) on a tablet.
    forward = box(page.get_by_role("button", name="Suivant →"))
    back = box(page.get_by_role("button", name="← Retour"))
    assert forward["height"] >= 44 and back["height"] >= 44
    if viewport is PHONE:
        assert forward["y"] + forward["height"] <= back["y"]
    else:
        assert abs(forward["y"] - back["y"]) < 2 and forward["x"] < back["x"]
        assert forward["width"] > back["width"]
    page.context.close()


# ---- keyboard only -----------------------------------------------------------------------------

_FOCUSED = """() => {
  const a = document.activeElement;
  const holder = a.closest('label') || a;
  const style = getComputedStyle(holder);
  return {text: (holder.innerText || a.getAttribute('aria-label') || '').trim(),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
}"""


def tab_to(page: Page, text: str, limit: int = 80) -> None:
    """Press Tab until the element named `text` has the focus, and check the focus is outlined."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused["text"] == text:
            assert focused["outline"], f"the keyboard focus on « {text} » is not visible"
            return
        seen.append(focused["text"][:30])
    raise AssertionError(f"Tab never reached « {text} »: {seen}")


def press(page: Page, key: str) -> None:
    with rerun(page):
        page.keyboard.press(key)


def test_the_questionnaire_can_be_completed_with_the_keyboard_alone(links, browser):
    server, made = links
    page = _kiosk(browser, server, made["survey"], TABLET)
    tab_to(page, "Moins de 18 ans")
    press(page, "Space")
    tab_to(page, "Dans le bourg")
    press(page, "Space")
    tab_to(page, "Suivant →")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="La vie dans la commune")).to_be_visible()
    tab_to(page, "Suivant →")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="Vos besoins et vos idées")).to_be_visible()
    tab_to(page, "Un café")
    press(page, "Space")
    tab_to(page, "Suivant →")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="Et vous, aimeriez-vous participer ?")).to_be_visible()
    tab_to(page, "Oui")  # a radio group is one Tab stop; the arrow keys choose within it
    press(page, "ArrowRight")
    expect(page.get_by_role("radio", name="Non")).to_be_checked()
    tab_to(page, "Suivant →")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="Pour rester en contact (facultatif)")).to_be_visible()
    tab_to(page, "Envoyer mes réponses ✓")
    press(page, "Enter")
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    expect(page.get_by_text("Vos réponses sont bien enregistrées.", exact=True)).to_be_visible()
    page.context.close()


# ---- "Texte plus grand" ------------------------------------------------------------------------

def _root_px(page) -> float:
    return page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")


@pytest.mark.parametrize("viewport", SIZES)
def test_larger_text_scales_the_kiosk_and_stays_on_for_the_next_person(links, browser, viewport):
    server, made = links
    page = _kiosk(browser, server, made["survey"], viewport)
    answer = page.get_by_test_id("stRadioOption").filter(has_text="Moins de 18 ans").locator("p")
    normal = font_px(answer), _root_px(page)
    click(page.get_by_text("Texte plus grand", exact=True))
    expect(page.get_by_role("switch", name="Texte plus grand")).to_be_checked()
    assert _root_px(page) >= 1.2 * normal[1] and font_px(answer) >= 1.2 * normal[0]
    assert "texte=grand" in page.url
    shot = "tablet" if viewport is TABLET else "phone"
    screenshot(page, f"kiosk-larger-text-{shot}-1")
    click(page.get_by_text("De 60 à 74 ans", exact=True))
    click(page.get_by_text("Dans le bourg", exact=True))
    _next(page, "La vie dans la commune")
    points = page.get_by_role("radiogroup", name="Vous sentez-vous seul ou seule"
                              ).get_by_test_id("stRadioOption").all()
    assert len({round(box(p)["y"]) for p in points}) == 1  # one row, even with larger text
    assert box(points[-1])["x"] + box(points[-1])["width"] <= viewport["width"]
    points[0].scroll_into_view_if_needed()
    screenshot(page, f"kiosk-larger-text-{shot}-2")
    _next(page, "Vos besoins et vos idées")
    click(page.get_by_text("Un café", exact=True))
    _next(page, "Et vous, aimeriez-vous participer ?")
    click(page.get_by_role("radiogroup", name="Voulez-vous aider pour un projet"
                           ).get_by_text("Non", exact=True))
    _next(page, "Pour rester en contact (facultatif)")
    click(page.get_by_role("button", name="Envoyer mes réponses ✓"))
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    screenshot(page, f"kiosk-larger-text-{shot}-3-merci")
    click(page.get_by_role("button", name="Questionnaire suivant"))  # the next person
    expect(page.get_by_role("heading", name="Pour mieux vous connaître")).to_be_visible()
    expect(page.get_by_role("switch", name="Texte plus grand")).to_be_checked()
    assert _root_px(page) >= 1.2 * normal[1]
    open_app(page, page.url)  # a reload (a new browser session) keeps it too
    expect(page.get_by_role("switch", name="Texte plus grand")).to_be_checked()
    assert _root_px(page) >= 1.2 * normal[1]
    click(page.get_by_text("Texte plus grand", exact=True))  # and it can be turned off
    expect(page.get_by_role("switch", name="Texte plus grand")).not_to_be_checked()
    assert _root_px(page) == normal[1]
    page.context.close()
