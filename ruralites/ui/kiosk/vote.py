"""The vote as inhabitants see it on a shared tablet or their own phone (a vote kiosk link):
one ballot per opening of the form, then thanks. The kiosk shell around it is
`ruralites.ui.kiosk.shell`."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ruralites.errors import UserError
from ruralites.listening import kiosk
from ruralites.listening.kiosk import KioskContext
from ruralites.ui.kiosk.shell import (
    FormKind,
    current_form,
    show_notice,
    staff_exit,
    thank,
    thanks_screen,
)
from ruralites.ui.session import database
from ruralites.ui.widgets import md
from ruralites.voting import GRADES, ballots, votes

VOTE = FormKind(
    state_key="kiosk_vote", url_param="b", new_id=ballots.new_ballot_id,
    is_stored=ballots.is_stored,
    stored_notice="Le vote précédent a bien été enregistré. Merci !",
    lost_notice=("La connexion a été interrompue : le vote en cours n'a pas été enregistré. "
                 "Merci de voter à nouveau. Les votes déjà envoyés sont bien enregistrés."),
    thanks_title="Merci !",
    thanks_lines=("Votre vote est bien enregistré.",
                  "Les résultats seront présentés à tous dans la salle."),
    next_label="Bulletin suivant",
)
ORDINALS = ("premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième",
            "huitième")

VOTE_CSS = """
<style>
[data-testid="stHeaderActionElements"] { display: none; }
.st-key-vote-ranked p { font-size: 1.3rem; }
[class*="st-key-vote-theme-"] strong { font-size: 1.3rem; }
.st-key-vote-themes [data-testid="stRadioOption"] p { font-size: 1.3rem; }
[data-testid="stRadioGroup"][aria-orientation="horizontal"] { gap: .2rem; flex-wrap: wrap; }
.st-key-vote-themes [data-testid="stVerticalBlockBorderWrapper"] { background: #ffffff; }
</style>
"""

INSTRUCTIONS = {
    "dots": "Vous avez {n} gommettes. Posez-les sur les thèmes qui comptent le plus pour vous ; "
            "vous pouvez en mettre plusieurs sur le même thème.",
    "approval": "Cochez tous les thèmes qui vous conviennent (un, plusieurs ou tous).",
    "borda": "Touchez les thèmes dans l'ordre de vos préférences : d'abord celui qui compte le "
             "plus pour vous. Vous pouvez vous arrêter quand vous voulez.",
    "majority": "Donnez une mention à chaque thème, de « Excellent » à « À rejeter ».",
}
INSTRUCTIONS["schulze"] = INSTRUCTIONS["borda"]


def _fields() -> dict[str, Any]:
    return {"order": [], "error": None}


def run(context: KioskContext, token: str, *, tablet: bool) -> None:
    """The ballot a vote link opens (called by the shell)."""
    st.html(VOTE_CSS)  # static CSS only, no user text
    try:
        with database().read() as session:
            info = votes.vote_for_link(session, context)
    except UserError as exc:
        st.error(str(exc))
        return
    form = current_form(VOTE, token, **_fields())
    if form["stage"] == "thanks":
        thanks_screen(VOTE, token, tablet=tablet, fields=_fields)
    elif not info.is_open:
        st.title("Le vote est clos", anchor=False)
        st.info("Merci pour votre participation ! Les résultats sont présentés dans la salle.")
    else:
        _ballot(form, info)
    if tablet and context.has_pin:
        staff_exit(token, VOTE.state_key)


def _ballot(form: dict, info: votes.VoteInfo) -> None:
    show_notice(form)
    st.title("À vous de voter !", anchor=False)
    st.write(INSTRUCTIONS[info.method].format(n=info.max_dots))
    key = str(form["form_id"])
    if info.kind == "ranking":
        marks = _ranking(form, info)
    else:
        with st.container(key="vote-themes"):
            marks = {"dots": _dots, "approval": _approval, "grades": _grades}[info.kind](info, key)
    error = form.get("error")
    if error and error[1] == marks:  # said about this very ballot, not one since changed
        st.error(error[0])
    if st.button("Valider mon vote ✓", type="primary", use_container_width=True,
                 key=f"submit-{key}"):
        _submit(form, info, marks)


def _theme_help(option: votes.OptionRow) -> None:
    if option.description:
        st.caption(md(option.description))


def _theme_heading(option: votes.OptionRow) -> None:
    """The theme's name, then what it covers, read before choosing."""
    st.markdown(f"**{md(option.label)}**")
    _theme_help(option)


def _dots(info: votes.VoteInfo, key: str) -> dict[int, int]:
    marks = {}
    for option in info.options:
        with st.container(border=True, key=f"vote-theme-{option.theme_id}"):
            _theme_heading(option)
            marks[option.theme_id] = st.radio(
                md(option.label), list(range(info.max_dots + 1)), horizontal=True,
                key=f"{key}:{option.theme_id}", label_visibility="collapsed",
                format_func=lambda n: "Aucune" if n == 0 else "●" * n)
    spent = sum(marks.values())
    left = info.max_dots - spent
    if left >= 0:
        st.info(f"Gommettes posées : {spent} sur {info.max_dots}"
                + (f" — il vous en reste {left}." if left else "."))
    else:
        st.warning(f"Vous avez posé {spent} gommettes : {info.max_dots} au plus. "
                   "Retirez-en avant de valider.")
    return {k: v for k, v in marks.items() if v}


def _approval(info: votes.VoteInfo, key: str) -> dict[int, int]:
    marks = {}
    for option in info.options:
        if st.checkbox(md(option.label), key=f"{key}:{option.theme_id}"):
            marks[option.theme_id] = 1
        _theme_help(option)
    return marks


def _grades(info: votes.VoteInfo, key: str) -> dict[int, int]:
    marks = {}
    for option in info.options:
        with st.container(border=True, key=f"vote-theme-{option.theme_id}"):
            _theme_heading(option)
            grade = st.radio(md(option.label), list(range(len(GRADES))), horizontal=True,
                             index=None, key=f"{key}:{option.theme_id}",
                             label_visibility="collapsed", format_func=GRADES.__getitem__)
        if grade is not None:
            marks[option.theme_id] = grade
    return marks


def _ranking(form: dict, info: votes.VoteInfo) -> dict[int, int]:
    """Tap the themes in order: a rank can never be given twice."""
    labels = {o.theme_id: o.label for o in info.options}
    order: list[int] = form["order"]
    if order:
        with st.container(border=True, key="vote-ranked"):
            st.subheader("Votre classement", anchor=False)
            for rank, theme_id in enumerate(order, start=1):
                st.markdown(f"**{rank}.** {md(labels[theme_id])}")
            if st.button("↺ Recommencer le classement", key=f"reset-{form['form_id']}"):
                form.update(order=[], error=None)
                st.rerun()
    left = [o for o in info.options if o.theme_id not in order]
    if left:
        st.subheader(f"Touchez votre {ORDINALS[len(order)]} choix", anchor=False)
        for option in left:
            if st.button(option.label, key=f"pick-{form['form_id']}-{option.theme_id}",
                         use_container_width=True):
                order.append(option.theme_id)
                st.rerun()
            _theme_help(option)
    return {theme_id: rank for rank, theme_id in enumerate(order, start=1)}


def _submit(form: dict, info: votes.VoteInfo, marks: dict[int, int]) -> None:
    missing = len(info.options) - len(marks)
    if info.kind == "grades" and missing:
        form["error"] = (f"Donnez une mention à chaque thème : il en manque {missing}."
                         if missing > 1 else "Donnez une mention à chaque thème : il en manque une.",
                         marks)
        st.rerun()
    if not marks:
        form["error"] = ({
            "dots": "Posez au moins une gommette avant de valider.",
            "approval": "Cochez au moins un thème avant de valider.",
            "ranking": "Touchez au moins votre premier choix avant de valider.",
        }.get(info.kind, "Votre bulletin est vide."), marks)
        st.rerun()
    channel = kiosk.channel(st.query_params.get("mode"))
    try:
        ballots.submit_ballot(database(), ballots.BallotSubmission(
            ballot_id=form["form_id"], vote_id=info.id, marks=marks, channel=channel))
    except UserError as exc:
        form["error"] = (str(exc), marks)
        st.rerun()
    form["error"] = None
    thank(VOTE, form)


