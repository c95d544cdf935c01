"""Adding communes to a campaign from the official list: by name, by INSEE code, or every commune
of an EPCI below a population threshold."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from ruralites import campaigns, communes, fr
from ruralites.auth import Viewer
from ruralites.campaigns import CampaignSummary
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, text_table

# The method targets communes under 2,000 inhabitants (DESIGN.md §1).
DEFAULT_MAX_POPULATION = 2000


def inhabitants(population: int | None) -> str:
    return fr.inhabitants(population)


def describe(info: communes.CommuneInfo) -> str:
    epci = f" — {info.nom_epci}" if info.nom_epci else ""
    return f"{info.label} — {inhabitants(info.population)}{epci}"


def add_communes_panel(viewer: Viewer, campaign: CampaignSummary, present: set[str]) -> None:
    st.subheader("Ajouter des communes")
    invited_on = st.date_input(
        "Date de l'invitation", value=fr.today_in_france(), format="DD/MM/YYYY",
        key="add_invited_on", help="Le jour où le courrier ou le courriel d'invitation est parti.",
    )
    by_name, by_code, by_epci = st.tabs(["Par nom", "Par code INSEE", "Par EPCI"])
    with by_name:
        text = st.text_input("Nom de la commune", key="add_name", placeholder="ex. Trémel")
        found = communes.search(text, limit=15) if text.strip() else []
        if text.strip() and not found:
            st.warning(f"Aucune commune ne correspond à « {text.strip()} ».")
        if found:
            infos = {c.code_insee: c for c in found}
            code = st.selectbox("Commune trouvée", list(infos), key="add_name_choice",
                                format_func=lambda c: describe(infos[c]))
            if st.button("Ajouter cette commune", key="add_by_name", type="primary"):
                _add_one(viewer, campaign, code, invited_on)
    with by_code:
        code = st.text_input("Code INSEE (5 caractères)", key="add_code", max_chars=5,
                             placeholder="ex. 22366")
        if st.button("Ajouter la commune", key="add_by_code", type="primary"):
            _add_one(viewer, campaign, code, invited_on)
    with by_epci:
        _epci_tab(viewer, campaign, present, invited_on)


def _epci_tab(viewer: Viewer, campaign: CampaignSummary, present: set[str], invited_on: date) -> None:
    text = st.text_input("Intercommunalité (EPCI)", key="add_epci_text",
                         placeholder="ex. Lannion-Trégor")
    found = communes.epcis(text, limit=15) if text.strip() else []
    if text.strip() and not found:
        st.warning(f"Aucune intercommunalité ne correspond à « {text.strip()} ».")
    if not found:
        return
    names = {code: f"{name} ({n} communes)" for code, name, n in found}
    code_epci = st.selectbox("Intercommunalité", list(names), key="add_epci_choice",
                             format_func=names.get)
    limit = st.number_input("Communes de moins de … habitants", min_value=1, step=100,
                            value=DEFAULT_MAX_POPULATION, key="add_epci_limit")
    members = communes.by_epci(code_epci, int(limit) - 1)
    if not members:
        st.info("Aucune commune de cette intercommunalité sous ce seuil.")
        return
    _members_table(members, present)
    new = [m.code_insee for m in members if m.code_insee not in present]
    if not new:
        st.info("Toutes ces communes font déjà partie de la démarche.")
        return
    if st.button(f"Ajouter ces {len(new)} commune(s)", key="add_by_epci", type="primary"):
        def add() -> None:
            with database().write() as session:
                target = campaigns.campaign_for(session, viewer, campaign.slug, edit=True)
                done = campaigns.add_communes(session, target, new, invited_on=invited_on,
                                              user_id=viewer.user_id)
            flash("success", f"{len(done.added)} commune(s) ajoutée(s) à la démarche.")
            if done.already:
                flash("info", "Déjà dans la démarche : " + ", ".join(done.already) + ".")

        if attempt(add):
            st.rerun()


def _members_table(members: Sequence[communes.CommuneInfo], present: set[str]) -> None:
    frame = pd.DataFrame(
        {
            "Commune": [m.label for m in members],
            "Habitants": [inhabitants(m.population) for m in members],
            "Déjà dans la démarche": ["oui" if m.code_insee in present else "" for m in members],
        }
    )
    text_table(frame.set_index("Commune"))


def _add_one(viewer: Viewer, campaign: CampaignSummary, code: str, invited_on: date) -> None:
    def add() -> None:
        with database().write() as session:
            target = campaigns.campaign_for(session, viewer, campaign.slug, edit=True)
            nom = campaigns.add_commune(session, target, code, invited_on=invited_on,
                                        user_id=viewer.user_id).commune.nom
        flash("success", f"{nom} ajoutée à la démarche.")

    if attempt(add):
        st.rerun()
