"""The fiche commune on a mayor's home page: prepared when asked (one page of PDF), then
downloaded. Whether it may be offered is the domain's rule (`guide.summary_available`)."""

from __future__ import annotations

import streamlit as st

from ruralites import guide
from ruralites.auth import Viewer
from ruralites.campaigns.views import CommuneFile
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt


def summary_download(viewer: Viewer, file: CommuneFile) -> None:
    if not guide.summary_available(file.phase):
        return
    pid = file.participation_id
    key = f"guide_summary_{pid}"
    st.subheader("Fiche pour le conseil municipal")
    st.caption("Une page : la participation, les thèmes et des idées, le résultat du vote, le "
               "thème choisi, la suite et votre contact au pôle.")
    if st.button("Préparer la fiche commune (PDF)", key=f"prepare_summary_{pid}"):
        def make() -> bytes:
            with database().read() as session:
                found = guide.commune_summary(session, viewer, file.campaign_slug,
                                              file.code_insee)
            return guide.render_summary_pdf(found)

        st.session_state[key] = attempt(make)
    pdf = st.session_state.get(key)
    if pdf:
        st.download_button("Télécharger la fiche commune", pdf,
                           file_name=f"fiche-commune-{file.code_insee}.pdf",
                           mime="application/pdf", key=f"download_summary_{pid}")
