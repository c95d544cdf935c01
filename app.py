"""Ruralités — Streamlit entry: page config, login, and the pages the current role may see."""

import importlib

import streamlit as st

from pages import kiosk, login, setup
from ruralites.ui.edge import run_guarded
from ruralites.ui.navigation import NavItem, items_for
from ruralites.ui.session import current_viewer, database, sign_out

st.set_page_config(page_title="Ruralités", page_icon="🌾", layout="wide")


def _page(item: NavItem) -> st.Page:
    module, _, function = item.render.partition(":")
    render = getattr(importlib.import_module(module), function)
    return st.Page(render, title=item.title, icon=item.icon, url_path=item.key,
                   default=item.default)


def _sections(role: str) -> dict[str, list[st.Page]]:
    """The menu of a role, by section, in the method's order. Each render() checks the role too."""
    sections: dict[str, list[st.Page]] = {}
    for item in items_for(role):
        sections.setdefault(item.section, []).append(_page(item))
    return sections


db = database()
if st.query_params.get("k"):
    # A tablet or phone link: the form it is bound to and nothing else, no account needed.
    page = st.navigation([st.Page(kiosk.render, title="Questionnaire", url_path="formulaire",
                                  default=True)], position="hidden")
    run_guarded(page.run, kiosk=True)
    st.stop()
viewer = current_viewer()
if viewer is None:
    first_run = setup.needs_setup(db)
    entry = setup.render if first_run else login.render
    title = "Premier démarrage" if first_run else "Connexion"
    page = st.navigation([st.Page(entry, title=title, url_path="connexion", default=True)],
                         position="hidden")
else:
    sections = _sections(viewer.role)
    # Our own menu: `client.showSidebarNavigation = false` (DESIGN §8) hides Streamlit's.
    page = st.navigation(sections, position="hidden")
    with st.sidebar:
        st.markdown("### 🌾 Ruralités")
        for header, section_pages in sections.items():
            if header:
                st.caption(header)
            for item in section_pages:
                st.page_link(item)
        st.divider()
        st.caption(f"Connecté·e : **{viewer.display_name}** — {viewer.role_label}")
        if st.button("Se déconnecter", key="logout"):
            sign_out()
            st.rerun()
run_guarded(page.run)
