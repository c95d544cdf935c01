"""Users, roles, password hashing (argon2), login throttling, idle-expiring sessions, and the
scoping rule: a mayor's queries only ever return their communes' rows."""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, false, func, or_, select, true
from sqlalchemy.orm import Session

from ruralites import audit, fr
from ruralites.communes import ensure_commune
from ruralites.config import settings
from ruralites.db import Database
from ruralites.errors import UserError
from ruralites.models import (
    ROLES,
    Campaign,
    Commune,
    LoginAttempt,
    Participation,
    Pole,
    User,
    UserSession,
    limits,
)

ROLE_LABELS = {"admin": "Administrateur·rice", "staff": "Animateur·rice", "mayor": "Élu·e"}
MIN_PASSWORD_LENGTH = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AuthError(UserError):
    """str() is a French message for users."""


class LoginError(AuthError):
    def __init__(self) -> None:
        super().__init__("Identifiant ou mot de passe incorrect.")


class LoginThrottledError(AuthError):
    pass


class AlreadyInitialisedError(AuthError):
    def __init__(self) -> None:
        super().__init__(
            "Un compte administrateur existe déjà : connectez-vous, ou demandez à un "
            "administrateur de vous créer un compte."
        )


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the scope every domain query is filtered by."""

    user_id: int | None
    role: str
    display_name: str = ""
    username: str = ""
    pole_id: int | None = None
    commune_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_staff(self) -> bool:
        return self.role in ("admin", "staff")

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


SYSTEM = Viewer(user_id=None, role="admin", display_name="système")


def participation_scope(viewer: Viewer) -> ColumnElement[bool]:
    """The WHERE clause limiting participations to what the viewer may see."""
    if viewer.role == "admin":
        return true()
    if viewer.role == "staff":
        if viewer.pole_id is None:
            return true()
        return Participation.campaign.has(Campaign.poles.any(Pole.id == viewer.pole_id))
    if viewer.role == "mayor" and viewer.commune_codes:
        return Participation.commune_code.in_(sorted(viewer.commune_codes))
    return false()


def campaign_scope(viewer: Viewer) -> ColumnElement[bool]:
    """The WHERE clause limiting campaigns to what the viewer may see: the same rule as
    `participation_scope`, at the level of the campaign."""
    if viewer.role == "admin":
        return true()
    if viewer.role == "staff":
        if viewer.pole_id is None:
            return true()
        return Campaign.poles.any(Pole.id == viewer.pole_id)
    if viewer.role == "mayor" and viewer.commune_codes:
        return Campaign.participations.any(
            Participation.commune_code.in_(sorted(viewer.commune_codes))
        )
    return false()


def viewer_for(user: User) -> Viewer:
    return Viewer(
        user_id=user.id, role=user.role, display_name=user.display_name, username=user.username,
        pole_id=user.pole_id, commune_codes=frozenset(c.code_insee for c in user.communes),
    )


# ---- accounts ----------------------------------------------------------------------------------


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def check_password_strength(password: str, username: str = "") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AuthError(f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.")
    if username and normalise_username(password) == normalise_username(username):
        raise AuthError("Le mot de passe ne doit pas être l'identifiant.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def needs_first_admin(session: Session) -> bool:
    return session.scalar(select(func.count(User.id))) == 0


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    role: str,
    commune_codes: list[str] | None = None,
    pole_id: int | None = None,
    email: str | None = None,
) -> User:
    username = normalise_username(username)
    if not USERNAME.match(username):
        raise AuthError(
            "Identifiant invalide : 2 à 80 caractères, lettres minuscules sans accent, chiffres, "
            "point, tiret, @ ou souligné (ex. : marie.le-goff)."
        )
    if role not in ROLES:
        raise AuthError(f"Rôle inconnu : « {role} » (admin, staff ou mayor).")
    if not (display_name or "").strip():
        raise AuthError("Indiquez le nom affiché de la personne.")
    display_name = display_name.strip()
    limits.check_length(display_name, 200, "Nom affiché")
    limits.check_name(display_name, "Nom affiché")
    email = (email or "").strip() or None
    limits.check_length(email, 200, "Courriel")
    check_password_strength(password, username)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AuthError(f"L'identifiant « {username} » est déjà pris.")
    communes: list[Commune] = []
    if role == "mayor":
        if not commune_codes:
            raise AuthError("Un compte d'élu·e doit être rattaché à au moins une commune.")
        communes = [ensure_commune(session, code) for code in commune_codes]
    user = User(
        username=username, display_name=display_name, role=role, email=email,
        password_hash=hash_password(password), pole_id=pole_id, communes=communes,
    )
    session.add(user)
    session.flush()
    return user


def create_first_admin(session: Session, *, username: str, display_name: str, password: str) -> User:
    """Only on an empty database; the write transaction (BEGIN IMMEDIATE on SQLite) makes two
    simultaneous attempts produce one account."""
    if not needs_first_admin(session):
        raise AlreadyInitialisedError()
    return create_user(
        session, username=username, display_name=display_name, password=password, role="admin"
    )


# ---- changing accounts (administrators) --------------------------------------------------------


class LastAdminError(AuthError):
    def __init__(self) -> None:
        super().__init__(
            "C'est le dernier compte administrateur actif : créez ou réactivez d'abord un autre "
            "administrateur.")


def _account(session: Session, viewer: Viewer, user_id: int) -> User:
    if viewer.role != "admin":
        raise AuthError("Seul un administrateur peut modifier les comptes.")
    user = session.get(User, user_id)
    if user is None:
        raise AuthError("Compte introuvable.")
    return user


def _end_sessions(session: Session, user: User) -> None:
    for row in session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                         UserSession.ended_at.is_(None))):
        row.ended_at = fr.utcnow()


def set_pole(session: Session, viewer: Viewer, user_id: int, pole_id: int | None) -> None:
    """Attach an animateur·rice to a pôle (None: every pôle's campaigns)."""
    user = _account(session, viewer, user_id)
    if user.role != "staff":
        raise AuthError("Seul un compte d'animateur·rice se rattache à un pôle.")
    if pole_id is not None and session.get(Pole, pole_id) is None:
        raise AuthError("Pôle introuvable.")
    user.pole_id = pole_id


def set_communes(session: Session, viewer: Viewer, user_id: int, codes: list[str]) -> None:
    """The communes an élu·e sees (at least one)."""
    user = _account(session, viewer, user_id)
    if user.role != "mayor":
        raise AuthError("Seul un compte d'élu·e se rattache à des communes.")
    if not codes:
        raise AuthError("Un compte d'élu·e doit être rattaché à au moins une commune.")
    user.communes = [ensure_commune(session, code) for code in codes]


def reset_password(session: Session, viewer: Viewer, user_id: int, password: str) -> None:
    """A new password chosen by an administrator; the person's open sessions end."""
    user = _account(session, viewer, user_id)
    check_password_strength(password, user.username)
    user.password_hash = hash_password(password)
    _end_sessions(session, user)


def set_active(session: Session, viewer: Viewer, user_id: int, active: bool) -> None:
    """Deactivate (sessions end, login refused) or reactivate an account. The last active
    administrator is never deactivated. Accounts are not deleted: what they did stays
    attributed."""
    user = _account(session, viewer, user_id)
    if not active and user.role == "admin" and user.is_active:
        others = session.scalar(select(func.count(User.id)).where(
            User.role == "admin", User.is_active.is_(True), User.id != user.id))
        if not others:
            raise LastAdminError()
    user.is_active = active
    if not active:
        _end_sessions(session, user)


# ---- login and sessions ------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoggedIn:
    token: str
    viewer: Viewer


def client_key(address: str | None, device: str | None = None) -> str:
    """Who is trying, as login throttling counts it: a keyed hash of the browser's address and,
    when it has one, its device cookie (never the address itself in the database)."""
    raw = f"{address or '?'}|{device or ''}"
    return hmac.new(settings().secret_key.encode(), raw.encode(), hashlib.sha256).hexdigest()


def login(db: Database, username: str, password: str, *, client: str | None = None,
          now: datetime | None = None) -> LoggedIn:
    """Check the password. Failures slow down the client that makes them (`_check_throttle`),
    not the account's owner elsewhere. A failed attempt is committed before the error is raised,
    so throttling counts it."""
    now = now or fr.utcnow()
    username = normalise_username(username)[:80]
    client = client or client_key(None)
    with db.write() as session:
        _check_throttle(session, username, client, now)
        user = session.scalar(select(User).where(User.username == username))
        ok = _verify(user.password_hash if user else _DUMMY_HASH, password or "")
        if not (ok and user is not None and user.is_active):
            session.add(LoginAttempt(username=username or "?", client=client, at=now,
                                     succeeded=False))
            # The account if it exists, never the username typed (it may be anything).
            audit.record(session, None, "login_failed", "compte",
                         entity_id=user.id if user else None)
            failed = True
        else:
            failed = False
            session.add(LoginAttempt(username=username, client=client, at=now, succeeded=True))
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.last_login_at = now
            token = secrets.token_urlsafe(32)
            session.add(UserSession(token_hash=_token_hash(token), user_id=user.id,
                                    created_at=now, last_seen_at=now))
            audit.record(session, user.id, "login", "compte", entity_id=user.id)
            viewer = viewer_for(user)
    if failed:
        raise LoginError()
    return LoggedIn(token, viewer)


# ---- throttling --------------------------------------------------------------------------------
# Counting per username alone let anyone lock the real user out by typing five wrong passwords.
# Now failures are counted per (username, client): the client that fails waits longer after each
# failure past a few free ones, and the owner on their own device is not slowed by someone else's
# guesses. Two caps stop what that alone would let through: one client trying many usernames
# (password spraying) is slowed on all of them, and an account under attack from many clients at
# once refuses clients that have never logged into it, while a client that has (the owner's
# browser) still gets in.
# A day: longer than the free tries times the longest wait, so failures never age out of the
# count fast enough to reset it (with an hour, a patient guesser got back to free tries).
THROTTLE_WINDOW = timedelta(hours=24)
FIRST_DELAY_SECONDS = 30
CLIENT_CAP = 30  # failures in the window from one client, whatever the usernames
ACCOUNT_CAP = 100  # failures in the window on one username, from every client together
KNOWN_CLIENT_DAYS = 90  # a client that logged into the account this recently is "known"


def throttle_delay(failures: int) -> timedelta:
    """How long a client waits after `failures` failures in a row on one username (or on all):
    free up to the configured number, then 30 s doubling each time, at most the lockout."""
    cfg = settings()
    if failures < cfg.max_failed_logins:
        return timedelta(0)
    seconds = FIRST_DELAY_SECONDS * 2 ** min(failures - cfg.max_failed_logins, 20)
    return timedelta(seconds=min(seconds, cfg.lockout_minutes * 60))


def _wait_message(wait: timedelta) -> str:
    seconds = max(1, math.ceil(wait.total_seconds()))
    return (fr.plural(math.ceil(seconds / 60), "minute") if seconds > 90
            else fr.plural(seconds, "seconde"))


def _check_throttle(session: Session, username: str, client: str, now: datetime) -> None:
    failed = select(LoginAttempt.at).where(LoginAttempt.at >= now - THROTTLE_WINDOW,
                                           LoginAttempt.succeeded.is_(False))
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.client == client,
            LoginAttempt.succeeded.is_(True)))
    mine = failed.where(LoginAttempt.username == username, LoginAttempt.client == client)
    if last_success is not None:  # the owner's success on this client clears its count
        mine = mine.where(LoginAttempt.at > last_success)
    mine_times = session.scalars(mine.order_by(LoginAttempt.at.desc())).all()
    client_times = session.scalars(
        failed.where(LoginAttempt.client == client).order_by(LoginAttempt.at.desc())).all()
    ends = []
    if mine_times:
        ends.append(mine_times[0] + throttle_delay(len(mine_times)))
    if len(client_times) >= CLIENT_CAP:  # one client trying many usernames
        extra = len(client_times) - CLIENT_CAP + settings().max_failed_logins
        ends.append(client_times[0] + throttle_delay(extra))
    if ends and now < max(ends):
        raise LoginThrottledError(
            "Trop de tentatives de connexion échouées depuis cet appareil. Réessayez dans "
            f"{_wait_message(max(ends) - now)}.")
    on_account = session.scalar(select(func.count()).select_from(
        failed.where(LoginAttempt.username == username).subquery()))
    known = last_success is not None and now - last_success < timedelta(days=KNOWN_CLIENT_DAYS)
    if on_account >= ACCOUNT_CAP and not known:
        raise LoginThrottledError(
            "Ce compte reçoit trop de tentatives de connexion venues d'ailleurs. Connectez-vous "
            "depuis un appareil où vous vous êtes déjà connecté·e, ou réessayez plus tard.")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# ---- sessions across reloads -------------------------------------------------------------------
