"""One widget per question type, shared by the tablet/online form and the paper data entry.

Widgets start from the value kept in the form's own answers dict (Streamlit forgets the state of
widgets that are not drawn, e.g. another section's), and return the value as the questionnaire
module normalises it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ruralites.surveys import OTHER_VALUE, Question, fit_text, other_key
from ruralites.surveys.problems import DEFAULT_MAX_LENGTH
from ruralites.ui.widgets import md

YES_NO = {"Oui": True, "Non": False}
OTHER_MAX_LENGTH = DEFAULT_MAX_LENGTH["short_text"]  # as `validate_answers` checks it


def _fit(key: str, limit: int) -> None:
    """on_change: a text longer than its limit keeps what fits, and says what was cut."""
    fitted = fit_text(st.session_state.get(key) or "", limit)
    st.session_state[f"{key}#cut"] = fitted.message()
    if fitted.cut:
        st.session_state[key] = fitted.kept


def limited_text(label: str, *, key: str, limit: int, value: str = "", area: bool = False,
                 in_form: bool = False, **options: Any) -> str:
    """A text field that never empties itself: Streamlit's `max_chars` drops a pasted text
    longer than the limit without a word, so the limit is applied here instead by the one rule
    (`surveys.fit_text`), and what was cut is said under the field. Inside an `st.form` (no
    callback there) the whole text is returned, and the answers' check says it is too long."""
    widget = st.text_area if area else st.text_input
    if in_form:
        return widget(label, value=value, key=key, **options)
    text = widget(label, value=value, key=key, on_change=_fit, args=(key, limit), **options)
    if message := st.session_state.get(f"{key}#cut"):
        st.warning(md(message), icon="✂️")
    return fit_text(text, limit).kept


def _label(q: Question, lang: str, number: int | None) -> str:
    text = q.label(lang)
    prefix = f"{number}. " if number else ""
    suffix = " *" if q.required else ""
    return f"{prefix}{text}{suffix}"


def question_input(q: Question, answers: dict[str, Any], key: str, *, lang: str = "fr",
                   number: int | None = None, horizontal_scale: bool = True,
                   always_other: bool = False, in_form: bool = False) -> dict[str, Any]:
    """Draw the question; return {question id: value} (plus the "Autre" text if any).

    `always_other` shows the "Précisez" field even before "Autre" is ticked (inside st.form,
    where ticking does not redraw the page); `in_form` says the widgets are inside an st.form."""
    label = _label(q, lang, number)
    current = answers.get(q.id)
    # The label and its help are written out above the widget (not in a small "?" tooltip that
    # elderly respondents would not find); the widget keeps the label for screen readers.
    st.markdown(f"**{q.label(lang) if not number else f'{number}. {q.label(lang)}'}**"
                + (" :red[\\*]" if q.required else ""))
    notes = [q.help(lang)]
    if q.type == "multiple_choice":
        notes.append("Plusieurs réponses possibles.")
    if q.type == "ranking":
        notes.append("Choisissez dans l'ordre de préférence : le premier est votre préféré.")
    if any(notes):
        st.caption(" ".join(filter(None, notes)))
    hidden = "collapsed"
    out: dict[str, Any] = {}
    if q.type == "single_choice":
        values = [c.value for c in q.options]
        names = {c.value: c.label(lang) for c in q.options}
        out[q.id] = st.radio(label, values, index=values.index(current) if current in values else None,
                             format_func=names.get, key=key, label_visibility=hidden)
    elif q.type == "multiple_choice":
        chosen = set(current or [])
        out[q.id] = [c.value for c in q.options
                     if st.checkbox(c.label(lang), value=c.value in chosen, key=f"{key}:{c.value}")]
    elif q.type == "scale":
        points = list(range(int(q.min or 1), int(q.max or 5) + 1))
        if q.min_label(lang) or q.max_label(lang):
            # The meaning of the scale at both ends, read before choosing, as large as the text.
            with st.container(horizontal=True, horizontal_alignment="distribute", wrap=False,
                              key=f"scale-ends-{q.id}"):
                st.markdown(f"**{points[0]}** = {md(q.min_label(lang) or '')}")
                st.markdown(f"**{points[-1]}** = {md(q.max_label(lang) or '')}", text_alignment="right")
        out[q.id] = st.radio(label, points, index=points.index(current) if current in points else None,
                             horizontal=horizontal_scale, key=key, label_visibility=hidden,
                             captions=None)
    elif q.type == "yes_no":
        names = list(YES_NO)
        index = None if current is None else (0 if current else 1)
        picked = st.radio(label, names, index=index, horizontal=True, key=key, label_visibility=hidden)
        out[q.id] = None if picked is None else YES_NO[picked]
    elif q.type == "short_text":
        out[q.id] = limited_text(label, value=current or "", key=key, label_visibility=hidden,
                                 limit=q.max_length or DEFAULT_MAX_LENGTH[q.type], in_form=in_form)
    elif q.type == "long_text":
        out[q.id] = limited_text(label, value=current or "", key=key, label_visibility=hidden,
                                 limit=q.max_length or DEFAULT_MAX_LENGTH[q.type], area=True,
                                 height=140, in_form=in_form)
    elif q.type == "number":
        out[q.id] = st.text_input(label, value="" if current is None else str(current), key=key,
                                  label_visibility=hidden, placeholder="Un nombre, par exemple 3")
    elif q.type == "ranking":
        values = [c.value for c in q.options]
        names = {c.value: c.label(lang) for c in q.options}
        out[q.id] = st.multiselect(
            label, values, default=[v for v in (current or []) if v in values],
            format_func=names.get, key=key, placeholder="Touchez vos choix, le préféré en premier",
            label_visibility=hidden,
        )
    chosen = out.get(q.id)
    other_chosen = chosen == OTHER_VALUE or (isinstance(chosen, list) and OTHER_VALUE in chosen)
    if q.other and (other_chosen or always_other):  # inside a form nothing reruns: always show
        okey = other_key(q.id)
        out[okey] = limited_text("Précisez :", value=answers.get(okey, ""), key=f"{key}.autre",
                                 limit=OTHER_MAX_LENGTH, in_form=in_form)
    return out


def show_error(message: str | None) -> None:
    if message:
        st.error(message, icon="⚠️")
