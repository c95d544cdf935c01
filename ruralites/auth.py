"""Users, roles, password hashing (argon2), login throttling, idle-expiring sessions, and the
scoping rule: a mayor's queries only ever return their communes' rows."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

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
    utcnow,
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


# ---- login and sessions ------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoggedIn:
    token: str
    viewer: Viewer


def login(db: Database, username: str, password: str, *, now: datetime | None = None) -> LoggedIn:
    """Check the password; after too many failures the username is locked for a while. A failed
    attempt is committed before the error is raised, so throttling counts it."""
    now = now or utcnow()
    username = normalise_username(username)[:80]
    with db.write() as session:
        _check_throttle(session, username, now)
        user = session.scalar(select(User).where(User.username == username))
        ok = _verify(user.password_hash if user else _DUMMY_HASH, password or "")
        if not (ok and user is not None and user.is_active):
            session.add(LoginAttempt(username=username or "?", at=now, succeeded=False))
            failed = True
        else:
            failed = False
            session.add(LoginAttempt(username=username, at=now, succeeded=True))
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.last_login_at = now
            token = secrets.token_urlsafe(32)
            session.add(UserSession(token_hash=_token_hash(token), user_id=user.id,
                                    created_at=now, last_seen_at=now))
            viewer = viewer_for(user)
    if failed:
        raise LoginError()
    return LoggedIn(token, viewer)


def _check_throttle(session: Session, username: str, now: datetime) -> None:
    cfg = settings()
    window_start = now - timedelta(minutes=cfg.lockout_minutes)
    recent_failures = session.scalars(
        select(LoginAttempt.at)
        .where(LoginAttempt.username == username, LoginAttempt.at >= window_start,
               LoginAttempt.succeeded.is_(False))
        .order_by(LoginAttempt.at.desc())
    ).all()
    if len(recent_failures) >= cfg.max_failed_logins:
        unlock = recent_failures[cfg.max_failed_logins - 1] + timedelta(minutes=cfg.lockout_minutes)
        minutes = max(1, int((unlock - now).total_seconds() // 60) + 1)
        raise LoginThrottledError(
            f"Trop de tentatives de connexion échouées. Réessayez dans {minutes} minute(s)."
        )


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def resume(session: Session, token: str | None, *, now: datetime | None = None) -> Viewer | None:
    """The viewer of a live session, or None if unknown, ended or idle for too long."""
    if not token:
        return None
    now = now or utcnow()
    row = session.scalar(select(UserSession).where(UserSession.token_hash == _token_hash(token)))
    if row is None or row.ended_at is not None:
        return None
    if now - row.last_seen_at > timedelta(minutes=settings().session_idle_minutes):
        row.ended_at = now
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    if now - row.last_seen_at > timedelta(seconds=30):  # avoid a write on every click
        row.last_seen_at = now
    return viewer_for(user)


def logout(session: Session, token: str | None) -> None:
    if not token:
        return
    row = session.scalar(select(UserSession).where(UserSession.token_hash == _token_hash(token)))
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username)))
