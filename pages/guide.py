"""The capitalisation guide: staff write its sections and testimonies, choose communes and
chapters, build it (PDF or DOCX), look at its pages and download it."""

import streamlit as st

from ruralites.campaigns import views as campaign_views
from ruralites.ui.campaign import pick_campaign
from ruralites.ui.guide_build import build_tab
from ruralites.ui.guide_texts import sections_tab, testimonies_tab
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import show_flash


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Guide de capitalisation")
    campaign = pick_campaign(viewer, "guide")
    if campaign is None:
        return
    show_flash()
    with database().read() as session:
        files = campaign_views.commune_files(session, viewer, campaign.slug)
    texts, quotes, build = st.tabs(["Textes du pôle", "Témoignages", "Construire et télécharger"])
    with texts:
        sections_tab(viewer, campaign.slug, files)
    with quotes:
        testimonies_tab(viewer, campaign.slug, files)
    with build:
        build_tab(viewer, campaign.slug, files)
