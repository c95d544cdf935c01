"""Results of the listening phase: staff see a commune or a whole campaign, mayors their commune
(read-only, without the free-text answers). Figures come cached for 30 s, so new answers from
the tablets appear on their own."""

import streamlit as st

from ruralites.results import ResultsError
from ruralites.ui import results_view as view
from ruralites.ui.results_data import load_results
from ruralites.ui.session import require_role
from ruralites.ui.widgets import demo_notice


def render() -> None:
    viewer = require_role("admin", "staff", "mayor")
    st.title("Résultats de l'écoute" if viewer.is_staff else "Les résultats de votre commune")
    scope = view.pick_scope(viewer)
    if scope is None:
        return
    try:
        data = load_results(viewer, scope, questions=False)
        survey = view.pick_survey(data)
    except ResultsError as exc:
        st.error(str(exc))
        return
    if data.is_demo and viewer.role == "mayor":
        demo_notice()
    view.key_figures(data)
    if data.turnout.responses == 0:
        return
    view.privacy_note()
    def with_questions():  # counted over every answer: only for the tabs that show them
        return load_results(viewer, scope, survey)

    sections = {
        "Participation": lambda: view.participation(data),
        "Profil des répondants": lambda: view.profile(with_questions(), viewer),
        "Questions": lambda: view.questions(with_questions().other_questions, viewer),
        "Réponses libres": lambda: view.free_texts(viewer, scope, survey),
        "Nuage de mots": lambda: view.word_cloud(viewer, scope),
        "Exporter": lambda: view.export(with_questions()),
    }
    for name, container in view.tabs().items():
        if container.open:  # only the open tab is drawn
            with container:
                sections[name]()
