"""The result of a vote: the ranking with ties visible, scores in the method's own terms,
ballots counted and refused with why, the comparison with other methods, and for majority
judgment the rule it follows. Theme names are shown as text, never as Markdown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ruralites import voting
from ruralites.fr import short_date
from ruralites.ui.widgets import md, text_table
from ruralites.voting import theme_choice, votes


def _score(score, label: str) -> str:
    return f"{label} {score}" if isinstance(score, str) else f"{score} {label}"


def ranking_table(result: voting.Result) -> pd.DataFrame:
    tied = {entry.rank for entry in result.ranking
            if sum(e.rank == entry.rank for e in result.ranking) > 1}
    return pd.DataFrame({
        "Rang": [f"{e.rank}{' (ex æquo)' if e.rank in tied else ''}" for e in result.ranking],
        "Thème": [e.theme for e in result.ranking],
        "Score": [_score(e.score, result.score_label) for e in result.ranking],
    }).set_index("Rang")


def show_results(found: votes.VoteResults) -> None:
    info, result = found.info, found.result
    counted = result.ballots_counted if result else 0
    refused = sum(r.count for r in found.refused)
    cols = st.columns(4)
    cols[0].metric("Bulletins comptés", counted)
    cols[1].metric("Bulletins refusés", refused)
    for col, (channel, label) in zip(cols[2:], (("tablet", "Tablette"), ("online", "Téléphone")),
                                     strict=True):
        col.metric(label, found.by_channel.get(channel, 0))
    if found.by_channel.get("paper"):
        st.caption(f"Papier : {found.by_channel['paper']} bulletin(s)"
                   + (f", dont {found.totals_entries} saisie(s) de totaux du tableau"
                      if found.totals_entries else "") + ".")
    if result is None:
        st.info(found.counting.error or "Aucun résultat.")
        _refusals(found)
        return
    if found.tie_for_first:
        st.warning("Égalité en tête entre " + ", ".join(f"« {md(w)} »" for w in result.winners)
                   + " : le logiciel ne tranche pas, la décision revient à la salle.")
    else:
        st.success(f"En tête : « {md(result.winners[0])} » ({md(voting.METHOD_LABELS[info.method])}).")
    text_table(ranking_table(result))
    for note in found.counting.notes:
        if note.startswith("Égalité"):
            continue  # said above
        st.info(note)
    _details(info, result)
    with st.expander("Comment le résultat est calculé"):
        for line in result.explanation.splitlines():
            st.text(line)
    _refusals(found)
    _robustness(found)


def _details(info: votes.VoteInfo, result: voting.Result) -> None:
    if info.method == "majority":
        grades = list(result.ranking[0].details["grades"])
        st.markdown("**Mentions reçues par thème**")
        text_table(pd.DataFrame(
            [[e.details["grades"][g] for g in grades] for e in result.ranking],
            index=pd.Index([e.theme for e in result.ranking], name="Thème"), columns=grades))


def _refusals(found: votes.VoteResults) -> None:
    if not found.refused:
        return
    st.markdown("**Bulletins refusés**")
    text_table(pd.DataFrame({
        "Bulletin": [r.where for r in found.refused],
        "Nombre": [r.count for r in found.refused],
        "Raison": [r.reason for r in found.refused],
    }))


def _robustness(found: votes.VoteResults) -> None:
    robust = found.robustness
    st.subheader("Et avec d'autres méthodes ?")
    if robust is None:
        st.caption("Des votes ont été saisis en totaux au tableau : les autres méthodes ne "
                   "peuvent pas être recalculées.")
        return
    if len(robust.results) == 1:
        st.caption("Ces bulletins ne permettent pas d'autre méthode de dépouillement.")
        return
    (st.warning if robust.winner_changes else st.success)(
        "Le thème en tête change selon la méthode : le résultat est à présenter avec prudence."
        if robust.winner_changes else "Le même thème arrive en tête avec chaque méthode.")
    text_table(pd.DataFrame({
        "Méthode": [voting.METHOD_LABELS[m] for m in robust.results],
        "En tête": [", ".join(r.winners) for r in robust.results.values()],
        "Détail": [" ; ".join(f"{e.theme} : {_score(e.score, r.score_label)}" for e in r.ranking)
                   for r in robust.results.values()],
    }).set_index("Méthode"))
    schulze = robust.results.get("schulze")
    if schulze is not None:
        winner = schulze.details.get("condorcet_winner")
        st.caption(f"Vainqueur de Condorcet : « {md(winner)} » bat chacun des autres thèmes en duel."
                   if winner else "Pas de vainqueur de Condorcet : aucun thème ne bat tous les "
                   "autres en duel.")


def show_decision(decision: theme_choice.DecisionInfo) -> None:
    st.success(f"Thématique choisie : « {md(decision.theme_label)} » — décidée par "
               f"{decision.decided_by}, le {short_date(decision.decided_on)}.")
    if decision.notes:
        st.text(decision.notes)
