"""The public form reached through a tablet or phone link (?k=TOKEN): no account, no menu."""

import streamlit as st

from ruralites.listening import kiosk
from ruralites.ui import kiosk as kiosk_screen


def render() -> None:
    token = st.query_params.get("k", "")
    kiosk_screen.run(token, tablet=kiosk.is_tablet(st.query_params.get("mode")))
