"""The app's pages, once: title, icon, address, menu section, roles and the function under
`pages/` that draws it. `app.py` builds its `st.navigation` from this table, and in-page links
(`page_link`) find a page here by its key, so a title or an address is never written twice."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ruralites import access

STAFF = ("admin", "staff")
MAYOR = ("mayor",)


@dataclass(frozen=True)
class NavItem:
    key: str  # the page's address (url_path), also how links name it
    title: str
    icon: str
    render: str  # "module:function" under pages/
    section: str  # menu heading ("" for the top)
    action: str  # what the page lets one do, in `access.ACTIONS`
    audience: tuple[str, ...] = access.ACCOUNT_ROLES  # whose menu shows it at this address
    default: bool = False

    @property
    def roles(self) -> tuple[str, ...]:
        """Who may open it: the access matrix decides, within the page's audience."""
        return tuple(r for r in access.roles_for(self.action) if r in self.audience)


PHASE1 = "1. Appel et délibérations"
PHASE2 = "2. Écoute et choix du thème"
PHASE3 = "3. Soirées inspirantes et orientation"
OFFLINE = "Soirée sans internet"
ADMIN = "Administration"

PAGES: tuple[NavItem, ...] = (
    NavItem("accueil", "Accueil", "🏠", "pages.home:render", "", "home", default=True),
    NavItem("campagnes", "Démarches", "🗂️", "pages.campaigns:render", PHASE1, "campaigns"),
    NavItem("communes", "Communes et appel", "✉️", "pages.campaign_communes:render", PHASE1, "call"),
    NavItem("deliberations", "Délibérations", "🏛️", "pages.campaign_decisions:render", PHASE1,
            "decisions"),
    NavItem("tableau-de-bord", "Tableau de bord", "📊", "pages.campaign_board:render", PHASE1,
            "board"),
    NavItem("recueil", "Recueillir les réponses", "📝", "pages.collect:render", PHASE2, "collect"),
    NavItem("saisie-papier", "Saisie papier", "⌨️", "pages.paper_entry:render", PHASE2,
            "paper_entry"),
    NavItem("resultats", "Résultats", "📈", "pages.results:render", PHASE2, "results", STAFF),
    NavItem("idees", "Idées et thèmes", "💡", "pages.ideas:render", PHASE2, "ideas"),
    NavItem("vote", "Vote et choix du thème", "🗳️", "pages.votes:render", PHASE2, "votes"),
    NavItem("projection", "Projection (restitution)", "📽️", "pages.projection:render", PHASE2,
            "projection"),
    NavItem("soirees", "Soirées", "🗓️", "pages.evenings:render", PHASE3, "evenings"),
    NavItem("temoins", "Témoins", "🎤", "pages.witnesses:render", PHASE3, "witnesses"),
    NavItem("orientation", "Orientation", "🧭", "pages.orientation:render", PHASE3, "orientation"),
    NavItem("dispositifs", "Dispositifs", "🧰", "pages.schemes:render", PHASE3, "schemes"),
    NavItem("guide", "Guide de capitalisation", "📘", "pages.guide:render", PHASE3, "guide"),
    NavItem("theme-choisi", "Thème choisi", "🎯", "pages.votes:render_mayor", "", "chosen_theme",
            MAYOR),
    NavItem("resultats", "Résultats de ma commune", "📈", "pages.results:render", "", "results",
            MAYOR),
    NavItem("reseau-local", "Réseau local", "📶", "pages.offline:render_network", OFFLINE,
            "offline"),
    NavItem("paquets", "Paquets de soirée", "📦", "pages.offline:render_bundles", OFFLINE,
            "offline"),
    NavItem("donnees-personnelles", "Données personnelles", "🔒", "pages.privacy:render", ADMIN,
            "privacy"),
    NavItem("comptes", "Comptes", "👥", "pages.users:render", ADMIN, "accounts"),
)

# The links between the campaign's phase-1 screens, in this order.
CAMPAIGN_PAGES = ("tableau-de-bord", "communes", "deliberations", "campagnes")


def items_for(role: str) -> list[NavItem]:
    return [item for item in PAGES if role in item.roles]


def _stub() -> None:  # never run: a link leads to the page app.py registered at that address
    return None


def page_link(key: str, label: str | None = None, *, query_params: dict | None = None,
              where=st) -> None:
    """A link to the page registered under `key` (st.page_link matches pages by address)."""
    item = next(i for i in PAGES if i.key == key)
    where.page_link(st.Page(_stub, url_path=item.key, title=label or item.title, icon=item.icon),
                    query_params=query_params)
