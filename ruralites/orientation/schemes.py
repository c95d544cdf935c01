"""The stored support schemes: the shipped catalogue synced into the database, staff entries,
and staff edits of catalogue and imported entries kept as overrides (imports: `imports.py`).

Reading the catalogue is open to every signed-in user (it is no commune's data); changing it
is for staff only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr, text
from ruralites.auth import Viewer
from ruralites.models import ReferenceData, SupportScheme
from ruralites.orientation import scheme_rows
from ruralites.orientation import territory as territories
from ruralites.orientation.catalogue import (
    CATALOGUE_FILE,
    Scheme,
    SchemeError,
    catalogue,
    parse_scheme,
)
from ruralites.orientation.territory import TerritoryError
from ruralites.orientation.vocabulary import CARRIERS, STAGES, THEMES_FILE, theme_labels

SOURCE_LABELS = {
    "catalogue": "catalogue des pôles",
    "aides-territoires": "Aides-territoires",
    "staff": "saisi par un pôle",
}
_SOURCE_ORDER = {source: n for n, source in enumerate(SOURCE_LABELS)}


@dataclass(frozen=True, slots=True)
class SchemeRecord:
    """A stored scheme as the screens show it."""

    id: int
    scheme: Scheme  # with the staff edit applied
    overridden: tuple[str, ...]  # the fields a staff edit changed (French names)
    retired: bool
    updated_at: dt.datetime | None
    imported: Mapping[str, Any] | None  # what Aides-territoires said, in plain text

    @property
    def slug(self) -> str:
        return self.scheme.slug

    def expired(self, today: dt.date) -> bool:
        deadline = self.scheme.submission_deadline
        return deadline is not None and deadline < today

    def state(self, today: dt.date) -> str:
        """In a word or two: expired, set aside, or open."""
        if self.retired:
            return "retiré du catalogue"
        if self.expired(today):
            return f"expiré le {fr.short_date(self.scheme.submission_deadline)}"
        if self.scheme.not_for_orientation:
            return "écarté de l'orientation"
        return "ouvert"


def _record(row: SupportScheme) -> SchemeRecord:
    return SchemeRecord(
        id=row.id,
        scheme=scheme_rows.effective_scheme(row),
        overridden=tuple(scheme_rows.EDITABLE[f] for f in (row.override or {})
                         if f in scheme_rows.EDITABLE),
        retired=row.retired_at is not None,
        updated_at=row.updated_at,
        imported=row.imported,
    )


def _key(row: SupportScheme) -> tuple:
    return (_SOURCE_ORDER.get(row.source, 9), row.catalogue_row or 0, text.fold(row.name), row.id)


def list_schemes(session: Session, *, include_retired: bool = False) -> list[SchemeRecord]:
    """Every stored scheme: the catalogue in its order, then imports, then staff entries."""
    stmt = select(SupportScheme)
    if not include_retired:
        stmt = stmt.where(SupportScheme.retired_at.is_(None))
    return [_record(row) for row in sorted(session.scalars(stmt), key=_key)]


def active_schemes(session: Session) -> tuple[Scheme, ...]:
    """The schemes a recommendation weighs (expired ones included: it lists them as such)."""
    return tuple(record.scheme for record in list_schemes(session))


def get_scheme(session: Session, slug: str) -> SchemeRecord:
    row = _row(session, slug)
    return _record(row)


def _row(session: Session, slug: str) -> SupportScheme:
    row = session.scalar(select(SupportScheme).where(SupportScheme.slug == slug))
    if row is None:
        raise SchemeError(f"Aucun dispositif « {slug} ».")
    return row


def filter_records(
    records: Iterable[SchemeRecord],
    *,
    search: str = "",
    stage: str | None = None,
    carrier: str | None = None,
    theme: str | None = None,
    source: str | None = None,
) -> list[SchemeRecord]:
    """The records matching a search (name, operator, description; accents and case aside) and
    a stage, a carrier, a theme and a source when given."""
    wanted = text.fold(search).split()
    found = []
    for record in records:
        scheme = record.scheme
        if stage and stage not in scheme.stages:
            continue
        if carrier and carrier not in scheme.carriers:
            continue
        if theme and not scheme.covers_theme(theme):
            continue
        if source and scheme.source != source:
            continue
        haystack = text.fold(" ".join((scheme.name, scheme.short_name, scheme.operator,
                                       scheme.description, scheme.slug)))
        if all(word in haystack for word in wanted):
            found.append(record)
    return found


# -- the shipped catalogue ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyncReport:
    added: int
    updated: int
    retired: int


def sync_catalogue(session: Session, schemes: Iterable[Scheme] | None = None) -> SyncReport:
    """The shipped catalogue into the database, added or updated in place; staff edits are
    kept (they are overrides), entries gone from the file are retired, not deleted."""
    schemes = tuple(catalogue() if schemes is None else schemes)
    rows = {row.slug: row for row in session.scalars(select(SupportScheme))}
    now = fr.utcnow()
    added = updated = retired = 0
    for scheme in schemes:
        row = rows.get(scheme.slug)
        if row is not None and row.source != "catalogue":
            # A staff entry took the name first: it keeps its content under another slug.
            row.slug = free_slug(f"{scheme.slug}-perso", rows)
            rows[row.slug] = row
            row = None
        if row is None:
            row = SupportScheme(created_at=now)
            scheme_rows.write(row, scheme)
            session.add(row)
            rows[scheme.slug] = row
            added += 1
        elif scheme_rows.write(row, scheme) or row.retired_at is not None:
            row.retired_at = None
            row.updated_at = now
            updated += 1
    shipped = {scheme.slug for scheme in schemes}
    for row in rows.values():
        if row.source == "catalogue" and row.slug not in shipped and row.retired_at is None:
            row.retired_at = now
            retired += 1
    session.flush()
    return SyncReport(added, updated, retired)


# Bump when the way a catalogue entry becomes a row changes: the next start syncs again.
SYNC_VERSION = "1"


def sync_shipped_catalogue(session: Session) -> SyncReport | None:
    """Sync the shipped catalogue if its files changed since the last sync (one query when
    they did not: parsing it needs the commune referential, about 1.5 s)."""
    digest = hashlib.sha256(SYNC_VERSION.encode())
    for path in (CATALOGUE_FILE, THEMES_FILE):
        digest.update(path.read_bytes())
    checksum = digest.hexdigest()
    mark = session.get(ReferenceData, "dispositifs")
    if mark is not None and mark.checksum == checksum:
        return None
    report = sync_catalogue(session)
    if mark is None:
        mark = ReferenceData(name="dispositifs")
        session.add(mark)
    mark.checksum, mark.synced_at = checksum, fr.utcnow()
    session.flush()
    return report


def free_slug(wanted: str, taken: Mapping[str, Any] | set[str]) -> str:
    slug, n = wanted[:76], 2
    while slug in taken:
        slug = f"{wanted[:72]}-{n}"
        n += 1
    return slug


# -- staff entries and edits -------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeFields:
    """A scheme as staff type it in the form."""

    name: str
    operator: str
    short_name: str = ""
    description: str = ""
    conditions: str = ""
    contact: str = ""
    offer: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    carriers: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    all_themes: bool = False
    territory: str = ""  # « Bretagne », « 22, 29 », an EPCI's name…
    source_urls: str = ""  # one address a line
    submission_deadline: dt.date | None = None
    checked_on: dt.date | None = None
    population_under: int | None = None
    limits: tuple[str, ...] = ()
    not_for_orientation: str = ""


def fields_of(scheme: Scheme) -> SchemeFields:
    """The form's fields filled with a scheme's values."""
    return SchemeFields(
        name=scheme.name, operator=scheme.operator, short_name=scheme.short_name,
        description=scheme.description, conditions=scheme.conditions, contact=scheme.contact,
        offer=scheme.offer, stages=scheme.stages, carriers=scheme.carriers, themes=scheme.themes,
        all_themes=scheme.all_themes, territory=scheme.territory.label,
        source_urls="\n".join(scheme.source_urls),
        submission_deadline=scheme.submission_deadline, checked_on=scheme.checked_on,
        population_under=scheme.population_under, limits=scheme.limits,
        not_for_orientation=scheme.not_for_orientation,
    )


def _french(problem: str) -> str:
    """A problem as staff read it in the form: the field's French name, no entry prefix."""
    problem = re.sub(r"^dispositif (« [^»]*»|n° \d+|sans identifiant), ", "", problem)
    for field, label in scheme_rows.EDITABLE.items():
        problem = problem.replace(f"champ « {field} »", f"champ « {label} »")
    return problem


