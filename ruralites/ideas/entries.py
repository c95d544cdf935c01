"""Ideas as staff and inhabitants gave them: typed post-its, idea boxes, interviews, and the
answers flagged `feeds_ideas`; listed with their themes and how often they were mentioned."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ruralites import campaigns
from ruralites.auth import Viewer
from ruralites.ideas.common import (
    MAX_IDEA_LENGTH,
    SOURCES,
    TYPED_SOURCES,
    IdeaError,
    as_uuid,
    normalise,
    staff_participation,
)
from ruralites.ideas.themes import visible_themes
from ruralites.models import Idea, Participation, Theme, utcnow


@dataclass(frozen=True)
class IdeaRow:
    id: uuid.UUID
    text: str
    source: str
    created_at: datetime
    theme_ids: tuple[int, ...]
    theme_labels: tuple[str, ...]
    merged_into_id: uuid.UUID | None
    mentions: int = 1  # the idea itself and those merged into it

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)


def check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise IdeaError("L'idée est vide : écrivez-la telle qu'elle a été exprimée.")
    if len(text) > MAX_IDEA_LENGTH:
        raise IdeaError(f"Idée trop longue : {MAX_IDEA_LENGTH} caractères au plus "
                        f"({len(text)} saisis). Coupez-la en plusieurs idées.")
    return text


def themes_by_id(session: Session, campaign_id: int, theme_ids: Iterable[int]) -> list[Theme]:
    wanted = list(dict.fromkeys(theme_ids))
    if not wanted:
        return []
    found = {t.id: t for t in session.scalars(
        select(Theme).where(Theme.id.in_(wanted), visible_themes(campaign_id)))}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise IdeaError("Thème inconnu pour cette démarche : rechargez la page et choisissez "
                        "parmi les thèmes proposés.")
    return [found[i] for i in wanted]


def add_idea(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    text: str,
    source: str,
    *,
    theme_ids: Sequence[int] = (),
    evening_id: int | None = None,
    idea_id: uuid.UUID | None = None,
    at: datetime | None = None,
) -> IdeaRow:
    """An idea typed by staff from a post-it, an idea box or an interview. With `idea_id` (made
    when the entry form opened), the same form sent twice is stored once."""
    participation = staff_participation(session, viewer, participation_id)
    if source not in TYPED_SOURCES:
        choices = ", ".join(SOURCES[s] for s in TYPED_SOURCES)
        raise IdeaError(f"Source inconnue « {source} » : choisissez parmi {choices}.")
    text = check_text(text)
    if idea_id is not None and (existing := session.get(Idea, idea_id)) is not None:
        return idea_row(existing)
    idea = Idea(id=idea_id or uuid.uuid4(), participation_id=participation.id, text=text,
                source=source, evening_id=evening_id, created_by=viewer.user_id,
                created_at=at or utcnow())
    idea.themes = themes_by_id(session, participation.campaign_id, theme_ids)
    session.add(idea)
    session.flush()
    return idea_row(idea)


def idea_row(idea: Idea, mentions: int = 1) -> IdeaRow:
    themes = sorted(idea.themes, key=lambda t: t.label)
    return IdeaRow(idea.id, idea.text, idea.source, idea.created_at,
                   tuple(t.id for t in themes), tuple(t.label for t in themes),
                   idea.merged_into_id, mentions)


def list_ideas(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    *,
    search: str | None = None,
    theme_id: int | None = None,
    untagged: bool = False,
    include_merged: bool = False,
) -> list[IdeaRow]:
    """The commune's ideas, oldest first; `search` is accent- and case-insensitive."""
    campaigns.participation_for(session, viewer, participation_id)
    stmt = (select(Idea).where(Idea.participation_id == participation_id)
            .options(selectinload(Idea.themes)).order_by(Idea.created_at, Idea.id))
    if not include_merged:
        stmt = stmt.where(Idea.merged_into_id.is_(None))
    mentions = mentions_by_idea(session, participation_id)
    rows = [idea_row(i, mentions.get(i.id, 1)) for i in session.scalars(stmt)]
    if search and normalise(search):
        wanted = normalise(search)
        rows = [r for r in rows if wanted in normalise(r.text)]
    if theme_id is not None:
        rows = [r for r in rows if theme_id in r.theme_ids]
    if untagged:
        rows = [r for r in rows if not r.theme_ids]
    return rows


def mentions_by_idea(session: Session, participation_id: int) -> dict[uuid.UUID, int]:
    merged = session.execute(
        select(Idea.merged_into_id, func.count(Idea.id))
        .where(Idea.participation_id == participation_id, Idea.merged_into_id.is_not(None))
        .group_by(Idea.merged_into_id)
    )
    return {keep: 1 + n for keep, n in merged}


def ideas_of(session: Session, participation: Participation, idea_ids: Iterable[Any]) -> list[Idea]:
    wanted = list(dict.fromkeys(as_uuid(i) for i in idea_ids))
    if not wanted:
        raise IdeaError("Choisissez au moins une idée.")
    found = {i.id: i for i in session.scalars(
        select(Idea).where(Idea.id.in_(wanted), Idea.participation_id == participation.id)
        .options(selectinload(Idea.themes)))}
    if len(found) != len(wanted):
        raise IdeaError("Idée introuvable pour cette commune : rechargez la page.")
    return [found[i] for i in wanted]


def count_ideas(session: Session, participation_id: int) -> int:
    """Ideas of a commune, a merged group counting once (no scope: callers check it)."""
    return session.scalar(select(func.count(Idea.id)).where(
        Idea.participation_id == participation_id, Idea.merged_into_id.is_(None))) or 0
