"""A support scheme as stored: the `support_schemes` row of its source values, and a staff
override over them. Converts between rows, :class:`~.catalogue.Scheme` and the JSON an override
keeps; no query here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from ruralites.models import SupportScheme
from ruralites.orientation import territory as territories
from ruralites.orientation.catalogue import Scheme

# The fields staff may change, with what they are called on screen.
EDITABLE = {
    "name": "nom",
    "short_name": "nom court",
    "operator": "opérateur",
    "description": "description",
    "conditions": "conditions",
    "contact": "contact",
    "offer": "offre",
    "stages": "étapes",
    "carriers": "porteurs",
    "themes": "thématiques",
    "all_themes": "toutes thématiques",
    "territory": "territoire",
    "limits": "limites publiées",
    "population_under": "population maximale",
    "source_urls": "sources",
    "submission_deadline": "date limite",
    "checked_on": "vérifié le",
    "not_for_orientation": "écarté de l'orientation",
}
_TUPLES = ("offer", "stages", "carriers", "themes", "limits", "source_urls")
_DATES = ("submission_deadline", "checked_on")


def to_json(field: str, value: Any) -> Any:
    """One Scheme field as JSON (for an override)."""
    if field in _TUPLES:
        return list(value)
    if field in _DATES:
        return value.isoformat() if value else None
    if field == "territory":
        return territories.to_json(value)
    return value


def from_json(field: str, value: Any) -> Any:
    """One override value back to the Scheme field's type."""
    if field in _TUPLES:
        return tuple(value or ())
    if field in _DATES:
        return dt.date.fromisoformat(value) if value else None
    if field == "territory":
        return territories.from_json(value or {})
    return value


def write(row: SupportScheme, scheme: Scheme) -> bool:
    """The row's source values set from `scheme`; True if any changed."""
    values = {
        "slug": scheme.slug,
        "source": scheme.source,
        "external_id": scheme.external_id or None,
        "name": scheme.name,
        "short_name": scheme.short_name,
        "operator": scheme.operator,
        "description": scheme.description,
        "conditions": scheme.conditions,
        "contact": scheme.contact,
        "offer": list(scheme.offer),
        "stages": list(scheme.stages),
        "carriers": list(scheme.carriers),
        "themes": list(scheme.themes),
        "all_themes": scheme.all_themes,
        "territory": territories.to_json(scheme.territory),
        "limits": list(scheme.limits),
        "population_under": scheme.population_under,
        "source_urls": list(scheme.source_urls),
        "confidence": scheme.confidence,
        "confidence_note": scheme.confidence_note,
        "role": scheme.role,
        "not_for_orientation": scheme.not_for_orientation,
        "submission_deadline": scheme.submission_deadline,
        "checked_on": scheme.checked_on,
        "catalogue_row": scheme.row,
    }
    changed = False
    for column, value in values.items():
        if getattr(row, column) != value:
            setattr(row, column, value)
            changed = True
    return changed


def source_scheme(row: SupportScheme) -> Scheme:
    """The scheme as its source gives it (the catalogue, Aides-territoires, or staff)."""
    return Scheme(
        slug=row.slug,
        name=row.name,
        short_name=row.short_name or row.name,
        operator=row.operator,
        description=row.description or "",
        offer=tuple(row.offer or ()),
        stages=tuple(row.stages or ()),
        carriers=tuple(row.carriers or ()),
        themes=tuple(row.themes or ()),
        all_themes=row.all_themes,
        territory=territories.from_json(row.territory or {}),
        conditions=row.conditions or "",
        limits=tuple(row.limits or ()),
        population_under=row.population_under,
        source_urls=tuple(row.source_urls or ()),
        checked_on=row.checked_on,
        confidence=row.confidence,
        confidence_note=row.confidence_note or "",
        role=row.role or "",
        not_for_orientation=row.not_for_orientation or "",
        source=row.source,
        submission_deadline=row.submission_deadline,
        contact=row.contact or "",
        external_id=row.external_id or "",
        row=row.catalogue_row,
    )


def effective_scheme(row: SupportScheme) -> Scheme:
    """The scheme the recommendation uses: the source's values with the staff edit over them."""
    scheme = source_scheme(row)
    override = _override(row.override)
    return dataclasses.replace(scheme, **override) if override else scheme


def _override(data: Mapping[str, Any] | None) -> dict[str, Any]:
    return {field: from_json(field, value) for field, value in (data or {}).items()
            if field in EDITABLE}


def diff(base: Scheme, edited: Scheme) -> dict[str, Any]:
    """The fields where `edited` differs from `base`, as JSON: a staff override."""
    return {field: to_json(field, getattr(edited, field)) for field in EDITABLE
            if getattr(edited, field) != getattr(base, field)}


def as_entry(scheme: Scheme) -> dict[str, Any]:
    """The scheme as an entry `parse_scheme` reads (its territory aside: see `schemes.save`)."""
    return {
        "slug": scheme.slug,
        "name": scheme.name,
        "short_name": scheme.short_name,
        "operator": scheme.operator,
        "description": scheme.description,
        "conditions": scheme.conditions,
        "contact": scheme.contact,
        "offer": list(scheme.offer),
        "stages": list(scheme.stages),
        "carriers": list(scheme.carriers),
        "themes": "all" if scheme.all_themes else list(scheme.themes),
        "limits": list(scheme.limits),
        "population_under": scheme.population_under,
        "source_urls": list(scheme.source_urls),
        "checked_on": scheme.checked_on,
        "submission_deadline": scheme.submission_deadline,
        "confidence": scheme.confidence,
        "confidence_note": scheme.confidence_note,
        "role": scheme.role,
        "not_for_orientation": scheme.not_for_orientation,
        "row": scheme.row,
    }
