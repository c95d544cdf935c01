"""On the collection page: the answers sent through a link revoked or expired while someone was
answering, held for staff (`listening.drafts`), to accept (they are counted) or discard."""

from __future__ import annotations

import streamlit as st

from ruralites import fr
from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.listening import drafts
from ruralites.ui.session import database

CHANNELS = {"tablet": "tablette", "online": "en ligne"}


def held_answers(viewer: Viewer, participation_id: int) -> None:
    held = drafts.held_for(database(), viewer, participation_id)
    if done := st.session_state.pop("held_done", None):
        st.success(done)
    if not held:
        return
    st.subheader("Réponses en attente")
    st.caption("Ces questionnaires ont été envoyés par un lien désactivé ou expiré pendant "
               "qu'une personne répondait : ils ne sont pas comptés tant que vous ne les "
               "acceptez pas. Accepter les ajoute aux réponses ; écarter les supprime.")
    for item in held:
        left, accept, discard = st.columns([3, 1, 1])
        left.write(f"Envoyé le {fr.date_time(item.held_at)} ({CHANNELS.get(item.channel, '')}), "
                   f"lien {item.link_closed} — "
                   f"{fr.plural(item.answered, 'question répondue', 'questions répondues')}")
        try:
            if accept.button("Accepter", key=f"held-accept-{item.id}", type="primary"):
                drafts.accept(database(), viewer, item.id)
                st.session_state["held_done"] = "Réponses acceptées : elles sont comptées."
                st.rerun()
            if discard.button("Écarter", key=f"held-discard-{item.id}"):
                drafts.discard_held(database(), viewer, item.id)
                st.session_state["held_done"] = "Réponses écartées : elles ont été supprimées."
                st.rerun()
        except UserError as exc:
            st.error(str(exc))
