"""Preparing a vote: the shortlist of themes and the method; the tablet/phone link with its QR
code; opening and closing the vote."""

from __future__ import annotations

import streamlit as st

from ruralites import fr
from ruralites.auth import Viewer
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, link_panel
from ruralites.voting import votes

LINK_KEY = "votes_link_token"


def create_vote_form(viewer: Viewer, participation_id: int) -> None:
    """Shortlist 3 to 8 themes (those with the most ideas come first) and choose a method."""
    with database().read() as session:
        candidates, default = votes.shortlist_candidates(session, viewer, participation_id)
    by_id = {c.theme_id: c for c in candidates}
    st.write("Retenez de 3 à 8 thèmes parmi ceux que les idées des habitants font ressortir "
             "(le nombre d'idées est indiqué entre parenthèses).")
    with st.form("new_vote"):
        shortlist = st.multiselect(
            "Thèmes soumis au vote", list(by_id), default=default, max_selections=votes.MAX_THEMES,
            format_func=lambda i: f"{by_id[i].label} ({fr.plural(by_id[i].ideas, 'idée')})",
            placeholder="Choisissez les thèmes")
        method = st.radio("Méthode", list(votes.METHODS), format_func=votes.METHODS.get)
        max_dots = st.number_input(
            "Gommettes par personne (pour la méthode des gommettes)", min_value=1,
            max_value=votes.MAX_DOTS, value=votes.suggested_dots(max(len(default), 3)),
            help="Usage courant : une gommette pour 3 à 5 thèmes, 2 au moins.")
        title = st.text_input("Titre du vote (facultatif)",
                              placeholder="Priorisation des thèmes — soirée de restitution")
        submitted = st.form_submit_button("Créer le vote", type="primary")
    if submitted:
        def create():
            with database().write() as session:
                return votes.create_vote(session, viewer, participation_id, theme_ids=shortlist,
                                         method=method, max_dots=int(max_dots), title=title)
        info = attempt(create)
        if info is not None:
            st.session_state["votes_chosen"] = info.id
            flash("success", f"Vote créé ({info.method_label}) : il est ouvert. Créez le lien pour "
                             "les tablettes et téléphones, ou saisissez les bulletins papier.")
            st.rerun()


def link_and_status(viewer: Viewer, info: votes.VoteInfo) -> None:
    """The tablet/phone link with its QR code, and opening / closing the vote."""
    left, right = st.columns([3, 1])
    left.markdown(f"**État du vote : {info.status_label}** — {info.ballots} bulletin(s) reçu(s)")
    if info.is_open:
        if right.button("Clore le vote", key=f"close-{info.id}"):
            _set_status(viewer, info.id, "closed", "Vote clos : plus aucun bulletin n'est accepté.")
    elif right.button("Rouvrir le vote", key=f"open-{info.id}"):
        _set_status(viewer, info.id, "open", "Vote rouvert.")
    if not info.is_open:
        return
    with st.expander("Lien pour tablettes et téléphones (QR code)",
                     expanded=st.session_state.get(LINK_KEY, (None,))[0] == info.id):
        with st.form(f"vote_link_{info.id}"):
            pin = st.text_input("Code PIN pour quitter le mode tablette (4 à 8 chiffres, "
                                "facultatif)", type="password")
            create = st.form_submit_button("Créer le lien du vote", type="primary")
        if create:
            def make():
                with database().write() as session:
                    return votes.create_link(session, viewer, info.id, pin=pin)
            token = attempt(make)
            if token:
                st.session_state[LINK_KEY] = (info.id, token)
        shown = st.session_state.get(LINK_KEY)
        if shown and shown[0] == info.id:
            link_panel(shown[1], " Il n'est affiché qu'une fois : notez-le ou gardez cette page ouverte.")


def _set_status(viewer: Viewer, vote_id: int, status: str, message: str) -> None:
    def change():
        with database().write() as session:
            return votes.set_status(session, viewer, vote_id, status)
    if attempt(change) is not None:
        flash("success", message)
        st.rerun()
