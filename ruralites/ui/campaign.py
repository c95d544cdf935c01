"""Widgets shared by the campaign pages: which campaign and which commune, messages that survive
a rerun, and user text shown as text (never as HTML or Markdown)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from ruralites.auth import Viewer
from ruralites.campaigns import CampaignSummary, CommuneFile
from ruralites.campaigns import views as campaign_views
from ruralites.errors import UserError
from ruralites.ui.layout import demo_notice, phase_badge
from ruralites.ui.session import database

CURRENT = "current_campaign"
_FLASH = "campaign_flash"
_PICKER = "pick_campaign_"
# Characters that start Markdown (or Streamlit's :color[…] and :emoji: syntax) inside a line.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]#|<>~$:])")


def md(text: str | None) -> str:
    """User text made inert inside a line of st.markdown: Markdown characters are escaped and
    line breaks become spaces."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join((text or "").split()))


def text_table(frame: pd.DataFrame) -> None:
    """st.table reads Markdown in its cells: every text cell, header and index label is made
    inert first (campaign names, notes and reasons are typed by people)."""

    def inert(value):
        return md(value) if isinstance(value, str) else value

    frame = frame.map(inert)
    frame.index = frame.index.map(inert)
    frame.columns = frame.columns.map(inert)
    st.table(frame)


def select_campaign(slug: str) -> None:
    """Make `slug` the chosen campaign on every page (after creating one, say)."""
    st.session_state[CURRENT] = slug
    st.query_params["demarche"] = slug
    for key in [k for k in st.session_state if str(k).startswith(_PICKER)]:
        del st.session_state[key]


def pick_campaign(viewer: Viewer, page: str) -> CampaignSummary | None:
    """A select box of the campaigns the viewer follows; the choice follows them from page to
    page (and comes from `?demarche=<slug>` when the URL names one)."""
    key = _PICKER + page
    with database().read() as session:
        found = campaign_views.list_campaigns(session, viewer)
    if not found:
        st.info("Aucune démarche pour l'instant : créez-en une dans la page « Démarches ».")
        return None
    by_slug = {c.slug: c for c in found}
    wanted = st.query_params.get("demarche") or st.session_state.get(CURRENT)
    if st.session_state.get(key) not in by_slug:
        st.session_state[key] = wanted if wanted in by_slug else found[0].slug
    slug = st.selectbox("Démarche", list(by_slug), key=key, format_func=lambda s: by_slug[s].name)
    st.session_state[CURRENT] = slug
    if st.query_params.get("demarche") != slug:
        st.query_params["demarche"] = slug
    if by_slug[slug].is_demo:
        demo_notice()
    return by_slug[slug]


# The campaign pages as app.py registers them: st.page_link matches a page by its url_path.
CAMPAIGN_PAGES = (
    ("tableau-de-bord", "Tableau de bord", "📊"),
    ("communes", "Communes et appel", "✉️"),
    ("deliberations", "Délibérations", "🏛️"),
    ("campagnes", "Démarche", "🗂️"),
)


def _page_stub() -> None:  # never run: the link leads to the page app.py registered
    return None


def page_link(url_path: str, label: str, icon: str, slug: str | None = None, where=st) -> None:
    where.page_link(st.Page(_page_stub, url_path=url_path, title=label, icon=icon),
                    query_params={"demarche": slug} if slug else None)


def campaign_links(slug: str, here: str | None = None) -> None:
    """Links to the campaign's other screens, keeping the campaign chosen."""
    row = st.container(horizontal=True, gap="medium")
    for path, title, icon in CAMPAIGN_PAGES:
        if path != here:
            page_link(path, title, icon, slug, where=row)


def pick_commune(files: Sequence[CommuneFile], key: str, label: str = "Commune") -> CommuneFile:
    by_id = {f.participation_id: f for f in files}
    chosen = st.selectbox(
        label, list(by_id), key=key,
        format_func=lambda pid: f"{by_id[pid].label} — {phase_badge(by_id[pid].phase)}",
    )
    return by_id[chosen]


def flash(kind: str, text: str) -> None:
    """A message shown after the next rerun (a form's success survives st.rerun)."""
    st.session_state.setdefault(_FLASH, []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop(_FLASH, []):
        {"success": st.success, "warning": st.warning, "info": st.info}.get(kind, st.info)(text)


def attempt(action: Callable[[], object]) -> bool:
    """Run a domain action; a refusal is shown in French and the page goes on. True if it ran."""
    try:
        action()
    except UserError as exc:
        st.error(str(exc))
        return False
    return True
