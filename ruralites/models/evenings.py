"""Phase 3 and every public evening: evenings (listening, restitution, inspiring) and the
witnesses (témoins) who speak at inspiring ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ruralites.models.base import Base, created_at, intpk, str20, str200
from ruralites.models.listening import Theme

evening_witnesses = Table(
    "evening_witnesses",
    Base.metadata,
    Column("evening_id", ForeignKey("evenings.id", ondelete="CASCADE"), primary_key=True),
    Column("witness_id", ForeignKey("witnesses.id", ondelete="CASCADE"), primary_key=True),
)

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
        CheckConstraint("kind IN ('listening', 'restitution', 'inspiring')", name="kind"),
    )

    id: Mapped[intpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str20]
    title: Mapped[str200]
    starts_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(300))
    attendance: Mapped[int | None]
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]

    witnesses: Mapped[list[Witness]] = relationship(secondary=evening_witnesses)


class Witness(Base):
    """A témoin from another territory who carried out a project."""

    __tablename__ = "witnesses"

    id: Mapped[intpk]
    name: Mapped[str200]
    organisation: Mapped[str | None] = mapped_column(String(300))
    project: Mapped[str | None] = mapped_column(Text)
    territory: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    consent_at: Mapped[datetime | None]
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]

    themes: Mapped[list[Theme]] = relationship(secondary=witness_themes)
