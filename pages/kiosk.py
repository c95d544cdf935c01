"""The public form reached through a tablet or phone link (?k=TOKEN): no account, no menu."""

import streamlit as st

from ruralites.listening import kiosk
from ruralites.ui.kiosk import shell


def render() -> None:
    token = st.query_params.get("k", "")
    shell.run(token, tablet=kiosk.is_tablet(st.query_params.get("mode")))
