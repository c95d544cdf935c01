"""Streamlit edge of authentication: the shared database, the current viewer, the role guard."""

from __future__ import annotations

import streamlit as st

from ruralites import auth, migrate
from ruralites.auth import Viewer
from ruralites.config import settings
from ruralites.db import Database, DatabaseUnavailableError, check_connection, make_engine

TOKEN_KEY = "ruralites_token"  # noqa: S105 (a session_state key, not a secret)
DEVICE_COOKIE = "ruralites_appareil"  # a long-lived random id of this browser, set at login


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    engine = make_engine(url)
    check_connection(engine)
    migrate.upgrade(engine)  # an older schema is upgraded, never lost
    return Database(engine)


def database() -> Database:
    """The process-wide database; stops the page with a French message if it is unreachable."""
    try:
        return _database(settings().database_url)
    except DatabaseUnavailableError as exc:
        st.error(str(exc), icon="🚫")
        st.stop()
        raise  # unreachable: st.stop() raises


def current_viewer() -> Viewer | None:
    token = st.session_state.get(TOKEN_KEY)
    if not token:
        return None
    with database().write() as session:
        viewer = auth.resume(session, token)
    if viewer is None:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state["login_notice"] = "Votre session a expiré : reconnectez-vous."
    return viewer


def client() -> str:
    """This browser as login throttling counts it (a keyed hash, never the address itself)."""
    return auth.client_key(st.context.ip_address, st.context.cookies.get(DEVICE_COOKIE))


def sign_in(username: str, password: str) -> Viewer:
    logged = auth.login(database(), username, password, client=client())
    st.session_state[TOKEN_KEY] = logged.token
    return logged.viewer


def sign_out() -> None:
    with database().write() as session:
        auth.logout(session, st.session_state.pop(TOKEN_KEY, None))


def require_role(*roles: str) -> Viewer:
    """Defence in depth: every page's render() starts here, whatever app.py decided."""
    viewer = current_viewer()
    if viewer is None or (roles and viewer.role not in roles):
        st.error("Accès réservé : connectez-vous avec un compte autorisé.")
        st.stop()
    return viewer
