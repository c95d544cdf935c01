"""Questionnaire definitions: the model, loading a YAML file, versions, answers.

A questionnaire is a YAML file in `surveys/` (see `surveys/ecoute-habitants.yaml`). Loading it
checks every rule of the format (`ruralites.surveys_check`) and refuses a broken file with a
`SurveyError` listing coded problems in French, each with its file, line and fix. The
`content_hash` identifies the exact version a response answered.

Everything public is importable from here: the model, `load_survey`, `parse_survey`,
`check_files`, the problems (`ruralites.surveys_problems`) and the answer helpers
(`ruralites.surveys_answers`). Pure: no Streamlit, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ruralites.surveys.answers import (
    InvalidAnswers,
    answer_to_text,
    clean_answers,
    other_key,
    parse_cell,
    validate_answers,
    walk,
)
from ruralites.surveys.checks import check_definition, estimate_seconds
from ruralites.surveys.problems import (
    CATALOGUE,
    OTHER_VALUE,
    QUESTION_TYPES,
    Problem,
    Report,
    SurveyError,
    canonical_json,
    content_hash,
    format_problem,
    format_report,
    make_problem,
    read_yaml,
    yaml_error_problem,
)

__all__ = [
    "CATALOGUE", "OTHER_VALUE", "QUESTION_TYPES", "Choice", "InvalidAnswers", "Problem",
    "Question", "Report", "Section", "ShowIf", "Survey", "SurveyError", "Text",
    "answer_to_text", "check_files", "clean_answers", "format_problem", "format_report",
    "load_survey", "other_key", "parse_cell", "parse_survey", "validate_answers",
]


class Text(Mapping[str, str]):
    """A text in one or more languages; calling it gives one language, French by default.

    >>> Text({"fr": "Bonjour", "br": "Demat"})("br")
    'Demat'
    >>> Text("Bonjour")("br")  # no Breton: French is the fallback
    'Bonjour'
    """

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str] | str | None = None):
        self._texts = {"fr": texts} if isinstance(texts, str) else dict(texts or {})

    def __call__(self, lang: str = "fr") -> str:
        return self._texts.get(lang) or self._texts.get("fr", "")

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(frozenset(self._texts.items()))

    def __str__(self) -> str:
        return self()

    def __repr__(self) -> str:
        return f"Text({self._texts!r})"


OTHER_CHOICE_LABEL = Text("Autre (précisez)")


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    line: int = field(default=0, compare=False)  # where it is defined, for messages


@dataclass(frozen=True)
class ShowIf:
    """Show a question only if an earlier answer `equals` / is `in` values, `is_yes`, or is
    `answered`."""

    question: str
    operator: str
    values: tuple[str, ...] = ()

    def holds(self, answer: Any) -> bool:
        """Whether the condition holds for the earlier question's normalised answer."""
        if answer is None:
            return False
        if self.operator == "answered":
            return True
        if self.operator == "is_yes":
            return answer is True
        given = set(answer) if isinstance(answer, list | tuple) else {answer}
        return bool(given & set(self.values))


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: Text
    required: bool = False
    help: Text = Text()
    choices: tuple[Choice, ...] = ()
    other: bool = False
    min: float | None = None
    max: float | None = None
    min_label: Text = Text()
    max_label: Text = Text()
    max_length: int | None = None
    show_if: ShowIf | None = None
    feeds_ideas: bool = False
    personal: bool = False
    consent: bool = False
    section: str = ""
    line: int = field(default=0, compare=False)  # where it is defined, for messages

    @cached_property
    def options(self) -> tuple[Choice, ...]:
        """The choices to display, with "Autre (précisez)" last when `other` is set."""
        extra = (Choice(OTHER_VALUE, OTHER_CHOICE_LABEL),) if self.other else ()
        return self.choices + extra

    @cached_property
    def accepted_values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.options)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.options if c.value == value), None)

    @property
    def is_text(self) -> bool:
        return self.type in ("short_text", "long_text")


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    help: Text = Text()
    questions: tuple[Question, ...] = ()
    line: int = field(default=0, compare=False)  # where it is defined, for messages

    @property
    def personal(self) -> bool:
        """A contact block: its answers are stored apart from the questionnaire's."""
        return bool(self.questions) and all(q.personal for q in self.questions)


