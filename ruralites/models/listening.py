"""Phase 2: questionnaires, responses, volunteers, ideas, themes and votes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ruralites.models.base import Base, created_at, intpk, str20, str80, str200, uuidpk

CHANNELS = ("tablet", "online", "paper")


class Survey(Base):
    """A questionnaire, identified by the `id` of its YAML file."""

    __tablename__ = "surveys"

    id: Mapped[intpk]
    slug: Mapped[str80] = mapped_column(unique=True)
    title: Mapped[str200]
    created_at: Mapped[created_at]

    versions: Mapped[list[SurveyVersion]] = relationship(
        back_populates="survey", order_by="SurveyVersion.id"
    )


class SurveyVersion(Base):
    """The exact definition a response answered, keyed by its content hash."""

    __tablename__ = "survey_versions"
    __table_args__ = (
        UniqueConstraint("survey_id", "content_hash", name="uq_survey_versions_survey_hash"),
    )

    id: Mapped[intpk]
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]]
    created_at: Mapped[created_at]

    survey: Mapped[Survey] = relationship(back_populates="versions")


class KioskLink(Base):
    """A link for tablets and phones: a random token bound to one participation and one
    questionnaire, vote or evening (registrations). Only the token's hash is stored."""

    __tablename__ = "kiosk_links"
    __table_args__ = (
        CheckConstraint("kind IN ('survey', 'vote', 'registration')", name="kind"),
    )

    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str20]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id"))
    # The exact questionnaire the link was made for: served whatever becomes of the YAML file.
    survey_version_id: Mapped[int | None] = mapped_column(ForeignKey("survey_versions.id"))
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("votes.id"))
    evening_id: Mapped[int | None] = mapped_column(  # a registration link's evening
        ForeignKey("evenings.id", ondelete="CASCADE"), index=True
    )
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    pin_failures: Mapped[int] = mapped_column(default=0, server_default="0")  # wrong PINs in a row
    pin_blocked_until: Mapped[datetime | None]  # no PIN is checked before this time
    created_at: Mapped[created_at]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]  # None: made before links expired (kept working)


class Response(Base):
    """One person's submitted questionnaire. Its UUID is made when the form opens, so a double
    tap or a re-sent form is stored once."""

    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint("channel IN ('tablet', 'online', 'paper')", name="channel"),
        UniqueConstraint("participation_id", "sheet_code", name="uq_responses_sheet"),
        Index("ix_responses_participation_submitted", "participation_id", "submitted_at"),
    )

    id: Mapped[uuidpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE")
    )
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"), index=True)
    channel: Mapped[str20]
    sheet_code: Mapped[str | None] = mapped_column(String(40))
    evening_id: Mapped[int | None] = mapped_column(ForeignKey("evenings.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(5), default="fr")
    submitted_at: Mapped[datetime]
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )


class PaperPrintRun(Base):
    """One printing of numbered paper questionnaires for a commune: sheets `first_number` to
    `first_number + sheet_count - 1`. The next printing for that commune starts after the last
    one, so no two sheets ever carry the same code."""

    __tablename__ = "paper_print_runs"

    id: Mapped[intpk]
    commune_code: Mapped[str] = mapped_column(String(5), index=True)
    survey_slug: Mapped[str80]
    first_number: Mapped[int]
    sheet_count: Mapped[int]
    printed_at: Mapped[created_at]
    printed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id", name="uq_answers_response_question"),
    )

    id: Mapped[intpk]
    response_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[str80]
    value: Mapped[Any] = mapped_column(JSON)

    response: Mapped[Response] = relationship(back_populates="answers")


