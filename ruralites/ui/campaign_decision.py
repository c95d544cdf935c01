"""The council decision (délibération): the form that records it, and the card that shows it with
its signed document (viewable and downloadable)."""

from __future__ import annotations

import importlib.util

import streamlit as st

from ruralites import campaigns, fr, phases
from ruralites.auth import Viewer
from ruralites.campaigns import (
    ACCEPTED_EXTENSIONS,
    CommuneFile,
    DecisionView,
    DocumentInfo,
    Upload,
    documents,
)
from ruralites.config import settings
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md

# st.pdf needs the optional `streamlit-pdf` component; without it a PDF is downloaded to be read.
_PDF_VIEWER = importlib.util.find_spec("streamlit_pdf") is not None


def _upload_label(what: str) -> str:
    return f"{what} (PDF ou image, {fr.size(settings().max_upload_bytes)} au plus)"


def decision_form(viewer: Viewer, f: CommuneFile) -> None:
    key = f"decision_{f.participation_id}"
    with st.form(key):
        left, right = st.columns(2)
        session_date = left.date_input("Date de la séance du conseil", value=None,
                                       format="DD/MM/YYYY", key=f"{key}_date")
        number = right.text_input("Numéro de la délibération", key=f"{key}_number",
                                  placeholder="ex. 2019-009")
        cols = st.columns(3)
        votes = [col.number_input(label, min_value=0, max_value=99, step=1, key=f"{key}_{name}")
                 for col, label, name in zip(cols, ("Pour", "Contre", "Abstentions"),
                                             ("for", "against", "abstentions"), strict=True)]
        upload = st.file_uploader(_upload_label("Délibération signée"), key=f"{key}_document",
                                  type=list(ACCEPTED_EXTENSIONS))
        notes = st.text_area("Notes", key=f"{key}_notes")
        submitted = st.form_submit_button("Enregistrer la délibération", type="primary")
    if not submitted:
        return

    def save() -> None:
        document = Upload(upload.name, upload.getvalue()) if upload is not None else None
        with database().write() as session:
            participation = campaigns.participation_for(session, viewer, f.participation_id, edit=True)
            outcome = campaigns.record_decision(
                session, participation, session_date=session_date, number=number,
                votes_for=int(votes[0]), votes_against=int(votes[1]), abstentions=int(votes[2]),
                document=document, notes=notes, user_id=viewer.user_id,
            )
            phase = participation.phase
        flash("success", f"Délibération de {f.nom} enregistrée : « {phases.label(phase)} ».")
        for warning in outcome.warnings:
            flash("warning", warning)

    if attempt(save):
        st.rerun()


def decision_card(viewer: Viewer, f: CommuneFile, d: DecisionView, *, can_attach: bool) -> None:
    with st.container(border=True):
        st.markdown(f"**{md(f.nom)}** — {md(d.title)}")
        verdict = "✅" if d.favourable else "⛔"
        st.markdown(f"{verdict} Délibération {md(d.result)}")
        if d.notes:
            st.text(d.notes)
        if d.document is not None:
            show_document(viewer, d.document)
        elif can_attach:
            _attach_form(viewer, d)
        else:
            st.caption("Document signé : pas encore joint.")


def show_document(viewer: Viewer, doc: DocumentInfo) -> None:
    """Download button always; the image or PDF shown in the page on demand."""
    st.caption(f"Document signé : {doc.filename} ({fr.size(doc.size)}) — "
               f"SHA-256 {doc.sha256[:16]}…")
    left, right = st.columns(2)
    left.download_button(
        "Télécharger le document", data=lambda: _content(viewer, doc.id), file_name=doc.filename,
        mime=doc.media_type, key=f"download_{doc.id}", on_click="ignore", icon="📄",
    )
    if not (doc.is_image or _PDF_VIEWER):
        return
    if right.toggle("Afficher le document", key=f"show_{doc.id}"):
        content = _content(viewer, doc.id)
        if doc.is_image:
            st.image(content, caption=doc.filename)
        else:
            st.pdf(content, height=600, alt=f"Délibération signée : {doc.filename}")


def _content(viewer: Viewer, document_id: int) -> bytes:
    with database().read() as session:
        doc = documents.get_for(session, viewer, document_id)
        return doc.content if doc is not None else b""


def _attach_form(viewer: Viewer, d: DecisionView) -> None:
    key = f"attach_{d.id}"
    with st.form(key):
        upload = st.file_uploader(_upload_label("Joindre la délibération signée"),
                                  type=list(ACCEPTED_EXTENSIONS), key=f"{key}_file")
        submitted = st.form_submit_button("Joindre le document")
    if not submitted:
        return

    def attach() -> None:
        if upload is None:
            raise documents.DocumentError("Choisissez d'abord le fichier à joindre.")
        with database().write() as session:
            decision = campaigns.decision_for(session, viewer, d.id, edit=True)
            campaigns.attach_document(session, decision, Upload(upload.name, upload.getvalue()),
                                      user_id=viewer.user_id)
        flash("success", "Document joint à la délibération.")

    if attempt(attach):
        st.rerun()
