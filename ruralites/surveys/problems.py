"""Problems in questionnaire files: the coded catalogue, a line-keeping YAML reader, hashing.

In the manner of pyxform's `ErrorCode` catalogue, every problem says where (file, line,
question), what is wrong and how to fix it, in French. Errors (`S…`) make the file unusable and
are raised by `ruralites.surveys.load_survey`; warnings (`W…`) are returned and never block.
The rules themselves live in `ruralites.surveys_check`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ruralites.errors import UserError
from ruralites.text import fold

QUESTION_TYPES = (
    "single_choice",
    "multiple_choice",
    "scale",
    "short_text",
    "long_text",
    "number",
    "ranking",
    "yes_no",
)
CHOICE_TYPES = ("single_choice", "multiple_choice", "ranking")
TEXT_TYPES = ("short_text", "long_text")
DEFAULT_MAX_LENGTH = {"short_text": 300, "long_text": 3000}
MAX_MAX_LENGTH = 20_000
MAX_SCALE_POINTS = 11
DEFAULT_SCALE = (1, 5)
LONG_LABEL = 200
TARGET_SECONDS = 300
OTHER_VALUE = "autre"

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
LANG_CODE = re.compile(r"^[a-z]{2,3}$")
SHOW_IF_OPERATORS = ("equals", "in", "is_yes", "answered")

SURVEY_KEYS = ("id", "title", "description", "languages", "sections")
SECTION_KEYS = ("id", "title", "help", "questions")
CHOICE_KEYS = ("value", "label")
QUESTION_KEYS = ("id", "type", "label", "required", "help", "choices", "other", "min", "max",
                 "min_label", "max_label", "max_length", "show_if", "feeds_ideas", "personal",
                 "consent")
# Options that only make sense for some types (S114).
OPTION_TYPES = {
    "choices": CHOICE_TYPES,
    "other": ("single_choice", "multiple_choice"),
    "min": ("scale", "number"),
    "max": ("scale", "number"),
    "min_label": ("scale",),
    "max_label": ("scale",),
    "max_length": TEXT_TYPES,
    "feeds_ideas": TEXT_TYPES,
    "consent": ("yes_no",),
}


@dataclass(frozen=True)
class Detail:
    """One entry of the catalogue: a short English name, the French message and fix."""

    name: str
    message: str
    fix: str


CATALOGUE: dict[str, Detail] = {
    "S100": Detail("unreadable file", "Impossible de lire le fichier : {detail}.",
                   "Vérifiez le chemin du fichier et qu'il est enregistré en UTF-8."),
    "S101": Detail("YAML syntax", "Le fichier n'est pas un YAML valide : {detail}.",
                   "Vérifiez l'indentation (des espaces, jamais de tabulation), le « : » après "
                   "chaque clé, et mettez entre guillemets les textes qui contiennent « : » ou "
                   "« # »."),
    "S102": Detail("missing field", "Le champ obligatoire « {field} » manque {where}.",
                   "Ajoutez une ligne « {field}: … » {where}."),
    "S103": Detail("unknown question type", "Le type de question « {value} » n'existe pas.",
                   "Utilisez l'un de ces types : {allowed}.{suggestion}"),
    "S104": Detail("duplicate id", "L'identifiant « {value} » est déjà utilisé {other}.",
                   "Chaque {kind} doit avoir un identifiant unique : renommez l'un des deux."),
    "S105": Detail("show_if to unknown question",
                   "La condition show_if renvoie à la question « {value} », qui n'existe pas.",
                   "Vérifiez l'orthographe ; questions posées avant celle-ci : {available}."),
    "S106": Detail("show_if to itself or a later question",
                   "La condition show_if renvoie à la question « {value} », qui {where}.",
                   "Une condition ne peut dépendre que d'une question posée avant : déplacez "
                   "la question « {value} » plus haut ou retirez la condition."),
    "S107": Detail("too few choices",
                   "La question de type {type} propose {count} choix ; il en faut au moins deux.",
                   "Ajoutez des choix sous « choices: », chacun avec « value » et « label », ou "
                   "utilisez le type yes_no pour une question oui/non."),
    "S108": Detail("missing translation",
                   "La traduction « {lang} » manque dans le texte « {field} ».",
                   "Écrivez ce texte sous la forme « {field}: {{fr: …, {lang}: …}} », ou retirez "
                   "« {lang} » de « languages »."),
    "S109": Detail("bad bounds", "Les bornes sont incorrectes : {detail}.",
                   "Indiquez des nombres avec min plus petit que max, par exemple « min: 1 » et "
                   "« max: 5 » ; une échelle a au plus 11 points."),
    "S110": Detail("invalid id", "L'identifiant « {value} » n'est pas valide.",
                   "Utilisez seulement des minuscules sans accent, des chiffres, « - » ou « _ » "
                   "(60 caractères au plus), par exemple « {suggestion} »."),
    "S111": Detail("invalid value", "La valeur de « {field} » n'est pas valide : {detail}.",
                   "Attendu : {expected}."),
    "S112": Detail("unknown field", "Le champ « {field} » n'est pas reconnu {where}.",
                   "Vérifiez l'orthographe{suggestion} ; champs possibles : {allowed}."),
    "S113": Detail("malformed show_if", "La condition show_if est incorrecte : {detail}.",
                   "Écrivez par exemple « show_if: {{question: age, equals: moins-18}} », ou "
                   "avec « in: [a, b] », « is_yes: true » ou « answered: true » (une seule de "
                   "ces clés)."),
    "S114": Detail("option not for this type",
                   "L'option « {field} » ne s'applique pas au type {type}.",
                   "Retirez « {field} » ou changez le type ; cette option sert pour : {types}."),
    "S115": Detail("personal data mixed with answers",
                   "Les coordonnées personnelles doivent rester à part : {detail}.",
                   "Regroupez les questions « personal: true » dans une section de contact qui "
                   "ne contient qu'elles, sans « feeds_ideas »."),
    "S116": Detail("bad languages", "La liste des langues est incorrecte : {detail}.",
                   "Écrivez par exemple « languages: [fr, br] » ; le français (fr) doit y "
                   "figurer, il sert de langue de secours."),
    "S117": Detail("undeclared language",
                   "Le texte « {field} » a une traduction « {lang} », langue non déclarée.",
                   "Ajoutez « {lang} » à « languages » en tête du fichier, ou corrigez le code "
                   "de langue."),
    "S118": Detail("duplicate YAML key", "La clé « {field} » est écrite deux fois ici.",
                   "Gardez une seule ligne « {field}: … » : la seconde effacerait la première."),
    "W201": Detail("no required question", "Aucune question n'est obligatoire.",
                   "Ce n'est pas bloquant ; marquez « required: true » les questions sans "
                   "lesquelles une réponse ne sert à rien."),
    "W202": Detail("long text", "Le texte « {field} » est long ({count} caractères).",
                   "On lit sur tablette : visez moins de {limit} caractères et mettez les "
                   "précisions dans « help »."),
    "W203": Detail("long questionnaire",
                   "Le questionnaire demandera environ {minutes} minutes à remplir.",
                   "Au-delà de 5 minutes beaucoup de personnes abandonnent : retirez des "
                   "questions ou rendez-en certaines conditionnelles (show_if)."),
    "W204": Detail("contact without consent",
                   "Des coordonnées sont demandées sans question de consentement.",
                   "Ajoutez une question yes_no avec « personal: true » et « consent: true », "
                   "par exemple « Acceptez-vous que nous gardions ces coordonnées pour vous "
                   "recontacter ? »."),
    "W205": Detail("empty section", "La section ne contient aucune question.",
                   "Ajoutez des questions ou retirez la section."),
}


@dataclass(frozen=True)
class Problem:
    """A coded problem found in a questionnaire file (error `S…` or warning `W…`)."""

    code: str
    message: str
    fix: str
    file: str = ""
    line: int | None = None
    question: str | None = None
    section: str | None = None

    @property
    def is_warning(self) -> bool:
        return self.code.startswith("W")

    def __str__(self) -> str:
        return format_problem(self)


class SurveyError(UserError):
    """A questionnaire file that cannot be used; `problems` lists every error found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(format_problem(p) for p in problems))


