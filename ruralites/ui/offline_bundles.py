"""The bundle screen: download an evening's or a campaign's data, upload a bundle made on
another computer and read what was stored, what was already there and what is in conflict."""

from __future__ import annotations

import streamlit as st

from ruralites import evenings, fr, offline
from ruralites.auth import Viewer
from ruralites.ui.campaign import pick_campaign
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, md

WHOLE = 0  # the evening picker's "the whole campaign"


def export_part(viewer: Viewer) -> None:
    st.subheader("Emporter les données")
    campaign = pick_campaign(viewer, "paquets")
    if campaign is None:
        return
    with database().read() as session:
        found = evenings.evenings_for(session, viewer, campaign_slug=campaign.slug)
    labels = {WHOLE: "Toute la démarche"} | {
        e.id: f"{fr.short_date(e.starts_at)} — {e.commune_name} — {e.title}" for e in found}
    evening = st.selectbox("Données de", list(labels), format_func=labels.get,
                           key="bundle_evening")
    if st.button("Préparer le paquet", type="primary", key="bundle_make"):
        def make():
            with database().read() as session:
                return offline.export_bundle(session, viewer, campaign.slug, evening or None)
        data = attempt(make)
        if data is not None:
            st.session_state["bundle_ready"] = (campaign.slug, evening, data)
    ready = st.session_state.get("bundle_ready")
    if ready and ready[:2] == (campaign.slug, evening):
        st.success(offline.describe(ready[2]))
        st.download_button("Télécharger le paquet", ready[2], type="primary",
                           file_name=offline.file_name(campaign.slug, evening or None),
                           mime="application/json", key="bundle_download")


def import_part(viewer: Viewer) -> None:
    st.subheader("Importer un paquet")
    st.caption("Un paquet exporté d'un autre ordinateur (celui d'une soirée) : rien n'est "
               "enregistré deux fois ; une donnée qui diffère de celle d'ici est signalée et "
               "celle d'ici est gardée ; un paquet abîmé est refusé en entier.")
    upload = st.file_uploader("Paquet (.ruralites)", key="bundle_upload")
    if upload is None:
        return
    data = upload.getvalue()
    summary = attempt(lambda: offline.describe(data))
    if summary is None:
        return
    st.info(summary)
    if st.button("Importer ce paquet", type="primary", key="bundle_import"):
        def store():
            with database().write() as session:
                return offline.import_bundle(session, viewer, data)
        report = attempt(store)
        if report is not None:
            show_report(report)


def show_report(report: offline.ImportReport) -> None:
    st.success(f"Paquet importé dans la démarche « {md(report.campaign)} ».")
    lines = report.lines()
    counts = [line for line in lines if not line.startswith(("Conflit", "Complété"))]
    st.markdown("\n".join(f"- {md(line)}" for line in counts))
    if report.completed:
        st.info("Complété depuis le paquet (vide ici) :\n\n" + "\n".join(
            f"- {md(str(c).replace('(gardé : ici)', '(repris du paquet)'))}"
            for c in report.completed))
    if report.conflicts:
        st.warning(f"{len(report.conflicts)} conflit(s) : la version d'ici est gardée, "
                   "vérifiez ce qui diffère.\n\n"
                   + "\n".join(f"- {md(str(c))}" for c in report.conflicts))
