"""Choosing what a page works on: a commune's participation the viewer may see."""

from __future__ import annotations

import streamlit as st

from ruralites import campaigns, phases
from ruralites.auth import Viewer
from ruralites.campaigns import BoardRow
from ruralites.ui.session import database


def participation_picker(viewer: Viewer, *, action: str | None = None,
                         key: str = "participation") -> BoardRow | None:
    """A select box of the viewer's communes (those whose phase allows `action`, if given)."""
    with database().read() as session:
        rows = campaigns.board(session, viewer)
    if action:
        rows = [r for r in rows if phases.allows(r.phase, action)]
    if not rows:
        needed = phases.label(phases.ACTIONS[action][0]) if action else ""
        st.info("Aucune commune ne s'y prête pour l'instant"
                + (f" : il faut qu'elle ait atteint l'étape « {needed} »." if needed else "."))
        return None
    by_id = {r.participation_id: r for r in rows}
    chosen = st.selectbox(
        "Commune", list(by_id), key=key,
        format_func=lambda pid: f"{by_id[pid].nom} — {by_id[pid].campaign_name} ({by_id[pid].phase_label})",
    )
    return by_id[chosen]
