"""The support-scheme catalogue (dispositifs d'accompagnement): load, validate, describe.

The shipped catalogue is ``data/dispositifs.yaml``, transcribed from the reference compilation
of Breton schemes. Staff entries and Aides-territoires imports become the same :class:`Scheme`,
told apart by ``source``. A broken entry is refused with a French message that names the file,
the line, the entry and the field.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ruralites.errors import UserError
from ruralites.orientation import territory as territories
from ruralites.orientation.territory import Territory, TerritoryError
from ruralites.orientation.vocabulary import (
    CARRIERS,
    CONFIDENCE,
    DATA_DIR,
    LIMITS,
    OFFERS,
    ROLES,
    SOURCES,
    STAGES,
    theme_labels,
)

CATALOGUE_FILE = DATA_DIR / "dispositifs.yaml"

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ALL = "all"


class SchemeError(UserError, ValueError):
    """A support scheme that cannot be used as written; the message is for users, in French."""

    def __init__(self, problems: list[str] | str) -> None:
        # Each problem on its own, in the order found; the message is all of them, one a line.
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Scheme:
    """One support scheme, whatever its source (catalogue, Aides-territoires, staff)."""

    slug: str
    name: str  # full name
    short_name: str
    operator: str  # who runs it; never empty
    description: str  # short French description
    offer: tuple[str, ...]  # OFFERS keys
    stages: tuple[str, ...]  # STAGES keys, in project order
    carriers: tuple[str, ...]  # CARRIERS keys
    themes: tuple[str, ...]  # theme slugs; empty when all_themes
    all_themes: bool
    territory: Territory
    conditions: str = ""  # plain French text a staff member reads
    limits: tuple[str, ...] = ()  # LIMITS keys: published limits
    population_under: int | None = None  # only communes with fewer inhabitants
    source_urls: tuple[str, ...] = ()
    checked_on: dt.date | None = None
    confidence: str = "confirmed"  # CONFIDENCE keys
    confidence_note: str = ""
    role: str = ""  # ROLES key, or "" for an ordinary scheme
    not_for_orientation: str = ""  # French reason; when set the scheme is never recommended
    source: str = "catalogue"  # SOURCES
    submission_deadline: dt.date | None = None
    contact: str = ""
    external_id: str = ""  # the Aides-territoires id: a re-import updates by it
    row: int | None = None  # the row of the reference compilation it was transcribed from

    def covers_theme(self, theme: str) -> bool:
        return self.all_themes or theme in self.themes

    @property
    def recommendable(self) -> bool:
        return not self.not_for_orientation


_REQUIRED = ("slug", "name", "operator", "offer", "stages", "carriers", "themes", "territory")
_REQUIRED_IN_CATALOGUE = ("description", "source_urls", "checked_on", "confidence")
_OPTIONAL = (
    "short_name", "conditions", "limits", "population_under", "confidence_note", "role",
    "not_for_orientation", "submission_deadline", "contact", "row",
)  # fmt: skip
_FIELDS = frozenset(_REQUIRED + _REQUIRED_IN_CATALOGUE + _OPTIONAL)


class _Problems:
    """Collects the problems of one entry, each naming where it is."""

    def __init__(self, where: str, entry: Mapping[str, Any], position: int | None) -> None:
        slug = entry.get("slug") if isinstance(entry, Mapping) else None
        name = f"dispositif « {slug} »" if isinstance(slug, str) and slug else (
            f"dispositif n° {position}" if position else "dispositif sans identifiant"
        )
        self.prefix = f"{where}{name}"
        self.found: list[str] = []

    def add(self, field: str, what: str) -> None:
        self.found.append(f"{self.prefix}, champ « {field} » : {what}")


def _text(
    entry: Mapping[str, Any], field: str, problems: _Problems, *, required: bool, hint: str = ""
) -> str:
    value = entry.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(field, "vide ; ce champ est obligatoire" + (f" : {hint}" if hint else ""))
        return ""
    if not isinstance(value, str):
        problems.add(field, "doit être un texte")
        return ""
    return " ".join(value.split()) if field != "conditions" else value.strip()


def _choices(
    entry: Mapping[str, Any],
    field: str,
    allowed: Mapping[str, str] | frozenset[str],
    problems: _Problems,
    *,
    may_be_empty: bool,
    may_be_all: bool = False,
) -> tuple[str, ...]:
    value = entry.get(field)
    if value is None:
        value = []
    if may_be_all and value == _ALL:
        return tuple(allowed)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.add(field, "doit être une liste")
        return ()
    unknown = [str(v) for v in value if not isinstance(v, str) or v not in allowed]
    if unknown:
        problems.add(
            field,
            f"valeur inconnue {', '.join(f'« {v} »' for v in unknown)} "
            f"(valeurs admises : {', '.join(allowed)}"
            + (", ou « all »)" if may_be_all else ")"),
        )
        return ()
    if not value and not may_be_empty:
        problems.add(field, "liste vide ; indiquez au moins une valeur")
    ordered = [key for key in allowed if key in value]  # the vocabulary's order, no repeats
    return tuple(ordered)


def _date(
    entry: Mapping[str, Any], field: str, problems: _Problems, *, required: bool
) -> dt.date | None:
    value = entry.get(field)
    if value is None or value == "":
        if required:
            problems.add(field, "date manquante (format AAAA-MM-JJ)")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.add(field, f"date invalide « {value} » (format AAAA-MM-JJ, ex. 2026-12-01)")
        return None


def parse_scheme(
    entry: Mapping[str, Any],
    *,
    source: str = "staff",
    known_themes: Mapping[str, str] | frozenset[str] | None = None,
    where: str = "",
    position: int | None = None,
) -> Scheme:
    """Validate one entry (a mapping as written in YAML or typed by staff) into a Scheme.

    ``known_themes`` defaults to the shipped theme catalogue. ``where`` prefixes each message
    (e.g. "dispositifs.yaml, ligne 12, "). Raises SchemeError listing every problem found.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown scheme source {source!r}")
    themes_allowed = known_themes if known_themes is not None else theme_labels()
    if not isinstance(entry, Mapping):
        label = f"dispositif n° {position}" if position else "dispositif"
        raise SchemeError(f"{where}{label} : attendu un tableau de champs (clé : valeur)")
    problems = _Problems(where, entry, position)
    in_catalogue = source == "catalogue"

    for field in sorted(set(entry) - _FIELDS, key=str):
        problems.add(str(field), "champ inconnu (faute de frappe ?)")

    slug = _text(entry, "slug", problems, required=True)
    if slug and not _SLUG_RE.match(slug):
        problems.add("slug", f"« {slug} » : lettres minuscules, chiffres et tirets seulement")
    name = _text(entry, "name", problems, required=True)
    short_name = _text(entry, "short_name", problems, required=False) or name
    operator = _text(entry, "operator", problems, required=True,
                     hint="indiquez qui porte le dispositif (ex. « Région Bretagne »)")  # fmt: skip
    description = _text(entry, "description", problems, required=in_catalogue)
    conditions = _text(entry, "conditions", problems, required=False)
    not_for_orientation = _text(entry, "not_for_orientation", problems, required=False)
    excluded = bool(not_for_orientation)

    offer = _choices(entry, "offer", OFFERS, problems, may_be_empty=False)
    stages = _choices(entry, "stages", STAGES, problems, may_be_empty=excluded)
    carriers = _choices(entry, "carriers", CARRIERS, problems, may_be_empty=excluded,
                        may_be_all=True)  # fmt: skip
    limits = _choices(entry, "limits", LIMITS, problems, may_be_empty=True)

    all_themes = entry.get("themes") == _ALL
    themes: tuple[str, ...] = ()
    if not all_themes:
        raw = entry.get("themes")
        if raw is None:
            problems.add("themes", "manquant ; une liste de thématiques, ou « all »")
        elif not isinstance(raw, list) or not raw:
            problems.add("themes", "une liste non vide de thématiques, ou « all »")
        else:
            unknown = [str(t) for t in raw if not isinstance(t, str) or t not in themes_allowed]
            if unknown:
                problems.add(
                    "themes",
                    f"thématique inconnue {', '.join(f'« {t} »' for t in unknown)} "
                    f"(connues : {', '.join(themes_allowed)})",
                )
            else:
                themes = tuple(dict.fromkeys(raw))

    where_: Territory = territories.FRANCE  # replaced below, or the entry is refused
    if "territory" not in entry or entry.get("territory") in (None, ""):
        problems.add("territory", "manquant (ex. « bretagne », [\"22\", \"29\"] ou « france »)")
    else:
        try:
            where_ = territories.from_data(entry["territory"])
        except TerritoryError as exc:
            problems.add("territory", str(exc))

    population_under = entry.get("population_under")
    if population_under is not None and (
        isinstance(population_under, bool)
        or not isinstance(population_under, int)
        or population_under <= 0
    ):
        problems.add("population_under", "un nombre entier d'habitants, supérieur à 0")
        population_under = None

    urls = entry.get("source_urls")
    source_urls: tuple[str, ...] = ()
    if urls is None or urls == []:
        if in_catalogue:
            problems.add("source_urls", "aucune source ; citez au moins une adresse")
    elif not isinstance(urls, list) or not all(isinstance(u, str) and u.strip() for u in urls):
        problems.add("source_urls", "une liste d'adresses (textes non vides)")
    else:
        source_urls = tuple(u.strip() for u in urls)

    checked_on = _date(entry, "checked_on", problems, required=in_catalogue)
    deadline = _date(entry, "submission_deadline", problems, required=False)

    confidence = entry.get("confidence", None if in_catalogue else "confirmed")
    if confidence not in CONFIDENCE:
        problems.add(
            "confidence",
            f"valeur inconnue « {confidence} » (valeurs admises : {', '.join(CONFIDENCE)})",
        )
        confidence = "unverified"
    confidence_note = _text(entry, "confidence_note", problems, required=False)

    role = entry.get("role") or ""
    if role and role not in ROLES:
        problems.add("role", f"valeur inconnue « {role} » (valeurs admises : {', '.join(ROLES)})")
        role = ""

    contact = _text(entry, "contact", problems, required=False)
    row = entry.get("row")
    if row is not None and (isinstance(row, bool) or not isinstance(row, int)):
        problems.add("row", "un numéro de ligne (nombre entier)")
        row = None

    if problems.found:
        raise SchemeError(problems.found)
    return Scheme(
        slug=slug,
        name=name,
        short_name=short_name,
        operator=operator,
        description=description,
        offer=offer,
        stages=stages,
        carriers=carriers,
        themes=themes,
        all_themes=all_themes,
        territory=where_,
        conditions=conditions,
        limits=limits,
        population_under=population_under,
        source_urls=source_urls,
        checked_on=checked_on,
        confidence=confidence,
        confidence_note=confidence_note,
        role=role,
        not_for_orientation=not_for_orientation,
        source=source,
        submission_deadline=deadline,
        contact=contact,
        row=row,
    )


