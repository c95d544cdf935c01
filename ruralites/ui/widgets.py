"""Widgets every page shares. User text is never rendered as HTML or Markdown: `md()` makes a
typed text inert inside a line of Markdown, `text_table()` does it for every cell of st.table
(which reads Markdown), and a refusal from the domain is shown with `attempt()`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

import pandas as pd
import streamlit as st

from ruralites import fr, phases
from ruralites.errors import UserError
from ruralites.listening import kiosk
from ruralites.ui.network import address_notice

_FLASH = "flash_messages"
# Characters that start Markdown (or Streamlit's :color[…] and :emoji: syntax) inside a line.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]#|<>~$:&])")
_BLANKS = re.compile(r"[ \t\r\n\f\v]+")
# GitHub-flavoured Markdown turns a bare web address into a link after parsing, from the text
# itself: an escaped "http\\://x.example" or a character reference still became
# <a href="http://x.example">. An invisible word joiner (U+2060) after "http:" and "www"
# leaves the text as read and makes no link (an e-mail address stays a mailto: link).
_AUTOLINKS = re.compile(r"(?i)(?<=\\:)(?=//)|(?<=www)(?=\.)")
WORD_JOINER = "\u2060"

PHASE_ICONS = {
    "invited": "✉️", "volunteered": "🙋", "validated": "✅", "listening": "👂",
    "theme_chosen": "🎯", "inspiring": "💡", "oriented": "🧭", "declined": "⛔", "withdrawn": "⏹️",
}


def md(text: str | None) -> str:
    """User text made inert inside a line of st.markdown: Markdown characters are escaped and
    line breaks become spaces. No-break spaces stay (French "20 h", "1 234" never split)."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", _BLANKS.sub(" ", text or "").strip())
    return _AUTOLINKS.sub(WORD_JOINER, escaped)


def text_table(frame: pd.DataFrame) -> None:
    """st.table reads Markdown in its cells: every text cell, header and index label is made
    inert first (names, ideas, notes and reasons are typed by people)."""

    def inert(value):
        return md(value) if isinstance(value, str) else value

    frame = frame.map(inert)
    frame.index = frame.index.map(inert)
    frame.columns = frame.columns.map(inert)
    st.table(frame)


def attempt(action: Callable[[], Any]) -> Any:
    """Run a domain action; a refusal is shown in French and the page goes on. Returns what the
    action returned (True when it returns nothing), or None when it was refused."""
    try:
        result = action()
    except UserError as exc:
        st.error(str(exc))
        return None
    return True if result is None else result


def flash(kind: str, text: str) -> None:
    """A message shown after the next rerun (a form's success survives st.rerun)."""
    st.session_state.setdefault(_FLASH, []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop(_FLASH, []):
        {"success": st.success, "warning": st.warning, "info": st.info}.get(kind, st.info)(text)


def phase_badge(phase: str) -> str:
    return f"{PHASE_ICONS.get(phase, '')} {phases.label(phase)}".strip()


def demo_notice() -> None:
    st.caption("🧪 Démarche de démonstration : données fictives mais plausibles.")


class BoardLine(Protocol):
    label: str
    population: int | None
    nom_epci: str | None
    phase: str
    since: datetime
    next_step: str


def board_table(rows: Sequence[BoardLine], *, epci: bool = False) -> None:
    """One row per commune of a campaign: its phase, since when, and what it waits for. Plain
    text in the DOM (st.table), readable by tests and screen readers."""
    columns = {
        "Commune": [r.label for r in rows],
        "Habitants": [fr.number(r.population) if r.population else "—" for r in rows],
    }
    if epci:
        columns["EPCI"] = [r.nom_epci or "—" for r in rows]
    columns |= {
        "Phase": [phase_badge(r.phase) for r in rows],
        "Depuis le": [fr.short_date(r.since) for r in rows],
        "Prochaine étape": [r.next_step for r in rows],
    }
    text_table(pd.DataFrame(columns).set_index("Commune"))


def link_panel(token: str, note: str = "") -> None:
    """A new kiosk link: the tablet and phone addresses and their QR codes (the token shows
    once), on the address the server really answers on, with a warning when a phone could not
    open it."""
    address = address_notice()
    tablet_url = kiosk.link_url(token, tablet=True, base_url=address.url)
    phone_url = kiosk.link_url(token, base_url=address.url)
    st.success("Lien créé. Ouvrez-le sur chaque tablette, ou faites scanner le QR code." + note)
    for label, url, caption in (
        ("Tablettes partagées (mode kiosque)", tablet_url, "QR code à scanner avec chaque tablette"),
        ("Téléphones des habitants", phone_url, "QR code à projeter ou imprimer"),
    ):
        left, right = st.columns([2, 1])
        left.markdown(f"**{label}**")
        left.code(url, language=None)
        # The column's width, never more: at 810 px with the menu open a fixed width overflowed.
        # PNG: Streamlit would otherwise re-encode the code as a lossy JPEG.
        right.image(kiosk.qr_png(url), caption=caption, width="stretch", output_format="PNG")