def _parsed(fields: SchemeFields, base: Scheme | None, slug: str, source: str) -> Scheme:
    entry: dict[str, Any] = scheme_rows.as_entry(base) if base else {}
    entry.update(
        slug=slug, name=fields.name, short_name=fields.short_name, operator=fields.operator,
        description=fields.description, conditions=fields.conditions, contact=fields.contact,
        offer=list(fields.offer), stages=list(fields.stages), carriers=list(fields.carriers),
        themes="all" if fields.all_themes else list(fields.themes), limits=list(fields.limits),
        population_under=fields.population_under,
        source_urls=[u.strip() for u in fields.source_urls.splitlines() if u.strip()],
        checked_on=fields.checked_on, submission_deadline=fields.submission_deadline,
        not_for_orientation=fields.not_for_orientation, territory="france",  # checked below
    )
    problems: list[str] = []
    territory = base.territory if base and fields.territory.strip() == base.territory.label \
        else None  # fmt: skip
    if territory is None:
        try:
            territory = territories.from_text(fields.territory)
        except TerritoryError as exc:
            problems.append(f"champ « territoire » : {exc}")
    try:
        scheme = parse_scheme(entry, source=source, known_themes=theme_labels())
    except SchemeError as exc:
        raise SchemeError([_french(p) for p in exc.problems] + problems) from None
    if problems:
        raise SchemeError(problems)
    return dataclasses.replace(scheme, territory=territory,
                               external_id=base.external_id if base else "")


