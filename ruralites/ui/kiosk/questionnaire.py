"""The questionnaire as inhabitants see it on a shared tablet or their own phone: one section
per screen, progress, back and next. The kiosk shell around it is `ruralites.ui.kiosk.shell`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import streamlit as st

from ruralites.config import settings
from ruralites.errors import UserError
from ruralites.listening import drafts, kiosk, responses
from ruralites.listening.kiosk import KioskContext
from ruralites.listening.responses import Submission
from ruralites.surveys import InvalidAnswers, Survey, other_key, validate_answers
from ruralites.surveys import store as survey_store
from ruralites.ui.kiosk.shell import (
    FormKind,
    closed_screen,
    current_form,
    previous_form_id,
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
    lost_notice="",  # never shown: a form with answers has a draft (`restore`)
    thanks_title="Merci !",
    thanks_lines=("Vos réponses sont bien enregistrées.",
                  "Elles seront présentées à tous lors de la soirée de restitution."),
    next_label="Questionnaire suivant",
    phone_next_label="Répondre pour une autre personne",
    restore=lambda db, form_id, link_id: _restored(drafts.restore(db, form_id, link_id)),
    recovered_notice=("La connexion a été interrompue, mais vos réponses ont été retrouvées : "
                      "vous pouvez reprendre là où vous en étiez."),
)
KEPT_FOR_STAFF = ("Vos réponses ne sont pas perdues : elles ont été conservées pour l'équipe "
                  "d'animation, qui les examinera. Merci pour votre participation !")


def _fields() -> dict[str, Any]:
    return {"section": 0, "answers": {}, "errors": {}}


def _restored(draft: drafts.Draft | None) -> dict[str, Any] | None:
    if draft is None:
        return None
    return {"section": draft.section, "answers": draft.answers, "errors": {},
            "lang": draft.language, "kept": _snapshot(draft.section, draft.language,
                                                      draft.answers)}


def _snapshot(section: int, lang: str, answers: dict) -> tuple:
    return (section, lang, sorted((k, repr(v)) for k, v in answers.items()))


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
    if context.closed and not _in_progress(token):
        _closed_link(context)
        return
    form = current_form(QUESTIONNAIRE, token, link_id=context.link_id, **_fields())
    if form["stage"] == "held":
        closed_screen(form["held"], KEPT_FOR_STAFF)
        if tablet:
            st.write("Vous pouvez rendre la tablette à l'équipe d'animation.")
    elif form["stage"] == "thanks" and context.closed:
        closed_screen(context.closed)
    elif form["stage"] == "thanks":
        thanks_screen(QUESTIONNAIRE, token, tablet=tablet, fields=_fields)
    else:
        _section(form, survey, context)
    if tablet and context.has_pin:
        staff_exit(token, QUESTIONNAIRE.state_key,
                   on_leave=lambda form: drafts.discard(database(), form["form_id"]))


def _in_progress(token: str) -> bool:
    """A form on this screen that someone has started (a fresh one on a closed link is not
    opened: the tablet says the link is closed)."""
    form = st.session_state.get(QUESTIONNAIRE.state_key)
    if form is None or form["token"] != token:
        return False
    if form["stage"] != "form":
        return True
    prefix = f"{form['form_id']}:"
    return bool(form.get("kept") or form["answers"] or form["section"] or any(
        value not in (None, "", [], False) for key, value in st.session_state.items()
        if isinstance(key, str) and key.startswith(prefix) and not key.endswith(":lang")))


def _closed_link(context: KioskContext) -> None:
    """A revoked or expired link opened afresh (a reload): the questionnaire that was in
    progress at this address, if any, is kept for staff rather than lost."""
    previous = previous_form_id(QUESTIONNAIRE)
    kept = previous is not None and drafts.hold_in_progress(database(), previous, context.link_id)
    closed_screen(context.closed, KEPT_FOR_STAFF if kept else None)


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
    _keep_draft(form, context, current, index)
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


def _keep_draft(form: dict, context: KioskContext, current: dict, index: int) -> None:
    """Keep the answers so far on the server whenever they change, so that a reload or a
    restart finds them (`listening.drafts`); nothing is kept for a form not yet touched."""
    lang = form.get("lang", "fr")
    snapshot = _snapshot(index, lang, current)
    if snapshot == form.get("kept") or (form.get("kept") is None and index == 0 and not any(
            v not in (None, "", []) for v in current.values())):
        return
    drafts.save(database(), form_id=form["form_id"], link_id=context.link_id,
                survey_version_id=context.survey_version_id,
                channel=kiosk.channel(st.query_params.get("mode")), section=index,
                language=lang, answers=current)
    form["kept"] = snapshot


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
        outcome = drafts.submit(database(), context.link_id, Submission(
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
    if outcome == drafts.HELD:
        form.update(stage="held", notice=None, held=context.closed or kiosk.REVOKED)
        st.rerun()
    thank(QUESTIONNAIRE, form)
