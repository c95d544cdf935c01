"""The routes Ruralités adds to Streamlit's server (`st.App`, see `serve.py`): the browser spends
a one-time login code for its HttpOnly session cookie, and drops the cookie at logout. Streamlit
owns `/auth/*`; ours live under `/session/*`. No page script runs here."""

from __future__ import annotations

from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ruralites import auth, fr, network
from ruralites.db import Database
from ruralites.ui.session import DEVICE_COOKIE, SESSION_COOKIE, shared_database

DEVICE_DAYS = 400  # the longest a browser keeps a cookie
_NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _db() -> Database:
    """The process's database, the same one the pages use."""
    return shared_database()


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or network.current().url.startswith("https://")


def _exchange(code: str | None) -> tuple[str, int] | None:
    with _db().write() as session:
        token = auth.redeem_handoff(session, code)
        if token is None:
            return None
        ends = auth.session_expires_at(session, token)
    max_age = int((ends - fr.utcnow()).total_seconds()) if ends else 0
    return auth.sign_token(token), max(0, max_age)


async def session_cookie(request: Request) -> Response:
    """GET /session/cookie?code=… — set the signed session cookie (HttpOnly, SameSite=Strict,
    for the session's remaining absolute lifetime). An unknown or spent code gets 403."""
    found = await run_in_threadpool(_exchange, request.query_params.get("code"))
    if found is None:
        return Response(status_code=403, headers=_NO_STORE)
    value, max_age = found
    response = Response(status_code=204, headers=_NO_STORE)
    secure = _secure(request)
    response.set_cookie(SESSION_COOKIE, value, max_age=max_age, path="/", httponly=True,
                        samesite="strict", secure=secure)
    if not request.cookies.get(DEVICE_COOKIE):
        response.set_cookie(DEVICE_COOKIE, auth.new_device_id(), path="/", httponly=True,
                            max_age=int(timedelta(days=DEVICE_DAYS).total_seconds()),
                            samesite="strict", secure=secure)
    return response


async def session_end(request: Request) -> Response:
    """GET /session/end — forget the session cookie (the session itself is ended by logout)."""
    response = Response(status_code=204, headers=_NO_STORE)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=_secure(request))
    return response


ROUTES = [Route("/session/cookie", session_cookie, methods=["GET"]),
          Route("/session/end", session_end, methods=["GET"])]
