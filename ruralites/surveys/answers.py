"""Answers to a questionnaire: check, normalise, and write to / read from a CSV cell.

Used alike by the tablet and online forms, the paper data-entry form and the CSV import, so an
answer means the same whatever the channel. Values are normalised as:

| type            | value                                                     |
| --------------- | --------------------------------------------------------- |
| single_choice   | the choice value (`str`), `"autre"` for "Autre : précisez" |
| multiple_choice | list of choice values, in the questionnaire's order       |
| ranking         | list of choice values, best first (a subset is allowed)   |
| yes_no          | `bool`                                                    |
| scale           | `int`                                                     |
| number          | `int`, or `float` when not whole                          |
| short/long_text | `str`, verbatim except NUL bytes                          |

The text typed after "Autre" is kept under the key `other_key(question_id)` ("age.autre").
Texts are never interpreted here (emoji, `<script>`, `=HYPERLINK(…)` are kept as typed): the
edges escape them (HTML, PDF) or neutralise them (spreadsheet exports).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ruralites import fr
from ruralites.errors import UserError
from ruralites.surveys.problems import DEFAULT_MAX_LENGTH, OTHER_VALUE

if TYPE_CHECKING:
    from ruralites.surveys.model import Question, Survey

CELL_SEPARATOR = ";"
YES = {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
NO = {"non", "n", "no", "false", "faux", "0"}
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")

EMPTY_MESSAGES = {
    "multiple_choice": "Cochez au moins une réponse.",
    "ranking": "Classez au moins un choix.",
    "yes_no": "Répondez par oui ou par non.",
}
REQUIRED_MESSAGE = "Merci de répondre à cette question."


class InvalidAnswers(UserError, ValueError):
    """Answers that do not fit the questionnaire; `errors` maps a question id to a message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("\n".join(f"{key} : {message}" for key, message in errors.items()))


def other_key(question_id: str) -> str:
    """The answers key of the text typed after "Autre : précisez"."""
    return f"{question_id}.{OTHER_VALUE}"


def strip_nul(text: str) -> str:
    return text.replace("\x00", "")


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not strip_nul(value).strip()
    if isinstance(value, list | tuple | set | frozenset):
        return not any(not is_empty(v) for v in value)
    return False


def normalise(question: Question, value: Any, lang: str = "fr") -> tuple[Any, str | None]:
    """(normalised value, None) or (None, French message) for a non-empty raw answer."""
    qtype = question.type
    if qtype in ("short_text", "long_text"):
        return _text(value, question.max_length or DEFAULT_MAX_LENGTH[qtype])
    if qtype == "yes_no":
        return _yes_no(value)
    if qtype == "number":
        return _number(question, value)
    if qtype == "scale":
        return _scale(question, value, lang)
    if qtype == "single_choice":
        choice = _token(value)
        if choice not in question.accepted_values:
            return None, "Ce choix n'est pas proposé. Choisissez une des réponses de la liste."
        return choice, None
    return _several(question, value)


@dataclass(frozen=True)
class Fitted:
    """A text cut to a field's limit: what is kept, and what did not fit ("" when all did)."""

    kept: str
    cut: str
    limit: int

    EXCERPT = 200  # characters of the cut part shown back, so the person can shorten

    def message(self) -> str | None:
        """What a person reads when part of their text was cut; None when nothing was."""
        if not self.cut:
            return None
        total = len(self.kept) + len(self.cut)
        excerpt = self.cut if len(self.cut) <= self.EXCERPT else self.cut[:self.EXCERPT] + "…"
        return (f"Votre texte compte {fr.number(total)} caractères, la limite est de "
                f"{fr.number(self.limit)} : le début est gardé, mais les "
                f"{fr.number(len(self.cut))} derniers caractères n'ont pas été pris. Ils "
                f"commencent par : « {excerpt} ». Raccourcissez votre texte si vous voulez "
                "garder cette fin.")


def fit_text(text: str, limit: int) -> Fitted:
    """The one rule for a text longer than its field: keep the first `limit` characters (as
    Python counts them, like the checks on answers), and return the rest so the person is told
    what was cut. Never cut in the middle of a line ending pasted from Windows (CRLF)."""
    text = strip_nul(text or "")
    if len(text) <= limit:
        return Fitted(text, "", limit)
    end = limit - 1 if text[limit - 1:limit + 1] == "\r\n" else limit
    return Fitted(text[:end], text[end:], limit)


def _text(value: Any, limit: int) -> tuple[str | None, str | None]:
    if not isinstance(value, str):
        return None, "Écrivez votre réponse sous forme de texte."
    text = strip_nul(value)
    if len(text) > limit:
        return None, (f"Votre réponse dépasse {fr.number(limit)} caractères (elle en compte "
                      f"{fr.number(len(text))}). Raccourcissez-la un peu, s'il vous plaît.")
    return text, None


def _yes_no(value: Any) -> tuple[bool | None, str | None]:
    if isinstance(value, bool):
        return value, None
    token = _token(value).casefold() if isinstance(value, str | int) else None
    if token in YES:
        return True, None
    if token in NO:
        return False, None
    return None, "Répondez par oui ou par non."


def _to_number(value: Any) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = _SPACES.sub("", strip_nul(value)).replace(",", ".")
        if not _NUMBER.match(text):
            return None
        value = float(text)
    if not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value) if float(value).is_integer() else value


def _number(question: Question, value: Any) -> tuple[Any, str | None]:
    number = _to_number(value)
    if number is None:
        return None, "Saisissez un nombre, en chiffres (par exemple 3)."
    low, high = question.min, question.max
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            rule = f"entre {fr.number(low)} et {fr.number(high)}"
        elif low is not None:
            rule = f"d'au moins {fr.number(low)}"
        else:
            rule = f"d'au plus {fr.number(high)}"
        return None, f"Saisissez un nombre {rule}."
    return number, None


