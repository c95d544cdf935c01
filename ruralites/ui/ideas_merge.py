"""Merging near-duplicate ideas (they then count once), and separating them again."""

from __future__ import annotations

import streamlit as st

from ruralites import ideas
from ruralites.auth import Viewer
from ruralites.ui.ideas_list import short_text
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash

SHOWN_PAIRS = 8


def merge_tab(viewer: Viewer, participation_id: int) -> None:
    with database().read() as session:
        rows = ideas.list_ideas(session, viewer, participation_id)
        merged = [r for r in ideas.list_ideas(session, viewer, participation_id, include_merged=True)
                  if r.merged_into_id is not None]
    identical = len(rows) - len({ideas.normalise(r.text) for r in rows})
    st.subheader("Idées écrites à l'identique")
    if identical:
        st.caption(f"{identical} idée(s) répètent mot pour mot une autre idée (majuscules, accents "
                   "et ponctuation mis à part).")
        if st.button("Fusionner les idées identiques", type="primary", key="ideas_merge_identical"):
            def merge_all():
                with database().write() as session:
                    return ideas.merge_identical(session, viewer, participation_id)
            groups = attempt(merge_all)
            if groups is not None:
                flash("success", f"{groups} groupe(s) d'idées identiques fusionné(s) : chacun "
                                 "compte désormais pour une idée.")
                st.rerun()
    else:
        st.caption("Aucune idée répétée mot pour mot.")
    _near(viewer, participation_id, rows)
    _manual(viewer, participation_id, rows)
    _separate(viewer, participation_id, merged)


def _merge(viewer, participation_id, keep, duplicates) -> None:
    def run():
        with database().write() as session:
            return ideas.merge(session, viewer, participation_id, keep, duplicates)
    kept = attempt(run)
    if kept is not None:
        flash("success", f"Idées fusionnées : le groupe compte une fois ({kept.mentions} mentions).")
        st.rerun()


def _near(viewer, participation_id, rows) -> None:
    st.subheader("Idées proches")
    pairs = [p for p in ideas.near_duplicates(rows) if p.similarity < 1.0][:SHOWN_PAIRS]
    if not pairs:
        st.caption("Aucune paire d'idées très proches.")
        return
    st.caption("Deux idées qui partagent l'essentiel de leurs mots. Vérifiez qu'elles disent "
               "bien la même chose avant de fusionner.")
    for n, pair in enumerate(pairs):
        with st.container(border=True):
            st.text(f"1. {pair.first.text}")
            st.text(f"2. {pair.second.text}")
            if st.button(f"Fusionner (mots en commun : {round(100 * pair.similarity)} %)",
                         key=f"ideas_pair_{n}"):
                _merge(viewer, participation_id, pair.first.id, [pair.second.id])


def _manual(viewer, participation_id, rows) -> None:
    st.subheader("Fusionner à la main")
    by_id = {str(r.id): r for r in rows}
    if len(by_id) < 2:
        return
    keep = st.selectbox("Idée à garder", list(by_id), key="ideas_keep",
                        format_func=lambda i: short_text(by_id[i].text))
    others = [i for i in by_id if i != keep]
    duplicates = st.multiselect("Ses doublons", others, key="ideas_duplicates",
                                format_func=lambda i: short_text(by_id[i].text),
                                placeholder="Choisissez les idées en double")
    if st.button("Fusionner", key="ideas_merge_manual", disabled=not duplicates):
        _merge(viewer, participation_id, keep, duplicates)


def _separate(viewer, participation_id, merged) -> None:
    if not merged:
        return
    st.subheader("Séparer une idée fusionnée")
    by_id = {str(r.id): r for r in merged}
    chosen = st.selectbox("Idée fusionnée", list(by_id), key="ideas_unmerge",
                          format_func=lambda i: short_text(by_id[i].text))
    if st.button("La séparer de son groupe", key="ideas_unmerge_btn"):
        def run():
            with database().write() as session:
                ideas.unmerge(session, viewer, participation_id, chosen)
            return True
        if attempt(run):
            flash("success", "Idée séparée : elle compte de nouveau pour elle-même.")
            st.rerun()
