"""What a mayor reads of their commune's orientation, read-only: the project, how many
inhabitants are in the group (never who), the schemes chosen and their follow-up, the fiche."""

from __future__ import annotations

import streamlit as st

from ruralites import fr, orientation, phases
from ruralites.auth import Viewer
from ruralites.ui.orientation_choice import chosen_view, sheet_download
from ruralites.ui.session import database
from ruralites.ui.widgets import md


def orientation_summary(viewer: Viewer, participation_id: int, phase: str) -> None:
    if not phases.allows(phase, "plan_inspiring_evening"):
        return  # before the theme is chosen there is nothing to orient
    with database().read() as session:
        file = orientation.orientation_file(session, viewer, participation_id)
    st.subheader("Orientation du projet")
    project = file.project
    if project is None:
        st.info("Le pôle décrira le projet avec vous après les soirées inspirantes.")
        return
    if project.summary:
        st.markdown(f"**Le projet :** {md(project.summary)}")
    st.markdown(f"**Étape :** {md(project.stage_label)} — **porteur :** "
                f"{md(project.carrier_label)} — **groupe d'habitants :** "
                f"{fr.plural(file.group_size, 'personne intéressée', 'personnes intéressées')}")
    if not file.chosen:
        st.info("Pas encore de dispositif retenu.")
    for item in file.chosen:
        chosen_view(item)
    sheet_download(viewer, file)
