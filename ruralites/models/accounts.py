"""Users, their sessions and login attempts, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ruralites.models.base import Base, created_at, intpk, str20, str80, str200
from ruralites.models.organisation import Commune, Pole

ROLES = ("admin", "staff", "mayor")

user_communes = Table(
    "user_communes",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("commune_code", ForeignKey("communes.code_insee"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'staff', 'mayor')", name="role"),)

    id: Mapped[intpk]
    username: Mapped[str80] = mapped_column(unique=True)
    display_name: Mapped[str200]
    email: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str20]
    password_hash: Mapped[str] = mapped_column(String(200))
    pole_id: Mapped[int | None] = mapped_column(ForeignKey("poles.id", ondelete="SET NULL"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[created_at]
    last_login_at: Mapped[datetime | None]

    pole: Mapped[Pole | None] = relationship()
    communes: Mapped[list[Commune]] = relationship(secondary=user_communes)


class UserSession(Base):
    """A logged-in session; only the token's hash is stored. Expires after inactivity."""

    __tablename__ = "user_sessions"

    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[created_at]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    # A one-time code, valid for a minute, that the browser exchanges for the session cookie.
    handoff_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    handoff_expires_at: Mapped[datetime | None]
    # The HttpOnly cookie's own token for this session (hash only), made when the code is spent.
    cookie_hash: Mapped[str | None] = mapped_column(String(64), unique=True)


class LoginAttempt(Base):
    """Failed and successful logins, for throttling (also for unknown usernames)."""

    __tablename__ = "login_attempts"

    id: Mapped[intpk]
    username: Mapped[str80] = mapped_column(index=True)
    # Who tried, as a keyed hash (never the address itself): the browser's address and, when it
    # has one, its device cookie. Throttling counts per (username, client).
    client: Mapped[str | None] = mapped_column(String(64), index=True)
    at: Mapped[datetime]
    succeeded: Mapped[bool]


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[intpk]
    at: Mapped[created_at]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str80]
    entity: Mapped[str80]
    entity_id: Mapped[str | None] = mapped_column(String(80))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    summary: Mapped[str | None] = mapped_column(String(500))


