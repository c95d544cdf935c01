"""Orientation of a commune that has chosen its theme: its project and interested group, the
schemes recommended and why, the scheme chosen, the follow-up, the fiche to hand over."""

import streamlit as st

from ruralites import orientation
from ruralites.ui.orientation_choice import (
    follow_up_view,
    recommendations,
    recommendations_view,
    record_form,
    sheet_download,
)
from ruralites.ui.orientation_commune import commune_header, group_view, project_form
from ruralites.ui.pickers import participation_picker
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import show_flash


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Orientation")
    row = participation_picker(viewer, action="plan_inspiring_evening", key="orientation_commune")
    if row is None:
        return
    show_flash()
    with database().read() as session:
        file = orientation.orientation_file(session, viewer, row.participation_id)
    commune_header(file)
    project, advice, follow = st.tabs(["Projet et groupe", "Recommandations",
                                       "Orientation et suivi"])
    with project:
        project_form(viewer, file)
        group_view(viewer, file)
    found = None
    with advice:
        found = recommendations(viewer, file)
        if found is not None:
            recommendations_view(file, found)
    with follow:
        can_record = found is not None and file.commune.can_orient
        if file.chosen:
            st.subheader("Dispositifs retenus et suivi")
            follow_up_view(viewer, file)
            if can_record:
                with st.expander("Retenir un autre dispositif"):
                    record_form(viewer, file, found)
        elif can_record:
            st.subheader("Enregistrer le dispositif retenu")
            record_form(viewer, file, found)
        if found is not None:
            sheet_download(viewer, file)
