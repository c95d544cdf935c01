"""Ruralités — Streamlit entry: page config, login, and the pages the current role may see."""

import streamlit as st

from pages import (
    campaign_board,
    campaign_communes,
    campaign_decisions,
    campaigns,
    collect,
    home,
    ideas,
    kiosk,
    login,
    paper_entry,
    projection,
    results,
    setup,
    users,
    votes,
)
from ruralites.ui.session import current_viewer, database, sign_out

st.set_page_config(page_title="Ruralités", page_icon="🌾", layout="wide")


def _pages_for(role: str) -> dict[str, list[st.Page]]:
    """The navigation of a role. Each page's render() also checks the role itself."""
    home_page = st.Page(home.render, title="Accueil", icon="🏠", url_path="accueil", default=True)
    if role == "mayor":
        mayor_pages = [
            home_page,
            # NAV:mayor — one st.Page per line
            st.Page(votes.render_mayor, title="Thème choisi", icon="🎯", url_path="theme-choisi"),
            st.Page(results.render, title="Résultats de ma commune", icon="📈", url_path="resultats"),
        ]
        return {"": mayor_pages}
    # Staff menus follow the method: the call and the councils, then listening and the choice.
    staff_pages = [home_page]
    phase1 = [
        st.Page(campaigns.render, title="Démarches", icon="🗂️", url_path="campagnes"),
        st.Page(campaign_communes.render, title="Communes et appel", icon="✉️", url_path="communes"),
        st.Page(campaign_decisions.render, title="Délibérations", icon="🏛️", url_path="deliberations"),
        st.Page(campaign_board.render, title="Tableau de bord", icon="📊", url_path="tableau-de-bord"),
    ]
    phase2 = [
        st.Page(collect.render, title="Recueillir les réponses", icon="📝", url_path="recueil"),
        st.Page(paper_entry.render, title="Saisie papier", icon="⌨️", url_path="saisie-papier"),
        st.Page(results.render, title="Résultats", icon="📈", url_path="resultats"),
        st.Page(ideas.render, title="Idées et thèmes", icon="💡", url_path="idees"),
        st.Page(votes.render, title="Vote et choix du thème", icon="🗳️", url_path="vote"),
        st.Page(projection.render, title="Projection (restitution)", icon="📽️", url_path="projection"),
        # NAV:staff — one st.Page per line
    ]
    sections = {"": staff_pages, "1. Appel et délibérations": phase1,
                "2. Écoute et choix du thème": phase2}
    if role == "admin":
        sections["Administration"] = [
            st.Page(users.render, title="Comptes", icon="👥", url_path="comptes"),
        ]
    return sections


db = database()
if st.query_params.get("k"):
    # A tablet or phone link: the form it is bound to and nothing else, no account needed.
    page = st.navigation([st.Page(kiosk.render, title="Questionnaire", url_path="formulaire",
                                  default=True)], position="hidden")
    page.run()
    st.stop()
viewer = current_viewer()
if viewer is None:
    first_run = setup.needs_setup(db)
    entry = setup.render if first_run else login.render
    title = "Premier démarrage" if first_run else "Connexion"
    page = st.navigation([st.Page(entry, title=title, url_path="connexion", default=True)],
                         position="hidden")
else:
    sections = _pages_for(viewer.role)
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
page.run()