@dataclass
class Report:
    """What `check_files` found in one file."""

    path: Path
    errors: list[Problem]
    warnings: list[Problem]
    survey: Any = None  # ruralites.surveys.Survey when the file has no error

    @property
    def ok(self) -> bool:
        return not self.errors


def format_problem(problem: Problem) -> str:
    """One problem as French text: where, what (with its code), then how to fix it."""
    where = [problem.file or "questionnaire"]
    if problem.line:
        where.append(f"ligne {problem.line}")
    if problem.question:
        where.append(f"question « {problem.question} »")
    elif problem.section:
        where.append(f"section « {problem.section} »")
    kind = "avertissement" if problem.is_warning else "erreur"
    return f"{', '.join(where)} : {kind} {problem.code} — {problem.message}\n  → {problem.fix}"


def format_report(report: Report) -> str:
    """A file's report as French text, a summary line first (for the CLI)."""
    if report.ok and not report.warnings:
        return f"{report.path} : aucun problème."
    counts = [_plural(len(report.errors), "erreur"), _plural(len(report.warnings), "avertissement")]
    lines = [f"{report.path} : {', '.join(counts)}."]
    lines += [format_problem(p) for p in report.errors + report.warnings]
    return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


class _DefaultFields(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def make_problem(code: str, *, file: str = "", line: int | None = None,
                 question: str | None = None, section: str | None = None,
                 **fields: Any) -> Problem:
    detail = CATALOGUE[code]
    values = _DefaultFields(fields)
    return Problem(code, detail.message.format_map(values), detail.fix.format_map(values),
                   file, line, question, section)


# --- YAML with line numbers ------------------------------------------------------------------


class Node(dict):
    """A YAML mapping that remembers its line and the line of each key (1-based)."""

    line: int = 0

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Node:
    loader.flatten_mapping(node)
    mapping = Node(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "une clé ne peut pas être une liste ou un dictionnaire",
                key_node.start_mark) from None
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.duplicates.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


MAX_DEPTH = 30  # a questionnaire nests 6 levels; PyYAML's composer recurses once per level


class TooDeepError(yaml.YAMLError):
    def __init__(self, mark):
        super().__init__()
        self.problem_mark = mark
        self.problem = "nested too deep"


def _check_depth(text: str) -> None:
    """PyYAML builds nested values recursively: 20,000 `[` raise RecursionError. The event
    stream is read without recursion, so the depth is checked on it first."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeepError(event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_yaml(text: str) -> Any:
    """Parse YAML text into `Node` mappings; raises `yaml.YAMLError`."""
    _check_depth(text)
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 — a SafeLoader subclass


# PyYAML's messages are English: the usual ones, in French words a staff member understands.
YAML_PROBLEMS_FR = (
    ("cannot start any token", "un caractère interdit en début de valeur (une tabulation, « @ » "
                               "ou « ` ») : utilisez des espaces, mettez le texte entre "
                               "guillemets"),
    ("mapping values are not allowed", "un « : » inattendu : mettez le texte entre guillemets"),
    ("while scanning a quoted scalar", "un guillemet n'est jamais refermé"),
    ("expected <block end>", "une ligne mal alignée ou un guillemet non refermé, sur cette "
                             "ligne ou juste avant"),
    ("could not find expected ':'", "il manque un « : » après une clé, sur cette ligne ou "
                                    "juste avant"),
    ("expected ',' or ']'", "une liste entre crochets [ ] mal refermée"),
    ("expected ',' or '}'", "des accolades { } mal refermées"),
    ("found undefined alias", "un alias « * » qui ne renvoie à rien"),
    ("une clé ne peut pas", "une clé ne peut pas être une liste ou un dictionnaire"),
    ("nested too deep", f"des listes ou des sections imbriquées sur plus de {MAX_DEPTH} "
                        "niveaux (un questionnaire en compte six)"),
)


def yaml_error_problem(exc: yaml.YAMLError, file: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    english = " ".join(filter(None, [getattr(exc, "context", None),
                                     getattr(exc, "problem", None)])) or str(exc)
    detail = next((french for pattern, french in YAML_PROBLEMS_FR if pattern in english),
                  f"erreur de syntaxe (détail technique : {english})")
    return make_problem("S101", file=file, line=mark.line + 1 if mark else None, detail=detail)


def plain(value: Any) -> Any:
    """Nodes to plain dicts and lists (for hashing and storage)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def canonical_json(data: Any) -> str:
    """The parsed definition as canonical JSON: comments, quotes and layout do not count."""
    return json.dumps(plain(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def content_hash(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def slug_suggestion(value: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", fold(value)).strip("-_")[:60]
    return slug or "ma-question"
