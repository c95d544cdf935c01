"""Stored rows written as plain JSON values, the same way on export and when an import compares
a bundle's row with the one already stored. Local integer ids never leave the database: a
commune is its INSEE code, an evening or a vote its UUID, a theme `campagne/slug` or
`catalogue/slug`, a questionnaire version its content hash, a user their username."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites.models import (
    Ballot,
    Evening,
    Idea,
    Participation,
    Registration,
    Response,
    Survey,
    SurveyVersion,
    Theme,
    User,
    Volunteer,
    Vote,
)

# The fields an import compares, per kind of row. Left out: who typed a row (users differ
# between instances) and what staff curate later on the central side (an idea's themes and
# merges), which a laptop's older copy must not undo.
COMPARED = {
    "responses": ("commune", "survey", "version", "channel", "sheet_code", "evening", "language",
                  "submitted_at", "answers"),
    "ideas": ("commune", "text", "source", "response", "question_id", "evening"),
    "ballots": ("vote", "channel", "content", "weight", "is_totals", "submitted_at"),
    "registrations": ("evening", "name", "contact", "waiting", "attended", "source",
                      "consent_version", "registered_at"),
    "volunteers": ("commune", "name", "email", "phone", "interests", "consent_version",
                   "consent_at", "source"),
    "evenings": ("commune", "kind", "title", "starts_at", "place", "capacity", "attendance",
                 "theme", "outcome", "held_at"),
    "votes": ("commune", "title", "method", "max_dots", "status", "evening", "closed_at",
              "options"),
}


def when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass
class Refs:
    """Local ids to the names a bundle uses, read once per export or import."""

    session: Session
    campaign_id: int
    communes: dict[int, str] = field(default_factory=dict)  # participation id → INSEE code
    evenings: dict[int, str] = field(default_factory=dict)  # evening id → uuid
    votes: dict[int, str] = field(default_factory=dict)  # vote id → uuid
    versions: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (slug, hash)
    themes: dict[int, str] = field(default_factory=dict)  # theme id → ref
    users: dict[int, str] = field(default_factory=dict)  # user id → username

    @classmethod
    def load(cls, session: Session, campaign_id: int) -> Refs:
        refs = cls(session, campaign_id)
        refs.reload()
        return refs

    def reload(self) -> None:
        s = self.session
        self.communes = dict(s.execute(select(Participation.id, Participation.commune_code)
                                       .where(Participation.campaign_id == self.campaign_id)).all())
        pids = list(self.communes)
        self.evenings = {i: str(u) for i, u in s.execute(
            select(Evening.id, Evening.uuid).where(Evening.participation_id.in_(pids))).all()}
        self.votes = {i: str(u) for i, u in s.execute(
            select(Vote.id, Vote.uuid).where(Vote.participation_id.in_(pids))).all()}
        self.versions = {i: (slug, h) for i, slug, h in s.execute(
            select(SurveyVersion.id, Survey.slug, SurveyVersion.content_hash)
            .join(Survey, Survey.id == SurveyVersion.survey_id)).all()}
        self.themes = {i: theme_ref(c, slug) for i, c, slug in s.execute(
            select(Theme.id, Theme.campaign_id, Theme.slug).where(
                (Theme.campaign_id.is_(None)) | (Theme.campaign_id == self.campaign_id))).all()}
        self.users = dict(s.execute(select(User.id, User.username)).all())

    def evening(self, evening_id: int | None) -> str | None:
        return self.evenings.get(evening_id) if evening_id is not None else None

    def user(self, user_id: int | None) -> str | None:
        return self.users.get(user_id) if user_id is not None else None


def theme_ref(campaign_id: int | None, slug: str) -> str:
    return f"{'catalogue' if campaign_id is None else 'campagne'}/{slug}"


def ballot_content(content: dict[str, Any], rename: dict[str, str]) -> dict[str, Any]:
    """A ballot's content with its theme keys renamed (local id ↔ theme ref): every mapping
    inside it (`marks`, `totals`, `grades`) is keyed by theme."""
    return {key: ({rename.get(str(k), str(k)): v for k, v in value.items()}
                  if isinstance(value, dict) else value) for key, value in content.items()}


def response_record(r: Response, answers: dict[str, Any], refs: Refs) -> dict[str, Any]:
    slug, content_hash = refs.versions[r.survey_version_id]
    return {"id": str(r.id), "commune": refs.communes[r.participation_id], "survey": slug,
            "version": content_hash, "channel": r.channel, "sheet_code": r.sheet_code,
            "evening": refs.evening(r.evening_id), "language": r.language,
            "submitted_at": when(r.submitted_at),
            "entered_by": refs.user(r.entered_by), "answers": answers}


def idea_record(i: Idea, themes: list[str], refs: Refs) -> dict[str, Any]:
    return {"id": str(i.id), "commune": refs.communes[i.participation_id], "text": i.text,
            "source": i.source, "response": str(i.response_id) if i.response_id else None,
            "question_id": i.question_id, "evening": refs.evening(i.evening_id),
            "merged_into": str(i.merged_into_id) if i.merged_into_id else None,
            "created_at": when(i.created_at), "created_by": refs.user(i.created_by),
            "themes": sorted(themes)}


def ballot_record(b: Ballot, refs: Refs) -> dict[str, Any]:
    to_ref = {str(i): ref for i, ref in refs.themes.items()}
    return {"id": str(b.id), "vote": refs.votes[b.vote_id], "channel": b.channel,
            "content": ballot_content(b.content, to_ref), "weight": b.weight,
            "is_totals": bool(b.is_totals), "submitted_at": when(b.submitted_at),
            "entered_by": refs.user(b.entered_by)}


def registration_record(g: Registration, refs: Refs) -> dict[str, Any]:
    return {"id": str(g.id), "evening": refs.evenings[g.evening_id], "name": g.name,
            "contact": g.contact, "person_key": g.person_key, "waiting": bool(g.waiting),
            "attended": bool(g.attended), "source": g.source, "consent_text": g.consent_text,
            "consent_version": g.consent_version, "consent_at": when(g.consent_at),
            "registered_at": when(g.registered_at), "entered_by": refs.user(g.entered_by)}


def volunteer_record(v: Volunteer, refs: Refs) -> dict[str, Any]:
    return {"id": str(v.id), "commune": refs.communes[v.participation_id], "name": v.name,
            "email": v.email, "phone": v.phone, "interests": v.interests,
            "consent_text": v.consent_text, "consent_version": v.consent_version,
            "consent_at": when(v.consent_at), "source": v.source,
            "created_at": when(v.created_at)}


def evening_record(e: Evening, refs: Refs) -> dict[str, Any]:
    return {"uuid": str(e.uuid), "commune": refs.communes[e.participation_id], "kind": e.kind,
            "title": e.title, "starts_at": when(e.starts_at), "place": e.place,
            "capacity": e.capacity, "attendance": e.attendance,
            "theme": refs.themes.get(e.theme_id) if e.theme_id else None, "notes": e.notes,
            "outcome": e.outcome, "held_at": when(e.held_at), "created_at": when(e.created_at)}


def vote_record(v: Vote, refs: Refs) -> dict[str, Any]:
    return {"uuid": str(v.uuid), "commune": refs.communes[v.participation_id], "title": v.title,
            "method": v.method, "max_dots": v.max_dots, "status": v.status,
            "evening": refs.evening(v.evening_id), "created_at": when(v.created_at),
            "closed_at": when(v.closed_at),
            "options": [refs.themes[o.theme_id] for o in v.options]}


def as_uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None
