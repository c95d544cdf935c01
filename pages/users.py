"""Accounts (administrators only): list users and create staff and mayor accounts."""

import pandas as pd
import streamlit as st

from ruralites import auth, communes
from ruralites.ui.session import database, require_role


def render() -> None:
    require_role("admin")
    st.title("Comptes")
    db = database()
    with db.read() as session:
        users = [
            (u.username, u.display_name, auth.ROLE_LABELS[u.role],
             ", ".join(c.nom for c in u.communes) or "—")
            for u in auth.list_users(session)
        ]
    st.table(pd.DataFrame(users, columns=["Identifiant", "Nom", "Rôle", "Communes"]).set_index("Identifiant"))

    st.subheader("Créer un compte")
    with st.form("new_user", clear_on_submit=False):
        display_name = st.text_input("Nom affiché")
        username = st.text_input("Identifiant")
        role = st.selectbox("Rôle", ["staff", "mayor", "admin"], format_func=auth.ROLE_LABELS.get)
        commune_text = st.text_input(
            "Commune(s) de l'élu·e", help="Codes INSEE séparés par des virgules, ex. 22366"
        )
        password = st.text_input("Mot de passe provisoire", type="password")
        submitted = st.form_submit_button("Créer le compte", type="primary")
    if submitted:
        codes = [c.strip() for c in commune_text.split(",") if c.strip()]
        try:
            with db.write() as session:
                auth.create_user(session, username=username, display_name=display_name,
                                 password=password, role=role, commune_codes=codes)
        except (auth.AuthError, communes.UnknownCommuneError) as exc:
            st.error(str(exc))
        else:
            st.success(f"Compte « {username} » créé.")
            st.rerun()
