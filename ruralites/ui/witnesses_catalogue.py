"""The witnesses catalogue for staff: search by theme, territory and words; one witness's card
(contact, consent, evenings where they spoke) with its form; import and export as CSV."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from ruralites import evenings, fr
from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.evenings import WitnessRow
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md, text_table
from ruralites.ui.witnesses_form import witness_form

CHOSEN = "witness_chosen"
ANY = ""
CONSENT_ICONS = {"valid": "✅", "listed_only": "📇", "missing": "⛔", "expired": "⌛"}


def catalogue_tab(viewer: Viewer) -> None:
    with database().read() as session:
        everyone = evenings.search(session, viewer)
        themes = {slug: t.label for slug, t in evenings.catalogue_themes(session).items()}
    territories = _territories(everyone)
    left, middle, right = st.columns(3)
    theme = left.selectbox("Thème", [ANY, *themes], key="witness_theme",
                           format_func=lambda s: themes.get(s, "Tous les thèmes"))
    territory = middle.selectbox("Territoire", [ANY, *territories], key="witness_territory",
                                 format_func=lambda t: territories.get(t, "Partout"))
    query = right.text_input("Rechercher", key="witness_query",
                             placeholder="nom, projet, commune…")
    with database().read() as session:
        found = evenings.search(session, viewer, theme=theme or None,
                                territory=territory or None, query=query)
    st.caption(f"{fr.plural(len(found), 'témoin')} sur {len(everyone)} au catalogue. "
               "✅ consentement valide · 📇 catalogue seulement · ⌛ expiré · ⛔ aucun.")
    if not found:
        st.info("Aucun témoin ne correspond à cette recherche." if everyone else
                "Le catalogue est vide : ajoutez un témoin, ou importez un fichier CSV.")
        return
    _table(found)
    by_id = {w.id: w for w in found}
    wanted = st.session_state.get(CHOSEN)
    chosen = st.selectbox("Fiche du témoin", list(by_id), key="witness_pick",
                          index=list(by_id).index(wanted) if wanted in by_id else 0,
                          format_func=lambda i: f"{by_id[i].name} — {by_id[i].fields.project_title}")
    st.session_state[CHOSEN] = chosen
    _card(viewer, by_id[chosen])


def _territories(rows: Sequence[WitnessRow]) -> dict[str, str]:
    """The départements and EPCIs the catalogue's projects are in."""
    deps = {r.departement: f"{r.nom_departement} ({r.departement})" for r in rows if r.departement}
    epcis = {r.code_epci: r.nom_epci for r in rows if r.code_epci and r.nom_epci}
    return dict(sorted(deps.items())) | dict(sorted(epcis.items(), key=lambda kv: kv[1]))


def _table(rows: Sequence[WitnessRow]) -> None:
    text_table(pd.DataFrame({
        "Témoin": [r.name for r in rows],
        "Organisation": [r.fields.organisation or "—" for r in rows],
        "Projet": [r.fields.project_title for r in rows],
        "Commune": [f"{r.commune_name} ({r.departement})" if r.commune_name else "—" for r in rows],
        "Thèmes": [", ".join(r.theme_labels) or "—" for r in rows],
        "Consentement": [_consent_cell(r) for r in rows],
        "Interventions": [len(r.spoke_at) for r in rows],
    }).set_index("Témoin"))


def _consent_cell(row: WitnessRow) -> str:
    """Short, for the table: "✅ jusqu'au 03/11/2030", "⌛ expiré le 10/05/2024", "⛔ aucun"."""
    f = row.fields
    until = fr.short_date(f.consent_until or (evenings.default_expiry(f.consent_on)
                                              if f.consent_on else None))
    return CONSENT_ICONS[row.consent_state] + " " + {
        "valid": f"jusqu'au {until}", "listed_only": f"catalogue seulement, jusqu'au {until}",
        "expired": f"expiré le {until}", "missing": "aucun"}[row.consent_state]


def _card(viewer: Viewer, row: WitnessRow) -> None:
    f = row.fields
    with st.container(border=True):
        st.subheader(md(f.name) + (f" — {md(f.organisation)}" if f.organisation else ""))
        st.markdown(f"**{md(f.project_title)}**"
                    + (f" ({f.year})" if f.year else "")
                    + (f" — {md(row.commune_name)}, {md(row.nom_epci or '')}" if row.commune_name else ""))
        if f.description:
            st.text(f.description)
        scale = [evenings.BUDGET_LABELS[f.budget_band]] if f.budget_band else []
        if f.people_involved is not None:
            scale.append(fr.plural(f.people_involved, "personne impliquée", "personnes impliquées"))
        if scale:
            st.markdown("Échelle : " + " ; ".join(scale))
        contact = " · ".join(md(c) for c in (f.email, f.phone) if c)
        st.markdown(f"Contact : {contact or '—'}")
        st.markdown(f"Consentement : {CONSENT_ICONS[row.consent_state]} {md(row.consent_text)}"
                    + (f" (donné le {fr.short_date(f.consent_on)})" if f.consent_on else ""))
        if f.availability:
            st.markdown(f"Disponibilités : {md(f.availability)}")
        if row.appearances:
            st.markdown("Soirées : " + " ; ".join(
                f"{fr.short_date(a.starts_at)} à {md(a.commune_name)} ("
                + ("est intervenu·e" if a.spoke else "invité·e" if a.spoke is None else "absent·e")
                + ")" for a in row.appearances))
    with st.expander("Modifier la fiche"):
        witness_form(viewer, row, key=f"witness_edit_{row.id}")
    with st.expander("Effacer ce témoin du catalogue"):
        st.caption("À sa demande par exemple : sa fiche et la trace de ses interventions sont "
                   "effacées.")
        sure = st.checkbox("Je confirme l'effacement", key=f"erase-sure-{row.id}")
        if st.button("Effacer", key=f"erase-{row.id}", disabled=not sure):
            def erase():
                with database().write() as session:
                    evenings.delete_witness(session, viewer, row.id)
            if attempt(erase):
                st.session_state.pop(CHOSEN, None)
                flash("success", f"{md(f.name)} est effacé·e du catalogue.")
                st.rerun()


def import_export_tab(viewer: Viewer) -> None:
    st.subheader("Importer un fichier CSV")
    st.caption("Une ligne par témoin et par projet. Colonnes nom et projet obligatoires ; les "
               "autres sont celles de l'export (organisation, commune_insee, thèmes, année, "
               "budget, e-mail, téléphone, consentement_le, consentement_portée…). Un témoin "
               "déjà présent est mis à jour, jamais dupliqué.")
    upload = st.file_uploader("Fichier CSV", type=["csv", "txt"], key="witness_upload")
    if upload is not None and st.button("Importer", type="primary", key="witness_import"):
        try:
            with database().write() as session:
                report = evenings.import_csv(session, viewer, upload.getvalue())
        except UserError as exc:
            st.error(str(exc))
        else:
            (st.warning if report.refused else st.success)(report.summary())
            for line, why in report.refused:
                st.markdown(f"- ligne {line} : {md(why)}")
            for line, text in report.warnings:
                st.markdown(f"- ligne {line} : {md(text)}")
            if report.ignored_columns:
                st.caption("Colonnes ignorées : " + ", ".join(md(c) for c in report.ignored_columns))
    st.subheader("Exporter le catalogue")
    with database().read() as session:
        data = evenings.export_csv(session, viewer)
    st.download_button("Télécharger le catalogue (CSV)", data, file_name="temoins.csv",
                       mime="text/csv", key="witness_export")
