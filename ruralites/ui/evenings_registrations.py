"""An evening's registrations: the link (and QR code) people register through, those registered
and the waiting list, a person added by staff, a registration removed (the first waiting gets
the place, and staff are told whom to let know)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ruralites import evenings, fr
from ruralites.auth import Viewer
from ruralites.evenings import EveningInfo
from ruralites.listening import kiosk
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, link_panel, md, text_table

LINK_KEY = "evening_link_token"


def link_days(info: EveningInfo) -> int:
    """A registration link works until the day after the evening (1 to 366 days)."""
    days = (fr.local(info.starts_at).date() - fr.today_in_france()).days + 1
    return min(kiosk.MAX_VALID_DAYS, max(1, days))


def make_link(viewer: Viewer, info: EveningInfo, survey_slug: str | None = None) -> str | None:
    """A new link for the evening's poster: to register, or (listening) to answer."""
    def make():
        with database().write() as session:
            if survey_slug:
                return kiosk.create_link(session, viewer, participation_id=info.participation_id,
                                         survey_slug=survey_slug, valid_days=link_days(info))
            return kiosk.create_link(session, viewer, participation_id=info.participation_id,
                                     evening_id=info.id, valid_days=link_days(info))

    token = attempt(make)
    if token:
        st.session_state[LINK_KEY] = (info.id, token)
    return token


def registrations_tab(viewer: Viewer, info: EveningInfo) -> None:
    left, middle, right = st.columns(3)
    left.metric("Inscrits", f"{info.registered}" + (f" / {info.capacity}" if info.capacity else ""))
    middle.metric("Liste d'attente", info.waiting)
    right.metric("Places restantes", "sans limite" if info.places_left is None else info.places_left)
    _link(viewer, info)
    with database().read() as session:
        rows = evenings.registrations_for(session, viewer, info.id)
    st.subheader("Personnes inscrites")
    if rows:
        text_table(pd.DataFrame({
            "N°": range(1, len(rows) + 1),
            "Nom": [r.name for r in rows],
            "Contact": [r.contact or "—" for r in rows],
            "Statut": [f"liste d'attente (n° {r.position})" if r.waiting else "inscrit·e"
                       for r in rows],
            "Inscription": [("par l'équipe" if r.source == "staff" else "en ligne") + ", le "
                            + fr.date_time(r.registered_at) for r in rows],
            "Présent·e": ["oui" if r.attended else "—" for r in rows],
        }).set_index("N°"))
        _remove(viewer, rows)
    else:
        st.info("Personne n'est encore inscrit. Créez le lien d'inscription et imprimez "
                "l'affiche, ou inscrivez une personne qui a appelé.")
    _add(viewer, info)


def _link(viewer: Viewer, info: EveningInfo) -> None:
    with st.expander("Lien d'inscription (QR code)",
                     expanded=st.session_state.get(LINK_KEY, (None,))[0] == info.id):
        st.write(f"Le lien ouvre le formulaire d'inscription à cette soirée et rien d'autre ; "
                 f"il fonctionne jusqu'au lendemain de la soirée ({link_days(info)} jour(s)).")
        if st.button("Créer le lien d'inscription", key=f"link-{info.id}", type="primary") \
                and make_link(viewer, info):
            st.rerun()  # drawn again, open, with the new link
        shown = st.session_state.get(LINK_KEY)
        if shown and shown[0] == info.id:
            link_panel(shown[1], " Il n'est affiché qu'une fois : l'affiche le reprend en QR code.")
        with database().read() as session:
            links = kiosk.links_for(session, viewer, info.participation_id, evening_id=info.id)
        for link in links:
            state = ("désactivé" if link.revoked_at else "expiré" if not link.is_open()
                     else f"actif jusqu'au {fr.date_time(link.expires_at)}")
            cols = st.columns([3, 1])
            cols[0].write(f"Lien créé le {fr.date_time(link.created_at)} — {state}")
            if link.is_open() and cols[1].button("Désactiver", key=f"revoke-{link.id}"):
                with database().write() as session:
                    kiosk.revoke(session, viewer, link.id)
                st.rerun()


def _remove(viewer: Viewer, rows) -> None:
    with st.expander("Retirer une inscription"):
        by_id = {r.id: r for r in rows}
        chosen = st.selectbox("Personne", list(by_id), key="remove_registration",
                              format_func=lambda i: by_id[i].name)
        if st.button("Retirer cette inscription", key="remove_registration_go"):
            promoted = attempt(lambda: _erase(viewer, chosen))
            if promoted is not None:
                flash("success", f"Inscription de {md(by_id[chosen].name)} retirée.")
                for name in promoted if isinstance(promoted, list) else []:
                    flash("info", f"{md(name)} passe de la liste d'attente aux inscrits : "
                                  "prévenez cette personne.")
                st.rerun()


def _erase(viewer: Viewer, registration_id) -> list[str]:
    with database().write() as session:
        return evenings.remove_registration(session, viewer, registration_id)


def _add(viewer: Viewer, info: EveningInfo) -> None:
    with st.expander("Inscrire une personne (appel, mairie…)"):
        st.caption("Lisez-lui d'abord ce texte ; inscrivez-la seulement si elle est d'accord : "
                   + evenings.CONSENT_TEXT)
        with st.form(f"add_registration_{info.id}", clear_on_submit=True):
            name = st.text_input("Prénom et nom", max_chars=200)
            contact = st.text_input("Téléphone ou e-mail (facultatif)", max_chars=200)
            came = st.checkbox("Venue sans inscription : elle est présente à la soirée")
            agreed = st.checkbox("La personne est d'accord avec l'usage de son nom décrit "
                                 "ci-dessus")
            submitted = st.form_submit_button("Inscrire")
        if submitted:
            if not agreed:
                st.error("Cochez l'accord de la personne avant de l'inscrire.")
                return

            def add():
                with database().write() as session:
                    return evenings.add_registration(session, viewer, info.id, name=name,
                                                     contact=contact, attended=came)

            outcome = attempt(add)
            if outcome is not None:
                said = {"already": "était déjà inscrite : rien n'est enregistré en double",
                        "waiting": f"est sur liste d'attente (n° {outcome.position})",
                        "registered": "est inscrite"}[outcome.status]
                flash("success", f"{md(outcome.name)} {said}.")
                st.rerun()
