"""The call to a commune: invitation date, its answer, the contact élu, notes; and withdrawal."""

from __future__ import annotations

import streamlit as st

from ruralites import campaigns, fr, phases
from ruralites.auth import Viewer
from ruralites.campaigns import ANSWERS, CallDetails, CommuneFile
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash


def call_form(viewer: Viewer, f: CommuneFile) -> None:
    key = f"call_{f.participation_id}"
    waiting = phases.awaits_answer(f.phase)
    with st.form(key):
        invited_on = st.date_input("Invitée le", value=f.invited_on, format="DD/MM/YYYY",
                                   key=f"{key}_invited")
        if waiting:
            answer = st.radio("Réponse de la commune", list(ANSWERS), format_func=ANSWERS.get,
                              horizontal=True, key=f"{key}_answer")
            answered_on = st.date_input("Date de la réponse", value=fr.today_in_france(),
                                        format="DD/MM/YYYY", key=f"{key}_answered")
        else:
            answer, answered_on = "pending", None
            st.markdown(f"**Réponse de la commune :** {f.answer}"
                        + (f", le {fr.short_date(f.answered_on)}" if f.answered_on else ""))
        left, right = st.columns(2)
        contact_name = left.text_input("Élu·e contact", value=f.contact_name or "", key=f"{key}_name")
        contact_role = right.text_input("Fonction", value=f.contact_role or "", key=f"{key}_role",
                                        placeholder="ex. Maire, première adjointe")
        contact_email = left.text_input("Courriel", value=f.contact_email or "", key=f"{key}_email")
        contact_phone = right.text_input("Téléphone", value=f.contact_phone or "", key=f"{key}_phone")
        notes = st.text_area("Notes", value=f.notes or "", key=f"{key}_notes")
        submitted = st.form_submit_button("Enregistrer l'appel", type="primary")
    if not submitted:
        return
    details = CallDetails(invited_on, contact_name, contact_role, contact_email, contact_phone, notes)

    def save() -> None:
        with database().write() as session:
            participation = campaigns.participation_for(session, viewer, f.participation_id, edit=True)
            step = campaigns.record_call(session, participation, details, answer=answer,
                                         answered_on=answered_on, user_id=viewer.user_id)
        moved = f" : {phases.label(step.to_phase).lower()}" if step else ""
        flash("success", f"Appel à {f.nom} enregistré{moved}.")

    if attempt(save):
        st.rerun()


def withdraw_form(viewer: Viewer, f: CommuneFile) -> None:
    if phases.is_closed(f.phase):
        return
    with st.expander("Retirer la commune de la démarche"):
        st.caption("Le retrait est définitif ; la raison est gardée dans l'historique de la commune.")
        with st.form(f"withdraw_{f.participation_id}"):
            reason = st.text_area("Raison du retrait", key=f"withdraw_{f.participation_id}_reason",
                                  placeholder="ex. Nouvelle équipe municipale, projet reporté")
            submitted = st.form_submit_button("Retirer la commune")
    if not submitted:
        return

    def withdraw() -> None:
        with database().write() as session:
            participation = campaigns.participation_for(session, viewer, f.participation_id, edit=True)
            campaigns.withdraw(session, participation, reason, user_id=viewer.user_id)
        flash("success", f"{f.nom} est retirée de la démarche.")

    if attempt(withdraw):
        st.rerun()
