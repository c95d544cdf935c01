"""Witnesses for a commune: the catalogue ranked for its chosen theme, each with why, how many
were left out and why, and an invitation to one of the commune's inspiring evenings."""

from __future__ import annotations

import streamlit as st

from ruralites import evenings, fr
from ruralites.auth import Viewer
from ruralites.evenings import Match
from ruralites.ui.navigation import page_link
from ruralites.ui.pickers import participation_picker
from ruralites.ui.session import database
from ruralites.ui.widgets import attempt, flash, md


def matching_tab(viewer: Viewer) -> None:
    row = participation_picker(viewer, action="plan_inspiring_evening", key="witness_commune")
    if row is None:
        return
    with database().read() as session:
        found = attempt(lambda: evenings.propose(session, viewer, row.participation_id))
        coming = [e for e in evenings.evenings_for(session, viewer,
                                                   participation_id=row.participation_id,
                                                   kind="inspiring") if e.held_at is None]
    if not found:
        return
    st.markdown(f"Thème choisi par {md(row.nom)} : **{md(found.target.theme_label)}** "
                f"(EPCI de la commune : {md(found.target.nom_epci or 'inconnu')})")
    summary = found.excluded_summary()
    if summary:
        st.warning(summary)
        with st.expander("Qui, et pourquoi"):
            for x in found.excluded:
                st.markdown(f"- {md(x.candidate.name)} : {md(x.why)}")
    if not found.proposed:
        st.info("Aucun témoin du catalogue ne porte sur ce thème avec un consentement valide : "
                "ajoutez-en un, ou importez un fichier.")
    for match in found.proposed:
        _match(match)
    if found.other_themes:
        with st.expander(f"Autres témoins du catalogue ({len(found.other_themes)}), sur d'autres "
                         "thèmes"):
            for match in found.other_themes:
                _match(match)
    _invite(viewer, found.proposed + found.other_themes, coming)


def _match(match: Match) -> None:
    c = match.candidate
    with st.container(border=True):
        st.markdown(f"**{match.rank}. {md(c.name)}**"
                    + (f" — {md(c.organisation)}" if c.organisation else "")
                    + f" · {md(c.project_title)}")
        lines = [f"✅ {md(r)}" for r in match.reasons] + [f"⚠️ {md(w)}" for w in match.warnings]
        st.markdown("  \n".join(lines))


def _invite(viewer: Viewer, matches, coming) -> None:
    st.subheader("Inviter à une soirée")
    if not coming:
        st.info("Cette commune n'a pas de soirée inspirante en préparation : organisez-la "
                "d'abord.")
        page_link("soirees", "Organiser une soirée")
        return
    if not matches:
        return
    by_evening = {e.id: e for e in coming}
    by_witness = {m.candidate.id: m for m in matches}
    with st.form("invite_witnesses"):
        evening_id = st.selectbox(
            "Soirée", list(by_evening),
            format_func=lambda i: f"{fr.short_date(by_evening[i].starts_at)} — {by_evening[i].title}")
        chosen = st.multiselect("Témoins", list(by_witness),
                                format_func=lambda i: by_witness[i].candidate.name,
                                placeholder="Choisissez les témoins à inviter")
        submitted = st.form_submit_button("Inviter", type="primary")
    if submitted and chosen:
        def invite():
            with database().write() as session:
                for witness_id in chosen:
                    evenings.invite_witness(session, viewer, evening_id, witness_id)
        if attempt(invite):
            st.session_state["evening_chosen"] = evening_id
            flash("success", f"{fr.plural(len(chosen), 'témoin invité', 'témoins invités')} : "
                             "notez leur confirmation dans la page « Soirées ».")
            st.rerun()
