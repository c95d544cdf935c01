"""Ruralités — Streamlit entry: page config, login, and the pages the current role may see.

Served by `serve.py` (`streamlit run serve.py`), which adds the `/session/*` routes. Every page
address is registered in every state, so a reload or a typed address never meets Streamlit's
"Page not found": a page the visitor may not open draws the login screen or a French refusal."""

import importlib

import streamlit as st

from pages import kiosk, login, setup
from ruralites.ui.chrome import french_chrome
from ruralites.ui.edge import run_guarded
from ruralites.ui.navigation import PAGES, NavItem, items_for
from ruralites.ui.session import current_viewer, database, hand_cookie_to_browser, sign_out
from ruralites.ui.widgets import md

st.set_page_config(page_title="Ruralités", page_icon="🌾", layout="wide")
french_chrome()


def _render(item: NavItem):
    module, _, function = item.render.partition(":")
    return getattr(importlib.import_module(module), function)


def _instead(item: NavItem, draw):
    """A page at `item`'s address that draws something else (login, kiosk form, refusal)."""
    return st.Page(draw, title=item.title, icon=item.icon, url_path=item.key)


def _addresses(role: str | None) -> dict[str, NavItem]:
    """Each address once: the role's own page there, else the first page at that address."""
    found: dict[str, NavItem] = {}
    for item in PAGES:
        if item.key not in found or (role in item.roles and role not in found[item.key].roles):
            found[item.key] = item
    return found


def _refused() -> None:
    st.title("Page réservée")
    st.error("Cette page n'est pas accessible avec votre compte.", icon="🚫")
    st.page_link(pages_by_key["accueil"], label="Revenir à l'accueil", icon="🏠")


db = database()
if st.query_params.get("k"):
    # A tablet or phone link: the form it is bound to and nothing else, no account needed.
    # The tab reads "Ruralités" whatever the link opens (a questionnaire, a vote, a registration).
    form = st.Page(kiosk.render, title="Ruralités", url_path="formulaire", default=True)
    others = [_instead(item, kiosk.render) for item in _addresses(None).values()]
    page = st.navigation([form, *others], position="hidden")
    run_guarded(page.run, kiosk=True)
    st.stop()
viewer = current_viewer()
hand_cookie_to_browser()
if viewer is None:
    first_run = setup.needs_setup(db)
    entry = setup.render if first_run else login.render
    title = "Premier démarrage" if first_run else "Connexion"
    front = st.Page(entry, title=title, url_path="connexion", default=True)
    # A typed or remembered address shows the login screen, and after login that very page.
    others = [_instead(item, entry) for item in _addresses(None).values()]
    page = st.navigation([front, *others], position="hidden")
else:
    pages_by_key = {}
    for key, item in _addresses(viewer.role).items():
        allowed = viewer.role in item.roles
        pages_by_key[key] = st.Page(_render(item) if allowed else _refused, title=item.title,
                                    icon=item.icon, url_path=key)
    # The site's root shows the default page; its own address (/accueil) stays a page too.
    home = next(i for i in PAGES if i.default)
    root = st.Page(_render(home), title=home.title, icon=home.icon, url_path="debut",
                   default=True)
    # Our own menu: `client.showSidebarNavigation = false` (DESIGN §8) hides Streamlit's.
    page = st.navigation([root, *pages_by_key.values()], position="hidden")
    with st.sidebar:
        st.markdown("### 🌾 Ruralités")
        section = None
        for item in items_for(viewer.role):
            if item.section != section and item.section:
                st.caption(item.section)
            section = item.section
            st.page_link(pages_by_key[item.key])
        st.divider()
        st.caption(f"Connecté·e : **{md(viewer.display_name)}** — {viewer.role_label}")
        if st.button("Se déconnecter", key="logout"):
            sign_out()
            st.rerun()
run_guarded(page.run)
