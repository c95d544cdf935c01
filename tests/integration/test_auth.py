"""Accounts, login, throttling, sessions and the mayor's scope, on a real database."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from ruralites import auth, campaigns, communes
from ruralites.auth import (
    SYSTEM,
    AlreadyInitialisedError,
    AuthError,
    LoginError,
    LoginThrottledError,
)
from ruralites.models import User, utcnow

PASSWORD = "un-mot-de-passe-solide"


def _admin(db):
    with db.write() as s:
        auth.create_first_admin(s, username="Marie.Le-Goff", display_name="Marie", password=PASSWORD)


def test_first_admin_is_created_once_and_a_second_attempt_is_refused(db):
    _admin(db)
    with pytest.raises(AlreadyInitialisedError, match="existe déjà"), db.write() as s:
        auth.create_first_admin(s, username="autre", display_name="Autre", password=PASSWORD)
    with db.read() as s:
        assert [u.username for u in s.scalars(select(User))] == ["marie.le-goff"]


def test_passwords_are_stored_as_argon2_hashes(db):
    _admin(db)
    with db.read() as s:
        stored = s.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("password", "message"),
    [("court", "au moins 10 caractères"), ("marie.le-goff", "ne doit pas être l'identifiant")],
)
def test_weak_passwords_are_refused(db, password, message):
    with pytest.raises(AuthError, match=message), db.write() as s:
        auth.create_user(s, username="marie.le-goff", display_name="M", password=password, role="staff")


def test_wrong_password_and_unknown_user_get_the_same_message(db):
    _admin(db)
    for username, password in (("marie.le-goff", "mauvais-mot-de-passe"), ("inconnu", PASSWORD)):
        with pytest.raises(LoginError) as caught:
            auth.login(db, username, password)
        assert str(caught.value) == "Identifiant ou mot de passe incorrect."


def test_login_is_case_insensitive_on_the_username(db):
    _admin(db)
    assert auth.login(db, " MARIE.LE-GOFF ", PASSWORD).viewer.role == "admin"


def _fail(db, now):
    with pytest.raises(LoginError):
        auth.login(db, "marie.le-goff", "mauvais-mot-de-passe", now=now)


def test_login_is_slowed_after_five_failures_even_with_the_right_password(db):
    _admin(db)
    now = utcnow()
    for _ in range(5):
        _fail(db, now)
    with pytest.raises(LoginThrottledError, match="Réessayez dans 25 secondes"):
        auth.login(db, "marie.le-goff", PASSWORD, now=now + timedelta(seconds=5))
    assert auth.login(db, "marie.le-goff", PASSWORD, now=now + timedelta(seconds=30)).token


def test_a_session_expires_after_an_hour_of_inactivity_and_ends_at_logout(db):
    _admin(db)
    now = utcnow()
    token = auth.login(db, "marie.le-goff", PASSWORD, now=now).token
    with db.write() as s:
        assert auth.resume(s, token, now=now + timedelta(minutes=50)).username == "marie.le-goff"
    with db.write() as s:  # activity at +50 min keeps it alive at +100 min
        assert auth.resume(s, token, now=now + timedelta(minutes=100)) is not None
    with db.write() as s:
        assert auth.resume(s, token, now=now + timedelta(minutes=161)) is None
    token = auth.login(db, "marie.le-goff", PASSWORD).token
    with db.write() as s:
        auth.logout(s, token)
    with db.write() as s:
        assert auth.resume(s, token) is None


def test_a_mayor_account_needs_a_known_commune(db):
    with pytest.raises(AuthError, match="au moins une commune"), db.write() as s:
        auth.create_user(s, username="maire", display_name="Maire", password=PASSWORD, role="mayor")


def test_a_mayor_sees_only_their_communes_rows(db):
    with db.write() as s:
        pole = communes.ensure_pole(s, "adess", "ADESS")
        campaign = campaigns.create_campaign(s, name="Démarche test", poles=[pole])
        for code in ("22366", "29014", "22227"):
            campaigns.add_commune(s, campaign, code)
        auth.create_user(s, username="maire.tremel", display_name="Maire", password=PASSWORD,
                         role="mayor", commune_codes=["22366"])
    mayor = auth.login(db, "maire.tremel", PASSWORD).viewer
    with db.read() as s:
        assert [r.code_insee for r in campaigns.board(s, mayor)] == ["22366"]
        assert len(campaigns.board(s, SYSTEM)) == 3
        others = [r.participation_id for r in campaigns.board(s, SYSTEM) if r.code_insee != "22366"]
        assert campaigns.history(s, mayor, others[0]) == []


def test_staff_of_a_pole_see_only_their_poles_campaigns(db):
    with db.write() as s:
        ours = communes.ensure_pole(s, "ours", "Notre pôle")
        theirs = communes.ensure_pole(s, "theirs", "Autre pôle")
        campaigns.add_commune(s, campaigns.create_campaign(s, name="Nôtre", poles=[ours]), "22366")
        campaigns.add_commune(s, campaigns.create_campaign(s, name="Autre", poles=[theirs]), "29014")
        user = auth.create_user(s, username="anim", display_name="Anim", password=PASSWORD,
                                role="staff", pole_id=ours.id)
        viewer = auth.viewer_for(user)
    with db.read() as s:
        assert [r.campaign_name for r in campaigns.board(s, viewer)] == ["Nôtre"]


def test_logins_failures_and_logouts_are_in_the_audit_log_without_what_was_typed(db):
    from ruralites import privacy
    from ruralites.auth import SYSTEM

    _admin(db)
    with pytest.raises(LoginError):
        auth.login(db, "marie.le-goff", "pas-le-bon-mot-de-passe")
    with pytest.raises(LoginError):
        auth.login(db, "quelqu.un.d.autre@example.org", PASSWORD)
    token = auth.login(db, "marie.le-goff", PASSWORD).token
    with db.write() as s:
        auth.logout(s, token)
    with db.read() as s:
        entries = privacy.entries(s, SYSTEM)
        admin_id = s.scalar(select(User.id).where(User.username == "marie.le-goff"))
    assert [(e.who, e.action, e.entity) for e in entries] == [
        ("marie.le-goff", "Déconnexion", f"compte n° {admin_id}"),
        ("marie.le-goff", "Connexion", f"compte n° {admin_id}"),
        ("inconnu", "Connexion refusée (mot de passe ou compte)", "compte"),
        ("inconnu", "Connexion refusée (mot de passe ou compte)", f"compte n° {admin_id}"),
    ]
    logged = repr(entries)
    assert "example.org" not in logged and "pas-le-bon" not in logged and PASSWORD not in logged