# A Streamlit session ends with the browser tab's websocket, so a reload (F5) or a typed address
# would log staff out. The session token therefore also lives in an HttpOnly cookie, signed with
# the secret key. A script cannot set a cookie, so after login it asks for a one-time code (valid
# for a minute, only its hash stored) and the browser loads `/session/cookie?code=…`, which
# exchanges it for the cookie (`ruralites/ui/web.py`). The token itself never appears in a URL.
SESSION_MAX_HOURS = 12  # absolute: an evening plus a working day, whatever the activity
HANDOFF_SECONDS = 60
_SIGNATURE_LENGTH = 43  # base64 of a SHA-256 HMAC, without padding


def resume(session: Session, token: str | None, *, now: datetime | None = None) -> Viewer | None:
    """The viewer of a live session, or None if unknown, ended, idle for too long or older than
    its absolute lifetime."""
    if not token:
        return None
    now = now or fr.utcnow()
    row = _session_row(session, token)
    if row is None or row.ended_at is not None:
        return None
    idle = now - row.last_seen_at > timedelta(minutes=settings().session_idle_minutes)
    if idle or now - row.created_at > timedelta(hours=SESSION_MAX_HOURS):
        row.ended_at = now
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    if now - row.last_seen_at > timedelta(seconds=30):  # avoid a write on every click
        row.last_seen_at = now
    return viewer_for(user)


