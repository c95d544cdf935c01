"""Results as the screens read them: cached for a short while, shared by every user with the same
scope. The cache key is the database, the scope (campaign, commune) and what the viewer may see
(role, pôle, communes) — never a user's session — and the values are plain dataclasses."""

from __future__ import annotations

import streamlit as st

from ruralites import results
from ruralites.auth import Viewer
from ruralites.config import settings
from ruralites.results import FreeText, Results, Scope
from ruralites.ui.session import database

TTL_SECONDS = 30  # answers from tablets show up within half a minute


def _as_viewer(role: str, pole_id: int | None, communes: tuple[str, ...]) -> Viewer:
    return Viewer(user_id=None, role=role, pole_id=pole_id, commune_codes=frozenset(communes))


def _key(viewer: Viewer, scope: Scope) -> tuple:
    return (settings().database_url, scope.campaign_slug, scope.participation_id, viewer.role,
            viewer.pole_id, tuple(sorted(viewer.commune_codes)))


@st.cache_data(ttl=TTL_SECONDS, max_entries=64, show_spinner=False)
def _results(db_url: str, campaign: str, participation_id: int | None, role: str,
             pole_id: int | None, communes: tuple[str, ...], survey_slug: str | None,
             questions: bool) -> Results:
    with database().read() as session:
        return results.results(session, _as_viewer(role, pole_id, communes),
                               Scope(campaign, participation_id), survey_slug,
                               questions=questions)


@st.cache_data(ttl=TTL_SECONDS, max_entries=32, show_spinner=False)
def _free_texts(db_url: str, campaign: str, participation_id: int | None, role: str,
                pole_id: int | None, communes: tuple[str, ...],
                survey_slug: str | None) -> list[FreeText]:
    with database().read() as session:
        return results.free_texts(session, _as_viewer(role, pole_id, communes),
                                  Scope(campaign, participation_id), survey_slug)


@st.cache_data(ttl=TTL_SECONDS, max_entries=32, show_spinner=False)
def _idea_texts(db_url: str, campaign: str, participation_id: int | None, role: str,
                pole_id: int | None, communes: tuple[str, ...]) -> list[str]:
    with database().read() as session:
        return results.idea_texts(session, _as_viewer(role, pole_id, communes),
                                  Scope(campaign, participation_id))


def load_results(viewer: Viewer, scope: Scope, survey_slug: str | None = None, *,
                 questions: bool = True) -> Results:
    """With `questions=False`, the participation figures only (the cheap part)."""
    return _results(*_key(viewer, scope), survey_slug, questions)


def load_free_texts(viewer: Viewer, scope: Scope, survey_slug: str | None) -> list[FreeText]:
    """Staff only: raises FreeTextHiddenError for a mayor (checked before the cache)."""
    if not results.can_see_free_text(viewer):
        raise results.FreeTextHiddenError(results.FREE_TEXT_HIDDEN)
    return _free_texts(*_key(viewer, scope), survey_slug)


def load_idea_texts(viewer: Viewer, scope: Scope) -> list[str]:
    return _idea_texts(*_key(viewer, scope))
