"""Ruralités — Streamlit entry: page config, login, and the pages the current role may see."""

import streamlit as st

from pages import home, login, setup, users
from ruralites.ui.session import current_viewer, database, sign_out

st.set_page_config(page_title="Ruralités", page_icon="🌾", layout="wide")


def _pages_for(role: str) -> list[st.Page]:
    pages = [st.Page(home.render, title="Accueil", icon="🏠", url_path="accueil", default=True)]
    if role == "admin":
        pages.append(st.Page(users.render, title="Comptes", icon="👥", url_path="comptes"))
    return pages


db = database()
viewer = current_viewer()
if viewer is None:
    first_run = setup.needs_setup(db)
    entry = setup.render if first_run else login.render
    title = "Premier démarrage" if first_run else "Connexion"
    page = st.navigation([st.Page(entry, title=title, url_path="connexion", default=True)],
                         position="hidden")
else:
    page = st.navigation(_pages_for(viewer.role))
    with st.sidebar:
        st.caption(f"Connecté·e : **{viewer.display_name}** — {viewer.role_label}")
        if st.button("Se déconnecter", key="logout"):
            sign_out()
            st.rerun()
page.run()
