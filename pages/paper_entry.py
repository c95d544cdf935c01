"""Typing in paper questionnaires: one sheet at a time, in the paper's order, keyboard first."""

import streamlit as st

from ruralites import phases
from ruralites.listening import responses
from ruralites.listening.responses import ResponseError, Submission
from ruralites.surveys import InvalidAnswers, normalise_sheet, other_key
from ruralites.surveys import store as survey_store
from ruralites.ui.pickers import participation_picker
from ruralites.ui.questions import question_input, show_error
from ruralites.ui.session import database, require_role


def render() -> None:
    viewer = require_role("admin", "staff")
    st.title("Saisie des questionnaires papier")
    row = participation_picker(viewer, action="collect_answers", key="paper_commune")
    if row is None:
        return
    surveys = {f.slug: f.title for f in survey_store.available()}
    slug = st.selectbox("Questionnaire", list(surveys), format_func=surveys.get, key="paper_survey")
    survey = survey_store.load(slug)
    state = st.session_state.setdefault("paper", {"generation": 0, "errors": {}, "done": None})
    if state["done"]:
        st.success(state["done"])
    prefix = f"paper:{row.participation_id}:{slug}:{state['generation']}"
    with st.form("paper_sheet"):
        sheet = st.text_input("N° de la feuille (en haut de chaque page)", key=f"{prefix}:sheet",
                              max_chars=40)
        show_error(state["errors"].get("__sheet__"))
        answers: dict = {}
        for number, q in enumerate(survey.questions(), start=1):
            answers.update(question_input(q, {}, f"{prefix}:{q.id}", number=number,
                                          always_other=True, in_form=True))
            show_error(state["errors"].get(q.id))
            show_error(state["errors"].get(other_key(q.id)))
        submitted = st.form_submit_button("Enregistrer la feuille", type="primary")
    if submitted:
        _store(state, row, survey, sheet, answers, viewer.user_id)


def _store(state, row, survey, sheet, answers, user_id) -> None:
    state.update(errors={}, done=None)
    try:
        sheet = normalise_sheet(sheet, row.code_insee)
    except ValueError as exc:
        state["errors"]["__sheet__"] = str(exc)
        st.rerun()
    response_id = responses.paper_response_id(row.participation_id, sheet)
    try:
        stored = responses.submit(database(), Submission(
            response_id=response_id, participation_id=row.participation_id, survey=survey,
            answers=answers, channel="paper", sheet_code=sheet, entered_by=user_id))
    except InvalidAnswers as exc:
        state["errors"] = exc.errors
        st.error("La feuille n'est pas enregistrée : corrigez les réponses signalées.")
        st.rerun()
    except (ResponseError, phases.PhaseError) as exc:
        state["errors"]["__sheet__"] = str(exc)
        st.rerun()
    if stored.created:
        state.update(generation=state["generation"] + 1,
                     done=f"Feuille {sheet} enregistrée. Vous pouvez saisir la suivante.")
    else:
        state["errors"]["__sheet__"] = f"La feuille « {sheet} » a déjà été saisie : elle n'est pas enregistrée une seconde fois."
    st.rerun()
