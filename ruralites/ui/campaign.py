"""What the campaign pages share: which campaign and which commune, and links between them."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ruralites.auth import Viewer
from ruralites.campaigns import CampaignSummary, CommuneFile
from ruralites.campaigns import views as campaign_views
from ruralites.ui.navigation import CAMPAIGN_PAGES, page_link
from ruralites.ui.session import database
from ruralites.ui.widgets import demo_notice, phase_badge

CURRENT = "current_campaign"
_PICKER = "pick_campaign_"


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


def campaign_links(slug: str, here: str | None = None) -> None:
    """Links to the campaign's other screens, keeping the campaign chosen."""
    row = st.container(horizontal=True, gap="medium")
    for key in CAMPAIGN_PAGES:
        if key != here:
            page_link(key, query_params={"demarche": slug}, where=row)


def pick_commune(files: Sequence[CommuneFile], key: str, label: str = "Commune") -> CommuneFile:
    by_id = {f.participation_id: f for f in files}
    chosen = st.selectbox(
        label, list(by_id), key=key,
        format_func=lambda pid: f"{by_id[pid].label} — {phase_badge(by_id[pid].phase)}",
    )
    return by_id[chosen]


