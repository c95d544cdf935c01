"""The vote (priorisation) of a commune: create it, collect ballots (tablets, phones, paper),
read the results, record the theme chosen. Mayors read their commune's choice."""

import streamlit as st

from ruralites import campaigns
from ruralites.ui.pickers import participation_picker
from ruralites.ui.session import database, require_role
from ruralites.ui.votes_decision import decision_form
from ruralites.ui.votes_paper import board_totals_form, paper_ballot_form, paper_entries
from ruralites.ui.votes_results import show_decision, show_results
from ruralites.ui.votes_setup import create_vote_form, link_and_status
from ruralites.ui.widgets import md, show_flash
from ruralites.voting import theme_choice, votes


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Vote et choix du thème")
    row = participation_picker(viewer, action="vote", key="votes_commune")
    if row is None:
        return
    show_flash()
    with database().read() as session:
        found = votes.votes_for(session, viewer, row.participation_id)
        decision = theme_choice.decision_for(session, viewer, row.participation_id)
    if decision:
        show_decision(decision)
    if not found:
        st.subheader("Nouveau vote")
        create_vote_form(viewer, row.participation_id)
        return
    by_id = {v.id: v for v in found}
    wanted = st.session_state.get("votes_chosen")
    vote_id = st.selectbox("Vote", list(by_id), index=list(by_id).index(wanted) if wanted in by_id else 0,
                           format_func=lambda i: f"{by_id[i].title} — {by_id[i].method_label} "
                                                 f"({by_id[i].status_label.lower()})")
    info = by_id[vote_id]
    st.caption("Thèmes soumis au vote : " + " · ".join(md(o.label) for o in info.options))
    ballots, results, choose, new = st.tabs(["Bulletins", "Résultats", "Décision", "Nouveau vote"])
    with ballots:
        link_and_status(viewer, info)
        if info.is_open:
            st.subheader("Saisir un bulletin papier")
            paper_ballot_form(viewer, info)
            st.subheader("Saisir les totaux comptés au tableau")
            board_totals_form(viewer, info)
        st.subheader("Saisies papier")
        paper_entries(viewer, info)
    with database().read() as session:
        counted = votes.results(session, viewer, info.id)
    with results:
        show_results(counted)
    with choose:
        if decision:
            show_decision(decision)
        else:
            decision_form(viewer, row.participation_id, counted)
    with new:
        create_vote_form(viewer, row.participation_id)


def render_mayor() -> None:
    """Read-only: the theme each of the mayor's communes chose, and the vote behind it."""
    viewer = require_role("mayor")
    st.title("Thème choisi")
    with database().read() as session:
        rows = campaigns.board(session, viewer)
        shown = [(r, theme_choice.decision_for(session, viewer, r.participation_id),
                  [votes.results(session, viewer, v.id)
                   for v in votes.votes_for(session, viewer, r.participation_id)])
                 for r in rows]
    for row, decision, counted in shown:
        st.header(row.nom)
        if decision:
            show_decision(decision)
        elif not counted:
            st.info("Pas encore de vote : le choix d'un thème suit la soirée de restitution.")
        for found in counted[:1]:
            st.subheader(found.info.title)
            show_results(found)
