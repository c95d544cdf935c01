"""The page edge: no screen ever shows a traceback. A refusal from the domain (`UserError`) is
shown as its French sentence; anything else is written to the server's log with its traceback and
the person sees a short French message saying what to do. Streamlit's own control flow
(`st.stop`, `st.rerun`, `st.switch_page`) derives from BaseException and passes through."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from ruralites.errors import UserError

log = logging.getLogger("ruralites")

UNEXPECTED = ("Une erreur inattendue est survenue : rien n'a été perdu de ce qui était déjà "
              "enregistré. Rechargez la page ; si le problème revient, prévenez la personne qui "
              "administre Ruralités (le détail est dans le journal du serveur).")
UNEXPECTED_KIOSK = ("Un problème technique empêche d'afficher ce formulaire. Les réponses déjà "
                    "envoyées sont bien enregistrées. Merci de prévenir l'équipe d'animation.")


def show_unexpected(exc: BaseException, *, kiosk: bool = False) -> None:
    """Log a defect with its traceback and show a French message instead."""
    log.error("Erreur non prévue sur une page", exc_info=exc)
    st.error(UNEXPECTED_KIOSK if kiosk else UNEXPECTED, icon="⚠️")


def run_guarded(render: Callable[[], object], *, kiosk: bool = False) -> None:
    """Run a page; whatever goes wrong, the person reads French and never a traceback."""
    try:
        render()
    except UserError as exc:
        st.error(str(exc), icon="🚫")
    except Exception as exc:  # the last line of defence: every defect ends here, logged
        show_unexpected(exc, kiosk=kiosk)


def on_script_error(exc: Exception) -> bool:
    """For `st.App(on_script_error=…)`: an error outside a page (a widget callback, app.py
    itself) is shown in French too; True tells Streamlit not to draw its own."""
    if isinstance(exc, UserError):
        st.error(str(exc), icon="🚫")
    else:
        show_unexpected(exc)
    return True
