"""Personal data: the interested inhabitants, one person's export and erasure, how long
contacts are kept, the register of processing, and (administrators) the audit log."""

import streamlit as st

from ruralites.ui.privacy_views import (
    audit_view,
    group_view,
    person_view,
    register_view,
    retention_view,
)
from ruralites.ui.session import require_role
from ruralites.ui.widgets import show_flash


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Données personnelles")
    show_flash()
    names = ["Habitants intéressés", "Une personne", "Conservation", "Registre des traitements"]
    if viewer.role == "admin":
        names.append("Journal des actions")
    tabs = st.tabs(names)
    with tabs[0]:
        group_view(viewer)
    with tabs[1]:
        person_view(viewer)
    with tabs[2]:
        retention_view(viewer)
    with tabs[3]:
        register_view()
    if viewer.role == "admin":
        with tabs[4]:
            audit_view(viewer)