class KioskDraft(Base):
    """A questionnaire in progress on a tablet or phone, kept by its form's UUID so that a reload
    or a server restart loses nothing; deleted when the form is sent or reset, purged when stale
    (`listening.drafts`). `held_at` set: answers sent through a link revoked or expired in the
    meantime, kept for staff to accept (they become a response) or discard. Never joined to
    `volunteers`."""

    __tablename__ = "kiosk_drafts"
    __table_args__ = (CheckConstraint("channel IN ('tablet', 'online')", name="channel"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the form's id, the response's id
    link_id: Mapped[int] = mapped_column(ForeignKey("kiosk_links.id", ondelete="CASCADE"),
                                         index=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    channel: Mapped[str20]
    language: Mapped[str] = mapped_column(String(5), default="fr")
    section: Mapped[int] = mapped_column(default=0)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(index=True)
    held_at: Mapped[datetime | None]


class Volunteer(Base):
    """An inhabitant who left contact details with consent; kept apart from any answers. The
    volunteers of a commune are the group of inhabitants interested in its project.

    Nothing links a row to a response: random ids, a month for the contacts left in a
    questionnaire (`listening.responses.contact_month`), and on SQLite no rowid, so the rows
    are stored in the order of their ids, not in the order they came."""

    __tablename__ = "volunteers"
    __table_args__ = {"sqlite_with_rowid": False}

    id: Mapped[uuidpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    interests: Mapped[str | None] = mapped_column(Text)
    consent_text: Mapped[str] = mapped_column(Text)
    consent_version: Mapped[str | None] = mapped_column(String(40))  # None: a questionnaire's
    consent_at: Mapped[datetime]
    # tablet, online, paper (a questionnaire's contact block), inspiring_evening, staff
    source: Mapped[str20]
    created_at: Mapped[created_at]


class Theme(Base):
    """A thématique: from the shipped catalogue (campaign_id NULL) or added for a campaign."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("campaign_id", "slug", name="uq_themes_campaign_slug"),)

    id: Mapped[intpk]
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    slug: Mapped[str80]
    label: Mapped[str200]
    description: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[list[Any]] = mapped_column(default=list)


idea_themes = Table(
    "idea_themes",
    Base.metadata,
    Column("idea_id", ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Idea(Base):
    """An idea, need or wish: from a flagged answer, a post-it, an idea box or an interview."""

    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(
            "source IN ('answer', 'postit', 'idea_box', 'interview', 'other')", name="source"
        ),
    )

    id: Mapped[uuidpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str20]
    response_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE")
    )
    question_id: Mapped[str | None] = mapped_column(String(80))
    evening_id: Mapped[int | None] = mapped_column(ForeignKey("evenings.id", ondelete="SET NULL"))
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL")
    )
    created_at: Mapped[created_at]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    themes: Mapped[list[Theme]] = relationship(secondary=idea_themes)


class Vote(Base):
    """A prioritisation: shortlisted themes, a method, ballots."""

    __tablename__ = "votes"
    __table_args__ = (
        CheckConstraint(
            "method IN ('plurality', 'dots', 'approval', 'borda', 'schulze', 'majority')",
            name="method",
        ),
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),
    )

    id: Mapped[intpk]
    # The same vote on the laptop of an evening and in the central database (bundles).
    uuid: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str200]
    method: Mapped[str20]
    max_dots: Mapped[int | None]
    status: Mapped[str20] = mapped_column(default="open")
    evening_id: Mapped[int | None] = mapped_column(ForeignKey("evenings.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]
    closed_at: Mapped[datetime | None]

    options: Mapped[list[VoteOption]] = relationship(
        back_populates="vote", cascade="all, delete-orphan", order_by="VoteOption.position"
    )


class VoteOption(Base):
    __tablename__ = "vote_options"
    __table_args__ = (UniqueConstraint("vote_id", "theme_id", name="uq_vote_options_vote_theme"),)

    id: Mapped[intpk]
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"))
    position: Mapped[int]

    vote: Mapped[Vote] = relationship(back_populates="options")
    theme: Mapped[Theme] = relationship()


class Ballot(Base):
    """One ballot (UUID made when the form opens), or paper totals counted on the board."""

    __tablename__ = "ballots"
    __table_args__ = (
        CheckConstraint("channel IN ('tablet', 'online', 'paper')", name="channel"),
        CheckConstraint("weight >= 1", name="weight"),
    )

    id: Mapped[uuidpk]
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str20]
    content: Mapped[dict[str, Any]]
    weight: Mapped[int] = mapped_column(default=1)
    is_totals: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime]
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ThemeChoice(Base):
    """The decision naming the one theme a commune carries forward."""

    __tablename__ = "theme_choices"

    id: Mapped[intpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), unique=True
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"))
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("votes.id", ondelete="SET NULL"))
    decided_by: Mapped[str200]
    decided_on: Mapped[date]
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[created_at]
