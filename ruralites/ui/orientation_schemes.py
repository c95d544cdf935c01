"""The support-scheme catalogue on screen: search and filters, one scheme's card, the form to
add or change an entry, and the Aides-territoires upload with its report. Texts from
Aides-territoires were turned into plain text on import and are shown as plain text here."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from ruralites import fr, orientation
from ruralites.auth import Viewer
from ruralites.orientation import SchemeFields, SchemeRecord
from ruralites.orientation.aides_territoires import parse_export
from ruralites.orientation.schemes import describe
from ruralites.orientation.vocabulary import CARRIERS, LIMITS, OFFERS, STAGES, theme_labels
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md

ALL = "Toutes"


def _choice(label: str, options: dict[str, str], key: str) -> str | None:
    chosen = st.selectbox(label, [None, *options], key=key,
                          format_func=lambda k: ALL if k is None else options[k])
    return chosen


def catalogue_view(viewer: Viewer) -> SchemeRecord | None:
    """The filtered catalogue as a table; returns the scheme picked for a closer look."""
    today = fr.today_in_france()
    with database().read() as session:
        records = orientation.list_schemes(session)
    search = st.text_input("Rechercher (nom, opérateur, description)", key="schemes_search")
    cols = st.columns(4)
    with cols[0]:
        stage = _choice("Étape", dict(STAGES), "schemes_stage")
    with cols[1]:
        carrier = _choice("Porteur", dict(CARRIERS), "schemes_carrier")
    with cols[2]:
        theme = _choice("Thématique", dict(theme_labels()), "schemes_theme")
    with cols[3]:
        source = _choice("Source", dict(orientation.SOURCE_LABELS), "schemes_source")
    found = orientation.filter_records(records, search=search, stage=stage, carrier=carrier,
                                       theme=theme, source=source)
    st.caption(f"{fr.plural(len(found), 'dispositif')} sur {len(records)}. Un dispositif expiré "
               "reste listé mais n'est jamais recommandé.")
    if not found:
        st.info("Aucun dispositif ne correspond à cette recherche.")
        return None
    rows = []
    for r in found:
        words = describe(r.scheme)
        rows.append({"Dispositif": r.scheme.short_name, "État": r.state(today),
                     "Étapes": words["stages"], "Porteurs": words["carriers"],
                     "Thématiques": words["themes"], "Source": words["source"],
                     "Opérateur": r.scheme.operator})
    # A data grid: plain text (no Markdown, no HTML), scrolls sideways on a tablet.
    st.dataframe(pd.DataFrame(rows), hide_index=True,
                 height=min(420, 38 + 35 * len(rows)), alt="Catalogue des dispositifs",
                 column_config={"Dispositif": st.column_config.TextColumn(width="medium"),
                                "État": st.column_config.TextColumn(width="medium")})
    by_slug = {r.slug: r for r in found}
    slug = st.selectbox("Voir ou modifier un dispositif", list(by_slug), key="schemes_pick",
                        format_func=lambda s: by_slug[s].scheme.short_name)
    return by_slug[slug]


def scheme_card(record: SchemeRecord) -> None:
    scheme = record.scheme
    today = fr.today_in_france()
    st.subheader(md(scheme.name))
    words = describe(scheme)
    st.markdown(f"**Opérateur :** {md(scheme.operator)}  \n"
                f"**Source :** {md(words['source'])} — **état :** {md(record.state(today))}")
    if record.overridden:
        st.caption("Modifié par un pôle : " + ", ".join(record.overridden) + ".")
    if scheme.description:
        st.text(scheme.description)
    st.markdown(
        f"**Offre :** {md(', '.join(OFFERS[o] for o in scheme.offer) or '—')}  \n"
        f"**Étapes :** {md(words['stages'])}  \n**Porteurs :** {md(words['carriers'])}  \n"
        f"**Thématiques :** {md(words['themes'])}  \n**Territoire :** {md(scheme.territory.label)}"
        + (f"  \n**Date limite :** {fr.short_date(scheme.submission_deadline)}"
           if scheme.submission_deadline else "")
        + f"  \n**Vérifié le :** {fr.short_date(scheme.checked_on)}")
    if scheme.limits:
        st.markdown("**Limites publiées :**\n" + "\n".join(f"- {md(LIMITS[k])}"
                                                          for k in scheme.limits))
    if scheme.not_for_orientation:
        st.warning(f"Écarté de l'orientation : {md(scheme.not_for_orientation)}")
    if scheme.conditions:
        st.markdown("**Conditions**")
        st.text(scheme.conditions)
    if scheme.contact:
        st.markdown("**Contact**")
        st.text(scheme.contact)
    if scheme.source_urls:
        st.markdown("**Sources**")
        st.text("\n".join(scheme.source_urls))


def scheme_form(viewer: Viewer, record: SchemeRecord | None, *, key: str) -> None:
    """Add a staff entry (no record) or change one; the domain checks every field."""
    base = orientation.fields_of(record.scheme) if record else SchemeFields(
        name="", operator="", territory="Bretagne", checked_on=fr.today_in_france())
    themes = dict(theme_labels())
    with st.form(key):
        name = st.text_input("Nom complet *", base.name)
        short_name = st.text_input("Nom court", base.short_name)
        operator = st.text_input("Opérateur (qui le porte) *", base.operator)
        description = st.text_area("Description", base.description, height=90)
        offer = st.multiselect("Offre", list(OFFERS), list(base.offer), format_func=OFFERS.get,
                               placeholder="Choisissez ce qu'il offre")
        stages = st.multiselect("Étapes du projet *", list(STAGES), list(base.stages),
                                format_func=STAGES.get, placeholder="Choisissez les étapes")
        carriers = st.multiselect("Porteurs admis *", list(CARRIERS), list(base.carriers),
                                  format_func=CARRIERS.get, placeholder="Choisissez les porteurs")
        all_themes = st.checkbox("Toutes les thématiques", base.all_themes)
        chosen_themes = st.multiselect("Thématiques (si pas toutes)", list(themes),
                                       [t for t in base.themes if t in themes],
                                       format_func=themes.get,
                                       placeholder="Choisissez les thématiques")
        territory = st.text_input(
            "Territoire *", base.territory,
            help="« Bretagne », « Côtes-d'Armor », « 22, 29 », « Lannion-Trégor Communauté »…")
        conditions = st.text_area("Conditions", base.conditions, height=90)
        limits = st.multiselect("Limites publiées", list(LIMITS), list(base.limits),
                                format_func=LIMITS.get, placeholder="Aucune")
        contact = st.text_area("Contact", base.contact, height=70)
        urls = st.text_area("Sources (une adresse par ligne)", base.source_urls, height=70)
        left, right = st.columns(2)
        deadline = left.date_input("Date limite de dépôt", base.submission_deadline,
                                   format="DD/MM/YYYY")
        checked = right.date_input("Vérifié le", base.checked_on, format="DD/MM/YYYY")
        population = st.text_input("Réservé aux communes de moins de … habitants",
                                   str(base.population_under or ""))
        aside = st.text_area("Écarté de l'orientation (raison ; vide s'il peut être recommandé)",
                             base.not_for_orientation, height=70)
        label = "Enregistrer les modifications" if record else "Ajouter le dispositif"
        submitted = st.form_submit_button(label, type="primary")
    if not submitted:
        return
    digits = population.replace(" ", "").replace("\u202f", "")
    if digits and not digits.isdigit():
        st.error("Population maximale : un nombre entier d'habitants, ou rien.")
        return
    fields = dataclasses.replace(
        base, name=name, short_name=short_name, operator=operator, description=description,
        offer=tuple(offer), stages=tuple(stages), carriers=tuple(carriers),
        themes=tuple(chosen_themes), all_themes=all_themes, territory=territory,
        conditions=conditions, limits=tuple(limits), contact=contact, source_urls=urls,
        submission_deadline=deadline, checked_on=checked,
        population_under=int(digits) if digits else None, not_for_orientation=aside)

    def save():
        with database().write() as session:
            return orientation.save_scheme(session, viewer, fields,
                                           slug=record.slug if record else None)

    saved = attempt(save)
    if saved is not None:
        flash("success", f"Dispositif enregistré : « {md(saved.scheme.short_name)} ».")
        st.rerun()


def revert_button(viewer: Viewer, record: SchemeRecord) -> None:
    if not record.overridden or record.scheme.source == "staff":
        return
    if st.button("Revenir aux valeurs de la source", key=f"revert_{record.slug}"):
        def revert():
            with database().write() as session:
                return orientation.revert_scheme(session, viewer, record.slug)

        if attempt(revert) is not None:
            flash("success", "Modifications du pôle retirées : le dispositif se lit à nouveau "
                             "comme sa source le donne.")
            st.rerun()


_REPORT = "schemes_import_report"


def import_form(viewer: Viewer) -> None:
    st.markdown("Exportez une recherche d'Aides-territoires au format JSON, puis déposez le "
                "fichier ici. Une fiche déjà importée est mise à jour, jamais ajoutée deux fois.")
    report = st.session_state.pop(_REPORT, None)
    if report:  # the import of the run before: the catalogue above already shows its aids
        summary, notes, problems = report
        st.success(summary)
        for note in notes:
            st.info(note)
        if problems:
            st.markdown("**Fiches refusées ou importées avec des remarques**")
            st.markdown("\n".join(f"- {md(message)}" for message in problems))
    upload = st.file_uploader("Export JSON d'Aides-territoires", type=["json"],
                              key="schemes_upload")
    if upload is None or not st.button("Importer", type="primary", key="schemes_import"):
        return

    def run():
        result = parse_export(upload.getvalue())
        with database().write() as session:
            return orientation.import_aids(session, viewer, result)

    stored = attempt(run)
    if stored is not None:
        st.session_state[_REPORT] = (stored.summary, stored.result.notes,
                                     [r.message for r in stored.result.problems])
        st.rerun()