class _DatesAsText(yaml.SafeLoader):
    """Safe YAML loader that keeps dates as text, so that a bad date is reported with its
    entry and field instead of failing the whole file."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_catalogue(path: Path | str = CATALOGUE_FILE) -> tuple[Scheme, ...]:
    """Every scheme of a catalogue file, in file order; SchemeError lists all broken entries."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise SchemeError(f"{name} : fichier illisible (absent, ou pas en UTF-8)") from None
    loader = _DatesAsText(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f", ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        raise SchemeError(f"{name}{at} : ce n'est pas du YAML valide") from None
    except yaml.YAMLError:
        raise SchemeError(f"{name} : ce n'est pas du YAML valide") from None
    finally:
        loader.dispose()
    entries = data.get("schemes") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SchemeError(f"{name} : attendu une clé « schemes » suivie de la liste des dispositifs")
    if not entries:
        raise SchemeError(f"{name} : la liste « schemes » est vide")
    lines = _entry_lines(node)
    problems: list[str] = []
    schemes: list[Scheme] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(entries, start=1):
        line = lines[position - 1] if position - 1 < len(lines) else None
        where = f"{name}, ligne {line}, " if line else f"{name}, "
        try:
            scheme = parse_scheme(entry, source="catalogue", where=where, position=position)
        except SchemeError as exc:
            problems += exc.problems
            continue
        if scheme.slug in seen:
            problems.append(
                f"{where}dispositif « {scheme.slug} », champ « slug » : déjà utilisé par le "
                f"dispositif n° {seen[scheme.slug]} ; chaque identifiant est unique"
            )
            continue
        seen[scheme.slug] = position
        schemes.append(scheme)
    if problems:
        raise SchemeError(problems)
    return tuple(schemes)


def _entry_lines(document: yaml.Node | None) -> list[int]:
    """The line (from 1) where each entry of the ``schemes`` list starts."""
    if not isinstance(document, yaml.MappingNode):
        return []
    for key, value in document.value:
        if key.value == "schemes" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


@functools.cache
def catalogue() -> tuple[Scheme, ...]:
    """The shipped catalogue, loaded once per process."""
    return load_catalogue(CATALOGUE_FILE)


def by_slug(schemes: tuple[Scheme, ...] | list[Scheme], slug: str) -> Scheme:
    """The scheme with this slug; SchemeError (French) if there is none."""
    for scheme in schemes:
        if scheme.slug == slug:
            return scheme
    raise SchemeError(f"Aucun dispositif « {slug} » dans le catalogue.")
