"""The ideas of a commune as a table (plain text cells: an idea is never read as HTML or
Markdown), and the form to type in an idea from a post-it, an idea box or an interview."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from ruralites import ideas
from ruralites.auth import Viewer
from ruralites.fr import short_date
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md

FORM = "ideas_add_form"  # the id of the entry form being filled: sent twice, stored once


def short_text(text: str, limit: int = 90) -> str:
    """One line of an idea for a select box (plain text there)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ideas_table(rows: Sequence[ideas.IdeaRow], *, height: int | None = None) -> None:
    if not rows:
        st.caption("Aucune idée.")
        return
    frame = pd.DataFrame({
        "Idée": [r.text for r in rows],
        "Thèmes": [", ".join(r.theme_labels) or "—" for r in rows],
        "Fois exprimée": [r.mentions for r in rows],
        "Source": [r.source_label for r in rows],
        "Date": [short_date(r.created_at) for r in rows],
    })
    st.dataframe(frame, hide_index=True, use_container_width=True, height=height,
                 column_config={"Idée": st.column_config.TextColumn(width="large")})


def list_tab(viewer: Viewer, participation_id: int) -> None:
    left, right = st.columns([3, 2])
    search = left.text_input("Rechercher (accents et majuscules ignorés)", key="ideas_search")
    with database().read() as session:
        themes = ideas.themes_for(session, viewer, participation_id)
    by_id = {t.id: t.label for t in themes}
    theme = right.selectbox("Thème", [None, 0, *by_id], key="ideas_filter_theme",
                            format_func=lambda i: "Tous" if i is None else
                            "Sans thème" if i == 0 else by_id[i])
    with database().read() as session:
        rows = ideas.list_ideas(session, viewer, participation_id, search=search or None,
                                theme_id=theme or None, untagged=theme == 0)
    st.caption(f"{len(rows)} idée(s) affichée(s) ; une idée fusionnée avec ses doublons compte "
               "une fois (colonne « Fois exprimée »).")
    ideas_table(rows, height=420)


def add_idea_form(viewer: Viewer, participation_id: int) -> None:
    """Type in an idea as it was written or said, with where it comes from."""
    forms = st.session_state.setdefault(FORM, {})
    form_id = forms.setdefault(participation_id, uuid.uuid4())
    with database().read() as session:
        themes = ideas.themes_for(session, viewer, participation_id)
    by_id = {t.id: t.label for t in themes}
    with st.form(f"add_idea_{form_id}"):
        text = st.text_area("Idée, besoin ou envie (recopiée telle quelle)", max_chars=ideas.MAX_IDEA_LENGTH)
        source = st.radio("Source", list(ideas.TYPED_SOURCES), horizontal=True,
                          format_func=ideas.SOURCES.get)
        chosen = st.multiselect("Thèmes (facultatif : des suggestions sont proposées ensuite)",
                                list(by_id), format_func=by_id.get,
                                placeholder="Choisissez des thèmes")
        save = st.form_submit_button("Ajouter l'idée", type="primary")
    if save:
        def add():
            with database().write() as session:
                return ideas.add_idea(session, viewer, participation_id, text, source,
                                      theme_ids=chosen, idea_id=form_id)
        row = attempt(add)
        if row is not None:
            forms.pop(participation_id, None)
            suggested = ideas.suggest_themes(row.text, themes) if not row.theme_ids else []
            message = "Idée ajoutée."
            if suggested:
                message += (" Thèmes suggérés : " + ", ".join(md(s.label) for s in suggested)
                            + " — à confirmer dans l'onglet « Étiqueter ».")
            flash("success", message)
            st.rerun()
