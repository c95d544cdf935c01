"""One evening, for staff: its registrations, its witnesses (inspiring evenings), its poster and
sign-in sheet, what happened, and its details to change."""

from __future__ import annotations

import streamlit as st

from ruralites import evenings, fr
from ruralites.auth import Viewer
from ruralites.evenings import EveningInfo
from ruralites.listening import kiosk
from ruralites.pdf.poster import render_poster
from ruralites.pdf.signin import render_signin
from ruralites.surveys import store as survey_store
from ruralites.ui.evenings_outcome import edit_tab, outcome_tab
from ruralites.ui.evenings_registrations import LINK_KEY, make_link, registrations_tab
from ruralites.ui.navigation import page_link
from ruralites.ui.network import address_notice, base_url
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md


def evening_panel(viewer: Viewer, info: EveningInfo) -> None:
    st.header(md(info.title))
    where = ", ".join(md(p) for p in (info.place, info.commune_name) if p)
    st.markdown(f"**{info.kind_label}** — {md(fr.long_date_time(info.starts_at))} — {where}"
                + (f" — thème : **{md(info.theme_label)}**" if info.theme_label else ""))
    names = ["Inscriptions"] + (["Témoins"] if info.kind == "inspiring" else []) + [
        "Affiche et émargement", "Après la soirée", "Modifier"]
    # A key keeps the tab open across the rerun that saves what was typed in it.
    tabs = dict(zip(names, st.tabs(names, key=f"evening-tabs-{info.id}"), strict=True))
    with tabs["Inscriptions"]:
        registrations_tab(viewer, info)
    if "Témoins" in tabs:
        with tabs["Témoins"]:
            speakers_tab(viewer, info)
    with tabs["Affiche et émargement"]:
        documents_tab(viewer, info)
    with tabs["Après la soirée"]:
        outcome_tab(viewer, info)
    with tabs["Modifier"]:
        edit_tab(viewer, info)


def speakers_tab(viewer: Viewer, info: EveningInfo) -> None:
    """The witnesses invited, whether each confirmed; inviting from the proposals."""
    if info.speakers:
        with st.form(f"speakers_{info.id}"):
            confirmed = {}
            for s in info.speakers:
                label = s.name + (f" ({s.organisation})" if s.organisation else "") + \
                    f" — {s.project_title}"
                confirmed[s.witness_id] = st.checkbox(f"{label} : a confirmé sa venue",
                                                      value=s.confirmed, key=f"confirm-{info.id}-{s.witness_id}")
            saved = st.form_submit_button("Enregistrer les confirmations")
        if saved:
            def save():
                with database().write() as session:
                    for witness_id, value in confirmed.items():
                        evenings.set_confirmed(session, viewer, info.id, witness_id, value)
            if attempt(save):
                flash("success", "Confirmations enregistrées.")
                st.rerun()
    else:
        st.info("Aucun témoin invité pour l'instant.")
    with database().read() as session:
        found = attempt(lambda: evenings.propose(session, viewer, info.participation_id,
                                                 theme_id=info.theme_id))
    if not found:
        return
    invited = {s.witness_id for s in info.speakers}
    choices = {m.candidate.id: m for m in found.proposed + found.other_themes
               if m.candidate.id not in invited}
    st.subheader("Inviter un témoin")
    if found.excluded_summary():
        st.caption(found.excluded_summary())
    if not choices:
        st.write("Aucun autre témoin du catalogue ne peut être proposé.")
    else:
        pick = st.selectbox(
            "Témoin (les mieux placés d'abord)", list(choices), key=f"invite-{info.id}",
            format_func=lambda i: f"{choices[i].rank}. {choices[i].candidate.name} — "
                                  f"{choices[i].candidate.project_title}"
                                  + ("" if choices[i].fits_theme else " (autre thème)"))
        match = choices[pick]
        for reason in match.reasons:
            st.markdown(f"- ✅ {md(reason)}")
        for warning in match.warnings:
            st.markdown(f"- ⚠️ {md(warning)}")
        if st.button("Inviter ce témoin", key=f"invite-go-{info.id}"):
            def invite():
                with database().write() as session:
                    evenings.invite_witness(session, viewer, info.id, pick)
            if attempt(invite):
                flash("success", f"{md(match.candidate.name)} est invité·e. Notez sa "
                                 "confirmation quand elle arrive.")
                st.rerun()
    page_link("temoins", "Voir tout le catalogue des témoins")


def _past_poster(info: EveningInfo) -> None:
    """A past evening's poster is kept for the record: no QR code to a link that would invite
    people to register for, or answer before, an evening that has taken place."""
    st.caption("La soirée a eu lieu : l'affiche, pour les archives, n'a plus de QR code.")
    if st.button("Préparer l'affiche", key=f"poster-{info.id}", type="primary"):
        with database().read() as session:
            organisers = _organisers(session, info)
        st.session_state[f"poster-pdf-{info.id}"] = render_poster(info, organisers=organisers)


def _poster_with_link(viewer: Viewer, info: EveningInfo) -> None:
    survey = None
    if info.kind == "listening":
        surveys = {f.slug: f.title for f in survey_store.available()}
        survey = st.selectbox("Questionnaire du QR code", list(surveys), format_func=surveys.get,
                              key=f"poster-survey-{info.id}")
        st.caption("Le QR code de l'affiche ouvre ce questionnaire : les habitants peuvent "
                   "répondre avant la soirée.")
    else:
        st.caption("Le QR code de l'affiche ouvre l'inscription à cette soirée.")
    address_notice()
    if st.button("Préparer l'affiche", key=f"poster-{info.id}", type="primary"):
        token = make_link(viewer, info, survey)
        if token:
            with database().read() as session:
                fresh = evenings.evening_info(session, viewer, info.id)
                organisers = _organisers(session, info)
            st.session_state[f"poster-pdf-{info.id}"] = render_poster(
                fresh, url=kiosk.link_url(token, base_url=base_url()),
                purpose="answer" if survey else "register", organisers=organisers)


def documents_tab(viewer: Viewer, info: EveningInfo) -> None:
    st.subheader("Affiche (A4)")
    if info.has_started():
        _past_poster(info)
    else:
        _poster_with_link(viewer, info)
    pdf = st.session_state.get(f"poster-pdf-{info.id}")
    if pdf:
        st.download_button("Télécharger l'affiche (PDF)", pdf, mime="application/pdf",
                           file_name=f"affiche-{info.commune_code}-{info.id}.pdf",
                           key=f"poster-dl-{info.id}")
    shown = st.session_state.get(LINK_KEY)
    if pdf and shown and shown[0] == info.id:
        st.caption("Le lien de l'affiche est aussi dans l'onglet « Inscriptions » ; chaque "
                   "affiche préparée crée un nouveau lien.")
    st.subheader("Feuille d'émargement")
    st.caption("Les personnes inscrites (pas la liste d'attente), sans leurs coordonnées, et des "
               "lignes libres pour les personnes venues sans inscription.")
    if st.button("Préparer la feuille d'émargement", key=f"signin-{info.id}"):
        with database().read() as session:
            rows = evenings.registrations_for(session, viewer, info.id)
        st.download_button("Télécharger la feuille d'émargement (PDF)",
                           render_signin(info, rows), mime="application/pdf",
                           file_name=f"emargement-{info.commune_code}-{info.id}.pdf",
                           key=f"signin-dl-{info.id}", type="primary")


def _organisers(session, info: EveningInfo) -> list[str]:
    from ruralites import campaigns

    campaign = campaigns.get_campaign(session, info.campaign_slug)
    return sorted(p.name for p in campaign.poles)
