"""Phase 3, orientation: the support schemes (dispositifs), the commune's project, the schemes
it was oriented to and the follow-up of each over the months after.

A scheme row holds what its source says (the shipped catalogue, an Aides-territoires record, or
what staff typed for their own entry); a staff edit of a catalogue or imported entry is kept
apart in `override`, so that syncing the catalogue or re-importing the record updates the
source's values without losing the edit. Schemes are never deleted (orientations point at
them): one that left the catalogue is `retired_at`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ruralites.models.base import Base, created_at, intpk, str20, str80

SCHEME_SOURCES = ("catalogue", "aides-territoires", "staff")
PROJECT_STAGES = ("idea", "structuring", "creation", "development")
PROJECT_CARRIERS = ("informal_group", "association", "commune", "cooperative", "entrepreneur")
FOLLOW_UP_KINDS = (
    "contacted", "first_meeting", "application_filed", "support_granted", "support_refused",
    "project_launched", "abandoned",
)  # fmt: skip


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ReferenceData(Base):
    """Which version of a shipped data file was last synced into the database (its checksum),
    so that an unchanged catalogue costs one query at start-up, not a parse."""

    __tablename__ = "reference_data"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime]


class SupportScheme(Base):
    """A dispositif d'accompagnement, whatever its source."""

    __tablename__ = "support_schemes"
    __table_args__ = (CheckConstraint(_in("source", SCHEME_SOURCES), name="source"),)

    id: Mapped[intpk]
    slug: Mapped[str80] = mapped_column(unique=True)
    source: Mapped[str20]
    # The Aides-territoires id: a re-import updates the row that has it, never adds a second.
    external_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    offer: Mapped[list[Any]] = mapped_column(default=list)
    stages: Mapped[list[Any]] = mapped_column(default=list)
    carriers: Mapped[list[Any]] = mapped_column(default=list)
    themes: Mapped[list[Any]] = mapped_column(default=list)
    all_themes: Mapped[bool] = mapped_column(default=False)
    # {"label", "france", "regions", "departements", "epcis", "communes", "unresolved"}
    territory: Mapped[dict[str, Any]]
    limits: Mapped[list[Any]] = mapped_column(default=list)
    population_under: Mapped[int | None]
    source_urls: Mapped[list[Any]] = mapped_column(default=list)
    confidence: Mapped[str20] = mapped_column(default="confirmed")
    confidence_note: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(20), default="")
    not_for_orientation: Mapped[str] = mapped_column(Text, default="")
    submission_deadline: Mapped[date | None]
    checked_on: Mapped[date | None]  # the last time someone checked the entry
    catalogue_row: Mapped[int | None]  # its row in the reference compilation
    # The record as Aides-territoires gave it, in plain text (never HTML).
    imported: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # A staff edit of a catalogue or imported entry: field -> value, over the source's values.
    override: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    retired_at: Mapped[datetime | None]
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Project(Base):
    """The project a commune carries after choosing its theme: how far along, and who would
    carry it (whether that carrier employs someone decides, for one, the DLA)."""

    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint(_in("stage", PROJECT_STAGES), name="stage"),
        CheckConstraint(_in("carrier", PROJECT_CARRIERS), name="carrier"),
    )

    id: Mapped[intpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), unique=True
    )
    summary: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str20]
    carrier: Mapped[str20]
    employer: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Orientation(Base):
    """A scheme chosen for a commune's project: why, by whom, when; what the rules said of it
    then (its rank and reasons, or why they left it out); the override reason when no
    inspiring evening had taken place."""

    __tablename__ = "orientations"
    __table_args__ = (
        UniqueConstraint("participation_id", "scheme_id", name="uq_orientations_participation_scheme"),
    )

    id: Mapped[intpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    scheme_id: Mapped[int] = mapped_column(ForeignKey("support_schemes.id"))
    why: Mapped[str] = mapped_column(Text)
    chosen_on: Mapped[date]
    rank: Mapped[int | None]  # its rank among the recommendations; None: not recommended
    reasons: Mapped[list[Any]] = mapped_column(default=list)  # the rules' reasons, or why not
    override_reason: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str20]  # the project as it was when the scheme was chosen
    carrier: Mapped[str20]
    recorded_at: Mapped[created_at]
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    scheme: Mapped[SupportScheme] = relationship()
    steps: Mapped[list[OrientationStep]] = relationship(
        back_populates="orientation", cascade="all, delete-orphan",
        order_by="(OrientationStep.happened_on, OrientationStep.id)",
    )


class OrientationStep(Base):
    """One step of the follow-up: contacted, first meeting, application filed, support granted
    or refused, project launched, or abandoned (its reason is the note, kept)."""

    __tablename__ = "orientation_steps"
    __table_args__ = (CheckConstraint(_in("kind", FOLLOW_UP_KINDS), name="kind"),)

    id: Mapped[intpk]
    orientation_id: Mapped[int] = mapped_column(
        ForeignKey("orientations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str20]
    happened_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[created_at]
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    orientation: Mapped[Orientation] = relationship(back_populates="steps")

