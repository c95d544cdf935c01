"""The questionnaire as inhabitants see it on a shared tablet or their own phone: one section
per screen, large touch targets, progress, back and next, and nothing else of the app."""

from __future__ import annotations

import time
import uuid
from functools import lru_cache
from typing import Any

import streamlit as st

from ruralites import phases
from ruralites.listening import kiosk, responses
from ruralites.listening.responses import ResponseError, Submission
from ruralites.surveys import InvalidAnswers, Survey, other_key, validate_answers
from ruralites.surveys import store as survey_store
from ruralites.ui.questions import question_input, show_error
from ruralites.ui.session import database

STATE = "kiosk_form"
RESET_AFTER_SECONDS = 12

KIOSK_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], footer { display: none !important; }
.block-container { max-width: 760px; padding-top: 1.2rem; }
html, body, [data-testid="stAppViewContainer"] { font-size: 19px; }
[data-testid="stWidgetLabel"] p { font-size: 1.2rem; font-weight: 600; line-height: 1.35; }
[data-testid="stRadioOption"], [data-testid="stCheckbox"] label {
  padding: .6rem .9rem; border: 1px solid #c9d3c9; border-radius: .7rem; width: 100%;
  margin: 0 .4rem .45rem 0; min-height: 3.1rem; align-items: center; background: #fbfdfb;
}
[data-testid="stRadioGroup"][aria-orientation="vertical"] > div { width: 100%; }
[data-testid="stRadioGroup"][aria-orientation="horizontal"] [data-testid="stRadioOption"] {
  width: auto; min-width: 4.2rem; justify-content: center;
}
[data-testid="stRadioOption"] p, [data-testid="stCheckbox"] label p { font-size: 1.15rem; }
.stButton button, [data-testid="stFormSubmitButton"] button {
  min-height: 3.4rem; font-size: 1.2rem; padding: 0 1.6rem; border-radius: .8rem;
}
.stButton button p, [data-testid="stFormSubmitButton"] button p { font-size: 1.2rem; }
textarea, input { font-size: 1.15rem !important; }
</style>
"""


@lru_cache(maxsize=16)
def _survey(slug: str, content_hash_hint: float) -> Survey:
    return survey_store.load(slug)


def _load_survey(slug: str) -> Survey:
    # The file's modification time keys the cache: an edited questionnaire is reloaded (and
    # becomes a new version) without restarting the server.
    path = next((f.path for f in survey_store.available() if f.slug == slug), None)
    return _survey(slug, path.stat().st_mtime if path else 0.0)


def _new_form(token: str, notice: tuple[str, str] | None = None) -> dict[str, Any]:
    form_id = responses.new_form_id()
    st.query_params["f"] = str(form_id)
    return {"token": token, "form_id": form_id, "section": 0, "answers": {}, "errors": {},
            "stage": "form", "thanks_at": 0.0, "notice": notice}


def _notice_after_reconnect(db) -> tuple[str, str] | None:
    """A new browser session with a form id in the URL: the server restarted, or the page was
    reloaded. Say plainly whether that form was stored."""
    previous = st.query_params.get("f")
    if not previous:
        return None
    try:
        stored = responses.is_stored(db, uuid.UUID(previous))
    except ValueError:
        return None
    if stored:
        return "success", "Le questionnaire précédent a bien été enregistré. Merci !"
    return ("warning", "La connexion a été interrompue : le questionnaire en cours n'a pas été "
            "enregistré. Merci de le reprendre depuis le début. Les questionnaires déjà "
            "envoyés sont bien enregistrés.")


def run(token: str, *, tablet: bool) -> None:
    st.markdown(KIOSK_CSS, unsafe_allow_html=True)  # static CSS only, no user text
    db = database()
    try:
        with db.read() as session:
            context = kiosk.resolve(session, token)
    except (kiosk.LinkError, phases.PhaseError) as exc:
        st.title("Ruralités")
        st.error(str(exc))
        return
    if context.kind != "survey":
        from ruralites.ui.kiosk import vote as kiosk_vote

        kiosk_vote.run(context, token, tablet=tablet)
        return
    survey = _load_survey(context.survey_slug)
    form = st.session_state.get(STATE)
    if form is None or form["token"] != token:
        form = st.session_state[STATE] = _new_form(token, _notice_after_reconnect(db))
    st.caption(f"{context.commune_name} — {context.campaign_name}")
    if form["stage"] == "thanks":
        _thanks(form, token, tablet=tablet)
    else:
        _section(form, survey, context)
    if tablet and context.has_pin:
        staff_exit(token)


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
    if form.get("notice"):
        kind, message = form["notice"]
        (st.success if kind == "success" else st.warning)(message)
    if index == 0:
        lang = _language(form, survey)
        st.title(survey.title(lang))
        if survey.description(lang):
            st.write(survey.description(lang))
    st.progress((index + 1) / len(sections), text=f"Étape {index + 1} sur {len(sections)}")
    lang = form.get("lang", "fr")
    st.header(section.title(lang))
    if section.help(lang):
        st.caption(section.help(lang))
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
    back, forward = st.columns(2)
    if index > 0 and back.button("← Retour", use_container_width=True):
        form.update(answers=current, section=index - 1, errors={})
        st.rerun()
    label = "Envoyer mes réponses ✓" if last else "Suivant →"
    if forward.button(label, type="primary", use_container_width=True):
        _advance(form, survey, context, section, current, index, last)


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
    except (ResponseError, phases.PhaseError) as exc:
        st.error(str(exc))
        return
    form.update(stage="thanks", thanks_at=time.time())
    st.rerun()


def _thanks(form: dict, token: str, *, tablet: bool) -> None:
    st.title("Merci !")
    st.success("Vos réponses sont bien enregistrées.")
    st.write("Elles seront présentées à tous lors de la soirée de restitution.")
    if tablet:
        st.write("Vous pouvez rendre la tablette à l'équipe d'animation.")
    if st.button("Questionnaire suivant" if tablet else "Répondre pour une autre personne",
                 type="primary", use_container_width=True):
        st.session_state[STATE] = _new_form(token)
        st.rerun()
    if tablet:
        _auto_reset(token)


@st.fragment(run_every=2)
def _auto_reset(token: str) -> None:
    form = st.session_state.get(STATE)
    if form and form["stage"] == "thanks" and time.time() - form["thanks_at"] > RESET_AFTER_SECONDS:
        st.session_state[STATE] = _new_form(token)
        st.rerun(scope="app")


def staff_exit(token: str, state_key: str = STATE) -> None:
    """Leaving the kiosk (questionnaire or vote) needs the link's staff PIN."""
    st.divider()
    with st.expander("Équipe d'animation"):
        pin = st.text_input("Code PIN", type="password", key=f"{state_key}_pin")
        if st.button("Quitter le mode tablette", key=f"{state_key}_exit"):
            with database().read() as session:
                ok = kiosk.check_pin(session, token, pin)
            if ok:
                st.session_state.pop(state_key, None)
                st.query_params.clear()
                st.rerun()
            st.error("Code PIN incorrect.")
