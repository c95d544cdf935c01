"""Registering for an evening through its link (a poster's QR code, a tablet at the mairie): what
the evening is, how the name is used (read before the fields), a name, an optional contact, the
consent, then thanks, or the place on the waiting list, or "already registered". The kiosk shell
around it is `ruralites.ui.kiosk.shell`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from ruralites import evenings, fr
from ruralites.errors import UserError
from ruralites.evenings import EveningInfo, Outcome
from ruralites.listening.kiosk import KioskContext
from ruralites.ui.kiosk.shell import (
    FormKind,
    current_form,
    show_notice,
    staff_exit,
    thank,
    thanks_screen,
)
from ruralites.ui.questions import limited_text
from ruralites.ui.session import database
from ruralites.ui.widgets import md

REGISTRATION = FormKind(
    state_key="kiosk_registration", url_param="r", new_id=evenings.new_registration_id,
    is_stored=evenings.is_stored,
    stored_notice="Votre inscription précédente a bien été enregistrée. Merci !",
    lost_notice=("La connexion a été interrompue : l'inscription en cours n'a pas été "
                 "enregistrée. Merci de la refaire. Les inscriptions déjà envoyées sont bien "
                 "enregistrées."),
    thanks_title="Merci !",
    thanks_lines=("Votre inscription est bien enregistrée.",),
    next_label="Inscrire une autre personne",
    phone_next_label="Inscrire une autre personne",
)


def _fields() -> dict[str, Any]:
    return {"error": None, "outcome": None}


def run(context: KioskContext, token: str, *, tablet: bool) -> None:
    """The registration form a link opens (called by the shell)."""
    try:
        with database().read() as session:
            evening = evenings.evening_for_link(session, context)
    except UserError as exc:
        st.error(str(exc))
        return
    form = current_form(REGISTRATION, token, **_fields())
    if form["stage"] == "thanks":
        thanks_screen(_thanks(form["outcome"], evening), token, tablet=tablet, fields=_fields)
    elif evening.has_started():
        st.title(md(evening.title), anchor=False)
        st.info("Les inscriptions sont closes : la soirée a commencé. Vous pouvez tout de même "
                "venir, il y a souvent de la place !")
    else:
        _form(form, evening, context)
    if tablet and context.has_pin:
        staff_exit(token, REGISTRATION.state_key)


def _about(evening: EveningInfo) -> None:
    st.caption(evening.kind_label)
    st.title(md(evening.title), anchor=False)
    st.markdown(f"**{md(fr.long_date_time(evening.starts_at).capitalize())}**")
    if evening.place:
        st.markdown(f"📍 {md(evening.place)}")
    if evening.theme_label:
        st.markdown(f"Thème : **{md(evening.theme_label)}**")
    speakers = [s for s in evening.speakers if s.confirmed]
    if speakers:
        st.markdown("Avec les témoignages de : " + " ; ".join(
            md(s.name + (f" ({s.organisation})" if s.organisation else "")) for s in speakers))
    left = evening.places_left
    if left == 0:
        st.warning("La soirée est complète : en vous inscrivant, vous serez sur liste d'attente. "
                   "L'équipe d'animation vous préviendra si une place se libère.")
    elif left is not None and left <= 5:
        st.info(f"Plus que {fr.plural(left, 'place', 'places')} !")


def _form(form: dict, evening: EveningInfo, context: KioskContext) -> None:
    show_notice(form)
    _about(evening)
    st.subheader("S'inscrire", anchor=False)
    st.markdown("**Avant de vous inscrire**")
    st.info(evenings.CONSENT_TEXT)
    key = str(form["form_id"])
    name = limited_text("Votre prénom et votre nom", key=f"{key}:name", limit=200)
    contact = limited_text("Votre téléphone ou votre e-mail (facultatif)",
                           key=f"{key}:contact", limit=200)
    st.caption("Pour vous prévenir d'un changement, ou si une place se libère.")
    consent = st.checkbox("J'ai lu ce qui précède et j'accepte que mon nom, et mon contact si "
                          "je le donne, soient utilisés ainsi.", key=f"{key}:consent")
    if form.get("error"):
        st.error(form["error"])
    if st.button("M'inscrire ✓", type="primary", use_container_width=True, key=f"{key}:send"):
        try:
            with database().write() as session:
                outcome = evenings.register(session, context, registration_id=form["form_id"],
                                            name=name, contact=contact, consent=consent)
        except UserError as exc:
            form["error"] = str(exc)
            st.rerun()
        form.update(error=None, outcome=outcome)
        thank(REGISTRATION, form)


def _thanks(outcome: Outcome | None, evening: EveningInfo) -> FormKind:
    """The thank-you screen says what became of this registration."""
    moment = md(fr.long_date_time(evening.starts_at)) + (
        f", {md(evening.place)}." if evening.place else ".")
    when = f"Rendez-vous {moment}"
    if outcome is None:  # after a reconnection: the form was stored, its outcome unknown here
        return REGISTRATION
    name = md(outcome.name)
    if outcome.status == "already":
        queue = (f" Vous êtes n° {outcome.position} sur la liste d'attente."
                 if outcome.waiting else "")
        return replace(REGISTRATION, thanks_title="Vous êtes déjà inscrit·e",
                       thanks_lines=(f"{name} est déjà inscrit·e à cette soirée : rien n'a été "
                                     f"enregistré en double.{queue}", when))
    if outcome.waiting:
        told = ("L'équipe d'animation vous préviendra si une place se libère."
                if outcome.has_contact else
                "Vous n'avez pas laissé de contact : renseignez-vous à la mairie avant la soirée "
                "pour savoir si une place s'est libérée.")
        return replace(REGISTRATION, thanks_title="Vous êtes sur liste d'attente",
                       thanks_lines=(f"La soirée est complète : {name}, vous êtes n° "
                                     f"{outcome.position} sur la liste d'attente.", told,
                                     f"La soirée a lieu {moment}"))
    return replace(REGISTRATION, thanks_title="Merci, vous êtes inscrit·e !",
                   thanks_lines=(f"{name}, votre inscription est bien enregistrée.", when))
