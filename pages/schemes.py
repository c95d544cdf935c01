"""The support-scheme catalogue (dispositifs): search it, read and change an entry, add one,
import an Aides-territoires export."""

import streamlit as st

from ruralites.ui.orientation_schemes import (
    catalogue_view,
    import_form,
    revert_button,
    scheme_card,
    scheme_form,
)
from ruralites.ui.session import require_role
from ruralites.ui.widgets import show_flash


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Dispositifs d'accompagnement")
    show_flash()
    browse, add, upload = st.tabs(["Catalogue", "Ajouter un dispositif",
                                   "Importer depuis Aides-territoires"])
    with browse:
        record = catalogue_view(viewer)
        if record is not None:
            scheme_card(record)
            revert_button(viewer, record)
            with st.expander("Modifier ce dispositif"):
                scheme_form(viewer, record, key=f"edit_{record.slug}")
    with add:
        scheme_form(viewer, None, key="new_scheme")
    with upload:
        import_form(viewer)
