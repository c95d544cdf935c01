"""Login screen for staff, administrators and mayors (inhabitants never need an account)."""

import streamlit as st

from ruralites.auth import AuthError
from ruralites.ui.session import sign_in


def render() -> None:
    st.title("🌾 Ruralités")
    st.write("Connectez-vous pour suivre vos démarches et vos communes.")
    if notice := st.session_state.pop("login_notice", None):
        st.info(notice)
    with st.form("login"):
        username = st.text_input("Identifiant", autocomplete="username")
        password = st.text_input("Mot de passe", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Se connecter", type="primary")
    if submitted:
        try:
            sign_in(username, password)
        except AuthError as exc:
            st.error(str(exc))
        else:
            st.rerun()
