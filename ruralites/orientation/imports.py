"""Aides-territoires records stored: a record already imported (same `id`) is updated in
place, keeping any staff edit (an override); nothing is stored twice, and only plain text is
kept (the HTML was turned into text when the file was read)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr
from ruralites.auth import Viewer
from ruralites.models import SupportScheme
from ruralites.orientation import scheme_rows
from ruralites.orientation.aides_territoires import ImportedAid, ImportResult
from ruralites.orientation.schemes import free_slug


@dataclass(frozen=True, slots=True)
class AidsImport:
    """What an import stored: new, updated and unchanged records (by Aides-territoires id)."""

    result: ImportResult
    created: int
    updated: int
    unchanged: int

    @property
    def summary(self) -> str:
        return (f"{self.result.summary} Enregistrées : {self.created} nouvelle(s), "
                f"{self.updated} mise(s) à jour, {self.unchanged} inchangée(s).")


def _imported_values(aid: ImportedAid) -> dict[str, Any]:
    values = {}
    for field in dataclasses.fields(aid):
        value = getattr(aid, field.name)
        if field.name == "scheme":
            continue
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        values[field.name] = value
    return values


def import_aids(session: Session, viewer: Viewer, result: ImportResult) -> AidsImport:
    """Store the aids read from an export: a record already imported (same id) is updated in
    place, keeping any staff edit; nothing is stored twice."""
    campaigns.require_staff(viewer)
    ids = [aid.id for aid in result.aids]
    by_id = {row.external_id: row for row in session.scalars(
        select(SupportScheme).where(SupportScheme.external_id.in_(ids)))} if ids else {}
    slugs = set(session.scalars(select(SupportScheme.slug)))
    now = fr.utcnow()
    created = updated = unchanged = 0
    for aid in result.aids:
        row = by_id.get(aid.id)
        scheme = aid.scheme
        if row is None:
            scheme = dataclasses.replace(scheme, slug=free_slug(scheme.slug, slugs))
            slugs.add(scheme.slug)
            row = SupportScheme(created_at=now)
            session.add(row)
            created += 1
        else:
            scheme = dataclasses.replace(scheme, slug=row.slug)
        values = _imported_values(aid)
        changed = scheme_rows.write(row, scheme) or row.imported != values
        row.imported = values
        if row.id is not None:
            if changed or row.retired_at is not None:
                row.retired_at = None
                row.updated_at, row.updated_by = now, viewer.user_id
                updated += 1
            else:
                unchanged += 1
    session.flush()
    return AidsImport(result, created, updated, unchanged)
