"""After an evening: who came (ticks on the list, a head count), which witnesses spoke, what
came out of it; and changing an evening's details, or removing one planned by mistake."""

from __future__ import annotations

import streamlit as st

from ruralites import campaigns, evenings, fr, phases
from ruralites.auth import Viewer
from ruralites.evenings import EveningInfo
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md


def _phase(viewer: Viewer, participation_id: int) -> str:
    with database().read() as session:
        return campaigns.participation_for(session, viewer, participation_id).phase


def _moved(viewer: Viewer, info: EveningInfo, before: str) -> None:
    after = _phase(viewer, info.participation_id)
    if after != before:
        flash("success", f"{md(info.commune_name)} passe en phase « {phases.label(after)} ».")


def outcome_tab(viewer: Viewer, info: EveningInfo) -> None:
    if not info.has_started():
        st.info(f"À remplir après la soirée (prévue {md(fr.long_date_time(info.starts_at))}).")
        return
    if info.kind == "inspiring" and info.held_at is None:
        st.caption("Enregistrer la participation ou le bilan de la première soirée inspirante "
                   "fait passer la commune en phase « Soirées inspirantes ».")
    _attendance(viewer, info)
    _outcome(viewer, info)


def _attendance(viewer: Viewer, info: EveningInfo) -> None:
    st.subheader("Participation")
    with database().read() as session:
        rows = evenings.registrations_for(session, viewer, info.id)
    with st.form(f"attendance_{info.id}"):
        present = set()
        if rows:
            st.write("Cochez les personnes inscrites qui sont venues (ou reportez la feuille "
                     "d'émargement) :")
            for r in rows:
                label = r.name + (f" (liste d'attente, n° {r.position})" if r.waiting else "")
                if st.checkbox(label, value=r.attended, key=f"present-{info.id}-{r.id}"):
                    present.add(r.id)
        count = st.number_input(
            "Nombre total de présents (avec les personnes venues sans s'inscrire)", min_value=0,
            max_value=5000, value=info.attendance if info.attendance is not None else info.ticked)
        saved = st.form_submit_button("Enregistrer la participation", type="primary")
    if saved:
        before = _phase(viewer, info.participation_id)

        def record():
            with database().write() as session:
                return evenings.record_attendance(session, viewer, info.id, present=present,
                                                  count=int(count))

        stored = attempt(record)
        if stored is not None:
            flash("success", f"Participation enregistrée : {fr.plural(int(stored), 'présent')}.")
            _moved(viewer, info, before)
            st.rerun()


def _outcome(viewer: Viewer, info: EveningInfo) -> None:
    st.subheader("Ce qui en est sorti")
    with st.form(f"outcome_{info.id}"):
        spoke = None
        if info.speakers:
            by_id = {s.witness_id: s for s in info.speakers}
            default = [s.witness_id for s in info.speakers
                       if (s.spoke if s.spoke is not None else s.confirmed)]
            spoke = st.multiselect("Témoins intervenus", list(by_id), default=default,
                                   format_func=lambda i: by_id[i].name,
                                   placeholder="Choisissez les témoins")
        outcome = st.text_area("Ce qui en est sorti (envies, groupe d'habitants, suites…)",
                               value=info.outcome or "", max_chars=5000)
        saved = st.form_submit_button("Enregistrer le bilan")
    if saved:
        before = _phase(viewer, info.participation_id)

        def record():
            with database().write() as session:
                evenings.record_outcome(session, viewer, info.id, outcome=outcome,
                                        spoke=set(spoke) if spoke is not None else None)

        if attempt(record):
            flash("success", "Bilan de la soirée enregistré.")
            _moved(viewer, info, before)
            st.rerun()


def edit_tab(viewer: Viewer, info: EveningInfo) -> None:
    local = fr.local(info.starts_at)
    with st.form(f"edit_evening_{info.id}"):
        title = st.text_input("Titre", value=info.title, max_chars=200)
        left, middle, right = st.columns(3)
        day = left.date_input("Date", value=local.date(), format="DD/MM/YYYY")
        hour = middle.time_input("Heure (heure de Paris)", value=local.time().replace(tzinfo=None),
                                 step=900)
        capacity = right.number_input("Nombre de places (0 : sans limite)", min_value=0,
                                      max_value=2000, value=info.capacity or 0)
        place = st.text_input("Lieu", value=info.place or "", max_chars=300)
        notes = st.text_area("Notes (pour l'équipe)", value=info.notes or "", max_chars=5000)
        saved = st.form_submit_button("Enregistrer les modifications")
    if saved:
        def save():
            with database().write() as session:
                return evenings.update_evening(
                    session, viewer, info.id, starts_at=fr.paris_to_utc(day, hour), place=place,
                    capacity=int(capacity) or None, title=title, notes=notes)

        promoted = attempt(save)
        if promoted is not None:
            flash("success", "Soirée modifiée.")
            for name in promoted if isinstance(promoted, list) else []:
                flash("info", f"{md(name)} passe de la liste d'attente aux inscrits : prévenez "
                              "cette personne.")
            st.rerun()
    with st.expander("Supprimer cette soirée"):
        st.caption("Seulement pour une soirée organisée par erreur : une soirée qui a des "
                   "inscrits ou un bilan ne peut pas être supprimée.")
        sure = st.checkbox("Je confirme la suppression", key=f"delete-sure-{info.id}")
        if st.button("Supprimer la soirée", key=f"delete-{info.id}", disabled=not sure):
            def delete():
                with database().write() as session:
                    evenings.delete_evening(session, viewer, info.id)
            if attempt(delete):
                st.session_state.pop("evening_chosen", None)
                flash("success", "Soirée supprimée.")
                st.rerun()
