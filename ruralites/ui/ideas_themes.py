"""Counts and examples per theme, and the themes offered to a campaign (the shipped catalogue
and the campaign's own)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ruralites import ideas
from ruralites.auth import Viewer
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md, text_table


def counts_tab(viewer: Viewer, participation_id: int) -> None:
    with database().read() as session:
        found = ideas.summary(session, viewer, participation_id)
    if not found.by_theme:
        st.info("Aucune idée n'a encore de thème : étiquetez-les dans l'onglet « Étiqueter ».")
        return
    st.caption("Une idée peut relever de plusieurs thèmes. « Idées » compte chaque groupe "
               "d'idées fusionnées une fois ; « Fois exprimée » compte toutes les mentions.")
    text_table(pd.DataFrame({
        "Thème": [c.label for c in found.by_theme],
        "Idées": [c.ideas for c in found.by_theme],
        "Fois exprimée": [c.mentions for c in found.by_theme],
        "Exemples": [" · ".join(c.examples) for c in found.by_theme],
    }).set_index("Thème"))


def themes_tab(viewer: Viewer, participation_id: int, campaign_id: int) -> None:
    with database().read() as session:
        themes = ideas.themes_for(session, viewer, participation_id)
    text_table(pd.DataFrame({
        "Thème": [t.label for t in themes],
        "Origine": ["Catalogue" if t.is_catalogue else "Propre à la démarche" for t in themes],
        "Description": [t.description or "" for t in themes],
        "Mots-clés (suggestions)": [", ".join(t.keywords) for t in themes],
    }).set_index("Thème"))
    st.subheader("Ajouter un thème à la démarche")
    with st.form("add_theme"):
        label = st.text_input("Nom du thème", max_chars=200)
        description = st.text_area("Description courte", max_chars=2000)
        keywords = st.text_input("Mots-clés pour les suggestions, séparés par des virgules",
                                 placeholder="ex. : lavoir, fontaine, four à pain")
        save = st.form_submit_button("Ajouter le thème", type="primary")
    if save:
        def add():
            with database().write() as session:
                return ideas.add_theme(session, viewer, campaign_id, label, description=description,
                                       keywords=keywords.split(","))
        theme = attempt(add)
        if theme is not None:
            flash("success", f"Thème « {md(theme.label)} » ajouté à la démarche.")
            st.rerun()