def _scale(question: Question, value: Any, lang: str) -> tuple[int | None, str | None]:
    number = _to_number(value)
    if isinstance(number, int) and question.min <= number <= question.max:
        return number, None
    low, high = question.min_label(lang), question.max_label(lang)
    ends = (f"{question.min}{f' ({low})' if low else ''} et "
            f"{question.max}{f' ({high})' if high else ''}")
    return None, f"Choisissez une note entre {ends}."


def _token(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return strip_nul(value).strip() if isinstance(value, str) else ""


def _several(question: Question, value: Any) -> tuple[list[str] | None, str | None]:
    if not isinstance(value, list | tuple | set | frozenset):
        return None, "Réponse dans un format inattendu : une liste de choix est attendue."
    tokens = [_token(v) for v in value if not is_empty(v)]
    unknown = [t for t in tokens if t not in question.accepted_values]
    if unknown:
        shown = ", ".join(f"« {t} »" for t in unknown)
        return None, f"Ces choix ne sont pas proposés : {shown}. Choisissez dans la liste."
    if question.type == "ranking":
        doubles = sorted({t for t in tokens if tokens.count(t) > 1})
        if doubles:
            return None, f"Chaque choix ne se classe qu'une fois ; « {doubles[0]} » revient."
        return tokens, None
    return [v for v in question.accepted_values if v in tokens], None


def walk(survey: Survey, answers: Mapping[str, Any],
         lang: str = "fr") -> Iterator[tuple[Question, bool, Any, str | None]]:
    """(question, visible, normalised value or None, error or None) for each question in order.

    A condition looks at the normalised, valid answer of an earlier visible question: an
    answer that is hidden or invalid shows none of the questions that depend on it.
    """
    known: dict[str, Any] = {}
    for question in survey.questions():
        condition = question.show_if
        visible = condition is None or (condition.question in known
                                        and condition.holds(known[condition.question]))
        raw = answers.get(question.id)
        if not visible:
            yield question, False, None, None
            continue
        if is_empty(raw):
            message = EMPTY_MESSAGES.get(question.type, REQUIRED_MESSAGE)
            yield question, True, None, message if question.required else None
            continue
        value, error = normalise(question, raw, lang)
        if error is None:
            known[question.id] = value
        yield question, True, value, error


def _other_text(question: Question, value: Any,
                answers: Mapping[str, Any]) -> tuple[str | None, str | None]:
    if not question.other:  # most questions: nothing to look up
        return None, None
    chosen = value == OTHER_VALUE or (isinstance(value, list) and OTHER_VALUE in value)
    raw = answers.get(other_key(question.id))
    if not (question.other and chosen) or is_empty(raw):
        return None, None
    return _text(raw, DEFAULT_MAX_LENGTH["short_text"])


def validate_answers(survey: Survey, answers: Mapping[str, Any],
                     lang: str = "fr") -> dict[str, str]:
    """French message per question id (or `other_key`) for every answer to fix; {} if fine.

    Only visible questions are required; answers to hidden questions are ignored.
    """
    errors: dict[str, str] = {}
    for question, visible, value, error in walk(survey, answers, lang):
        if error:
            errors[question.id] = error
        if visible and value is not None:
            other_error = _other_text(question, value, answers)[1]
            if other_error:
                errors[other_key(question.id)] = other_error
    return errors


def clean_answers(survey: Survey, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to store: visible, answered, normalised; raises `InvalidAnswers`.

    Answers to hidden questions and unknown keys are dropped, NUL bytes removed, numbers made
    `int` when whole; texts otherwise stay exactly as typed. One pass over the questionnaire
    (it runs for every submitted response): the same checks as `validate_answers`.
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for question, visible, value, error in walk(survey, answers):
        if error:
            errors[question.id] = error
        if not visible or value is None:
            continue
        cleaned[question.id] = value
        other, other_error = _other_text(question, value, answers)
        if other_error:
            errors[other_key(question.id)] = other_error
        elif other is not None:
            cleaned[other_key(question.id)] = other
    if errors:
        raise InvalidAnswers(errors)
    return cleaned


def answer_to_text(question: Question, value: Any) -> str:
    """A normalised answer as one CSV cell: `a;b;c` for lists, `oui`/`non`, '2,5'.

    Text comes back verbatim: neutralising spreadsheet formulas is the export's job.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list | tuple):
        return CELL_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, float):
        return fr.number(value).replace("\u202f", "")
    return str(value)


def parse_cell(question: Question, text: str | None) -> Any:
    """A CSV cell back into an answer value, to pass on to `validate_answers`.

    Choices may be written as their value or their label (any case); a cell that does not
    parse is returned as typed so that validation explains what is wrong.
    """
    if text is None or is_empty(text):
        return None
    qtype = question.type
    if qtype in ("short_text", "long_text"):
        return text
    if qtype == "yes_no":
        value, error = _yes_no(text)
        return text if error else value
    if qtype in ("number", "scale"):
        number = _to_number(text)
        return text if number is None else number
    if qtype == "single_choice":
        return _choice_value(question, text)
    return [_choice_value(question, part) for part in text.split(CELL_SEPARATOR)
            if part.strip()]


def _choice_value(question: Question, text: str) -> str:
    token = strip_nul(text).strip()
    wanted = token.casefold()
    for choice in question.options:
        if wanted == choice.value or wanted in (t.strip().casefold()
                                                for t in choice.label.values()):
            return choice.value
    return token
