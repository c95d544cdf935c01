"""A commune's orientation, second part: the schemes recommended (ranked, with reasons) and those
left out (with why), the form that records a chosen scheme, the follow-up of each, and the
fiche d'orientation to download. Read-only parts are shared with the mayor's view."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ruralites import fr, orientation
from ruralites.auth import Viewer
from ruralites.orientation import ChosenScheme, OrientationError, OrientationFile
from ruralites.orientation import Orientation as Recommendations
from ruralites.orientation.choice import HARD_LIMITS
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md, text_table


def recommendations(viewer: Viewer, file: OrientationFile) -> Recommendations | None:
    """The recommendation for the commune's project, or None with the reason shown."""
    try:
        with database().read() as session:
            return orientation.recommend_for(session, viewer, file.commune.participation_id)
    except OrientationError as exc:
        st.info(str(exc))
        return None


def recommendations_view(file: OrientationFile, found: Recommendations) -> None:
    chosen = {c.slug for c in file.chosen}
    st.caption(f"Pour un projet au stade « {md(orientation.STAGES[found.stage])} »"
               f", porté par : {md(orientation.CARRIERS[found.carrier])}. Le pôle ESS vient "
               "toujours en premier.")
    for item in found.recommended:
        done = " — ✅ retenu" if item.slug in chosen else ""
        source = orientation.SOURCE_LABELS[item.source]
        st.markdown(f"**{item.rank}. {md(item.name)}**{done}  \n{md(item.operator)} "
                    f"· _{md(source)}_")
        st.caption("Pourquoi : " + " · ".join(md(reason) for reason in item.reasons))
    if found.expired:
        st.warning("Date limite dépassée, jamais recommandés : "
                   + " · ".join(md(e.scheme.short_name) for e in found.expired))
    left_out = [e for e in found.excluded if not e.expired]
    with st.expander(f"Écartés pour ce projet, et pourquoi ({len(left_out)})"):
        text_table(pd.DataFrame({"Dispositif": [e.scheme.short_name for e in left_out],
                                 "Pourquoi": [e.why for e in left_out]}).set_index("Dispositif"))


def record_form(viewer: Viewer, file: OrientationFile, found: Recommendations) -> None:
    """Record a chosen scheme: one recommended, or one the rules left out for its stage,
    carrier or theme (never one their published limits rule out)."""
    commune = file.commune
    chosen = {c.slug for c in file.chosen}
    options = {r.slug: f"{r.rank}. {r.scheme.short_name}" for r in found.recommended
               if r.slug not in chosen}
    options |= {e.slug: f"{e.scheme.short_name} (hors recommandation)" for e in found.excluded
                if e.kind not in HARD_LIMITS and e.slug not in chosen}
    if not options:
        st.info("Tous les dispositifs possibles sont déjà retenus.")
        return
    with st.form(f"orient_{commune.participation_id}"):
        slug = st.selectbox("Dispositif retenu", list(options), format_func=options.get)
        why = st.text_area("Pourquoi ce dispositif ? *", height=80,
                           placeholder="Ce que le groupe et la commune en attendent")
        day = st.date_input("Date de l'orientation", fr.today_in_france(), format="DD/MM/YYYY")
        override = None
        if commune.needs_override:
            st.caption("Aucune soirée inspirante n'a eu lieu : dites pourquoi orienter quand "
                       "même (la raison est gardée dans l'historique).")
            override = st.text_area("Raison de passer outre *", height=70)
        saved = st.form_submit_button("Enregistrer l'orientation", type="primary")
    if saved:
        def record():
            with database().write() as session:
                return orientation.record_orientation(
                    session, viewer, commune.participation_id, scheme_slug=slug, why=why,
                    chosen_on=day, override_reason=override)

        made = attempt(record)
        if made is not None:
            flash("success", f"Orientation enregistrée : « {md(made.short_name)} ». "
                             f"{md(commune.nom)} est orientée.")
            st.rerun()


def chosen_view(item: ChosenScheme) -> None:
    """One chosen scheme and its follow-up, read-only."""
    st.markdown(f"#### {md(item.short_name)}")
    by = f" par {md(item.recorded_by)}" if item.recorded_by else ""
    rank = f"rang {item.rank} des recommandations" if item.rank else "hors recommandation"
    st.caption(f"{md(item.name)} — retenu le {fr.short_date(item.chosen_on)}{by} ({rank})  \n"
               f"Opérateur : {md(item.operator)}")
    st.markdown(f"**Pourquoi :** {md(item.why)}")
    if item.override_reason:
        st.markdown(f"**Sans soirée inspirante, parce que :** {md(item.override_reason)}")
    if item.steps:
        st.markdown("\n".join(
            f"- {fr.short_date(s.happened_on)} — **{md(s.label)}**"
            + (f" : {md(s.note)}" if s.note else "") for s in item.steps))
    else:
        st.caption("Suivi à venir.")


def follow_up_view(viewer: Viewer, file: OrientationFile) -> None:
    for item in file.chosen:
        chosen_view(item)
        with st.expander(f"Ajouter une étape du suivi — {md(item.short_name)}"):
            _step_form(viewer, item)


def _step_form(viewer: Viewer, item: ChosenScheme) -> None:
    kinds = list(orientation.FOLLOW_UP)
    # A new key after each step recorded empties the form; a refusal keeps what was typed.
    counter = f"step_form_{item.id}"
    with st.form(f"{counter}_{st.session_state.get(counter, 0)}"):
        kind = st.selectbox("Étape", kinds, format_func=orientation.FOLLOW_UP.get)
        day = st.date_input("Date", fr.today_in_france(), format="DD/MM/YYYY")
        note = st.text_input("Note (obligatoire pour un abandon : pourquoi)")
        added = st.form_submit_button("Ajouter cette étape")
    if added:
        def add():
            with database().write() as session:
                return orientation.add_follow_up(session, viewer, item.id, kind=kind,
                                                 happened_on=day, note=note)

        step = attempt(add)
        if step is not None:
            st.session_state[counter] = st.session_state.get(counter, 0) + 1
            flash("success", f"Suivi de « {md(item.short_name)} » : {md(step.label.lower())} "
                             f"le {fr.short_date(step.happened_on)}.")
            st.rerun()


def sheet_download(viewer: Viewer, file: OrientationFile) -> None:
    """The fiche d'orientation, made when asked (it is a PDF of one page)."""
    from ruralites.pdf.orientation_sheet import render_orientation_sheet

    pid = file.commune.participation_id
    key = f"orientation_sheet_{pid}"
    if st.button("Préparer la fiche d'orientation (PDF)", key=f"prepare_{pid}"):
        def make():
            today = fr.today_in_france()
            with database().read() as session:
                data, found = orientation.sheet_inputs(session, viewer, pid, today=today)
            return render_orientation_sheet(data, found, today=today)

        st.session_state[key] = attempt(make)
    pdf = st.session_state.get(key)
    if pdf:
        st.download_button("Télécharger la fiche d'orientation", pdf,
                           file_name=f"fiche-orientation-{file.commune.code_insee}.pdf",
                           mime="application/pdf", key=f"download_{pid}")
