"""One record of an Aides-territoires export, read into plain values and a Scheme.

Never raises for a bad record: what cannot be read is left out and said, in French, in the
record's :class:`RecordReport`; a record without ``id`` or ``name`` is not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ruralites.orientation import territory as territories
from ruralites.orientation.aides_territoires_mapping import AidMapping, fold_key
from ruralites.orientation.catalogue import Scheme
from ruralites.orientation.html_text import html_to_text
from ruralites.orientation.territory import Territory
from ruralites.orientation.vocabulary import CARRIERS, OFFERS, STAGES, theme_labels
from ruralites.text import fold

AIDES_TERRITOIRES_PAGE = "https://aides-territoires.beta.gouv.fr/aides/{slug}/"

_LIST_FIELDS = (
    "financers", "instructors", "programs",
    "mobilization_steps", "targeted_audiences", "aid_types", "categories",
)  # fmt: skip
_HTML_FIELDS = {"description": "la description", "eligibility": "les conditions d'éligibilité",
                "contact": "le contact"}  # fmt: skip
_TEXT_FIELDS = ("slug", "short_title", "recurrence")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class ImportedAid:
    """One Aides-territoires record as read: texts plain, values as Aides-territoires wrote
    them, and the Scheme it maps to. ``id`` is the key a re-import updates by."""

    id: str
    slug: str
    name: str
    short_title: str
    financers: tuple[str, ...]
    instructors: tuple[str, ...]
    programs: tuple[str, ...]
    description: str
    eligibility: str
    contact: str
    perimeter: str
    mobilization_steps: tuple[str, ...]
    targeted_audiences: tuple[str, ...]
    aid_types: tuple[str, ...]
    categories: tuple[str, ...]
    submission_deadline: dt.date | None
    recurrence: str
    origin_url: str
    application_url: str
    date_updated: dt.datetime | None
    scheme: Scheme


@dataclass(frozen=True, slots=True)
class RecordReport:
    """What happened to one record of the file: imported or not, and why, in French."""

    position: int  # 1 for the first record of the file
    aid_id: str
    name: str
    imported: bool
    problems: tuple[str, ...]

    @property
    def label(self) -> str:
        parts = [f"id {self.aid_id}"] if self.aid_id else []
        if self.name:
            parts.append(f"« {self.name} »")
        return f"Fiche n° {self.position}" + (f" ({', '.join(parts)})" if parts else "")

    @property
    def message(self) -> str:
        """One French paragraph: the record, its fate, its problems."""
        fate = "importée" if self.imported else "non importée"
        if not self.problems:
            return f"{self.label} : {fate}."
        return f"{self.label} : {fate} — " + " ; ".join(self.problems) + "."


@dataclass
class _Reader:
    """Reads one record, collecting its problems."""

    raw: Mapping[str, Any]
    problems: list[str] = field(default_factory=list)
    bad_deadline: str = ""

    def text(self, name: str) -> str:
        value = self.raw.get(name)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problems.append(f"« {name} » n'est pas un texte : ignoré")
            return ""
        return " ".join(str(value).split())

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problems.append(f"« {name} » devrait être une liste : ignoré")
            return ()
        kept: list[str] = []
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                item = item["name"]
            if isinstance(item, str) and item.strip():
                kept.append(" ".join(item.split()))
            elif item is not None:
                self.problems.append(f"une valeur de « {name} » n'est pas un texte : ignorée")
        return tuple(dict.fromkeys(kept))

    def html(self, name: str) -> str:
        value = self.raw.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problems.append(f"« {name} » n'est pas un texte : ignoré")
            return ""
        plain = html_to_text(value)
        if plain.active_content:
            tags = ", ".join(f"<{tag}>" for tag in plain.active_content)
            self.problems.append(
                f"{_HTML_FIELDS[name]} contenait du code actif ({tags}) : il a été retiré, "
                "seul le texte est importé"
            )
        return plain.text

    def url(self, name: str) -> str:
        value = self.text(name)
        if value and not value.lower().startswith(("https://", "http://")):
            self.problems.append(f"« {name} » n'est pas une adresse web (http ou https) : ignoré")
            return ""
        return value

    def deadline(self) -> dt.date | None:
        value = self.raw.get("submission_deadline")
        if value in (None, ""):
            return None
        if isinstance(value, str) and _DATE_RE.match(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                pass
        self.bad_deadline = str(value)
        self.problems.append(
            f"date limite illisible « {value} » : la fiche n'est pas recommandée tant que la "
            "date n'est pas corrigée"
        )
        return None

    def updated(self) -> dt.datetime | None:
        value = self.raw.get("date_updated")
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                return dt.datetime.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problems.append(f"date de mise à jour illisible « {value} » : ignorée")
        return None


def _identifier(value: object) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return ""


def _map(
    values: Iterable[str],
    table: Mapping[str, tuple[str, ...] | None],
    vocabulary: Iterable[str],
    what: str,
    problems: list[str],
) -> tuple[tuple[str, ...], bool]:
    """Values mapped through a table, in the vocabulary's order; True when any means all."""
    found: set[str] = set()
    every = False
    for value in values:
        mapped = table.get(fold_key(value), False)
        if mapped is False:
            problems.append(_unknown(what, value))
        elif mapped is None:
            every = True
        else:
            found.update(mapped)
    return tuple(v for v in vocabulary if v in found), every


