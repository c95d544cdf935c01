"""Campaigns (démarches): the ones this person follows, create one, edit the chosen one."""

import streamlit as st

from ruralites.campaigns import setup as campaign_setup
from ruralites.campaigns import views as campaign_views
from ruralites.ui.campaign import campaign_links, pick_campaign, select_campaign
from ruralites.ui.campaign_form import campaign_form, campaigns_table
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import attempt, flash, md, show_flash


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Démarches")
    show_flash()
    db = database()
    with db.read() as session:
        found = campaign_views.list_campaigns(session, viewer)
        poles = [(p.id, p.name) for p in campaign_setup.list_poles(session)]
    if found:
        campaigns_table(found)
    else:
        st.info("Aucune démarche pour l'instant : créez la première ci-dessous.")

    with st.expander("Créer une démarche", expanded=not found):
        fields = campaign_form("new_campaign", poles, default_pole=viewer.pole_id)
    if fields is not None:
        _save(viewer, fields, None, "Démarche « {} » créée.")

    if not found:
        return
    st.subheader("Modifier une démarche")
    current = pick_campaign(viewer, "campaigns")
    if current is None:
        return
    campaign_links(current.slug, here="campagnes")
    fields = campaign_form(f"edit_{current.slug}", poles, current)
    if fields is not None:
        _save(viewer, fields, current.slug, "Démarche « {} » enregistrée.")


def _save(viewer, fields, slug, message) -> None:
    saved = {}

    def save() -> None:
        with database().write() as session:
            campaign = campaign_setup.save_campaign(session, viewer, fields, slug=slug)
            saved.update(slug=campaign.slug, name=campaign.name)

    if attempt(save):
        select_campaign(saved["slug"])
        flash("success", message.format(md(saved["name"])))  # st.success reads Markdown
        st.rerun()
