"""The rules of the questionnaire format, applied to a parsed YAML file.

`check_definition` walks the parsed file once, in order, and returns the *normalised
definition* (plain dicts with defaults filled and every text as {lang: text}) together with
every problem found. It never stops at the first error, so an author fixes a file in one go.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from ruralites.surveys.problems import (
    CHOICE_KEYS,
    CHOICE_TYPES,
    DEFAULT_MAX_LENGTH,
    DEFAULT_SCALE,
    LANG_CODE,
    LONG_LABEL,
    MAX_MAX_LENGTH,
    MAX_SCALE_POINTS,
    OPTION_TYPES,
    OTHER_VALUE,
    QUESTION_KEYS,
    QUESTION_TYPES,
    SECTION_KEYS,
    SHOW_IF_OPERATORS,
    SLUG,
    SURVEY_KEYS,
    TARGET_SECONDS,
    TEXT_TYPES,
    Node,
    Problem,
    make_problem,
    slug_suggestion,
)

# Rough seconds to read and answer one question, for W203 (tuned on paper tests: an older
# person reads slowly, and a free text takes the longest).
SECONDS_BY_TYPE = {"yes_no": 6, "scale": 8, "number": 8, "single_choice": 6,
                   "multiple_choice": 8, "ranking": 10, "short_text": 20, "long_text": 40}
SECONDS_PER_CHOICE = {"single_choice": 1.5, "multiple_choice": 2.0, "ranking": 4.0}


def estimate_seconds(questions: Iterable[tuple[str, int, bool]]) -> int:
    """Rough time to fill a questionnaire from (type, number of choices, is conditional).

    A conditional question counts half: about half of the people will see it.
    """
    total = 0.0
    for qtype, choices, conditional in questions:
        seconds = SECONDS_BY_TYPE[qtype] + SECONDS_PER_CHOICE.get(qtype, 0) * choices
        total += seconds / 2 if conditional else seconds
    return round(total)


def check_definition(data: Any, file: str = "") -> tuple[dict | None, list[Problem]]:
    """Every problem of a parsed file, and its normalised definition (None if unusable)."""
    checker = _Checker(file)
    definition = checker.survey(data)
    problems = sorted(checker.problems, key=lambda p: (p.is_warning, p.line or 0))
    return definition, problems


def _listing(values: Iterable[str], limit: int = 12) -> str:
    values = list(values)
    shown = ", ".join(values[:limit]) or "aucune"
    return shown + (", …" if len(values) > limit else "")


def _not_a_word(value: Any) -> str:
    if isinstance(value, bool):
        return "sans guillemets, YAML lit yes, no, on, off, true et false comme vrai ou faux"
    return f"« {value} » n'est pas un mot ou un texte"


class _Checker:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ("fr",)
        self.section_id: str | None = None
        self.question_id: str | None = None
        self.positions: dict[str, tuple[int, int]] = {}  # question id -> (order, line)
        self.done: dict[str, dict] = {}  # questions already checked, by id
        self.section_lines: dict[str, int] = {}
        self.question_count = 0
        self.check_translations = True  # off once `languages` itself is wrong (no cascade)

    def add(self, code: str, line: int | None, **fields: Any) -> None:
        self.problems.append(make_problem(code, file=self.file, line=line,
                                          question=self.question_id, section=self.section_id,
                                          **fields))

    # --- generic fields ---------------------------------------------------------------------

    def keys(self, node: Node, allowed: tuple[str, ...], where: str) -> None:
        for key, line in node.duplicates:
            self.add("S118", line, field=key)
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
                self.add("S112", node.line_of(key), field=key, where=where, suggestion=hint,
                         allowed=", ".join(allowed))

    def ident(self, node: Node, key: str, where: str) -> str | None:
        value = node.get(key)
        line = node.line_of(key)
        if value is None or value == "":
            self.add("S102", line, field=key, where=where)
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.add("S111", line, field=key, detail=_not_a_word(value),
                     expected="un mot comme « ma-question », entre guillemets s'il ressemble "
                              "à yes, no, on, off, true ou false")
            return None
        if not SLUG.match(value):
            self.add("S110", line, value=value, suggestion=slug_suggestion(value))
            return None
        return value

    def text(self, node: Node, key: str, *, where: str = "", required: bool = False,
             long_check: bool = False) -> dict[str, str]:
        value = node.get(key)
        line = node.line_of(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add("S102", line, field=key, where=where)
            return {}
        texts: dict[str, str] = {}
        if isinstance(value, str):
            texts = {"fr": value}
        elif isinstance(value, dict):
            for lang, text in value.items():
                lang_line = value.line_of(lang) if isinstance(value, Node) else line
                if lang not in self.languages:
                    self.add("S117", lang_line, field=key, lang=lang)
                elif not isinstance(text, str):
                    self.add("S111", lang_line, field=f"{key}.{lang}", detail="texte attendu",
                             expected="un texte, entre guillemets en cas de doute")
                elif text.strip():
                    texts[lang] = text
        else:
            self.add("S111", line, field=key, detail=_not_a_word(value),
                     expected="un texte entre guillemets, par exemple « label: \"Oui\" »")
            return {}
        for lang in self.languages if self.check_translations else ():
            if lang not in texts:
                self.add("S108", line, field=key, lang=lang)
        if long_check and len(texts.get("fr", "")) > LONG_LABEL:
            self.add("W202", line, field=key, count=len(texts["fr"]), limit=LONG_LABEL)
        return texts

    def flag(self, node: Node, key: str) -> bool:
        value = node.get(key, False)
        if not isinstance(value, bool):
            self.add("S111", node.line_of(key), field=key, detail=f"« {value} »",
                     expected="true ou false")
            return False
        return value

    def node_list(self, node: Node, key: str, where: str) -> list | None:
        value = node.get(key)
        if value is None:
            self.add("S102", node.line_of(key), field=key, where=where)
            return None
        if not isinstance(value, list):
            self.add("S111", node.line_of(key), field=key, detail="une liste est attendue",
                     expected=f"une liste d'éléments commençant chacun par « - » sous « {key}: »")
            return None
        return value

    def is_node(self, value: Any, line: int, field: str) -> bool:
        if isinstance(value, Node):
            return True
        self.add("S111", line, field=field, detail=f"« {value} » n'est pas une suite de champs",
                 expected="des champs « clé: valeur » (par exemple « id: » puis « label: »)")
        return False

    # --- levels -----------------------------------------------------------------------------

    def survey(self, data: Any) -> dict | None:
        if not isinstance(data, Node):
            self.add("S111", 1, field="questionnaire", detail="le fichier est vide ou n'est pas "
                     "une suite de champs", expected="un fichier qui commence par « id: », "
                     "« title: » puis « sections: »")
            return None
        where = "en tête du fichier"
        self.keys(data, SURVEY_KEYS, where)
        self.languages = self.languages_of(data)
        survey = {"id": self.ident(data, "id", where),
                  "title": self.text(data, "title", where=where, required=True, long_check=True),
                  "description": self.text(data, "description"),
                  "languages": list(self.languages), "sections": []}
        sections = self.node_list(data, "sections", where) or []
        self.index_questions(sections)
        for section in sections:
            if self.is_node(section, data.line_of("sections"), "sections"):
                survey["sections"].append(self.section(section))
        self.section_id = self.question_id = None
        if not self.question_count and not any(not p.is_warning for p in self.problems):
            self.add("S102", data.line_of("sections"), field="questions",
                     where="dans au moins une section")
        self.whole_survey(survey)
        if any(not p.is_warning for p in self.problems):
            return None
        return survey

    def languages_of(self, data: Node) -> tuple[str, ...]:
        value = data.get("languages")
        if value is None:
            return ("fr",)
        line = data.line_of("languages")
        if not isinstance(value, list) or not all(
                isinstance(v, str) and LANG_CODE.match(v) for v in value):
            self.add("S116", line, detail="il faut une liste de codes de langue en minuscules")
            self.check_translations = False
            return ("fr",)
        if "fr" not in value:
            self.add("S116", line, detail="le français (fr) n'y figure pas")
            self.check_translations = False
        if len(set(value)) != len(value):
            self.add("S116", line, detail="une langue est écrite deux fois")
        return tuple(dict.fromkeys(["fr", *value]))

    def index_questions(self, sections: list) -> None:
        """Where every question is, so show_if can tell 'later' from 'unknown'."""
        order = 0
        for section in sections:
            questions = section.get("questions") if isinstance(section, Node) else None
            for question in questions if isinstance(questions, list) else []:
                if isinstance(question, Node) and isinstance(question.get("id"), str):
                    self.positions.setdefault(question["id"], (order, question.line_of("id")))
                    order += 1

    def section(self, node: Node) -> dict:
        self.question_id = None
        self.section_id = None
        where = "dans cette section"
        sid = self.ident(node, "id", where)
        self.section_id = sid
        self.keys(node, SECTION_KEYS, where)
        if sid in self.section_lines:
            self.add("S104", node.line_of("id"), value=sid, kind="section",
                     other=f"par la section de la ligne {self.section_lines[sid]}")
        elif sid:
            self.section_lines[sid] = node.line_of("id")
        section = {"id": sid, "line": node.line,
                   "title": self.text(node, "title", where=where, required=True, long_check=True),
                   "help": self.text(node, "help"), "questions": []}
        questions = self.node_list(node, "questions", where)
        if questions == []:
            self.add("W205", node.line_of("questions"))
        for question in questions or []:
            if self.is_node(question, node.line_of("questions"), "questions"):
                self.question_count += 1
                section["questions"].append(self.question(question))
        self.question_id = None
        personal = [q["personal"] for q in section["questions"]]
        if any(personal) and not all(personal):
            self.add("S115", node.line, detail="cette section mélange des questions "
                     "« personal: true » et des questions ordinaires")
        return section

    def question(self, node: Node) -> dict:
        where = "dans cette question"
        raw_id = node.get("id")
        self.question_id = raw_id if isinstance(raw_id, str) and raw_id else None
        qid = self.ident(node, "id", where)
        self.keys(node, QUESTION_KEYS, where)
        if qid in self.done:
            self.add("S104", node.line_of("id"), value=qid, kind="question",
                     other=f"par la question de la ligne {self.done[qid]['line']}")
        qtype = node.get("type")
        if qtype is None:
            self.add("S102", node.line, field="type", where=where)
        elif qtype not in QUESTION_TYPES:
            close = difflib.get_close_matches(str(qtype), QUESTION_TYPES, n=1)
            self.add("S103", node.line_of("type"), value=qtype, allowed=", ".join(QUESTION_TYPES),
                     suggestion=f" Vouliez-vous dire « {close[0]} » ?" if close else "")
            qtype = None
        question = {"id": qid, "type": qtype, "line": node.line,
                    "label": self.text(node, "label", where=where, required=True,
                                       long_check=True),
                    "help": self.text(node, "help"),
                    **{key: self.flag(node, key) for key in
                       ("required", "other", "feeds_ideas", "personal", "consent")},
                    "choices": [], "min": None, "max": None, "min_label": {}, "max_label": {},
                    "max_length": None, "show_if": None}
        for option, types in OPTION_TYPES.items():
            if option in node and qtype and qtype not in types:
                self.add("S114", node.line_of(option), field=option, type=qtype,
                         types=", ".join(types))
        if qtype in CHOICE_TYPES:
            question["choices"] = self.choices(node, qtype, question["other"])
        if qtype in ("scale", "number"):
            question["min"], question["max"] = self.bounds(node, qtype)
        if qtype == "scale":
            question["min_label"] = self.text(node, "min_label")
            question["max_label"] = self.text(node, "max_label")
        if qtype in TEXT_TYPES:
            question["max_length"] = self.max_length(node, qtype)
        question["show_if"] = self.show_if(node, qid)
        if question["personal"] and question["feeds_ideas"]:
            self.add("S115", node.line_of("feeds_ideas"), detail="une réponse personnelle ne "
                     "peut pas alimenter les idées")
        if question["consent"] and not question["personal"]:
            self.add("S115", node.line_of("consent"), detail="la question de consentement "
                     "doit porter aussi « personal: true »")
        if qid and qid not in self.done:
            self.done[qid] = question
        return question

    def choices(self, node: Node, qtype: str, other: bool) -> list[dict]:
        raw = self.node_list(node, "choices", "dans cette question")
        if raw is None:
            return []
        choices: list[dict] = []
        seen: dict[str, int] = {}
        for item in raw:
            if not self.is_node(item, node.line_of("choices"), "choices"):
                continue
            self.keys(item, CHOICE_KEYS, "dans ce choix")
            value = self.ident(item, "value", "dans ce choix")
            label = self.text(item, "label", where="dans ce choix", required=True,
                              long_check=True)
            if value is None:
                continue
            if value in seen:
                self.add("S104", item.line_of("value"), value=value, kind="valeur de choix",
                         other=f"par le choix de la ligne {seen[value]}")
            elif other and value == OTHER_VALUE:
                self.add("S104", item.line_of("value"), value=value, kind="valeur de choix",
                         other="par l'option « other: true » (« Autre : précisez »)")
            else:
                seen[value] = item.line_of("value")
                choices.append({"value": value, "label": label, "line": item.line})
        if len(choices) < 2 and len(raw) < 2:
            self.add("S107", node.line_of("choices"), type=qtype, count=len(raw))
        return choices

    def bounds(self, node: Node, qtype: str) -> tuple[float | None, float | None]:
        default = DEFAULT_SCALE if qtype == "scale" else (None, None)
        low, high = node.get("min", default[0]), node.get("max", default[1])
        numbers = (int,) if qtype == "scale" else (int, float)
        for key, value in (("min", low), ("max", high)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, numbers)):
                kind = "entier" if qtype == "scale" else ""
                self.add("S109", node.line_of(key), detail=f"{key} vaut « {value} », qui n'est "
                         f"pas un nombre {kind}".rstrip())
                return default
        if low is not None and high is not None:
            if low >= high:
                self.add("S109", node.line_of("max"), detail=f"min ({low}) doit être plus "
                         f"petit que max ({high})")
                return default
            if qtype == "scale" and high - low + 1 > MAX_SCALE_POINTS:
                self.add("S109", node.line_of("max"), detail=f"de {low} à {high}, l'échelle "
                         f"a {high - low + 1} points")
                return default
        return low, high

    def max_length(self, node: Node, qtype: str) -> int:
        value = node.get("max_length", DEFAULT_MAX_LENGTH[qtype])
        if isinstance(value, bool) or not isinstance(value, int) \
                or not 1 <= value <= MAX_MAX_LENGTH:
            self.add("S111", node.line_of("max_length"), field="max_length",
                     detail=f"« {value} »", expected=f"un nombre entier de 1 à {MAX_MAX_LENGTH}")
            return DEFAULT_MAX_LENGTH[qtype]
        return value

    def show_if(self, node: Node, qid: str | None) -> dict | None:
        raw = node.get("show_if")
        if raw is None:
            return None
        line = node.line_of("show_if")
        if not isinstance(raw, Node):
            self.add("S113", line, detail="une condition s'écrit entre accolades")
            return None
        self.keys(raw, ("question", *SHOW_IF_OPERATORS), "dans la condition show_if")
        target = raw.get("question")
        operators = [op for op in SHOW_IF_OPERATORS if op in raw]
        if not isinstance(target, str) or not target:
            self.add("S113", line, detail="il manque « question: » (l'identifiant de la "
                     "question dont dépend celle-ci)")
            return None
        if len(operators) != 1:
            self.add("S113", line, detail=f"il faut exactement une clé parmi "
                     f"{', '.join(SHOW_IF_OPERATORS)} (trouvé : {len(operators)})")
            return None
        if target not in self.done:
            order, later_line = self.positions.get(target, (None, None))
            if target == qid:
                self.add("S106", line, value=target, where="est cette question elle-même")
            elif order is not None:
                self.add("S106", line, value=target,
                         where=f"vient plus loin dans le questionnaire (ligne {later_line})")
            else:
                self.add("S105", line, value=target, available=_listing(self.done))
            return None
        return self.condition(raw, line, self.done[target], operators[0])

    def condition(self, raw: Node, line: int, target: dict, operator: str) -> dict | None:
        operand = raw[operator]
        name, ttype = target["id"], target["type"]
        if operator in ("is_yes", "answered"):
            if operand is not True:
                self.add("S113", line, detail=f"écrivez « {operator}: true »")
                return None
            if operator == "is_yes" and ttype != "yes_no":
                self.add("S113", line, detail=f"« is_yes » demande une question yes_no, or "
                         f"« {name} » est de type {ttype}")
                return None
            return {"question": name, "operator": operator, "values": []}
        values = operand if operator == "in" else [operand]
        if not isinstance(values, list) or not values or not all(
                isinstance(v, str | int) and not isinstance(v, bool) for v in values):
            self.add("S113", line, detail=f"« {operator} » attend "
                     + ("une liste de valeurs de choix" if operator == "in" else
                        "une valeur de choix"))
            return None
        if ttype not in ("single_choice", "multiple_choice"):
            self.add("S113", line, detail=f"« {operator} » demande une question à choix, or "
                     f"« {name} » est de type {ttype}"
                     + (" (écrivez « is_yes: true »)" if ttype == "yes_no" else ""))
            return None
        known = [c["value"] for c in target["choices"]] + ([OTHER_VALUE] if target["other"]
                                                           else [])
        values = [str(v) for v in values]
        for value in values:
            if value not in known:
                self.add("S113", line, detail=f"« {value} » n'est pas un choix de la question "
                         f"« {name} » (choix : {_listing(known)})")
                return None
        return {"question": name, "operator": operator, "values": values}

    def whole_survey(self, survey: dict) -> None:
        questions = [q for s in survey["sections"] for q in s["questions"] if q["type"]]
        answers = [q for q in questions if not q["personal"]]
        if answers and not any(q["required"] for q in answers):
            self.add("W201", None)
        personal = [q for q in questions if q["personal"]]
        if personal and not any(q["consent"] for q in personal):
            self.add("W204", personal[0]["line"])
        seconds = estimate_seconds((q["type"], len(q["choices"]), q["show_if"] is not None)
                                   for q in answers)
        if seconds > TARGET_SECONDS * 1.2:
            self.add("W203", None, minutes=round(seconds / 60))
