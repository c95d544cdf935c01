"""Evenings of a campaign, every kind (listening, restitution, inspiring): plan them, then for
each its registrations and waiting list, its witnesses, its poster and sign-in sheet, and after
it the attendance and what came out of it."""

import streamlit as st

from ruralites import evenings
from ruralites.ui.campaign import pick_campaign
from ruralites.ui.evenings_detail import evening_panel
from ruralites.ui.evenings_plan import evenings_table, pick_evening, plan_form
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import show_flash

ALL = "Toutes les communes"


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Soirées")
    campaign = pick_campaign(viewer, "soirees")
    if campaign is None:
        return
    show_flash()
    with database().read() as session:
        found = evenings.evenings_for(session, viewer, campaign_slug=campaign.slug)
    listing, new = st.tabs(["Soirées de la démarche", "Organiser une soirée"])
    with new:
        plan_form(viewer, campaign.slug)
    with listing:
        if not found:
            st.info("Aucune soirée pour l'instant : organisez-en une dans l'onglet « Organiser "
                    "une soirée ».")
            return
        names = sorted({e.commune_name for e in found})
        commune = st.selectbox("Commune", [ALL, *names], key="evenings_commune")
        shown = [e for e in found if commune in (ALL, e.commune_name)]
        evenings_table(shown)
        evening_panel(viewer, pick_evening(shown))
