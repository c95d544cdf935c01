"""Witnesses (témoins): the catalogue shared by the pôles, searched by theme, territory and
words; a witness added or changed; the witnesses ranked for a commune's chosen theme; the
catalogue imported from and exported to CSV."""

import streamlit as st

from ruralites.ui.session import require_role
from ruralites.ui.widgets import show_flash
from ruralites.ui.witnesses_catalogue import catalogue_tab, import_export_tab
from ruralites.ui.witnesses_form import witness_form
from ruralites.ui.witnesses_matching import matching_tab


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Témoins")
    st.caption("Des personnes d'autres territoires qui ont mené un projet et viennent le "
               "raconter aux soirées inspirantes. Le catalogue est commun aux pôles.")
    show_flash()
    catalogue, commune, add, files = st.tabs(
        ["Catalogue", "Pour une commune", "Ajouter un témoin", "Import / export CSV"])
    with catalogue:
        catalogue_tab(viewer)
    with commune:
        matching_tab(viewer)
    with add:
        witness_form(viewer, None, key="witness_new")
    with files:
        import_export_tab(viewer)