def _session_row(session: Session, token: str) -> UserSession | None:
    """The session a token opens: the tab's own token, or the cookie's (one row, one login)."""
    digest = _token_hash(token)
    return session.scalar(select(UserSession).where(
        or_(UserSession.token_hash == digest, UserSession.cookie_hash == digest)))


def session_expires_at(session: Session, token: str) -> datetime | None:
    """When a live session ends at the latest (its absolute lifetime), for the cookie's Max-Age."""
    row = _session_row(session, token)
    if row is None or row.ended_at is not None:
        return None
    return row.created_at + timedelta(hours=SESSION_MAX_HOURS)


def handoff_code(session: Session, token: str, *, now: datetime | None = None) -> str:
    """A one-time code, valid for a minute, that the browser exchanges for its session cookie."""
    now = now or fr.utcnow()
    row = _session_row(session, token)
    if row is None or row.ended_at is not None:
        raise AuthError("Votre session a expiré : reconnectez-vous.")
    code = secrets.token_urlsafe(24)
    row.handoff_hash = _token_hash(code)
    row.handoff_expires_at = now + timedelta(seconds=HANDOFF_SECONDS)
    return code


def redeem_handoff(session: Session, code: str | None, *,
                   now: datetime | None = None) -> str | None:
    """The session token for a one-time code, or None (unknown, used or too old). The code is
    spent either way. The token is held only in the server's memory and, signed, in the
    HttpOnly cookie: never in a URL, never readable by the page's scripts."""
    if not code:
        return None
    now = now or fr.utcnow()
    row = session.scalar(select(UserSession).where(UserSession.handoff_hash == _token_hash(code)))
    if row is None:
        return None
    fresh = row.handoff_expires_at is not None and now <= row.handoff_expires_at
    row.handoff_hash = row.handoff_expires_at = None
    if not fresh or row.ended_at is not None:
        return None
    cookie_token = secrets.token_urlsafe(32)  # the cookie's own credential for this session
    row.cookie_hash = _token_hash(cookie_token)
    return cookie_token


def new_device_id() -> str:
    """A random id for a browser's device cookie (login throttling knows the owner's browser)."""
    return secrets.token_urlsafe(24)


def sign_token(token: str) -> str:
    signature = hmac.new(settings().secret_key.encode(), token.encode(), hashlib.sha256).digest()
    return f"{token}.{base64.urlsafe_b64encode(signature).decode().rstrip('=')}"


def unsign_token(value: str | None) -> str | None:
    """The token of a signed cookie value, or None if the signature does not match."""
    token, dot, signature = (value or "").rpartition(".")
    if not dot or not token or len(signature) != _SIGNATURE_LENGTH:
        return None
    return token if hmac.compare_digest(sign_token(token), value or "") else None


def logout(session: Session, token: str | None) -> None:
    """End the session, for the tab and for the cookie alike."""
    if not token:
        return
    row = _session_row(session, token)
    if row is not None and row.ended_at is None:
        row.ended_at = fr.utcnow()
        audit.record(session, row.user_id, "logout", "compte", entity_id=row.user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username, User.id)))
