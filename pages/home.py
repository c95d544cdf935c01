"""Home: staff see their campaigns and what needs doing next; mayors see their commune."""

from itertools import groupby

import streamlit as st

from ruralites import campaigns, demo, evenings, fr, phases
from ruralites.campaigns import views as campaign_views
from ruralites.ui.campaign import campaign_links
from ruralites.ui.campaign_decision import decision_card
from ruralites.ui.guide_summary import summary_download
from ruralites.ui.navigation import page_link
from ruralites.ui.orientation_mayor import orientation_summary
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import board_table, demo_notice, md, phase_badge


def render() -> None:
    viewer = require_role("admin", "staff", "mayor")
    with database().read() as session:
        rows = campaigns.board(session, viewer)
    if viewer.role == "mayor":
        _mayor_home(viewer, rows)
    else:
        _staff_home(viewer, rows)


def _staff_home(viewer, rows) -> None:
    st.title("Vos démarches")
    if not rows:
        st.info("Aucune démarche pour l'instant.")
        st.write(
            "Pour découvrir l'application, chargez la démarche de démonstration "
            "« Ruralités en Trégor » : cinq communes du Trégor, de l'appel aux communes jusqu'aux "
            "délibérations."
        )
        if st.button("Charger la démarche de démonstration", type="primary"):
            demo.load(database())
            st.rerun()
        page_link("campagnes", "Ou créez votre première démarche")
        return
    for (_slug, name), group in groupby(rows, key=lambda r: (r.campaign_slug, r.campaign_name)):
        group = list(group)
        st.header(name)
        if group[0].is_demo:
            demo_notice()
        counts = {}
        for r in group:
            counts[r.phase] = counts.get(r.phase, 0) + 1
        cols = st.columns(len(counts))
        for col, (phase, n) in zip(cols, sorted(counts.items(), key=lambda kv: phases.PHASES.index(kv[0])), strict=True):
            col.metric(phase_badge(phase), n)
        board_table(group)
        campaign_links(group[0].campaign_slug)
        todo = campaigns.next_steps(group)
        if todo:
            st.subheader("À faire ensuite")
            for step, names in todo:
                st.markdown(f"- **{step}** : " + ", ".join(md(n) for n in names))
                if step == phases.NEXT_STEP["theme_chosen"]:
                    page_link("soirees", "Organiser une soirée inspirante",
                              query_params={"demarche": group[0].campaign_slug})


def _mayor_home(viewer, rows) -> None:
    st.title("Votre commune dans la démarche")
    if not rows:
        st.info("Votre commune ne participe encore à aucune démarche.")
        return
    with database().read() as session:
        files = campaign_views.commune_files(session, viewer)
        coming = evenings.coming_evenings(session, viewer)
        heard = evenings.witnesses_heard(session, viewer)
    for f in files:
        st.header(f.nom)
        st.caption(f"Démarche : {f.campaign_name}")
        if f.is_demo:
            demo_notice()
        st.subheader(f"Phase actuelle : {phase_badge(f.phase)}")
        st.caption(f"Depuis le {fr.long_date(f.since)}")
        st.markdown(f"**Prochaine étape :** {f.next_step}")
        st.markdown(f"**Invitée le :** {fr.short_date(f.invited_on)} — "
                    f"**réponse de la commune :** {f.answer}")
        for d in f.decisions:
            decision_card(viewer, f, d, can_attach=False)
        if not f.decisions and phases.awaits_decision(f.phase):
            st.info("Le pôle attend la délibération de votre conseil municipal.")
        orientation_summary(viewer, f.participation_id, f.phase)
        summary_download(viewer, f)
        _mayor_evenings(f.participation_id, coming, heard)
        with st.expander("Historique"):
            for step in f.timeline:
                st.markdown(f"- {fr.short_date(step.at)} — **{phases.label(step.to_phase)}**")
                if step.reason:
                    st.text(step.reason)


def _mayor_evenings(participation_id: int, coming, heard) -> None:
    """Read-only: the commune's coming evenings and the witnesses who spoke (no contact)."""
    coming = [e for e in coming if e.participation_id == participation_id]
    heard = [h for h in heard if h.participation_id == participation_id]
    if coming:
        st.subheader("Prochaines soirées")
        for e in coming:
            where = f" — {md(e.place)}" if e.place else ""
            theme = f" — thème : {md(e.theme_label)}" if e.theme_label else ""
            st.markdown(f"- **{md(fr.long_date_time(e.starts_at))}** : {e.kind_label} "
                        f"« {md(e.title)} »{where}{theme}")
    if heard:
        st.subheader("Témoins entendus")
        for h in heard:
            who = md(h.name) + (f" ({md(h.organisation)})" if h.organisation else "")
            st.markdown(f"- {who} — {md(h.project_title)} "
                        f"(soirée du {fr.short_date(h.starts_at)})")
