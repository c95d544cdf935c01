"""Adding or changing a witness of the catalogue: the person, the project, its commune and
themes, its scale, how to reach them, and what they consented to."""

from __future__ import annotations

from functools import cache

import streamlit as st

from ruralites import communes, evenings
from ruralites.auth import Viewer
from ruralites.evenings import WitnessFields, WitnessRow
from ruralites.evenings.matching import BRITTANY
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md


@cache
def breton_communes() -> dict[str, str]:
    """Code INSEE -> "Trémel (22366)", the communes of the four départements of Brittany."""
    found = [c for c in communes.referential() if c.departement in BRITTANY]
    return {c.code_insee: c.label for c in sorted(found, key=lambda c: (c.nom, c.code_insee))}


def witness_form(viewer: Viewer, row: WitnessRow | None, key: str) -> None:
    """The form of a witness (`row` None: a new one)."""
    f = row.fields if row else WitnessFields(name="", project_title="")
    with database().read() as session:
        themes = {slug: t.label for slug, t in evenings.catalogue_themes(session).items()}
    places = breton_communes()
    with st.form(key):
        left, right = st.columns(2)
        name = left.text_input("Nom du témoin", value=f.name, max_chars=200)
        organisation = right.text_input("Organisation (association, commune…)",
                                        value=f.organisation or "", max_chars=300)
        title = st.text_input("Projet présenté", value=f.project_title, max_chars=200)
        description = st.text_area("Description du projet", value=f.description or "",
                                   max_chars=5000)
        left, right = st.columns(2)
        breton = f.commune_code if f.commune_code in places else None
        commune = left.selectbox("Commune du projet (Bretagne)", list(places),
                                 index=list(places).index(breton) if breton else None,
                                 format_func=places.get, placeholder="Tapez le nom de la commune")
        elsewhere = right.text_input("ou son code INSEE, hors Bretagne",
                                     value=f.commune_code if f.commune_code and not breton else "",
                                     max_chars=5)
        chosen_themes = st.multiselect("Thèmes", list(themes), default=list(f.themes),
                                       format_func=themes.get, placeholder="Choisissez les thèmes")
        left, middle, right = st.columns(3)
        year = left.number_input("Année du projet", min_value=1950, max_value=2100,
                                 value=f.year, placeholder="inconnue")
        budget = middle.selectbox("Budget", list(evenings.BUDGET_LABELS),
                                  index=list(evenings.BUDGET_LABELS).index(f.budget_band)
                                  if f.budget_band else None,
                                  format_func=evenings.BUDGET_LABELS.get, placeholder="inconnu")
        people = right.number_input("Personnes impliquées", min_value=0, max_value=100_000,
                                    value=f.people_involved, placeholder="inconnu")
        left, right = st.columns(2)
        email = left.text_input("E-mail", value=f.email or "", max_chars=200)
        phone = right.text_input("Téléphone", value=f.phone or "", max_chars=50)
        st.markdown("**Consentement du témoin**")
        left, middle = st.columns(2)
        consent_on = left.date_input("Date du consentement", value=f.consent_on,
                                     format="DD/MM/YYYY")
        consent_until = middle.date_input("Valable jusqu'au (vide : trois ans)",
                                          value=f.consent_until, format="DD/MM/YYYY")
        scope = st.radio("Le témoin accepte de…", list(evenings.SCOPE_LABELS),
                         index=list(evenings.SCOPE_LABELS).index(f.consent_scope or "contacted"),
                         format_func=evenings.SCOPE_LABELS.get, horizontal=True)
        availability = st.text_area("Disponibilités", value=f.availability or "", max_chars=5000,
                                    placeholder="Plutôt le soir en semaine ; pas en juillet…")
        notes = st.text_area("Notes", value=f.notes or "", max_chars=5000)
        saved = st.form_submit_button("Enregistrer le témoin", type="primary")
    if not saved:
        return
    fields = WitnessFields(
        name=name, project_title=title, organisation=organisation, description=description,
        commune_code=elsewhere.strip() or commune, themes=tuple(chosen_themes),
        year=int(year) if year is not None else None, budget_band=budget,
        people_involved=int(people) if people is not None else None, email=email, phone=phone,
        consent_on=consent_on, consent_until=consent_until if consent_on else None,
        consent_scope=scope if consent_on else None, availability=availability, notes=notes)

    def save():
        with database().write() as session:
            return evenings.save_witness(session, viewer, fields,
                                         witness_id=row.id if row else None)

    witness_id = attempt(save)
    if witness_id is not None:
        st.session_state["witness_chosen"] = witness_id
        flash("success", f"Témoin enregistré : {md(fields.name)}.")
        st.rerun()
