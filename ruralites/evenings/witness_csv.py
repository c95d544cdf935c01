"""The witnesses catalogue to and from CSV (`ruralites witnesses export` / `import`, and the
Témoins page), in one shape, so an export re-imports cleanly and a re-import stores nothing
twice.

Columns (French, matched ignoring case, accents and punctuation): `id`, `nom`, `organisation`,
`projet`, `description`, `commune_insee`, `commune`, `thèmes` (slugs or labels of the theme
catalogue, separated by « ; »), `année`, `budget` (a band such as `10-50k`, its French label, or
an amount in euros), `personnes_impliquées`, `e-mail`, `téléphone`, `consentement_le`,
`consentement_jusqu_au`, `consentement_portée` (« catalogue » or « catalogue et contact »),
`disponibilités`, `notes`; the export adds `interventions` (read-only). Only `nom` and `projet`
are required; a column left out of the file leaves that field as it is.

A row is the same witness as a stored one when its `id` names it, or when its person,
organisation and project title match (folded). Each bad row is reported with its line and the
others are stored; the file is refused as a whole only when it cannot be read as a table or
lacks a required column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ruralites import access, campaigns, communes, fr, text
from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.evenings import consent
from ruralites.evenings.common import BUDGET_LABELS
from ruralites.evenings.witnesses import (
    WitnessError,
    WitnessFields,
    apply_fields,
    catalogue_themes,
    check_fields,
    identity_key,
    search,
)
from ruralites.models import BUDGET_BANDS, Theme, Witness
from ruralites.spreadsheet import read_table, to_csv_bytes, unneutralise

HEADER = ("id", "nom", "organisation", "projet", "description", "commune_insee", "commune",
          "thèmes", "année", "budget", "personnes_impliquées", "e-mail", "téléphone",
          "consentement_le", "consentement_jusqu_au", "consentement_portée", "disponibilités",
          "notes", "interventions")
# Folded column name -> field of WitnessFields.
FIELDS = {
    "nom": "name", "organisation": "organisation", "projet": "project_title",
    "description": "description", "commune_insee": "commune_code", "themes": "themes",
    "annee": "year", "budget": "budget_band", "personnes_impliquees": "people_involved",
    "email": "email", "telephone": "phone", "consentement_le": "consent_on",
    "consentement_jusqu_au": "consent_until", "consentement_portee": "consent_scope",
    "disponibilites": "availability", "notes": "notes",
}
ALIASES = {
    "e_mail": "email", "courriel": "email", "mail": "email", "tel": "telephone",
    "code_insee": "commune_insee", "insee": "commune_insee", "theme": "themes",
    "titre_du_projet": "projet", "titre": "projet", "temoin": "nom", "personne": "nom",
    "structure": "organisation", "personnes": "personnes_impliquees",
}
INFORMATIVE = {"id", "commune", "interventions"}
REQUIRED = ("nom", "projet")
SCOPE_WORDS = {"listed": "catalogue", "contacted": "catalogue et contact"}


class WitnessImportRefused(UserError):
    """The whole file is refused; str() says why, in French."""


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [fr.plural(self.added, "témoin ajouté", "témoins ajoutés")]
        if self.updated:
            parts.append(fr.plural(self.updated, "fiche mise à jour", "fiches mises à jour"))
        if self.unchanged:
            parts.append(fr.plural(self.unchanged, "déjà à jour", "déjà à jour"))
        if self.refused:
            parts.append(fr.plural(len(self.refused), "ligne refusée", "lignes refusées"))
        return ", ".join(parts) + "."


def column_key(name: str) -> str:
    key = "_".join(text.words(name))
    return ALIASES.get(key, key)


# ---- export --------------------------------------------------------------------------------


def export_rows(session: Session, viewer: Viewer, today: date | None = None) -> list[list]:
    rows = []
    for r in search(session, viewer, today=today):
        f = r.fields
        rows.append([
            r.id, f.name, f.organisation, f.project_title, f.description, f.commune_code,
            r.commune_name, "; ".join(f.themes), f.year, f.budget_band, f.people_involved,
            f.email, f.phone, f.consent_on, f.consent_until,
            SCOPE_WORDS.get(f.consent_scope or ""), f.availability, f.notes,
            "; ".join(f"{fr.short_date(a.starts_at)} {a.commune_name}" for a in r.spoke_at),
        ])
    return rows


def export_csv(session: Session, viewer: Viewer, today: date | None = None) -> bytes:
    """The whole catalogue as CSV (UTF-8 with BOM), formulas neutralised; staff only."""
    access.check(viewer.role, "witnesses")
    return to_csv_bytes(HEADER, export_rows(session, viewer, today))


# ---- import: cells ---------------------------------------------------------------------------


def _date(value: str, what: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%d/%m/%y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise WitnessError(f"{what} illisible : « {value} » (attendu : 2025-03-01 ou 01/03/2025).")


def _integer(value: str, what: str) -> int:
    digits = re.sub(r"[\s\u00a0\u202f]", "", value)
    if not digits.isdigit():
        raise WitnessError(f"{what} : un nombre entier est attendu (« {value} » saisi).")
    return int(digits)


def _budget(value: str) -> str:
    if value in BUDGET_BANDS:
        return value
    folded = text.fold(value).replace("\u202f", " ").replace("\u00a0", " ").strip()
    for band, label in BUDGET_LABELS.items():
        if folded == text.fold(label):
            return band
    amount = re.fullmatch(r"([\d\s.]+)(k)?\s*(?:€|eur|euros)?", folded)
    if amount:
        digits = re.sub(r"[\s.]", "", amount.group(1))
        if digits:
            euros = int(digits) * (1000 if amount.group(2) else 1)
            for limit, band in ((10_000, "lt10k"), (50_000, "10-50k"), (200_000, "50-200k"),
                                (1_000_000, "200k-1m")):
                if euros < limit:
                    return band
            return "gt1m"
    raise WitnessError(f"Budget illisible : « {value} » (exemples : 35000, 10-50k, "
                       "« de 10 000 à 50 000 € »).")


def _scope(value: str) -> str:
    folded = text.fold(value)
    if "contact" in folded:
        return "contacted"
    if "catalogue" in folded or "list" in folded:
        return "listed"
    raise WitnessError(f"Portée du consentement illisible : « {value} » (« catalogue » ou "
                       "« catalogue et contact »).")


def _themes(value: str, themes: dict[str, Theme]) -> tuple[str, ...]:
    by_label = {text.fold(t.label): slug for slug, t in themes.items()}
    found = []
    for part in re.split(r"[;|,\n]", value):
        part = part.strip()
        if not part:
            continue
        slug = part if part in themes else by_label.get(text.fold(part))
        if slug is None:
            raise WitnessError(f"Thème inconnu : « {part} » (identifiants possibles : "
                               + ", ".join(sorted(themes)) + ").")
        found.append(slug)
    return tuple(found)


def _commune(code: str, name: str) -> str | None:
    if code:
        return communes.get(code).code_insee
    if not name:
        return None
    same = [c for c in communes.search(name, limit=10) if text.fold(c.nom) == text.fold(name)]
    if len(same) != 1:
        raise WitnessError(f"Commune « {name} » " + ("inconnue" if not same else "ambiguë")
                           + " : indiquez son code INSEE dans la colonne commune_insee.")
    return same[0].code_insee


def _given(cells: dict[str, str], columns: dict[str, str], themes: dict[str, Theme]) -> dict:
    """The fields this row gives (the columns present), parsed."""
    value = {key: unneutralise((cells.get(header) or "").strip())
             for key, header in columns.items()}
    given: dict = {}
    for key, name in FIELDS.items():
        if key not in columns:
            continue
        raw = value[key]
        if name == "themes":
            given[name] = _themes(raw, themes)
        elif name == "commune_code":
            given[name] = _commune(raw, value.get("commune", ""))
        elif not raw:
            given[name] = None
        elif name in ("year", "people_involved"):
            given[name] = _integer(raw, {"year": "Année", "people_involved":
                                         "Personnes impliquées"}[name])
        elif name == "budget_band":
            given[name] = _budget(raw)
        elif name in ("consent_on", "consent_until"):
            given[name] = _date(raw, "Date du consentement" if name == "consent_on"
                                else "Fin du consentement")
        elif name == "consent_scope":
            given[name] = _scope(raw)
        else:
            given[name] = raw
    if "commune_code" not in given and "commune" in columns and value.get("commune"):
        given["commune_code"] = _commune("", value["commune"])
    if "consent_on" in given and given["consent_on"] is None:  # no consent: nothing of it left
        given.setdefault("consent_until", None)
        given.setdefault("consent_scope", None)
    return given


# ---- import --------------------------------------------------------------------------------


def _columns(header: list[str]) -> tuple[dict[str, str], list[str]]:
    columns: dict[str, str] = {}
    ignored = []
    for name in header:
        key = column_key(name)
        if (key in FIELDS or key in INFORMATIVE) and key not in columns:
            columns[key] = name
        elif name:
            ignored.append(name)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise WitnessImportRefused(
            "Fichier refusé : colonne(s) manquante(s) : " + ", ".join(missing) + ". La première "
            "ligne doit nommer les colonnes, par exemple : " + ";".join(HEADER[1:8]) + ".")
    return columns, ignored


def _current(witness: Witness) -> WitnessFields:
    values = {f.name: getattr(witness, f.name) for f in fields(WitnessFields) if f.name != "themes"}
    return WitnessFields(**values, themes=tuple(t.slug for t in witness.themes))


def import_csv(session: Session, viewer: Viewer, data: bytes, *,
               today: date | None = None, name: str | None = None) -> ImportReport:
    """Store each valid row (added, or the matching witness updated) and report the others with
    their line; staff only. Raises WitnessImportRefused (or SpreadsheetError) for a whole file."""
    campaigns.require_staff(viewer)
    today = today or fr.today_in_france()
    table = read_table(data, name=name)
    columns, ignored = _columns(table.header)
    report = ImportReport(ignored_columns=ignored)
    themes = catalogue_themes(session)
    stored = list(session.scalars(select(Witness).options(selectinload(Witness.themes))))
    by_key = {w.identity_key: w for w in stored}
    by_id = {w.id: w for w in stored}
    seen: dict[str, int] = {}
    for row in table.rows:
        line, cells = row.line, table.as_dict(row)
        if table.extra_cells(row):
            report.refused.append((line, f"plus de cellules que de colonnes ({len(table.header)}) : "
                                         "une valeur sans en-tête n'est pas importée"))
            continue
        try:
            given = _given(cells, columns, themes)
            typed = identity_key(given.get("name"), given.get("organisation"),
                                 given.get("project_title"))
            if typed in seen:
                raise WitnessError(f"même témoin et même projet que la ligne {seen[typed]}")
            wanted = (cells.get(columns.get("id", "")) or "").strip()
            witness = by_id.get(int(wanted)) if wanted.isdigit() else None
            witness = witness or by_key.get(typed)
            base = _current(witness) if witness else WitnessFields(name="", project_title="")
            checked = check_fields(replace(base, **given), list(themes), today)
            key = identity_key(checked.name, checked.organisation, checked.project_title)
            other = by_key.get(key)
            if other is not None and witness is not None and other.id != witness.id:
                raise WitnessError(f"une autre fiche (n° {other.id}) porte déjà ce nom, cette "
                                   "organisation et ce projet")
            if key in seen:
                raise WitnessError(f"même témoin et même projet que la ligne {seen[key]}")
        except UserError as exc:
            report.refused.append((line, str(exc)))
            continue
        seen[key] = seen[typed] = line
        if witness is None:
            witness = Witness(identity_key=key)
            session.add(witness)
            report.added += 1
        elif checked == _current(witness):
            report.unchanged += 1
            continue
        else:
            by_key.pop(witness.identity_key, None)
            witness.updated_at = fr.utcnow()
            report.updated += 1
        apply_fields(session, witness, checked, themes)
        session.flush()
        by_key[key], by_id[witness.id] = witness, witness
        why = consent.why_not(witness, today)
        if consent.state(witness, today) in ("missing", "expired"):
            report.warnings.append((line, f"{checked.name} : {why} ; ce témoin ne sera jamais "
                                          "proposé tant que son accord n'est pas noté"))
    return report
