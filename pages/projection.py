"""The restitution screen for the projector at a public evening: staff choose the commune and
what the QR code opens, then the screen goes full page and refreshes itself."""

import streamlit as st

from ruralites.listening import kiosk
from ruralites.surveys import store as survey_store
from ruralites.ui.network import address_notice, base_url
from ruralites.ui.pickers import participation_picker
from ruralites.ui.projection import PROJECTION_CSS, Screen, live
from ruralites.ui.session import database, require_role
from ruralites.ui.widgets import attempt
from ruralites.voting import votes

SCREEN = "projection_screen"


def render() -> None:
    viewer = require_role("admin", "staff")
    screen = st.session_state.get(SCREEN)
    if screen is not None:
        st.markdown(PROJECTION_CSS, unsafe_allow_html=True)  # static CSS only, no user text
        live(viewer, screen)
        with st.container(key="proj-exit"):
            if st.button("Quitter la projection"):
                del st.session_state[SCREEN]
                st.rerun()
        return
    st.title("Projection de la restitution")
    st.write("Un écran pour le vidéoprojecteur : chiffres clés, thèmes qui reviennent, nuage de "
             "mots et QR code. Il se met à jour tout seul toutes les 10 secondes.")
    row = participation_picker(viewer, action="collect_answers", key="projection_commune")
    if row is None:
        return
    with database().read() as session:
        open_votes = [v for v in votes.votes_for(session, viewer, row.participation_id) if v.is_open]
    surveys = {f.slug: f.title for f in survey_store.available()}
    targets = {"survey": "Le questionnaire en ligne", "none": "Pas de QR code"}
    if open_votes:
        targets = {"vote": f"Le vote en cours ({open_votes[0].title})", **targets}
    target = st.radio("Le QR code ouvre", list(targets), format_func=targets.get)
    slug = st.selectbox("Questionnaire", list(surveys), format_func=surveys.get) \
        if target == "survey" and surveys else None
    if target != "none":
        address_notice()
    if st.button("Lancer la projection", type="primary"):
        screen = attempt(lambda: _screen(viewer, row.participation_id, target, slug,
                                         open_votes[0].id if open_votes else None))
        if screen is not None:
            st.session_state[SCREEN] = screen
            st.rerun()


def _screen(viewer, participation_id: int, target: str, slug: str | None, vote_id: int | None):
    """A fresh phone link for the QR code (a token is shown once, so each screen makes one)."""
    if target == "none":
        return Screen(participation_id, None, "", vote_id)
    with database().write() as session:
        if target == "vote":
            token = votes.create_link(session, viewer, vote_id)
        else:
            token = kiosk.create_link(session, viewer, participation_id=participation_id,
                                      survey_slug=slug)
    caption = ("Votez avec votre téléphone : scannez ce code" if target == "vote"
               else "Répondez au questionnaire avec votre téléphone : scannez ce code")
    return Screen(participation_id, kiosk.qr_png(kiosk.link_url(token, base_url=base_url())), caption,
                  vote_id if target == "vote" else None)
