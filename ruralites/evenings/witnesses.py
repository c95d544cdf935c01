"""The witnesses catalogue, shared by the pôles: who carried out which project, where (a commune
of the referential, so its EPCI and département are known), on which themes (the shipped theme
catalogue), at what scale, how to reach them, what they consented to, and the evenings where
they spoke. Search by theme, territory and text; proposals for a commune's inspiring evening.

Identity: one row per person, organisation and project title, compared folded (case, accents
and punctuation aside), so the same witness typed twice or imported again is stored once."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ruralites import campaigns, communes, fr, text
from ruralites.auth import Viewer
from ruralites.evenings import consent, matching
from ruralites.evenings.common import SCOPE_LABELS, TEXT_LIMIT, EveningError
from ruralites.models import (
    BUDGET_BANDS,
    Commune,
    Evening,
    EveningWitness,
    Participation,
    Theme,
    Witness,
)

NAME_LIMIT, ORGANISATION_LIMIT, TITLE_LIMIT = 200, 300, 200
EMAIL_LIMIT, PHONE_LIMIT = 200, 50
FIRST_YEAR = 1950


class WitnessError(EveningError):
    """A witness entry refused; str() names the field and what to do, in French."""


@dataclass(frozen=True)
class WitnessFields:
    name: str
    project_title: str
    organisation: str | None = None
    description: str | None = None
    commune_code: str | None = None
    themes: tuple[str, ...] = ()  # slugs of the shipped theme catalogue
    year: int | None = None
    budget_band: str | None = None
    people_involved: int | None = None
    email: str | None = None
    phone: str | None = None
    consent_on: date | None = None
    consent_until: date | None = None
    consent_scope: str | None = None
    availability: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Appearance:
    evening_id: int
    starts_at: datetime
    commune_code: str
    commune_name: str
    spoke: bool | None
    confirmed: bool


@dataclass(frozen=True)
class WitnessRow:
    id: int
    fields: WitnessFields
    commune_name: str | None
    departement: str | None
    nom_departement: str | None
    code_epci: str | None
    nom_epci: str | None
    population: int | None
    theme_labels: tuple[str, ...]
    consent_state: str
    consent_text: str
    appearances: tuple[Appearance, ...]

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def spoke_at(self) -> tuple[Appearance, ...]:
        return tuple(a for a in self.appearances if a.spoke)


def identity_key(name: str | None, organisation: str | None, project_title: str | None) -> str:
    """Folded person, organisation and project title (keep in step with migration 0003)."""
    key = "\x1f".join(text.folded_words(part) for part in (name, organisation, project_title))
    return hashlib.sha256(key.encode()).hexdigest()


def _text(value: str | None, limit: int, what: str) -> str | None:
    value = (value or "").replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise WitnessError(f"{what} : {fr.number(limit)} caractères au plus "
                           f"({fr.number(len(value))} saisis).")
    return value or None


def check_fields(fields: WitnessFields, theme_slugs: Sequence[str], today: date) -> WitnessFields:
    """The fields cleaned (themes in the catalogue's order), or WitnessError naming the first
    thing to fix."""
    name = _text(fields.name, NAME_LIMIT, "Nom du témoin")
    title = _text(fields.project_title, TITLE_LIMIT, "Titre du projet")
    if not name:
        raise WitnessError("Indiquez le nom du témoin.")
    if not title:
        raise WitnessError("Indiquez le titre du projet présenté.")
    code = (fields.commune_code or "").strip() or None
    if code is not None:
        code = communes.get(code).code_insee  # UnknownCommuneError: a French message
    unknown = [t for t in fields.themes if t not in theme_slugs]
    if unknown:
        raise WitnessError(f"Thème inconnu : « {unknown[0]} ». Thèmes possibles : "
                           + ", ".join(sorted(theme_slugs)) + ".")
    if fields.year is not None and not FIRST_YEAR <= fields.year <= today.year:
        raise WitnessError(f"Année du projet : entre {FIRST_YEAR} et {today.year} "
                           f"({fields.year} saisi).")
    if fields.budget_band is not None and fields.budget_band not in BUDGET_BANDS:
        raise WitnessError(f"Budget inconnu : « {fields.budget_band} ».")
    if fields.people_involved is not None and not 0 <= fields.people_involved <= 100_000:
        raise WitnessError("Nombre de personnes impliquées : de 0 à 100 000.")
    email = _text(fields.email, EMAIL_LIMIT, "E-mail")
    if email and not campaigns.EMAIL.match(email):
        raise WitnessError(f"Adresse e-mail invalide : « {email} ».")
    consent_on, until, scope = fields.consent_on, fields.consent_until, fields.consent_scope
    if consent_on is not None:
        if consent_on > today:
            raise WitnessError(f"La date du consentement ({fr.short_date(consent_on)}) est dans "
                               "le futur.")
        until = until or consent.default_expiry(consent_on)
        if until < consent_on:
            raise WitnessError("La fin du consentement précède sa date : vérifiez les deux dates.")
        if scope not in SCOPE_LABELS:
            raise WitnessError("Précisez ce que le témoin a accepté : figurer au catalogue, ou "
                               "aussi être contacté·e.")
    elif until is not None or scope is not None:
        raise WitnessError("Indiquez la date du consentement (ou effacez sa portée et sa fin).")
    return replace(
        fields, name=name, project_title=title, commune_code=code,
        organisation=_text(fields.organisation, ORGANISATION_LIMIT, "Organisation"),
        description=_text(fields.description, TEXT_LIMIT, "Description du projet"),
        themes=tuple(slug for slug in theme_slugs if slug in fields.themes), email=email,
        phone=_text(fields.phone, PHONE_LIMIT, "Téléphone"), consent_until=until,
        availability=_text(fields.availability, TEXT_LIMIT, "Disponibilités"),
        notes=_text(fields.notes, TEXT_LIMIT, "Notes"),
    )


def catalogue_themes(session: Session) -> dict[str, Theme]:
    """The shipped theme catalogue, by slug (a witness's themes come from it)."""
    found = session.scalars(select(Theme).where(Theme.campaign_id.is_(None)).order_by(Theme.id))
    return {t.slug: t for t in found}


def apply_fields(session: Session, witness: Witness, fields: WitnessFields,
           themes: dict[str, Theme]) -> None:
    for name in ("name", "organisation", "project_title", "description", "year", "budget_band",
                 "people_involved", "email", "phone", "consent_on", "consent_until",
                 "consent_scope", "availability", "notes"):
        setattr(witness, name, getattr(fields, name))
    if fields.commune_code:
        communes.ensure_commune(session, fields.commune_code)
    witness.commune_code = fields.commune_code
    witness.themes = [themes[slug] for slug in fields.themes]
    witness.identity_key = identity_key(fields.name, fields.organisation, fields.project_title)


def save_witness(session: Session, viewer: Viewer, fields: WitnessFields, *,
                 witness_id: int | None = None, today: date | None = None) -> int:
    """Add a witness (or change one); staff only. Returns its id."""
    campaigns.require_staff(viewer)
    themes = catalogue_themes(session)
    fields = check_fields(fields, list(themes), today or fr.today_in_france())
    key = identity_key(fields.name, fields.organisation, fields.project_title)
    same = session.scalar(select(Witness).where(Witness.identity_key == key))
    if witness_id is None:
        if same is not None:
            raise WitnessError(f"{same.name} figure déjà au catalogue pour ce projet "
                               f"(« {same.project_title} ») : modifiez sa fiche plutôt.")
        witness = Witness(identity_key=key)
        session.add(witness)
    else:
        witness = session.get(Witness, witness_id)
        if witness is None:
            raise WitnessError("Témoin introuvable : il a peut-être été supprimé.")
        if same is not None and same.id != witness.id:
            raise WitnessError(f"Une autre fiche porte déjà ce nom, cette organisation et ce "
                               f"projet (« {same.project_title} »).")
        witness.updated_at = fr.utcnow()
    apply_fields(session, witness, fields, themes)
    session.flush()
    return witness.id


def delete_witness(session: Session, viewer: Viewer, witness_id: int) -> None:
    """Erase a witness from the catalogue (at their request); staff only."""
    campaigns.require_staff(viewer)
    witness = session.get(Witness, witness_id)
    if witness is not None:
        session.delete(witness)
        session.flush()


def _load():
    return (selectinload(Witness.themes), selectinload(Witness.commune),
            selectinload(Witness.appearances).selectinload(EveningWitness.evening)
            .selectinload(Evening.participation).selectinload(Participation.commune))


def row(witness: Witness, today: date) -> WitnessRow:
    commune = witness.commune
    info = communes.get(commune.code_insee) if commune else None
    appearances = sorted(
        (Appearance(a.evening_id, a.evening.starts_at, a.evening.participation.commune_code,
                    a.evening.participation.commune.nom, a.spoke, a.confirmed)
         for a in witness.appearances),
        key=lambda a: a.starts_at)
    fields = WitnessFields(**{name: getattr(witness, name) for name in (
        "name", "project_title", "organisation", "description", "commune_code", "year",
        "budget_band", "people_involved", "email", "phone", "consent_on", "consent_until",
        "consent_scope", "availability", "notes")}, themes=tuple(t.slug for t in witness.themes))
    return WitnessRow(
        id=witness.id, fields=fields, commune_name=commune.nom if commune else None,
        departement=commune.departement if commune else None,
        nom_departement=info.nom_departement if info else None,
        code_epci=commune.code_epci if commune else None,
        nom_epci=commune.nom_epci if commune else None,
        population=commune.population if commune else None,
        theme_labels=tuple(t.label for t in witness.themes),
        consent_state=consent.state(witness, today), consent_text=consent.describe(witness, today),
        appearances=tuple(appearances))


def witness_for(session: Session, viewer: Viewer, witness_id: int,
                today: date | None = None) -> WitnessRow:
    campaigns.require_staff(viewer)
    witness = session.scalars(select(Witness).where(Witness.id == witness_id).options(*_load())).first()
    if witness is None:
        raise WitnessError("Témoin introuvable : il a peut-être été supprimé.")
    return row(witness, today or fr.today_in_france())


def search(session: Session, viewer: Viewer, *, theme: str | None = None,
           territory: str | None = None, query: str | None = None,
           today: date | None = None) -> list[WitnessRow]:
    """The catalogue (staff only), filtered by a theme slug, a territory (a département code
    such as "29", or an EPCI's SIREN code) and words found in the name, organisation, project,
    description, commune or notes (folded: "epicerie" finds "Épicerie"). By name."""
    campaigns.require_staff(viewer)
    today = today or fr.today_in_france()
    stmt = select(Witness).options(*_load()).order_by(Witness.name, Witness.id)
    if theme:
        stmt = stmt.where(Witness.themes.any(Theme.slug == theme))
    if territory:
        stmt = stmt.where(Witness.commune.has(
            (Commune.departement == territory) | (Commune.code_epci == territory)))
    found = [row(w, today) for w in session.scalars(stmt)]
    wanted = text.words(query)
    if wanted:
        def haystack(r: WitnessRow) -> str:
            f = r.fields
            return " ".join(text.words(" ".join(filter(None, (
                f.name, f.organisation, f.project_title, f.description, r.commune_name,
                f.availability, f.notes, *r.theme_labels)))))

        found = [r for r in found if all(w in haystack(r) for w in wanted)]
    return sorted(found, key=lambda r: (text.fold(r.name), r.id))


# ---- proposals for a commune ---------------------------------------------------------------


def propose(session: Session, viewer: Viewer, participation_id: int, *,
            theme_id: int | None = None, today: date | None = None) -> matching.Matching:
    """The witnesses to invite to a commune's inspiring evening on its chosen theme (or
    `theme_id`), ranked with their reasons; staff of the commune's campaign."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    theme = session.get(Theme, theme_id) if theme_id else participation.chosen_theme
    if theme is None:
        raise EveningError(f"{participation.commune.nom} n'a pas encore choisi sa thématique : "
                           "les témoins se choisissent sur ce thème.")
    commune = participation.commune
    target = matching.Target(theme.slug, theme.label, commune.code_insee, commune.nom,
                             commune.code_epci, commune.nom_epci, commune.departement,
                             commune.population)
    today = today or fr.today_in_france()
    candidates = []
    for witness in session.scalars(select(Witness).options(*_load())):
        r = row(witness, today)
        here = [a for a in r.appearances if a.commune_code == commune.code_insee]
        candidates.append(matching.Candidate(
            id=r.id, name=r.name, organisation=r.fields.organisation,
            project_title=r.fields.project_title, theme_slugs=frozenset(r.fields.themes),
            commune_name=r.commune_name, code_epci=r.code_epci, nom_epci=r.nom_epci,
            departement=r.departement, nom_departement=r.nom_departement,
            population=r.population, budget_band=r.fields.budget_band,
            consent_on=r.fields.consent_on, consent_until=r.fields.consent_until,
            consent_scope=r.fields.consent_scope,
            heard_here=tuple(fr.local(a.starts_at).date() for a in here if a.spoke),
            invited_here=tuple(fr.local(a.starts_at).date() for a in here if a.spoke is None),
        ))
    return matching.rank(target, candidates, today)
