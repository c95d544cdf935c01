"""First start on an empty database: create the first administrator, offer the demo campaign."""

import streamlit as st

from ruralites import auth, demo
from ruralites.db import Database
from ruralites.ui.session import database


def needs_setup(db: Database) -> bool:
    with db.read() as session:
        return auth.needs_first_admin(session)


def render() -> None:
    st.title("🌾 Bienvenue dans Ruralités")
    st.write(
        "La base de données est vide. Créez le premier compte administrateur : il servira "
        "ensuite à créer les comptes des animateur·rices et des élu·es."
    )
    with st.form("first_admin"):
        display_name = st.text_input("Votre nom", placeholder="Marie Le Goff")
        username = st.text_input("Identifiant de connexion", placeholder="marie.le-goff")
        password = st.text_input(
            "Mot de passe", type="password",
            help=f"Au moins {auth.MIN_PASSWORD_LENGTH} caractères.",
        )
        confirm = st.text_input("Confirmez le mot de passe", type="password")
        with_demo = st.checkbox(
            "Charger aussi la démarche de démonstration « Ruralités en Trégor »", value=False
        )
        submitted = st.form_submit_button("Créer le compte administrateur", type="primary")
    if not submitted:
        return
    if password != confirm:
        st.error("Les deux mots de passe diffèrent.")
        return
    db = database()
    try:
        with db.write() as session:
            auth.create_first_admin(
                session, username=username, display_name=display_name, password=password
            )
    except auth.AuthError as exc:
        st.error(str(exc))
        return
    if with_demo:
        demo.load(db)
    st.session_state["login_notice"] = "Compte administrateur créé : connectez-vous."
    st.rerun()
