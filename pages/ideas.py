"""Ideas and themes of a commune: the list, typing in post-its and idea boxes, tagging with
suggested themes, merging near-duplicates, counts per theme, the campaign's themes."""

import streamlit as st

from ruralites import ideas
from ruralites.ui.ideas_list import add_idea_form, list_tab
from ruralites.ui.ideas_merge import merge_tab
from ruralites.ui.ideas_tagging import tag_tab
from ruralites.ui.ideas_themes import counts_tab, themes_tab
from ruralites.ui.pickers import participation_picker
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import show_flash


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Idées et thèmes")
    row = participation_picker(viewer, action="record_ideas", key="ideas_commune")
    if row is None:
        return
    show_flash()
    with database().read() as session:
        found = ideas.summary(session, viewer, row.participation_id)
        campaign_id = ideas.campaign_of(session, viewer, row.participation_id)
    cols = st.columns(3)
    cols[0].metric("Idées", found.ideas)
    cols[1].metric("Fois exprimées", found.mentions)
    cols[2].metric("Sans thème", found.untagged)
    tabs = st.tabs(["Liste", "Ajouter une idée", "Étiqueter", "Doublons", "Par thème", "Thèmes"])
    with tabs[0]:
        list_tab(viewer, row.participation_id)
    with tabs[1]:
        add_idea_form(viewer, row.participation_id)
    with tabs[2]:
        tag_tab(viewer, row.participation_id)
    with tabs[3]:
        merge_tab(viewer, row.participation_id)
    with tabs[4]:
        counts_tab(viewer, row.participation_id)
    with tabs[5]:
        themes_tab(viewer, row.participation_id, campaign_id)
