"""Phase 3 and every public evening: evenings (listening, restitution, inspiring), the people who
register for them, and the witnesses (témoins) who speak at inspiring ones."""

from __future__ import annotations

import uuid as uuid_
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ruralites.models.base import Base, created_at, intpk, str20, str200, uuidpk

if TYPE_CHECKING:
    from ruralites.models.listening import Theme
    from ruralites.models.organisation import Commune, Participation

EVENING_KINDS = ("listening", "restitution", "inspiring")
# A project's budget, in bands (euros): what a catalogue can know without an invoice.
BUDGET_BANDS = ("lt10k", "10-50k", "50-200k", "200k-1m", "gt1m")
# What a witness agreed to: to be listed in the catalogue only, or also to be contacted.
CONSENT_SCOPES = ("listed", "contacted")
REGISTRATION_SOURCES = ("link", "staff")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


witness_themes = Table(
    "witness_themes",
    Base.metadata,
    Column("witness_id", ForeignKey("witnesses.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Evening(Base):
    """A public evening: listening, restitution or inspiring."""

    __tablename__ = "evenings"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(EVENING_KINDS)})", name="kind"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity"),
        CheckConstraint("attendance IS NULL OR attendance >= 0", name="attendance"),
    )

    id: Mapped[intpk]
    # The same evening on the laptop that held it and in the central database (bundles).
    uuid: Mapped[uuid_.UUID] = mapped_column(unique=True, default=uuid_.uuid4)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str20]
    title: Mapped[str200]
    starts_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int | None]  # None: no limit, nobody waits
    attendance: Mapped[int | None]  # people present, counted or ticked
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)  # what came out of it
    held_at: Mapped[datetime | None]  # when staff recorded that it took place
    created_at: Mapped[created_at]

    participation: Mapped[Participation] = relationship()
    theme: Mapped[Theme | None] = relationship()
    speakers: Mapped[list[EveningWitness]] = relationship(
        back_populates="evening", cascade="all, delete-orphan", order_by="EveningWitness.witness_id"
    )
    registrations: Mapped[list[Registration]] = relationship(
        back_populates="evening", cascade="all, delete-orphan",
        order_by=lambda: [Registration.registered_at, Registration.id],
    )


class EveningWitness(Base):
    """A witness invited to an evening: whether they confirmed, and whether they spoke."""

    __tablename__ = "evening_witnesses"

    evening_id: Mapped[int] = mapped_column(
        ForeignKey("evenings.id", ondelete="CASCADE"), primary_key=True
    )
    witness_id: Mapped[int] = mapped_column(
        ForeignKey("witnesses.id", ondelete="CASCADE"), primary_key=True
    )
    confirmed: Mapped[bool] = mapped_column(default=False)
    spoke: Mapped[bool | None]  # None until the evening is recorded

    evening: Mapped[Evening] = relationship(back_populates="speakers")
    witness: Mapped[Witness] = relationship(back_populates="appearances")


class Registration(Base):
    """One person registered for an evening (through its link, or by staff). Its UUID is made
    when the form opens, so a double tap is stored once; the person's folded name and contact
    make `person_key`, so the same person registering twice is stored once."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("evening_id", "person_key", name="uq_registrations_evening_person"),
        CheckConstraint(f"source IN ({_in(REGISTRATION_SOURCES)})", name="source"),
    )

    id: Mapped[uuidpk]
    evening_id: Mapped[int] = mapped_column(
        ForeignKey("evenings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str200]
    contact: Mapped[str | None] = mapped_column(String(200))
    person_key: Mapped[str] = mapped_column(String(64))
    waiting: Mapped[bool] = mapped_column(default=False)  # on the waiting list
    attended: Mapped[bool] = mapped_column(default=False)  # ticked on the sign-in sheet
    source: Mapped[str20] = mapped_column(default="link")
    consent_text: Mapped[str] = mapped_column(Text)
    consent_version: Mapped[str] = mapped_column(String(40))
    consent_at: Mapped[datetime]
    registered_at: Mapped[datetime]
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    evening: Mapped[Evening] = relationship(back_populates="registrations")


class Witness(Base):
    """A témoin from another territory who carried out a project; the catalogue is shared by
    the pôles. `identity_key` (folded person, organisation and project title) keeps one row
    per witness and project, whoever adds or imports it."""

    __tablename__ = "witnesses"
    __table_args__ = (
        CheckConstraint(f"budget_band IN ({_in(BUDGET_BANDS)})", name="budget_band"),
        CheckConstraint(f"consent_scope IN ({_in(CONSENT_SCOPES)})", name="consent_scope"),
        CheckConstraint("people_involved IS NULL OR people_involved >= 0", name="people_involved"),
    )

    id: Mapped[intpk]
    name: Mapped[str200]
    organisation: Mapped[str | None] = mapped_column(String(300))
    project_title: Mapped[str200]
    description: Mapped[str | None] = mapped_column(Text)
    commune_code: Mapped[str | None] = mapped_column(
        ForeignKey("communes.code_insee"), index=True
    )
    year: Mapped[int | None]
    budget_band: Mapped[str | None] = mapped_column(String(20))
    people_involved: Mapped[int | None]
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    consent_on: Mapped[date | None]
    consent_until: Mapped[date | None]
    consent_scope: Mapped[str | None] = mapped_column(String(20))
    availability: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    identity_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime | None]

    themes: Mapped[list[Theme]] = relationship(secondary=witness_themes, order_by="Theme.id")
    commune: Mapped[Commune | None] = relationship()
    appearances: Mapped[list[EveningWitness]] = relationship(
        back_populates="witness", cascade="all, delete-orphan"
    )


__all__ = [
    "BUDGET_BANDS", "CONSENT_SCOPES", "EVENING_KINDS", "Evening", "EveningWitness",
    "REGISTRATION_SOURCES", "Registration", "Witness", "witness_themes",
]