def _unknown(what: str, value: str) -> str:
    return (
        f"{what} « {value} » : sans effet sur la recommandation tant que cette valeur "
        "n'est pas ajoutée à aides_territoires_mapping.yaml"
    )


def _territory(perimeter: str, tables: AidMapping, problems: list[str]) -> Territory:
    if not perimeter:
        problems.append("périmètre non précisé : la fiche ne sera recommandée à aucune commune")
        return territories.unresolved("non précisé")
    found = tables.perimeters.get(fold_key(perimeter)) or territories.resolve_name(perimeter)
    if found is None:
        problems.append(
            f"périmètre « {perimeter} » non reconnu : la fiche ne sera recommandée à aucune "
            "commune tant qu'il n'est pas ajouté à aides_territoires_mapping.yaml (perimeters)"
        )
        return territories.unresolved(perimeter)
    return found


def _slug_for(aid_id: str) -> str:
    return "at-" + (re.sub(r"[^a-z0-9]+", "-", fold(aid_id)).strip("-") or "sans-id")


def read_record(
    raw: object, position: int, tables: AidMapping
) -> tuple[ImportedAid | None, RecordReport]:
    """One record (``position`` from 1) read with the mapping tables: the aid, or None when it
    cannot be imported, and in both cases its report."""
    if not isinstance(raw, dict):
        return None, RecordReport(position, "", "", False,
                                  ("ce n'est pas une fiche (objet JSON attendu) : ignorée",))
    reader = _Reader(raw)
    aid_id = _identifier(raw.get("id"))
    name_value = raw.get("name")
    name = " ".join(name_value.split()) if isinstance(name_value, str) else ""
    refusals = []
    if not aid_id:
        refusals.append(
            "identifiant « id » manquant ou invalide : sans lui, une nouvelle importation ne "
            "pourrait pas mettre la fiche à jour"
        )
    if not name:
        refusals.append("nom « name » manquant ou vide")
    if refusals:
        return None, RecordReport(position, aid_id, name, False, tuple(refusals))

    texts = {n: reader.text(n) for n in _TEXT_FIELDS}
    lists = {n: reader.strings(n) for n in _LIST_FIELDS}
    htmls = {n: reader.html(n) for n in _HTML_FIELDS}
    perimeter_value = raw.get("perimeter")
    if isinstance(perimeter_value, dict):
        perimeter_value = perimeter_value.get("name")
    perimeter = " ".join(perimeter_value.split()) if isinstance(perimeter_value, str) else ""
    if perimeter_value is not None and not isinstance(perimeter_value, str):
        reader.problems.append("« perimeter » n'est pas un texte : ignoré")
    deadline = reader.deadline()
    updated = reader.updated()
    origin_url = reader.url("origin_url")
    application_url = reader.url("application_url")

    problems = reader.problems
    stages, every_stage = _map(lists["mobilization_steps"], tables.stages, STAGES,
                               "étape inconnue", problems)  # fmt: skip
    carriers, every_carrier = _map(lists["targeted_audiences"], tables.carriers, CARRIERS,
                                   "bénéficiaire inconnu", problems)  # fmt: skip
    offer, _ = _map(lists["aid_types"], tables.offer, OFFERS, "nature d'aide inconnue", problems)
    if not lists["mobilization_steps"]:
        problems.append("aucune étape indiquée : la fiche est proposée à toutes les étapes")
    if not lists["targeted_audiences"]:
        problems.append("aucun bénéficiaire indiqué : la fiche est proposée à tous les porteurs")
    if not lists["mobilization_steps"] or every_stage:
        stages = tuple(STAGES)
    if not lists["targeted_audiences"] or every_carrier:
        carriers = tuple(CARRIERS)
    themes: set[str] = set()
    all_themes = not lists["categories"]
    for category in lists["categories"]:
        mapped = tables.theme_of(category)
        if mapped is False:
            problems.append(_unknown("catégorie inconnue", category))
        elif mapped is None:
            all_themes = True
        else:
            themes.update(mapped)
    if not lists["categories"]:
        problems.append("aucune catégorie : la fiche est proposée pour toutes les thématiques")
    operator = ", ".join(lists["financers"]) or ", ".join(lists["instructors"])
    if not operator:
        operator = "Porteur non précisé (Aides-territoires)"
        problems.append("ni porteur (financers) ni instructeur (instructors) indiqué")
    where = _territory(perimeter, tables, problems)

    conditions = [htmls["eligibility"]]
    if lists["instructors"]:
        conditions.append("Instruction : " + ", ".join(lists["instructors"]))
    if lists["programs"]:
        conditions.append("Programmes : " + ", ".join(lists["programs"]))
    if texts["recurrence"]:
        conditions.append("Récurrence : " + texts["recurrence"])
    at_slug = texts["slug"]
    urls = [AIDES_TERRITOIRES_PAGE.format(slug=at_slug)] if re.fullmatch(
        r"[a-z0-9-]+", at_slug) else []  # fmt: skip
    urls += [u for u in (origin_url, application_url) if u and u not in urls]
    scheme = Scheme(
        slug=_slug_for(aid_id),
        name=name,
        short_name=texts["short_title"] or name,
        operator=operator,
        description=htmls["description"],
        offer=offer,
        stages=stages,
        carriers=carriers,
        themes=() if all_themes else tuple(t for t in theme_labels() if t in themes),
        all_themes=all_themes,
        territory=where,
        conditions="\n\n".join(c for c in conditions if c),
        source_urls=tuple(urls),
        checked_on=updated.date() if updated else None,
        confidence="confirmed",
        confidence_note="fiche Aides-territoires, correspondances faites automatiquement",
        source="aides-territoires",
        submission_deadline=deadline,
        not_for_orientation=(
            f"date limite illisible dans Aides-territoires (« {reader.bad_deadline} ») : "
            "à vérifier avant d'orienter" if reader.bad_deadline else ""
        ),
        contact=htmls["contact"],
        external_id=aid_id,
    )
    aid = ImportedAid(
        id=aid_id,
        slug=at_slug,
        name=name,
        short_title=texts["short_title"],
        financers=lists["financers"],
        instructors=lists["instructors"],
        programs=lists["programs"],
        description=htmls["description"],
        eligibility=htmls["eligibility"],
        contact=htmls["contact"],
        perimeter=perimeter,
        mobilization_steps=lists["mobilization_steps"],
        targeted_audiences=lists["targeted_audiences"],
        aid_types=lists["aid_types"],
        categories=lists["categories"],
        submission_deadline=deadline,
        recurrence=texts["recurrence"],
        origin_url=origin_url,
        application_url=application_url,
        date_updated=updated,
        scheme=scheme,
    )
    return aid, RecordReport(position, aid_id, name, True, tuple(problems))
