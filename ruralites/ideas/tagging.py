"""Tagging ideas with themes: by hand, in bulk, or from the keyword suggestions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ruralites.auth import Viewer
from ruralites.ideas.common import (
    IdeaError,
    staff_participation,
)
from ruralites.ideas.entries import ideas_of, themes_by_id
from ruralites.ideas.themes import suggest_themes, themes_for_campaign
from ruralites.models import Idea, Theme, idea_themes


def tag(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    idea_ids: Iterable[Any],
    theme_ids: Sequence[int],
    *,
    replace: bool = False,
) -> int:
    """Tag ideas with themes (bulk). `replace` sets exactly these themes (none clears them).
    Returns the number of ideas changed."""
    participation = staff_participation(session, viewer, participation_id)
    themes = themes_by_id(session, participation.campaign_id, theme_ids)
    if not themes and not replace:
        raise IdeaError("Choisissez au moins un thème.")
    changed = 0
    for idea in ideas_of(session, participation, idea_ids):
        before = {t.id for t in idea.themes}
        after = {t.id for t in themes} if replace else before | {t.id for t in themes}
        if after != before:
            keep = [t for t in idea.themes if t.id in after]
            idea.themes = keep + [t for t in themes if t.id in after and t.id not in before]
            changed += 1
    session.flush()
    return changed


def untag(session: Session, viewer: Viewer, participation_id: int, idea_ids: Iterable[Any],
          theme_ids: Sequence[int]) -> int:
    participation = staff_participation(session, viewer, participation_id)
    removed = set(theme_ids)
    changed = 0
    for idea in ideas_of(session, participation, idea_ids):
        if removed & {t.id for t in idea.themes}:
            idea.themes = [t for t in idea.themes if t.id not in removed]
            changed += 1
    session.flush()
    return changed


def apply_suggestions(session: Session, viewer: Viewer, participation_id: int,
                      idea_ids: Iterable[Any] | None = None) -> int:
    """Tag every untagged idea (or those given) with its suggested themes; returns how many
    ideas were tagged. Ideas with no suggestion are left for a person to read."""
    participation = staff_participation(session, viewer, participation_id)
    themes = themes_for_campaign(session, participation.campaign_id)
    by_id = {t.id: t for t in session.scalars(select(Theme).where(
        Theme.id.in_([t.id for t in themes])))}
    if idea_ids is None:
        ideas = session.scalars(
            select(Idea).where(Idea.participation_id == participation.id,
                               Idea.merged_into_id.is_(None), ~Idea.themes.any())
            .options(selectinload(Idea.themes)))
    else:
        ideas = ideas_of(session, participation, idea_ids)
    tagged = 0
    for idea in ideas:
        suggested = [by_id[s.theme_id] for s in suggest_themes(idea.text, themes)]
        new = [t for t in suggested if t not in idea.themes]
        if new:
            idea.themes = [*idea.themes, *new]
            tagged += 1
    session.flush()
    return tagged


def tagged_theme_ids(session: Session, participation_id: int) -> set[int]:
    """Themes that at least one of the commune's ideas is tagged with."""
    return set(session.scalars(
        select(idea_themes.c.theme_id).join(Idea, Idea.id == idea_themes.c.idea_id)
        .where(Idea.participation_id == participation_id).distinct()))
