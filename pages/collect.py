"""Collect answers: tablet and phone links (with QR code), the paper questionnaire, counts."""

import streamlit as st

from ruralites.errors import UserError
from ruralites.fr import date_time
from ruralites.listening import kiosk, paper, responses
from ruralites.pdf.questionnaire import render_paper_pdf
from ruralites.surveys import store as survey_store
from ruralites.surveys.sheets import MAX_SHEET_NUMBER
from ruralites.ui.held_answers import held_answers
from ruralites.ui.pickers import participation_picker
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import link_panel

CHANNELS = {"tablet": "Tablette", "online": "En ligne", "paper": "Papier"}
VALIDITY = {1: "1 jour (une soirée)", 7: "7 jours", 30: "30 jours", 90: "90 jours"}


@st.cache_data(show_spinner="Préparation du PDF…", max_entries=8)
def paper_pdf(slug: str, nom: str, codes: tuple[str, ...]) -> bytes:
    return render_paper_pdf(survey_store.load(slug), commune_name=nom, sheet_codes=list(codes))


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Recueillir les réponses")
    row = participation_picker(viewer, action="collect_answers", key="collect_commune")
    if row is None:
        return
    counts = responses.counts_by_channel(database(), viewer, row.participation_id)
    cols = st.columns(4)
    cols[0].metric("Réponses", sum(counts.values()))
    for col, (channel, name) in zip(cols[1:], CHANNELS.items(), strict=True):
        col.metric(name, counts.get(channel, 0))
    held_answers(viewer, row.participation_id)

    surveys = {f.slug: f.title for f in survey_store.available()}
    st.subheader("Lien pour tablettes et téléphones")
    with st.form("new_link"):
        slug = st.selectbox("Questionnaire", list(surveys), format_func=surveys.get)
        left, right = st.columns(2)
        pin = left.text_input("Code PIN pour quitter le mode tablette (4 à 8 chiffres)",
                              type="password")
        days = right.selectbox("Valable pendant", list(VALIDITY), index=2,
                               format_func=VALIDITY.get)
        create = st.form_submit_button("Créer le lien", type="primary")
    if create:
        try:
            with database().write() as session:
                token = kiosk.create_link(session, viewer, participation_id=row.participation_id,
                                          survey_slug=slug, pin=pin, valid_days=days)
        except UserError as exc:
            st.error(str(exc))
        else:
            st.session_state["collect_token"] = (row.participation_id, token)
    shown = st.session_state.get("collect_token")
    if shown and shown[0] == row.participation_id:
        link_panel(shown[1])
    _existing_links(viewer, row.participation_id)
    _paper(viewer, row, surveys)


def _paper(viewer, row, surveys) -> None:
    st.subheader("Questionnaire papier")
    st.caption("Chaque exemplaire porte son propre code de feuille, pour que la saisie ne "
               "compte jamais deux fois la même feuille. La numérotation continue d'une "
               "impression à l'autre.")
    with database().read() as session:
        following = paper.next_number(session, row.code_insee)
    with st.form("paper_pdf"):
        slug = st.selectbox("Questionnaire", list(surveys), format_func=surveys.get, key="paper_pdf_survey")
        left, right = st.columns(2)
        copies = left.number_input("Nombre d'exemplaires", min_value=1, max_value=paper.MAX_COPIES,
                                   value=30)
        start = right.number_input("Numéro de la première feuille", min_value=1,
                                   max_value=MAX_SHEET_NUMBER, value=following,
                                   help="Par défaut, la suite de la dernière impression.")
        make = st.form_submit_button("Préparer le PDF")
    if make:
        try:
            with database().write() as session:
                printing = paper.plan(session, viewer, row.participation_id, copies=int(copies),
                                      first_number=int(start))
                paper.record(session, viewer, printing, slug)
        except UserError as exc:
            st.error(str(exc))
            return
        st.session_state["paper_printing"] = (row.participation_id, slug, printing)
    prepared = st.session_state.get("paper_printing")
    if prepared and prepared[0] == row.participation_id:
        _, slug, printing = prepared
        if warning := printing.warning():
            st.warning(warning)
        st.download_button(
            f"Télécharger les feuilles n° {printing.first_number} à {printing.last_number} (PDF)",
            paper_pdf(slug, row.nom, printing.codes), file_name=paper.file_name(printing),
            mime="application/pdf", type="primary")


def _existing_links(viewer, participation_id: int) -> None:
    with database().read() as session:
        links = kiosk.links_for(session, viewer, participation_id, kinds=("survey", "vote"))
    if not links:
        return
    st.subheader("Liens existants")
    for link in links:
        if link.revoked_at:
            state = f"désactivé le {date_time(link.revoked_at)}"
        elif not link.is_open():
            state = f"expiré le {date_time(link.expires_at)}"
        else:
            state = f"actif jusqu'au {date_time(link.expires_at)}" if link.expires_at else "actif"
        left, right = st.columns([3, 1])
        left.write(f"Questionnaire « {link.survey_slug or 'vote'} », créé le "
                   f"{date_time(link.created_at)} — {state}")
        if link.is_open() and right.button("Désactiver", key=f"revoke-{link.id}"):
            with database().write() as session:
                kiosk.revoke(session, viewer, link.id)
            st.rerun()
