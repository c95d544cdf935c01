"""Tagging ideas with themes: one idea with the suggested themes, several at once (by a search),
or every untagged idea with its suggestions. Staff confirm: suggestions are only suggestions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ruralites import ideas
from ruralites.auth import Viewer
from ruralites.ui.ideas_list import short_text
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md


def tag_tab(viewer: Viewer, participation_id: int) -> None:
    with database().read() as session:
        themes = ideas.themes_for(session, viewer, participation_id)
        rows = ideas.list_ideas(session, viewer, participation_id)
    if not rows:
        st.info("Aucune idée pour l'instant : ajoutez-en, ou attendez les réponses au "
                "questionnaire.")
        return
    suggestions_block(viewer, participation_id, rows, themes)
    st.divider()
    one_idea(viewer, participation_id, rows, themes)
    st.divider()
    bulk(viewer, participation_id, themes)


def suggestions_block(viewer, participation_id, rows, themes) -> None:
    st.subheader("Suggestions pour les idées sans thème")
    untagged = [r for r in rows if not r.theme_ids]
    proposed = [(r, ideas.suggest_themes(r.text, themes)) for r in untagged]
    proposed = [(r, s) for r, s in proposed if s]
    if not untagged:
        st.caption("Toutes les idées ont au moins un thème.")
        return
    st.caption(f"{len(untagged)} idée(s) sans thème, dont {len(proposed)} avec une suggestion "
               "(mots-clés reconnus, accents et majuscules ignorés).")
    if not proposed:
        return
    st.dataframe(pd.DataFrame({
        "Idée": [r.text for r, _ in proposed],
        "Thèmes suggérés": [", ".join(s.label for s in sug) for _, sug in proposed],
        "Mots reconnus": [", ".join(k for s in sug for k in s.keywords) for _, sug in proposed],
    }), hide_index=True, use_container_width=True, height=min(36 * len(proposed) + 40, 320))
    if st.button(f"Accepter les suggestions pour ces {len(proposed)} idée(s)", type="primary",
                 key="ideas_accept_all"):
        def accept():
            with database().write() as session:
                return ideas.apply_suggestions(session, viewer, participation_id,
                                               [r.id for r, _ in proposed])
        tagged = attempt(accept)
        if tagged is not None:
            flash("success", f"{tagged} idée(s) étiquetée(s) avec les thèmes suggérés.")
            st.rerun()


def one_idea(viewer, participation_id, rows, themes) -> None:
    st.subheader("Étiqueter une idée")
    by_theme = {t.id: t.label for t in themes}
    only_untagged = st.toggle("Seulement les idées sans thème", value=True, key="ideas_one_untagged")
    choices = [r for r in rows if not r.theme_ids] if only_untagged else rows
    if not choices:
        st.caption("Aucune idée à étiqueter ici.")
        return
    by_id = {str(r.id): r for r in choices}
    chosen = st.selectbox("Idée", list(by_id), key="ideas_one",
                          format_func=lambda i: short_text(by_id[i].text))
    row = by_id[chosen]
    st.text(row.text)
    suggested = ideas.suggest_themes(row.text, themes)
    if suggested:
        st.caption("Suggestions : " + " ; ".join(
            f"{md(s.label)} (mots : {md(', '.join(s.keywords))})" for s in suggested))
    default = list(row.theme_ids) or [s.theme_id for s in suggested]
    selected = st.multiselect("Thèmes de cette idée", list(by_theme), default=default,
                              format_func=by_theme.get, key=f"ideas_one_themes_{chosen}",
                              placeholder="Choisissez des thèmes")
    if st.button("Enregistrer les thèmes", type="primary", key="ideas_one_save"):
        def save():
            with database().write() as session:
                return ideas.tag(session, viewer, participation_id, [row.id], selected,
                                 replace=True)
        if attempt(save) is not None:
            flash("success", "Thèmes enregistrés.")
            st.rerun()


def bulk(viewer, participation_id, themes) -> None:
    st.subheader("Étiqueter plusieurs idées d'un coup")
    by_theme = {t.id: t.label for t in themes}
    words = st.text_input("Les idées qui contiennent… (ex. : jardin, potager)", key="ideas_bulk_search")
    if not words.strip():
        st.caption("Tapez un mot pour retrouver les idées qui en parlent.")
        return
    with database().read() as session:
        found = {}
        for word in [w for w in words.split(",") if w.strip()]:
            for r in ideas.list_ideas(session, viewer, participation_id, search=word):
                found[str(r.id)] = r
    if not found:
        st.caption("Aucune idée ne contient ce mot.")
        return
    selected = st.multiselect(f"Idées concernées ({len(found)})", list(found), default=list(found),
                              format_func=lambda i: short_text(found[i].text), key="ideas_bulk_ideas",
                              placeholder="Choisissez des idées")
    chosen = st.multiselect("Thèmes à ajouter", list(by_theme), format_func=by_theme.get,
                            key="ideas_bulk_themes", placeholder="Choisissez des thèmes")
    if st.button(f"Ajouter ces thèmes aux {len(selected)} idée(s)", key="ideas_bulk_save",
                 disabled=not (selected and chosen)):
        def tag_all():
            with database().write() as session:
                return ideas.tag(session, viewer, participation_id, selected, chosen)
        changed = attempt(tag_all)
        if changed is not None:
            flash("success", f"{changed} idée(s) étiquetée(s).")
            st.rerun()