def save_scheme(session: Session, viewer: Viewer, fields: SchemeFields, *,
                slug: str | None = None) -> SchemeRecord:
    """Add a staff entry (no `slug`) or change an entry. A catalogue or imported entry keeps
    its source's values; what staff changed is kept apart, over them. Raises SchemeError
    listing every problem (an entry with no operator, an unknown place…)."""
    campaigns.require_staff(viewer)
    now = fr.utcnow()
    if slug is None:
        taken = set(session.scalars(select(SupportScheme.slug)))
        wanted = re.sub(r"[^a-z0-9]+", "-", text.fold(fields.name)).strip("-")
        scheme = _parsed(fields, None, free_slug(wanted or "dispositif", taken), "staff")
        row = SupportScheme(created_at=now, updated_at=now, updated_by=viewer.user_id)
        scheme_rows.write(row, scheme)
        session.add(row)
        session.flush()
        return _record(row)
    row = _row(session, slug)
    if row.retired_at is not None:
        raise SchemeError(f"« {row.name} » a été retiré du catalogue : il ne se modifie plus.")
    scheme = _parsed(fields, scheme_rows.effective_scheme(row), row.slug, row.source)
    if row.source == "staff":
        scheme_rows.write(row, scheme)
    else:
        row.override = scheme_rows.diff(scheme_rows.source_scheme(row), scheme) or None
    row.updated_at, row.updated_by = now, viewer.user_id
    session.flush()
    return _record(row)


def revert_scheme(session: Session, viewer: Viewer, slug: str) -> SchemeRecord:
    """Drop a staff edit: the entry reads again as its source gives it."""
    campaigns.require_staff(viewer)
    row = _row(session, slug)
    row.override = None
    row.updated_at, row.updated_by = fr.utcnow(), viewer.user_id
    session.flush()
    return _record(row)


def describe(scheme: Scheme) -> dict[str, str]:
    """The scheme's lists in words, for a table or a card."""
    labels = theme_labels()
    return {
        "stages": ", ".join(STAGES[s] for s in scheme.stages) or "—",
        "carriers": ", ".join(CARRIERS[c] for c in scheme.carriers) or "—",
        "themes": "toutes" if scheme.all_themes
        else ", ".join(labels.get(t, t) for t in scheme.themes) or "—",
        "source": SOURCE_LABELS.get(scheme.source, scheme.source),
    }
