"""Communes and the call: add communes from the official list, record each commune's answer and
contact élu, withdraw a commune."""

import streamlit as st

from ruralites.campaigns import views as campaign_views
from ruralites.ui.campaign import campaign_links, pick_campaign, pick_commune
from ruralites.ui.campaign_call import call_form, withdraw_form
from ruralites.ui.campaign_communes import add_communes_panel
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import show_flash


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Communes et appel")
    current = pick_campaign(viewer, "communes")
    if current is None:
        return
    campaign_links(current.slug, here="communes")
    show_flash()
    with database().read() as session:
        files = campaign_views.commune_files(session, viewer, current.slug)
    add_communes_panel(viewer, current, {f.code_insee for f in files})

    st.subheader("Appel aux communes")
    if not files:
        st.info("Ajoutez d'abord des communes à la démarche.")
        return
    chosen = pick_commune(files, key=f"call_commune_{current.slug}")
    call_form(viewer, chosen)
    withdraw_form(viewer, chosen)
