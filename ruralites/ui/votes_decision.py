"""Recording the decision: which theme, who decided (the room, the council), when. The vote
informs it; the people decide it — a tie is settled by them, not by the software."""

from __future__ import annotations

import streamlit as st

from ruralites import fr
from ruralites.auth import Viewer
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md
from ruralites.voting import theme_choice, votes


def decision_form(viewer: Viewer, participation_id: int, found: votes.VoteResults) -> None:
    info = found.info
    labels = {o.theme_id: o.label for o in info.options}
    winners = found.winners
    if found.tie_for_first:
        st.warning("Égalité en tête : c'est à la salle (ou au conseil) de choisir entre les "
                   "thèmes à égalité. Indiquez ci-dessous le thème retenu.")
    clear = [i for i, label in labels.items() if label in winners] if len(winners) == 1 else []
    with st.form(f"decision_{info.id}"):
        theme_id = st.selectbox("Thème retenu", list(labels), format_func=labels.get,
                                index=list(labels).index(clear[0]) if clear else None,
                                placeholder="Choisissez le thème retenu")
        decided_by = st.radio("Qui a décidé ?", list(votes.DECIDERS),
                              format_func=lambda k: votes.DECIDERS[k].capitalize())
        decided_on = st.date_input("Date de la décision", value=fr.today_in_france(),
                                   format="DD/MM/YYYY")
        notes = st.text_area("Notes (ce que recouvre le thème retenu ; pourquoi, si ce n'est pas "
                             "le thème en tête du vote)")
        save = st.form_submit_button("Enregistrer la décision", type="primary")
    if save:
        if theme_id is None:
            st.error("Choisissez le thème retenu.")
            return

        def record():
            with database().write() as session:
                return theme_choice.record_decision(session, viewer, participation_id, theme_id=theme_id,
                                             decided_by=decided_by, decided_on=decided_on,
                                             vote_id=info.id, notes=notes)
        decision = attempt(record)
        if decision is not None:
            flash("success", f"Décision enregistrée : « {md(decision.theme_label)} ». La commune passe "
                             "à l'étape « Thématique choisie ».")
            st.rerun()
