"""The questionnaire as inhabitants see it on a shared tablet or their own phone: one section
per screen, progress, back and next. The kiosk shell around it is `ruralites.ui.kiosk.shell`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import streamlit as st

from ruralites.config import settings
from ruralites.errors import UserError
from ruralites.listening import kiosk, responses
from ruralites.listening.kiosk import KioskContext
from ruralites.listening.responses import Submission
from ruralites.surveys import InvalidAnswers, Survey, other_key, validate_answers
from ruralites.surveys import store as survey_store
from ruralites.ui.kiosk.shell import (
    FormKind,
    current_form,
    show_notice,
    staff_exit,
    thank,
    thanks_screen,
)
from ruralites.ui.questions import question_input, show_error
from ruralites.ui.session import database
from ruralites.ui.widgets import md

QUESTIONNAIRE = FormKind(
    state_key="kiosk_form", url_param="f", new_id=responses.new_form_id,
    is_stored=responses.is_stored,
    stored_notice="Le questionnaire précédent a bien été enregistré. Merci !",
    lost_notice=("La connexion a été interrompue : le questionnaire en cours n'a pas été "
                 "enregistré. Merci de le reprendre depuis le début. Les questionnaires déjà "
                 "envoyés sont bien enregistrés."),
    thanks_title="Merci !",
    thanks_lines=("Vos réponses sont bien enregistrées.",
                  "Elles seront présentées à tous lors de la soirée de restitution."),
    next_label="Questionnaire suivant",
    phone_next_label="Répondre pour une autre personne",
)


def _fields() -> dict[str, Any]:
    return {"section": 0, "answers": {}, "errors": {}}


@lru_cache(maxsize=16)
def _stored_survey(database_url: str, version_id: int) -> Survey:
    # A stored version never changes, so it is cached by its database and id.
    with database().read() as session:
        return survey_store.stored_version(session, version_id)


def _load_survey(context: KioskContext) -> Survey:
    """The questionnaire exactly as the link was made for: edited, removed or broken, the YAML
    file no longer matters to a tablet holding the link."""
    if context.survey_version_id is None:
        raise survey_store.UnknownSurveyError(
            "Ce questionnaire n'est plus disponible. Merci de prévenir l'équipe d'animation.")
    return _stored_survey(settings().database_url, context.survey_version_id)


def run(context: KioskContext, token: str, *, tablet: bool) -> None:
    """The questionnaire a link is bound to, one section per screen (called by the shell)."""
    survey = _load_survey(context)
    form = current_form(QUESTIONNAIRE, token, **_fields())
    if form["stage"] == "thanks":
        thanks_screen(QUESTIONNAIRE, token, tablet=tablet, fields=_fields)
    else:
        _section(form, survey, context)
    if tablet and context.has_pin:
        staff_exit(token, QUESTIONNAIRE.state_key)


LANGUAGE_NAMES = {"fr": "Français", "br": "Brezhoneg", "en": "English"}


def _language(form: dict, survey: Survey) -> str:
    """A questionnaire translated into several languages offers the choice on its first screen."""
    if len(survey.languages) < 2:
        return "fr"
    chosen = st.segmented_control(
        "Langue", list(survey.languages), default=form.get("lang", "fr"),
        format_func=lambda code: LANGUAGE_NAMES.get(code, code), key=f"{form['form_id']}:lang",
    )
    form["lang"] = chosen or "fr"
    return form["lang"]


def _visible_sections(survey: Survey, answers: dict) -> list[int]:
    visible = {q.id for q in survey.visible_questions(answers)}
    return [i for i, s in enumerate(survey.sections) if any(q.id in visible for q in s.questions)]


def _section(form: dict, survey: Survey, context) -> None:
    answers = form["answers"]
    sections = _visible_sections(survey, answers)
    index = min(form["section"], len(sections) - 1)
    section = survey.sections[sections[index]]
    show_notice(form)
    if index == 0:
        lang = _language(form, survey)
        st.title(md(survey.title(lang)), anchor=False)
        if survey.description(lang):
            st.markdown(md(survey.description(lang)))
    st.progress((index + 1) / len(sections), text=f"Étape {index + 1} sur {len(sections)}")
    lang = form.get("lang", "fr")
    st.header(md(section.title(lang)), anchor=False)
    if section.help(lang):
        st.caption(md(section.help(lang)))
    numbers = {q.id: n for n, q in enumerate(survey.questions(), start=1)}
    current = dict(answers)
    for q in section.questions:
        if q.id not in {v.id for v in survey.visible_questions(current)}:
            current.pop(q.id, None)
            continue
        current.update(question_input(q, current, f"{form['form_id']}:{q.id}",
                                      number=numbers[q.id], lang=lang))
        show_error(form["errors"].get(q.id))
        show_error(form["errors"].get(other_key(q.id)))
    last = index == len(sections) - 1
    flagged = sorted({numbers[k.split(".")[0]] for k in form["errors"] if k.split(".")[0] in numbers})
    if flagged:
        which = ", ".join(str(n) for n in flagged)
        st.error(f"Merci de compléter ou corriger : question{'s' if len(flagged) > 1 else ''} {which}.")
    # "Suivant" first and widest (on a phone, where columns stack, above "Retour"): the button
    # most people need, first for the eye, the finger and the Tab key.
    forward, back = st.container(key="kiosk-nav").columns([2, 1]) if index > 0 else (st, None)
    label = "Envoyer mes réponses ✓" if last else "Suivant →"
    if forward.button(label, type="primary", use_container_width=True):
        _advance(form, survey, context, section, current, index, last)
    if back is not None and back.button("← Retour", use_container_width=True):
        form.update(answers=current, section=index - 1, errors={})
        st.rerun()


def _advance(form, survey, context, section, current, index, last) -> None:
    errors = validate_answers(survey, current)
    mine = {k: v for k, v in errors.items()
            if k.split(".")[0] in {q.id for q in section.questions}}
    form.update(answers=current, errors=mine)
    if mine:
        st.rerun()
    form["notice"] = None
    if not last:
        form["section"] = index + 1
        st.rerun()
    try:
        responses.submit(database(), Submission(
            response_id=form["form_id"], participation_id=context.participation_id,
            survey=survey, answers=current,
            channel=kiosk.channel(st.query_params.get("mode")),
            language=form.get("lang", "fr"),
        ))
    except InvalidAnswers as exc:  # an earlier section: go back to it
        form["errors"] = exc.errors
        first = next(iter(exc.errors)).split(".")[0]
        sections = _visible_sections(survey, current)
        form["section"] = next((i for i, s in enumerate(sections)
                                if first in {q.id for q in survey.sections[s].questions}), 0)
        st.rerun()
    except UserError as exc:
        st.error(str(exc))
        return
    thank(QUESTIONNAIRE, form)
