"""Small display helpers shared by pages. User text is never rendered as HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ruralites import fr, phases
from ruralites.campaigns import BoardRow

PHASE_ICONS = {
    "invited": "✉️", "volunteered": "🙋", "validated": "✅", "listening": "👂",
    "theme_chosen": "🎯", "inspiring": "💡", "oriented": "🧭", "declined": "⛔", "withdrawn": "⏹️",
}


def phase_badge(phase: str) -> str:
    return f"{PHASE_ICONS.get(phase, '')} {phases.label(phase)}".strip()


def demo_notice() -> None:
    st.caption("🧪 Démarche de démonstration : données fictives mais plausibles.")


def board_table(rows: list[BoardRow]) -> None:
    """The communes of a campaign as a plain table (text stays in the DOM, readable by tests and
    screen readers)."""
    frame = pd.DataFrame(
        {
            "Commune": [f"{r.nom} ({r.code_insee})" for r in rows],
            "Habitants": [f"{r.population:,}".replace(",", "\u202f") if r.population else "—" for r in rows],
            "Phase": [phase_badge(r.phase) for r in rows],
            "Depuis le": [fr.short_date(r.since) for r in rows],
            "Prochaine étape": [r.next_step for r in rows],
        }
    )
    st.table(frame.set_index("Commune"))
