"""Administrators change accounts: pôle, communes, password, deactivation; never the last
administrator, and nobody else may."""

import pytest

from ruralites import auth, communes
from ruralites.auth import AuthError, LastAdminError, LoginError

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def accounts(db):
    with db.write() as s:
        admin = auth.create_first_admin(s, username="marie", display_name="Marie",
                                        password=PASSWORD)
        anim = auth.create_user(s, username="anim", display_name="Anim", password=PASSWORD,
                                role="staff")
        maire = auth.create_user(s, username="maire", display_name="Maire", password=PASSWORD,
                                 role="mayor", commune_codes=["22366"])
        pole = communes.ensure_pole(s, "adess", "ADESS")
        s.flush()
        ids = {"admin": admin.id, "anim": anim.id, "maire": maire.id, "pole": pole.id}
    viewers = {n: auth.login(db, n, PASSWORD).viewer for n in ("marie", "anim")}
    return ids, viewers


def test_the_last_active_administrator_is_never_deactivated(db, accounts):
    ids, viewers = accounts
    with pytest.raises(LastAdminError), db.write() as s:
        auth.set_active(s, viewers["marie"], ids["admin"], False)
    with db.write() as s:
        second = auth.create_user(s, username="paul", display_name="Paul", password=PASSWORD,
                                  role="admin").id
    with db.write() as s:
        auth.set_active(s, viewers["marie"], second, False)
    with pytest.raises(LastAdminError), db.write() as s:  # paul is inactive: still the last
        auth.set_active(s, viewers["marie"], ids["admin"], False)


def test_a_deactivated_account_cannot_log_in_and_its_session_ends(db, accounts):
    ids, viewers = accounts
    token = auth.login(db, "anim", PASSWORD).token
    with db.write() as s:
        auth.set_active(s, viewers["marie"], ids["anim"], False)
    with db.write() as s:
        assert auth.resume(s, token) is None
    with pytest.raises(LoginError):
        auth.login(db, "anim", PASSWORD)


def test_a_reset_password_works_and_ends_open_sessions(db, accounts):
    ids, viewers = accounts
    token = auth.login(db, "maire", PASSWORD).token
    with db.write() as s:
        auth.reset_password(s, viewers["marie"], ids["maire"], "un-autre-mot-de-passe")
    with db.write() as s:
        assert auth.resume(s, token) is None
    assert auth.login(db, "maire", "un-autre-mot-de-passe").viewer.username == "maire"


def test_staff_go_to_a_pole_and_mayors_to_communes_only(db, accounts):
    ids, viewers = accounts
    with db.write() as s:
        auth.set_pole(s, viewers["marie"], ids["anim"], ids["pole"])
        auth.set_communes(s, viewers["marie"], ids["maire"], ["22366", "22238"])
    assert auth.login(db, "anim", PASSWORD).viewer.pole_id == ids["pole"]
    assert auth.login(db, "maire", PASSWORD).viewer.commune_codes == {"22366", "22238"}
    with pytest.raises(AuthError, match="animateur"), db.write() as s:
        auth.set_pole(s, viewers["marie"], ids["maire"], ids["pole"])
    with pytest.raises(AuthError, match="élu"), db.write() as s:
        auth.set_communes(s, viewers["marie"], ids["anim"], ["22366"])
    with pytest.raises(AuthError, match="au moins une commune"), db.write() as s:
        auth.set_communes(s, viewers["marie"], ids["maire"], [])


def test_only_an_administrator_changes_accounts(db, accounts):
    ids, viewers = accounts
    with pytest.raises(AuthError, match="Seul un administrateur"), db.write() as s:
        auth.set_active(s, viewers["anim"], ids["admin"], False)
