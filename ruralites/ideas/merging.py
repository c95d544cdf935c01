"""Merging near-duplicate ideas: a merged group counts once, as the idea it was merged into."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ruralites import campaigns
from ruralites.auth import Viewer
from ruralites.ideas.common import (
    NEAR_DUPLICATE,
    IdeaError,
    as_uuid,
    normalise,
    staff_participation,
)
from ruralites.ideas.entries import IdeaRow, idea_row, ideas_of, mentions_by_idea
from ruralites.models import Idea
from ruralites.text import folded_stop_words


def merge(session: Session, viewer: Viewer, participation_id: int, keep_id: Any,
          duplicate_ids: Iterable[Any]) -> IdeaRow:
    """Merge near-duplicates into `keep_id`: they then count once, as that idea, which takes
    their themes. Ideas already merged into a duplicate follow it."""
    participation = staff_participation(session, viewer, participation_id)
    [keep] = ideas_of(session, participation, [keep_id])
    duplicates = [d for d in ideas_of(session, participation, duplicate_ids) if d.id != keep.id]
    if not duplicates:
        raise IdeaError("Choisissez au moins une autre idée à fusionner avec celle-ci.")
    if keep.merged_into_id is not None:
        raise IdeaError("L'idée à garder est elle-même fusionnée dans une autre : choisissez "
                        "l'idée principale du groupe.")
    duplicate_ids = [d.id for d in duplicates]
    with session.no_autoflush:
        followers = list(session.scalars(select(Idea).where(Idea.merged_into_id.in_(duplicate_ids))))
    for follower in followers:
        follower.merged_into_id = keep.id
    themes = list(keep.themes)
    for duplicate in duplicates:
        duplicate.merged_into_id = keep.id
        themes += [t for t in duplicate.themes if t not in themes]
    keep.themes = themes
    session.flush()
    return idea_row(keep, mentions_by_idea(session, participation.id).get(keep.id, 1))


def merge_identical(session: Session, viewer: Viewer, participation_id: int) -> int:
    """Merge the ideas written exactly alike (case, accents and punctuation aside) into the
    oldest of each group, in one go; returns the number of groups merged."""
    participation = staff_participation(session, viewer, participation_id)
    loaded = session.scalars(
        select(Idea).where(Idea.participation_id == participation.id)
        .options(selectinload(Idea.themes)).order_by(Idea.created_at, Idea.id))
    roots: dict[str, Idea] = {}
    by_id: dict[uuid.UUID, Idea] = {}
    groups = set()
    for idea in loaded:
        by_id[idea.id] = idea
        if idea.merged_into_id is not None:
            continue
        key = normalise(idea.text)
        keep = roots.setdefault(key, idea)
        if keep is not idea:
            idea.merged_into_id = keep.id
            keep.themes = [*keep.themes, *[t for t in idea.themes if t not in keep.themes]]
            groups.add(key)
    for idea in by_id.values():  # ideas merged into one that is now merged follow it
        target = by_id.get(idea.merged_into_id) if idea.merged_into_id else None
        if target is not None and target.merged_into_id is not None:
            idea.merged_into_id = target.merged_into_id
    session.flush()
    return len(groups)


def unmerge(session: Session, viewer: Viewer, participation_id: int, idea_id: Any) -> None:
    """Take an idea out of the group it was merged into: it counts on its own again."""
    participation = staff_participation(session, viewer, participation_id)
    [idea] = ideas_of(session, participation, [idea_id])
    if idea.merged_into_id is None:
        raise IdeaError("Cette idée n'est fusionnée avec aucune autre.")
    idea.merged_into_id = None
    session.flush()


def merged_into(session: Session, viewer: Viewer, participation_id: int,
                keep_id: Any) -> list[IdeaRow]:
    """The ideas merged into `keep_id`."""
    campaigns.participation_for(session, viewer, participation_id)
    stmt = (select(Idea).where(Idea.participation_id == participation_id,
                               Idea.merged_into_id == as_uuid(keep_id))
            .options(selectinload(Idea.themes)).order_by(Idea.created_at, Idea.id))
    return [idea_row(i) for i in session.scalars(stmt)]


def content_words(text: str) -> frozenset[str]:
    words = [w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in normalise(text).split()]
    return frozenset(w for w in words if w not in folded_stop_words() and len(w) > 1)


@dataclass(frozen=True)
class NearDuplicate:
    first: IdeaRow  # the older idea: the one to keep by default
    second: IdeaRow
    similarity: float  # share of content words in common, 1.0 for the same words


def near_duplicates(ideas: Sequence[IdeaRow], *, threshold: float = NEAR_DUPLICATE,
                    limit: int = 50) -> list[NearDuplicate]:
    """Pairs of ideas that say nearly the same thing (same content words, accents, case,
    plurals and small words ignored), most alike first. Pure."""
    words = [(idea, content_words(idea.text)) for idea in ideas]
    pairs = []
    for i, (a, wa) in enumerate(words):
        if not wa:
            continue
        for b, wb in words[i + 1:]:
            if not wb:
                continue
            common = len(wa & wb)
            if not common:
                continue
            score = common / len(wa | wb)
            if score >= threshold:
                pairs.append(NearDuplicate(a, b, round(score, 2)))
    pairs.sort(key=lambda p: -p.similarity)
    return pairs[:limit]
