"""Paper ballots: one ballot at a time (identical ones together), or the totals counted on the
board; the entries made, to check and correct them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.fr import date_time
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md, text_table
from ruralites.voting import GRADES, ballots, votes

FORM = "votes_paper_form"  # the id of the entry form being filled (a double click stores once)
REFUSED = "votes_paper_refused"  # the ballot just refused, offered to be kept as spoilt


def _entry_id(vote_id: int, what: str):
    forms = st.session_state.setdefault(FORM, {})
    if (vote_id, what) not in forms:
        forms[(vote_id, what)] = ballots.new_ballot_id()
    return forms[(vote_id, what)]


def _done(vote_id: int, what: str, message: str) -> None:
    st.session_state.setdefault(FORM, {}).pop((vote_id, what), None)
    st.session_state.pop(REFUSED, None)
    flash("success", message)
    st.rerun()


def paper_ballot_form(viewer: Viewer, info: votes.VoteInfo) -> None:
    """One paper ballot as marked; `count` identical ballots may be entered together."""
    entry = _entry_id(info.id, "ballot")
    hint = {
        "dots": f"Nombre de gommettes par thème (au plus {info.max_dots} au total).",
        "approval": "Cochez les thèmes cochés sur le bulletin.",
        "ranking": "Le rang de chaque thème (1 = préféré) ; laissez vide un thème non classé.",
        "grades": "La mention donnée à chaque thème ; un thème sans mention compte « À rejeter ».",
    }[info.kind]
    st.caption(hint)
    with st.form(f"paper_ballot_{info.id}", clear_on_submit=False):
        marks = {}
        for option in info.options:
            label = md(option.label)
            key = f"paper-{entry}-{option.theme_id}"
            if info.kind == "dots":
                marks[option.theme_id] = st.number_input(label, 0, 50, 0, key=key)
            elif info.kind == "approval":
                marks[option.theme_id] = 1 if st.checkbox(label, key=key) else 0
            elif info.kind == "ranking":
                marks[option.theme_id] = st.selectbox(label, [None, *range(1, len(info.options) + 1)],
                                                      key=key, format_func=lambda r: "—" if r is None else str(r))
            else:
                marks[option.theme_id] = st.selectbox(label, [None, *GRADES], key=key,
                                                      format_func=lambda g: "—" if g is None else g)
        weight = st.number_input("Nombre de bulletins identiques", 1, ballots.MAX_IDENTICAL, 1,
                                 key=f"paper-{entry}-weight")
        save = st.form_submit_button("Enregistrer le bulletin", type="primary")
    marks = {k: v for k, v in marks.items() if v not in (None, 0)}
    if save:
        submission = ballots.BallotSubmission(entry, info.id, marks, "paper", weight=int(weight),
                                            entered_by=viewer.user_id)
        try:
            ballots.submit_ballot(database(), submission, viewer=viewer)
        except votes.VoteError as exc:
            st.error(str(exc))
            st.session_state[REFUSED] = submission
        except UserError as exc:
            st.error(str(exc))
        else:
            _done(info.id, "ballot", f"{int(weight)} bulletin(s) papier enregistré(s).")
    refused = st.session_state.get(REFUSED)
    if refused is not None and refused.vote_id == info.id:
        st.write("Si le bulletin papier est vraiment rempli ainsi, enregistrez-le comme bulletin "
                 "refusé : il sera compté parmi les bulletins refusés, avec la raison.")
        if st.button("Enregistrer comme bulletin refusé", key=f"spoilt-{info.id}"):
            spoilt = ballots.BallotSubmission(refused.ballot_id, info.id, refused.marks, "paper",
                                            weight=refused.weight, entered_by=viewer.user_id,
                                            keep_if_refused=True)
            if attempt(lambda: ballots.submit_ballot(database(), spoilt, viewer=viewer)):
                _done(info.id, "ballot", "Bulletin refusé enregistré : il apparaît dans les "
                                         "bulletins refusés des résultats.")


def board_totals_form(viewer: Viewer, info: votes.VoteInfo) -> None:
    """The totals counted on the board (dots, ticks, or grades per theme) and the voters."""
    if info.kind == "ranking":
        st.info("Un classement ne se compte pas au tableau : saisissez les bulletins un par un "
                "(les bulletins identiques en une fois).")
        return
    entry = _entry_id(info.id, "totals")
    what = {"dots": "gommettes", "approval": "coches", "grades": "mentions"}[info.kind]
    st.caption(f"Recopiez les {what} comptées au tableau pour chaque thème, et le nombre de "
               "personnes qui ont voté au tableau.")
    with st.form(f"board_totals_{info.id}"):
        voters = st.number_input("Nombre de votants au tableau", 1, 10_000, 1,
                                 key=f"totals-{entry}-voters")
        totals, grades = {}, {}
        if info.kind == "grades":
            frame = pd.DataFrame(0, index=[o.label for o in info.options], columns=list(GRADES))
            edited = st.data_editor(frame, key=f"totals-{entry}-grid", use_container_width=True)
            for option in info.options:
                grades[option.theme_id] = [int(edited.loc[option.label, g] or 0) for g in GRADES]
        else:
            for option in info.options:
                totals[option.theme_id] = int(st.number_input(
                    md(option.label), 0, 100_000, 0, key=f"totals-{entry}-{option.theme_id}"))
        save = st.form_submit_button("Enregistrer les totaux", type="primary")
    if save:
        board = ballots.BoardTotals(entry, info.id, int(voters), totals=totals, grades=grades,
                                  entered_by=viewer.user_id)
        if attempt(lambda: ballots.submit_totals(database(), board, viewer=viewer)):
            _done(info.id, "totals", f"Totaux du tableau enregistrés ({int(voters)} votant(s)).")


def paper_entries(viewer: Viewer, info: votes.VoteInfo) -> None:
    """What was entered on paper, newest first, with a way to remove a mistake."""
    with database().read() as session:
        rows = ballots.paper_entries(session, viewer, info.id)
    if not rows:
        st.caption("Aucun bulletin papier saisi pour l'instant.")
        return
    text_table(pd.DataFrame({
        "Saisi le": [date_time(r.submitted_at) for r in rows],
        "Type": ["Totaux du tableau" if r.is_totals else "Bulletin" for r in rows],
        "Nombre": [f"{r.weight} votant(s)" if r.is_totals else f"× {r.weight}" for r in rows],
        "Contenu": [r.summary for r in rows],
    }))
    if not info.is_open:
        return
    by_id = {r.id: r for r in rows}
    chosen = st.selectbox("Retirer une saisie erronée", [None, *by_id], key=f"remove-{info.id}",
                          format_func=lambda i: "—" if i is None else
                          f"{date_time(by_id[i].submitted_at)} — {by_id[i].summary[:80]}")
    if chosen is not None and st.button("Retirer cette saisie", key=f"remove-btn-{info.id}"):
        def remove():
            with database().write() as session:
                ballots.delete_paper_entry(session, viewer, chosen)
            return True
        if attempt(remove):
            flash("success", "Saisie retirée.")
            st.rerun()
