"""Council decisions (délibérations): record the vote of a volunteer commune's council with the
signed document; see, download or complete the decisions already recorded."""

import streamlit as st

from ruralites import phases
from ruralites.campaigns import views as campaign_views
from ruralites.ui.campaign import campaign_links, pick_campaign, pick_commune
from ruralites.ui.campaign_decision import decision_card, decision_form
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import show_flash


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Délibérations")
    current = pick_campaign(viewer, "decisions")
    if current is None:
        return
    campaign_links(current.slug, here="deliberations")
    show_flash()
    with database().read() as session:
        files = campaign_views.commune_files(session, viewer, current.slug)

    st.subheader("Enregistrer une délibération")
    waiting = [f for f in files if phases.awaits_decision(f.phase)]
    if waiting:
        st.caption("Une délibération favorable valide la participation de la commune ; "
                   "défavorable, elle y met fin.")
        chosen = pick_commune(waiting, key=f"decision_commune_{current.slug}",
                              label="Commune volontaire")
        decision_form(viewer, chosen)
    else:
        st.info("Aucune commune volontaire n'attend sa délibération. Une commune doit d'abord se "
                "porter volontaire (page « Communes et appel »).")

    st.subheader("Délibérations enregistrées")
    decided = [(f, d) for f in files for d in f.decisions]
    if not decided:
        st.caption("Aucune pour l'instant.")
    for f, d in decided:
        decision_card(viewer, f, d, can_attach=True)
