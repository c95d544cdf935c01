"""Login throttling slows whoever guesses, per (username, client), and never locks the owner out
of their own account from their own browser."""

from datetime import UTC, datetime, timedelta

import pytest

from ruralites import auth
from ruralites.auth import ACCOUNT_CAP, CLIENT_CAP, LoginError, LoginThrottledError

PASSWORD = "un-mot-de-passe-solide"
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ATTACKER = auth.client_key("203.0.113.7")
OWNER = auth.client_key("192.0.2.10", "appareil-de-marie")


@pytest.fixture
def marie(db):
    with db.write() as s:
        auth.create_first_admin(s, username="marie", display_name="Marie", password=PASSWORD)
    return db


def _guess(db, client, now, username="marie"):
    """One wrong password; True if it was checked, False if the client had to wait."""
    try:
        auth.login(db, username, "mauvais-mot-de-passe", client=client, now=now)
    except LoginError:
        return True
    except LoginThrottledError:
        return False
    raise AssertionError("a wrong password logged in")


@pytest.mark.parametrize(("failures", "seconds"), [
    (0, 0), (4, 0),  # a few typos cost nothing
    (5, 30), (6, 60), (7, 120), (9, 480),  # then twice as long after each failure
    (10, 900), (40, 900),  # never more than the configured lockout (15 min)
])
def test_the_wait_grows_with_failures_in_a_row(failures, seconds):
    assert auth.throttle_delay(failures) == timedelta(seconds=seconds)


def test_the_owner_logs_in_from_their_browser_while_someone_else_guesses(marie):
    for n in range(5):
        assert _guess(marie, ATTACKER, NOON + timedelta(seconds=n))
    assert not _guess(marie, ATTACKER, NOON + timedelta(seconds=10))  # the guesser waits
    logged = auth.login(marie, "marie", PASSWORD, client=OWNER, now=NOON + timedelta(seconds=11))
    assert logged.viewer.username == "marie"  # the owner does not


def test_25_guesses_from_one_client_take_hours_not_seconds(marie):
    now, checked = NOON, 0
    while checked < 25:
        if _guess(marie, ATTACKER, now):
            checked += 1
        else:
            now += timedelta(seconds=30)  # retries every 30 seconds
    assert now - NOON > timedelta(hours=4)


def test_the_wait_is_said_in_french_minutes(marie):
    for n in range(9):  # one guess every 8 minutes: each one after the previous wait is over
        assert _guess(marie, ATTACKER, NOON + timedelta(minutes=8 * n))
    # the 9th failure in a row means 30 s × 2⁴ = 8 minutes of wait
    with pytest.raises(LoginThrottledError, match="Réessayez dans 8 minutes.$"):
        auth.login(marie, "marie", PASSWORD, client=ATTACKER,
                   now=NOON + timedelta(minutes=64, seconds=1))


def test_one_client_spraying_many_usernames_is_slowed_on_all_of_them(marie):
    for n in range(CLIENT_CAP):  # four tries on each of many names: never five on one
        assert _guess(marie, ATTACKER, NOON + timedelta(seconds=n), username=f"nom{n // 4}")
    assert not _guess(marie, ATTACKER, NOON + timedelta(seconds=CLIENT_CAP + 1),
                      username="un-autre-nom")


def test_an_account_attacked_from_everywhere_still_opens_on_the_owners_known_browser(marie):
    auth.login(marie, "marie", PASSWORD, client=OWNER, now=NOON - timedelta(days=3))
    for n in range(ACCOUNT_CAP):  # a botnet: every guess from another address
        assert _guess(marie, auth.client_key(f"198.51.100.{n}"), NOON + timedelta(seconds=n))
    with pytest.raises(LoginThrottledError, match="déjà connecté·e"):
        auth.login(marie, "marie", PASSWORD, client=auth.client_key("198.51.100.250"),
                   now=NOON + timedelta(minutes=5))
    assert auth.login(marie, "marie", PASSWORD, client=OWNER, now=NOON + timedelta(minutes=5))


def test_the_address_is_never_stored_only_its_keyed_hash(marie):
    from sqlalchemy import select

    from ruralites.models import LoginAttempt

    _guess(marie, ATTACKER, NOON)
    with marie.read() as s:
        stored = s.scalars(select(LoginAttempt.client)).all()
    assert stored == [ATTACKER] and "203.0.113.7" not in ATTACKER and len(ATTACKER) == 64
