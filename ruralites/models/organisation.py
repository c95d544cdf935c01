"""Phase 1: pôles, campaigns, communes, participations and council decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ruralites.models.base import Base, created_at, intpk, str20, str80, str200

if TYPE_CHECKING:
    from ruralites.models.listening import Theme

campaign_poles = Table(
    "campaign_poles",
    Base.metadata,
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("pole_id", ForeignKey("poles.id", ondelete="CASCADE"), primary_key=True),
)


class Pole(Base):
    """A pôle ESS."""

    __tablename__ = "poles"

    id: Mapped[intpk]
    slug: Mapped[str80] = mapped_column(unique=True)
    name: Mapped[str200]
    territory: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[created_at]

    campaigns: Mapped[list[Campaign]] = relationship(
        secondary=campaign_poles, back_populates="poles"
    )


class Campaign(Base):
    """A démarche: several communes, run by one or more pôles."""

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'active', 'closed')", name="status"),
    )

    id: Mapped[intpk]
    slug: Mapped[str80] = mapped_column(unique=True)
    name: Mapped[str200]
    funder: Mapped[str | None] = mapped_column(String(300))
    call_name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    status: Mapped[str20] = mapped_column(default="active")
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[created_at]

    poles: Mapped[list[Pole]] = relationship(secondary=campaign_poles, back_populates="campaigns")
    participations: Mapped[list[Participation]] = relationship(
        back_populates="campaign", order_by="Participation.id"
    )


class Commune(Base):
    """A commune copied from the official referential when a campaign first uses it."""

    __tablename__ = "communes"

    code_insee: Mapped[str] = mapped_column(String(5), primary_key=True)
    nom: Mapped[str200]
    departement: Mapped[str] = mapped_column(String(3))
    code_epci: Mapped[str | None] = mapped_column(String(9))
    nom_epci: Mapped[str | None] = mapped_column(String(200))
    population: Mapped[int | None]


class Participation(Base):
    """A commune in a campaign, with its phase (changed only through ruralites.campaigns)."""

    __tablename__ = "participations"
    __table_args__ = (
        UniqueConstraint("campaign_id", "commune_code", name="uq_participations_campaign_commune"),
    )

    id: Mapped[intpk]
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code_insee"), index=True)
    phase: Mapped[str20] = mapped_column(default="invited")
    phase_since: Mapped[datetime]
    invited_on: Mapped[date | None]
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_role: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = mapped_column(Text)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    chosen_theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    created_at: Mapped[created_at]

    campaign: Mapped[Campaign] = relationship(back_populates="participations")
    commune: Mapped[Commune] = relationship()
    transitions: Mapped[list[PhaseTransition]] = relationship(
        back_populates="participation", order_by="PhaseTransition.id"
    )
    decisions: Mapped[list[CouncilDecision]] = relationship(
        back_populates="participation", order_by="CouncilDecision.id"
    )
    chosen_theme: Mapped[Theme | None] = relationship(foreign_keys=[chosen_theme_id])


class PhaseTransition(Base):
    """One step in a participation's history: who moved it, when, why."""

    __tablename__ = "phase_transitions"

    id: Mapped[intpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    from_phase: Mapped[str | None] = mapped_column(String(20))
    to_phase: Mapped[str20]
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)

    participation: Mapped[Participation] = relationship(back_populates="transitions")


class Document(Base):
    """An uploaded file (signed deliberation, …), stored in the database with its checksum."""

    __tablename__ = "documents"

    id: Mapped[intpk]
    filename: Mapped[str200]
    media_type: Mapped[str80]
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[created_at]
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class CouncilDecision(Base):
    """A délibération of the conseil municipal on the commune's participation."""

    __tablename__ = "council_decisions"
    __table_args__ = (
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND abstentions >= 0", name="votes"),
    )

    id: Mapped[intpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    session_date: Mapped[date]
    number: Mapped[str | None] = mapped_column(String(50))
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    abstentions: Mapped[int]
    favourable: Mapped[bool]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[created_at]
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    participation: Mapped[Participation] = relationship(back_populates="decisions")
    document: Mapped[Document | None] = relationship()
