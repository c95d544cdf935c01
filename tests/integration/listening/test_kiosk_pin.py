"""The staff PIN of a tablet link cannot be guessed: wrong PINs block it for a growing time, and
the version of the questionnaire a link was made for is the one it keeps serving."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ruralites import campaigns, communes
from ruralites.auth import SYSTEM
from ruralites.listening import kiosk
from ruralites.listening.kiosk import PinBlockedError
from ruralites.models import KioskLink

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PIN = "2468"


@pytest.fixture
def link(db):
    with db.write() as s:
        pole = communes.ensure_pole(s, "pole-a", "Pôle A")
        campaign = campaigns.create_campaign(s, name="Démarche A", poles=[pole])
        tremel = campaigns.add_commune(s, campaign, "22366")
        campaigns.move(s, tremel, "volunteered")
        campaigns.move(s, tremel, "validated")
        return kiosk.create_link(s, SYSTEM, participation_id=tremel.id,
                                 survey_slug="ecoute-habitants", pin=PIN, now=NOON)


def _try(db, token, pin, now):
    with db.write() as s:
        return kiosk.check_pin(s, token, pin, now=now)


@pytest.mark.parametrize(("failures", "blocked_for"), [
    (0, 0), (2, 0),  # a mistyped PIN or two cost nothing
    (3, 15), (4, 30), (5, 60), (10, 1920),  # then twice as long each time
    (11, 3600), (25, 3600),  # never more than an hour
])
def test_pin_block_grows_with_wrong_pins_in_a_row(failures, blocked_for):
    assert kiosk.pin_block_seconds(failures) == blocked_for


def test_25_wrong_pins_take_hours_instead_of_seconds(db, link):
    now, tries = NOON, 0
    while tries < 25:
        try:
            assert _try(db, link, f"{tries:04d}", now) is False
            tries += 1
        except PinBlockedError:
            with db.read() as s:
                now = s.scalar(select(KioskLink.pin_blocked_until))  # the attacker waits exactly
    assert now - NOON > timedelta(hours=8)


def test_a_blocked_pin_is_refused_even_when_right_then_accepted_and_the_count_cleared(db, link):
    for wrong in ("1111", "2222", "3333"):
        assert _try(db, link, wrong, NOON) is False
    with pytest.raises(PinBlockedError, match="^Trop de codes PIN incorrects : réessayez dans "
                                              "15 secondes.$"):
        _try(db, link, PIN, NOON)
    assert _try(db, link, PIN, NOON + timedelta(seconds=15)) is True
    assert _try(db, link, "4444", NOON + timedelta(seconds=16)) is False  # counted from zero again
    assert _try(db, link, PIN, NOON + timedelta(seconds=16)) is True


def test_a_long_block_is_said_in_minutes(db, link):
    now = NOON
    for n in range(8):  # each wrong PIN typed as soon as the previous block ends
        with db.read() as s:
            now = s.scalar(select(KioskLink.pin_blocked_until)) or now
        assert _try(db, link, f"9{n:03d}", now) is False
    # the 8th wrong PIN in a row blocks for 15 s × 2⁵ = 8 minutes
    with pytest.raises(PinBlockedError, match="réessayez dans 8 minutes.$"):
        _try(db, link, PIN, now + timedelta(seconds=1))


def test_a_link_keeps_its_questionnaire_version_when_the_file_changes(db, link, tmp_path,
                                                                      monkeypatch):
    from ruralites.config import PROJECT_ROOT, settings
    from ruralites.surveys import store

    with db.read() as s:
        made_for = kiosk.resolve(s, link, now=NOON).survey_version_id
        title = store.stored_version(s, made_for).title()
    folder = tmp_path / "surveys"
    folder.mkdir()
    original = (PROJECT_ROOT / "surveys" / "ecoute-habitants.yaml").read_text(encoding="utf-8")
    (folder / "ecoute-habitants.yaml").write_text(
        original.replace(f'title: "{title}"', 'title: "Titre changé après coup"', 1), encoding="utf-8")
    monkeypatch.setenv("RURALITES_SURVEYS_DIR", str(folder))
    settings.cache_clear()
    assert store.load("ecoute-habitants").title() == "Titre changé après coup"
    with db.read() as s:
        assert kiosk.resolve(s, link, now=NOON).survey_version_id == made_for
        assert store.stored_version(s, made_for).title() == title
