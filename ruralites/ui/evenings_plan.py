"""The evenings of a campaign: the table of every evening, choosing one, and planning a new one
(any kind, for a commune whose phase allows it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time, timedelta

import pandas as pd
import streamlit as st

from ruralites import campaigns, evenings, fr, phases
from ruralites.auth import Viewer
from ruralites.evenings import EveningInfo
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, text_table

CHOSEN = "evening_chosen"


def evenings_table(found: Sequence[EveningInfo]) -> None:
    """One line per evening: when, where, what, who registered and who came (the venue is in
    the evening's own panel: the table must fit a tablet)."""
    def seats(e: EveningInfo) -> str:
        text = f"{e.registered}" + (f" / {e.capacity}" if e.capacity else "")
        return text + (f" (+ {e.waiting} en attente)" if e.waiting else "")

    text_table(pd.DataFrame({
        "Date": [fr.short_date(e.starts_at) + " " + fr.clock(e.starts_at) for e in found],
        "Commune": [e.commune_name for e in found],
        "Soirée": [e.kind_label for e in found],
        "Titre": [e.title for e in found],
        "Inscrits": [seats(e) for e in found],
        "Présents": [fr.number(e.attendance) if e.attendance is not None else "—" for e in found],
    }).set_index("Date"))


def pick_evening(found: Sequence[EveningInfo]) -> EveningInfo:
    by_id = {e.id: e for e in found}
    wanted = st.session_state.get(CHOSEN)
    index = list(by_id).index(wanted) if wanted in by_id else 0
    chosen = st.selectbox(
        "Soirée", list(by_id), index=index, key="evening_pick",
        format_func=lambda i: f"{fr.short_date(by_id[i].starts_at)} — {by_id[i].commune_name} — "
                              f"{by_id[i].kind_label} : {by_id[i].title}")
    st.session_state[CHOSEN] = chosen
    return by_id[chosen]


def plan_form(viewer: Viewer, campaign_slug: str) -> None:
    """Plan an evening of any kind for one of the campaign's communes."""
    kind = st.radio("Type de soirée", list(evenings.KIND_LABELS), horizontal=True,
                    format_func=evenings.KIND_LABELS.get, key="plan_kind")
    with database().read() as session:
        rows = campaigns.board(session, viewer, campaign_slug)
    action = phases.EVENING_ACTIONS[kind]
    rows = [r for r in rows if phases.allows(r.phase, action)]
    if not rows:
        needed = phases.label(phases.ACTIONS[action][0])
        st.info(f"Aucune commune de cette démarche ne s'y prête : il faut qu'elle ait atteint "
                f"l'étape « {needed} ».")
        return
    by_id = {r.participation_id: r for r in rows}
    if kind == "inspiring":
        st.caption("Une soirée inspirante porte sur la thématique choisie par la commune ; elle "
                   "ne peut pas avoir lieu avant ce choix.")
    with st.form("plan_evening"):
        pid = st.selectbox("Commune", list(by_id), format_func=lambda i: by_id[i].label,
                           key="plan_commune")
        title = st.text_input("Titre (facultatif)", max_chars=200, key="plan_title",
                              placeholder=evenings.DEFAULT_TITLES[kind])
        left, middle, right = st.columns(3)
        day = left.date_input("Date", value=fr.today_in_france() + timedelta(days=21),
                              format="DD/MM/YYYY", key="plan_date")
        hour = middle.time_input("Heure (heure de Paris)", value=time(20, 0), step=900,
                                 key="plan_hour")
        capacity = right.number_input("Nombre de places (0 : sans limite)", min_value=0,
                                      max_value=2000, value=0 if kind == "listening" else 40,
                                      key="plan_capacity")
        place = st.text_input("Lieu", max_chars=300, placeholder="Salle des fêtes",
                              key="plan_place")
        notes = st.text_area("Notes (pour l'équipe)", max_chars=5000, key="plan_notes")
        submitted = st.form_submit_button("Organiser la soirée", type="primary")
    if submitted:
        def plan():
            with database().write() as session:
                return evenings.plan_evening(
                    session, viewer, pid, kind=kind, starts_at=fr.paris_to_utc(day, hour),
                    place=place, capacity=int(capacity) or None, title=title, notes=notes)

        found = attempt(plan)
        if found is not None:
            st.session_state[CHOSEN] = found.id
            flash("success", f"{found.kind_label} organisée à {found.commune_name}, "
                             f"{fr.long_date_time(found.starts_at)}.")
            st.rerun()
