"""The parts of the Données personnelles page: the interested group of a commune with its
export, one person's export and erasure, the retention plan, the audit log."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from ruralites import fr, privacy
from ruralites.auth import Viewer
from ruralites.config import settings
from ruralites.pdf.person import render_person
from ruralites.pdf.processing_register import FIELDS, render_register
from ruralites.ui.pickers import participation_picker
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, md, text_table


def group_view(viewer: Viewer) -> None:
    row = participation_picker(viewer, key="privacy_commune")
    if row is None:
        return
    with database().read() as session:
        people = attempt(lambda: privacy.group_rows(session, viewer, row.participation_id))
    if not people:
        st.info(f"Personne n'a laissé ses coordonnées pour {md(row.nom)}.")
        return
    st.caption(f"{fr.plural(len(people), 'personne')} ; ces coordonnées ne sont jamais reliées "
               "aux réponses du questionnaire.")
    text_table(pd.DataFrame(people, columns=privacy.group.COLUMNS).set_index("Nom"))
    if st.button("Préparer l'export (coordonnées personnelles)", key="privacy_group_export"):
        with database().write() as session:
            data = attempt(lambda: privacy.group_csv(session, viewer, row.participation_id))
        if data:
            st.download_button("Télécharger le fichier CSV", data, mime="text/csv",
                               file_name=f"coordonnees-groupe-{row.code_insee}.csv")


def person_view(viewer: Viewer) -> None:
    st.caption("Une personne demande ce que le pôle garde sur elle, ou qu'on l'efface : "
               "cherchez-la par l'adresse e-mail ou le téléphone qu'elle a donné.")
    contact = st.text_input("Adresse e-mail ou téléphone", key="privacy_contact")
    if not contact:
        return
    if st.button("Exporter ses données", key="privacy_person_export"):
        with database().write() as session:
            data = attempt(lambda: privacy.export(session, viewer, contact))
        if data:
            held = len(data["groupe_habitants_interesses"]) + len(data["inscriptions_soirees"])
            st.success(f"{fr.plural(held, 'inscription trouvée', 'inscriptions trouvées')}.")
            left, right = st.columns(2)
            left.download_button("Télécharger (PDF, à remettre à la personne)",
                                 render_person(data), mime="application/pdf",
                                 file_name="donnees-personne.pdf", type="primary")
            right.download_button("Télécharger (JSON)",
                                  json.dumps(data, ensure_ascii=False, indent=2),
                                  mime="application/json", file_name="donnees-personne.json")
    confirm = st.checkbox("Je confirme l'effacement définitif demandé par la personne",
                          key="privacy_confirm")
    if st.button("Effacer ses données", key="privacy_erase", disabled=not confirm):
        with database().write() as session:
            result = attempt(lambda: privacy.erase(session, viewer, contact))
        if result:
            st.success(result.summary)


def retention_view(viewer: Viewer) -> None:
    months = settings().retention_months
    with database().read() as session:
        plan = attempt(lambda: privacy.purge(session, months=months, dry_run=True,
                                             viewer=viewer))
    if plan:
        st.text(privacy.plan_text(plan, dry_run=True))
        st.caption("La purge se lance avec « ruralites privacy purge » (chaque nuit, par exemple).")


def audit_view(viewer: Viewer) -> None:
    with database().read() as session:
        entries = attempt(lambda: privacy.entries(session, viewer))
    if entries is None:
        return
    if entries is True or not entries:
        st.info("Le journal est vide.")
        return
    text_table(pd.DataFrame({
        "Quand": [fr.date_time(e.at) for e in entries], "Qui": [e.who for e in entries],
        "Action": [e.action for e in entries], "Objet": [e.entity for e in entries],
        "Détail": [e.summary or "—" for e in entries],
    }).set_index("Quand"))


def register_view() -> None:
    processings = privacy.register()
    for p in processings:
        with st.expander(md(p.name)):
            for label, attr in FIELDS:
                st.markdown(f"**{label}** : {md(getattr(p, attr))}")
    st.download_button("Télécharger le registre (PDF)", render_register(processings),
                       mime="application/pdf", file_name="registre-des-traitements.pdf")
