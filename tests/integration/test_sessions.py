"""Sessions across reloads: a one-time code for the browser's cookie, a signed cookie value, an
idle timeout and an absolute lifetime."""

from datetime import UTC, datetime, timedelta

import pytest

from ruralites import auth
from ruralites.auth import SESSION_MAX_HOURS, AuthError

PASSWORD = "un-mot-de-passe-solide"
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def logged(db):
    with db.write() as s:
        auth.create_first_admin(s, username="marie", display_name="Marie", password=PASSWORD)
    return auth.login(db, "marie", PASSWORD, now=NOON).token


def _cookie_token(db, token, now=NOON):
    with db.write() as s:
        code = auth.handoff_code(s, token, now=now)
    with db.write() as s:
        return code, auth.redeem_handoff(s, code, now=now + timedelta(seconds=2))


def test_the_code_gives_the_cookie_its_own_token_once(db, logged):
    code, cookie_token = _cookie_token(db, logged)
    assert cookie_token and cookie_token not in (logged, code)
    with db.write() as s:
        assert auth.resume(s, cookie_token, now=NOON + timedelta(minutes=1)).username == "marie"
    with db.write() as s:
        assert auth.redeem_handoff(s, code, now=NOON + timedelta(seconds=3)) is None  # spent


def test_a_code_older_than_a_minute_gives_nothing(db, logged):
    with db.write() as s:
        code = auth.handoff_code(s, logged, now=NOON)
    with db.write() as s:
        assert auth.redeem_handoff(s, code, now=NOON + timedelta(seconds=61)) is None


def test_logout_ends_the_session_for_the_tab_and_the_cookie(db, logged):
    _, cookie_token = _cookie_token(db, logged)
    with db.write() as s:
        auth.logout(s, logged)
    with db.write() as s:
        assert auth.resume(s, cookie_token) is None
        assert auth.resume(s, logged) is None
    with pytest.raises(AuthError, match="expiré"), db.write() as s:
        auth.handoff_code(s, logged)


def test_an_active_session_still_ends_after_its_absolute_lifetime(db, logged):
    now = NOON
    while now < NOON + timedelta(hours=SESSION_MAX_HOURS - 1):  # a click every 20 minutes
        now += timedelta(minutes=20)
        with db.write() as s:
            assert auth.resume(s, logged, now=now) is not None
    with db.write() as s:
        assert auth.resume(s, logged, now=NOON + timedelta(hours=SESSION_MAX_HOURS,
                                                           minutes=1)) is None


@pytest.mark.parametrize("tamper", [
    lambda v: v[:-1] + ("A" if v[-1] != "A" else "B"),  # signature changed
    lambda v: "x" + v,  # token changed
    lambda v: v.split(".")[0],  # no signature
    lambda v: "",
])
def test_a_cookie_value_whose_signature_does_not_match_is_ignored(tamper):
    value = auth.sign_token("un-jeton")
    assert auth.unsign_token(value) == "un-jeton"
    assert auth.unsign_token(tamper(value)) is None
