"""Counts and examples per theme, and the texts the word cloud is drawn from."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns
from ruralites.auth import Viewer
from ruralites.ideas.common import (
    normalise,
)
from ruralites.ideas.entries import IdeaRow, list_ideas
from ruralites.models import Idea


@dataclass(frozen=True)
class ThemeCount:
    theme_id: int
    label: str
    ideas: int  # ideas tagged with the theme, a merged group counting once
    mentions: int  # how many times they were expressed, merged ones included
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IdeaSummary:
    ideas: int  # a merged group counts once
    mentions: int
    untagged: int
    by_theme: list[ThemeCount]  # most ideas first


def summary(session: Session, viewer: Viewer, participation_id: int, *,
            examples: int = 3) -> IdeaSummary:
    """Counts and examples per theme: the most mentioned ideas serve as examples."""
    rows = list_ideas(session, viewer, participation_id)
    per_theme: dict[int, list[IdeaRow]] = {}
    labels: dict[int, str] = {}
    for row in rows:
        for theme_id, label in zip(row.theme_ids, row.theme_labels, strict=True):
            per_theme.setdefault(theme_id, []).append(row)
            labels[theme_id] = label
    counts = []
    for theme_id, tagged in per_theme.items():
        best = sorted(tagged, key=lambda r: (-r.mentions, len(r.text)))
        counts.append(ThemeCount(theme_id, labels[theme_id], len(tagged),
                                 sum(r.mentions for r in tagged),
                                 [r.text for r in best[:examples]]))
    counts.sort(key=lambda c: (-c.ideas, -c.mentions, normalise(c.label)))
    return IdeaSummary(len(rows), sum(r.mentions for r in rows),
                       sum(1 for r in rows if not r.theme_ids), counts)


def cloud_texts(session: Session, viewer: Viewer, participation_id: int) -> list[str]:
    """The texts the word cloud is drawn from: every idea, a merged group once."""
    campaigns.participation_for(session, viewer, participation_id)
    return list(session.scalars(
        select(Idea.text).where(Idea.participation_id == participation_id,
                                Idea.merged_into_id.is_(None)).order_by(Idea.created_at, Idea.id)))
