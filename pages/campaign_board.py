"""Campaign board: every commune with its phase, since when, what is missing; progress over time;
each commune's history; exports."""

import streamlit as st

from ruralites.campaigns import views as campaign_views
from ruralites.ui.campaign import campaign_links, pick_campaign
from ruralites.ui.campaign_board import (
    campaign_header,
    export_buttons,
    phase_metrics,
    progress_chart,
    timelines,
)
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import board_table


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Tableau de bord")
    current = pick_campaign(viewer, "board")
    if current is None:
        return
    campaign_links(current.slug, here="tableau-de-bord")
    with database().read() as session:
        files = campaign_views.commune_files(session, viewer, current.slug)
        points = campaign_views.progress(session, viewer, current.slug)
        columns, rows = campaign_views.export_table(session, viewer, current.slug)
    campaign_header(current)
    if not files:
        st.info("Aucune commune dans cette démarche : ajoutez-en dans la page « Communes et appel ».")
        return
    phase_metrics(files)
    board_table(files, epci=True)
    progress_chart(points)
    timelines(files)
    export_buttons(current, columns, rows)