@dataclass(frozen=True)
class Survey:
    id: str
    title: Text
    description: Text
    languages: tuple[str, ...]
    sections: tuple[Section, ...]
    source_path: Path | None
    content_hash: str
    definition: str = field(default="", repr=False, compare=False)  # canonical JSON

    @property
    def version(self) -> str:
        """A short form of the content hash, for people."""
        return self.content_hash[:12]

    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]

    def question(self, question_id: str) -> Question:
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def visible_questions(self, answers: Mapping[str, Any]) -> list[Question]:
        """The questions shown given the answers so far (their `show_if` conditions hold)."""
        return [q for q, visible, _value, _error in walk(self, answers) if visible]

    def idea_questions(self) -> list[Question]:
        return [q for q in self.questions() if q.feeds_ideas]

    def consent_question(self) -> Question | None:
        return next((q for q in self.questions() if q.consent), None)

    def split_personal(self, answers: Mapping[str, Any]) -> tuple[dict, dict]:
        """(questionnaire answers, contact details): contact details are stored apart."""
        personal = {q.id for q in self.questions() if q.personal}
        personal |= {other_key(qid) for qid in personal}
        kept = {k: v for k, v in answers.items() if k not in personal}
        return kept, {k: v for k, v in answers.items() if k in personal}

    def estimated_minutes(self) -> int:
        """Rough time to answer, contact block excluded (at least one minute)."""
        seconds = estimate_seconds((q.type, len(q.choices), q.show_if is not None)
                                   for q in self.questions() if not q.personal)
        return max(1, round(seconds / 60))


# --- loading ---------------------------------------------------------------------------------


def load_survey(path: str | Path, *, warnings: list[Problem] | None = None) -> Survey:
    """Load and check a questionnaire file; raises `SurveyError` listing every error.

    Warnings (non-blocking) are appended to `warnings` when a list is given.
    """
    survey, errors, found = _check_file(Path(path))
    if errors:
        raise SurveyError(errors)
    if warnings is not None:
        warnings.extend(found)
    assert survey is not None
    return survey


def parse_survey(text: str, source: str = "questionnaire", *,
                 warnings: list[Problem] | None = None) -> Survey:
    """Like `load_survey` for text already read (e.g. a stored `definition`)."""
    survey, errors, found = _check_text(text, source, None)
    if errors:
        raise SurveyError(errors)
    if warnings is not None:
        warnings.extend(found)
    assert survey is not None
    return survey


def check_files(paths: Iterable[str | Path]) -> list[Report]:
    """One report per file, errors and warnings apart (for `ruralites survey check`)."""
    reports = []
    for path in paths:
        survey, errors, warnings = _check_file(Path(path))
        reports.append(Report(Path(path), errors, warnings, survey))
    return reports


def _check_file(path: Path) -> tuple[Survey | None, list[Problem], list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [make_problem("S100", file=str(path), detail="il n'existe pas")], []
    except (OSError, UnicodeDecodeError) as exc:
        detail = "il n'est pas en UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
        return None, [make_problem("S100", file=str(path), detail=detail)], []
    return _check_text(text, str(path), path)


def _check_text(text: str, source: str,
                path: Path | None) -> tuple[Survey | None, list[Problem], list[Problem]]:
    try:
        data = read_yaml(text)
    except yaml.YAMLError as exc:
        return None, [yaml_error_problem(exc, source)], []
    definition, problems = check_definition(data, source)
    errors = [p for p in problems if not p.is_warning]
    warnings = [p for p in problems if p.is_warning]
    if errors or definition is None:
        return None, errors, warnings
    return _build(definition, data, path), [], warnings


def _build(definition: dict, data: Any, path: Path | None) -> Survey:
    sections = tuple(
        Section(id=s["id"], title=Text(s["title"]), help=Text(s["help"]), line=s["line"],
                questions=tuple(_question(q, s["id"]) for q in s["questions"]))
        for s in definition["sections"])
    return Survey(id=definition["id"], title=Text(definition["title"]),
                  description=Text(definition["description"]),
                  languages=tuple(definition["languages"]), sections=sections,
                  source_path=path, content_hash=content_hash(data),
                  definition=canonical_json(data))


def _question(q: dict, section_id: str) -> Question:
    show_if = q["show_if"]
    return Question(
        id=q["id"], type=q["type"], label=Text(q["label"]), required=q["required"],
        help=Text(q["help"]),
        choices=tuple(Choice(c["value"], Text(c["label"]), c["line"]) for c in q["choices"]),
        other=q["other"], min=q["min"], max=q["max"], min_label=Text(q["min_label"]),
        max_label=Text(q["max_label"]), max_length=q["max_length"],
        show_if=ShowIf(show_if["question"], show_if["operator"], tuple(show_if["values"]))
        if show_if else None,
        feeds_ideas=q["feeds_ideas"], personal=q["personal"], consent=q["consent"],
        section=section_id, line=q["line"])
