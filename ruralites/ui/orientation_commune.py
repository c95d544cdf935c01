"""A commune's orientation, first part: where it stands, its project (stage, carrier) and the
group of interested inhabitants with the consent each gave."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ruralites import fr, orientation
from ruralites.auth import Viewer
from ruralites.orientation import OrientationFile, VolunteerInfo
from ruralites.orientation.vocabulary import CARRIERS, STAGES
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, demo_notice, flash, md, phase_badge, text_table


def commune_header(file: OrientationFile) -> None:
    commune = file.commune
    st.header(commune.nom)
    st.caption(f"Démarche : {commune.campaign_name}")
    if commune.is_demo:
        demo_notice()
    st.markdown(f"**Thématique choisie :** {md(commune.theme_label or '—')} — "
                f"**phase :** {phase_badge(commune.phase)}")
    if commune.needs_override:
        st.info("Aucune soirée inspirante n'a encore eu lieu dans cette commune : l'orientation "
                "la suit normalement. Pour orienter quand même, il faudra dire pourquoi ; la "
                "raison sera gardée.")


def project_form(viewer: Viewer, file: OrientationFile) -> None:
    project = file.project
    st.subheader("Le projet")
    if project is None:
        st.info("Décrivez le projet : son étape et qui le porterait décident des dispositifs "
                "recommandés.")
    stages, carriers = list(STAGES), list(CARRIERS)
    with st.form(f"project_{file.commune.participation_id}"):
        summary = st.text_input("Le projet en une phrase", project.summary if project else "")
        left, right = st.columns(2)
        stage = left.selectbox("Étape du projet", stages, format_func=STAGES.get,
                               index=stages.index(project.stage) if project else 0)
        carrier = right.selectbox("Qui le porterait ?", carriers, format_func=CARRIERS.get,
                                  index=carriers.index(project.carrier) if project else 0)
        employer = st.checkbox("Le porteur emploie au moins un salarié",
                               project.employer if project else False,
                               help="Le DLA, par exemple, ne sert que les structures employeuses.")
        notes = st.text_area("Notes", project.notes if project else "", height=80)
        saved = st.form_submit_button("Enregistrer le projet", type="primary")
    if saved:
        def save():
            with database().write() as session:
                return orientation.save_project(
                    session, viewer, file.commune.participation_id, stage=stage,
                    carrier=carrier, employer=employer, summary=summary, notes=notes)

        if attempt(save) is not None:
            flash("success", "Projet enregistré : les recommandations en tiennent compte.")
            st.rerun()


def _people_table(people: tuple[VolunteerInfo, ...]) -> None:
    text_table(pd.DataFrame({
        "Nom": [p.name or "—" for p in people],
        "Contact": [" · ".join(x for x in (p.email, p.phone) if x) or "—" for p in people],
        "Ce qui l'intéresse": [p.interests or "—" for p in people],
        "Accord donné": [f"{p.consent_when} ({p.source_label})" for p in people],
    }).set_index("Nom"))


def group_view(viewer: Viewer, file: OrientationFile) -> None:
    st.subheader("Le groupe d'habitants intéressés")
    if file.group:
        st.caption(f"{fr.plural(file.group_size, 'personne')} ; coordonnées gardées par le pôle "
                   "avec leur accord, jamais imprimées sur la fiche d'orientation.")
        _people_table(file.group)
    else:
        st.info("Personne dans le groupe pour l'instant.")
    if file.other_contacts:
        with st.expander("Contacts laissés au questionnaire pour être invité·e à la suite : "
                         f"{len(file.other_contacts)}"):
            _people_table(file.other_contacts)
    with st.expander("Ajouter une personne au groupe"):
        _volunteer_form(viewer, file)


def _volunteer_form(viewer: Viewer, file: OrientationFile) -> None:
    sources = {"inspiring_evening": "À la soirée inspirante", "staff": "Autrement (au pôle, "
               "par téléphone…)"}
    # A new key after each person added empties the form; a refusal keeps what was typed.
    counter = f"volunteer_form_{file.commune.participation_id}"
    with st.form(f"{counter}_{st.session_state.get(counter, 0)}"):
        name = st.text_input("Nom et prénom *")
        left, right = st.columns(2)
        email = left.text_input("Courriel")
        phone = right.text_input("Téléphone")
        interests = st.text_input("Ce qui l'intéresse dans le projet")
        source = st.radio("Où s'est-elle inscrite ?", list(sources), format_func=sources.get,
                          horizontal=True)
        st.caption("Texte lu à la personne, qu'elle accepte : « " + orientation.CONSENT_TEXT
                   + " »")
        consent = st.checkbox("La personne a donné son accord")
        added = st.form_submit_button("Ajouter au groupe")
    if added:
        def add():
            with database().write() as session:
                return orientation.add_volunteer(
                    session, viewer, file.commune.participation_id, name=name, email=email,
                    phone=phone, interests=interests, consent=consent, source=source)

        person = attempt(add)
        if person is not None:
            st.session_state[counter] = st.session_state.get(counter, 0) + 1
            flash("success", f"{md(person.name)} fait partie du groupe.")
            st.rerun()
