"""Streamlit edge of authentication: the shared database, the current viewer, the role guard."""

from __future__ import annotations

import streamlit as st

from ruralites import auth, migrate
from ruralites.auth import Viewer
from ruralites.config import settings
from ruralites.db import Database, DatabaseUnavailableError, check_connection, make_engine

TOKEN_KEY = "ruralites_token"  # noqa: S105 (a session_state key, not a secret)
SESSION_COOKIE = "ruralites_session"  # HttpOnly, signed; set by /session/cookie (ui/web.py)
DEVICE_COOKIE = "ruralites_appareil"  # a long-lived random id of this browser, set at login
_COOKIE_CODE = "session_cookie_code"  # a one-time code the next run hands to the browser
_DROP_COOKIE = "session_cookie_drop"
_DEAD_COOKIE = "session_cookie_dead"


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    engine = make_engine(url)
    check_connection(engine)
    migrate.upgrade(engine)  # an older schema is upgraded, never lost
    return Database(engine)


def shared_database() -> Database:
    """The process-wide database, also for the `/session/*` routes (no page to draw on)."""
    return _database(settings().database_url)


def database() -> Database:
    """The process-wide database; stops the page with a French message if it is unreachable."""
    try:
        return shared_database()
    except DatabaseUnavailableError as exc:
        st.error(str(exc), icon="🚫")
        st.stop()
        raise  # unreachable: st.stop() raises


def _cookie(name: str) -> str | None:
    """A cookie of the tab's first request (under AppTest the client is a mock: no cookie)."""
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) else None


def current_viewer() -> Viewer | None:
    """Who is logged in: this tab's session, else the browser's session cookie (after a reload,
    in a new tab or on a typed address). Idle, too old or ended: None."""
    token = st.session_state.get(TOKEN_KEY)
    # The cookies Streamlit shows are those of the tab's first request: after a logout the old
    # one is still listed, so a cookie once found dead is not tried again.
    cookie = _cookie(SESSION_COOKIE)
    from_cookie = token is None and bool(cookie) and cookie != st.session_state.get(_DEAD_COOKIE)
    if from_cookie:
        token = auth.unsign_token(cookie)
    if not token:
        return None
    with database().write() as session:
        viewer = auth.resume(session, token)
    if viewer is None:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state[_DEAD_COOKIE] = cookie
        st.session_state[_DROP_COOKIE] = True
        st.session_state["login_notice"] = "Votre session a expiré : reconnectez-vous."
        return None
    st.session_state[TOKEN_KEY] = token
    return viewer


def hand_cookie_to_browser() -> None:
    """After login, the browser spends a one-time code for its HttpOnly session cookie; after
    logout or expiry, it drops the cookie. An invisible image does the request (a script cannot
    set a cookie, and the code is not a reusable secret: it works once, for a minute)."""
    if code := st.session_state.pop(_COOKIE_CODE, None):
        st.html(f'<img src="/session/cookie?code={code}" alt="" width="1" height="1" '
                'style="position:absolute;opacity:0">')
    elif st.session_state.pop(_DROP_COOKIE, None) and _cookie(SESSION_COOKIE):
        st.html('<img src="/session/end" alt="" width="1" height="1" '
                'style="position:absolute;opacity:0">')


def client() -> str:
    """This browser as login throttling counts it (a keyed hash, never the address itself)."""
    address = st.context.ip_address
    return auth.client_key(address if isinstance(address, str) else None, _cookie(DEVICE_COOKIE))


def sign_in(username: str, password: str) -> Viewer:
    logged = auth.login(database(), username, password, client=client())
    st.session_state[TOKEN_KEY] = logged.token
    with database().write() as session:
        st.session_state[_COOKIE_CODE] = auth.handoff_code(session, logged.token)
    st.session_state.pop(_DROP_COOKIE, None)
    return logged.viewer


def sign_out() -> None:
    with database().write() as session:
        auth.logout(session, st.session_state.pop(TOKEN_KEY, None))
    st.session_state[_DROP_COOKIE] = True
    st.session_state[_DEAD_COOKIE] = _cookie(SESSION_COOKIE)


def require_role(*roles: str) -> Viewer:
    """Defence in depth: every page's render() starts here, whatever app.py decided."""
    viewer = current_viewer()
    if viewer is None or (roles and viewer.role not in roles):
        st.error("Accès réservé : connectez-vous avec un compte autorisé.")
        st.stop()
    return viewer
