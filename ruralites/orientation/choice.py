"""The schemes chosen for a commune's project, and their follow-up over the months after.

Recording the first one moves the participation to `oriented` through `campaigns.move`. It
needs an inspiring evening (the phase gate `orient`); without one, staff may still orient a
commune that has chosen its theme if they say why, and that reason is kept with the
orientation and in the phase history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import access, audit, campaigns, fr, phases
from ruralites.auth import Viewer
from ruralites.models import Orientation as ChosenRow
from ruralites.models import OrientationStep, ThemeChoice
from ruralites.orientation import schemes, store
from ruralites.orientation.rules import OrientationError
from ruralites.orientation.store import Commune, ProjectInfo, VolunteerInfo

FOLLOW_UP = {
    "contacted": "Premier contact pris",
    "first_meeting": "Premier rendez-vous",
    "application_filed": "Dossier déposé",
    "support_granted": "Accompagnement ou aide accordé",
    "support_refused": "Accompagnement ou aide refusé",
    "project_launched": "Projet lancé",
    "abandoned": "Abandonné",
}
# Exclusions no one may override: the scheme cannot serve this commune or this carrier.
HARD_LIMITS = ("not_for_orientation", "expired", "territory", "population", "employer")


@dataclass(frozen=True, slots=True)
class StepInfo:
    id: int
    kind: str
    happened_on: dt.date
    note: str
    recorded_by: str

    @property
    def label(self) -> str:
        return FOLLOW_UP[self.kind]


@dataclass(frozen=True, slots=True)
class ChosenScheme:
    id: int
    slug: str
    name: str
    short_name: str
    operator: str
    source: str
    source_urls: tuple[str, ...]
    contact: str
    why: str
    chosen_on: dt.date
    rank: int | None  # among the recommendations when chosen; None: chosen outside them
    reasons: tuple[str, ...]
    override_reason: str
    recorded_by: str
    steps: tuple[StepInfo, ...]

    @property
    def status(self) -> str:
        return self.steps[-1].label if self.steps else "Orienté, suivi à venir"


@dataclass(frozen=True, slots=True)
class OrientationFile:
    """Everything about a commune's orientation that its viewer may read."""

    commune: Commune
    project: ProjectInfo | None
    group_size: int
    group: tuple[VolunteerInfo, ...]  # empty for a mayor: the consent names the pôle
    # Who asked, in a questionnaire, to be invited to what follows (staff only, like the group).
    other_contacts: tuple[VolunteerInfo, ...]
    chosen: tuple[ChosenScheme, ...]


def orientation_file(session: Session, viewer: Viewer, participation_id: int) -> OrientationFile:
    commune = store.commune_for(session, viewer, participation_id)
    rows = store.chosen_rows(session, participation_id)
    people = store.volunteers_for(session, viewer, participation_id)
    names = store.recorders(session, {u for r in rows for u in
                                      [r.recorded_by, *(s.recorded_by for s in r.steps)] if u})
    return OrientationFile(
        commune=commune,
        project=store.project_for(session, viewer, participation_id),
        group_size=store.group_size(session, viewer, participation_id),
        group=tuple(p for p in people if p.source in store.GROUP_SOURCES),
        other_contacts=tuple(p for p in people if p.source not in store.GROUP_SOURCES),
        chosen=tuple(_chosen(row, names) for row in rows),
    )


def sheet_inputs(session: Session, viewer: Viewer, participation_id: int, *,
                 today: dt.date | None = None):
    """What the fiche d'orientation prints: the commune's file and its recommendation (refused
    like the recommendation: no theme, or no project yet)."""
    access.check(viewer.role, "orientation")
    recommendation = store.recommend_for(session, viewer, participation_id, today=today)
    return orientation_file(session, viewer, participation_id), recommendation


def _chosen(row: ChosenRow, names: dict[int, str]) -> ChosenScheme:
    scheme = schemes.scheme_rows.effective_scheme(row.scheme)
    return ChosenScheme(
        id=row.id, slug=scheme.slug, name=scheme.name, short_name=scheme.short_name,
        operator=scheme.operator, source=scheme.source, source_urls=scheme.source_urls,
        contact=scheme.contact, why=row.why, chosen_on=row.chosen_on, rank=row.rank,
        reasons=tuple(row.reasons or ()), override_reason=row.override_reason or "",
        recorded_by=names.get(row.recorded_by, "") if row.recorded_by else "",
        steps=tuple(StepInfo(s.id, s.kind, s.happened_on, s.note or "",
                             names.get(s.recorded_by, "") if s.recorded_by else "")
                    for s in row.steps),
    )


def record_orientation(session: Session, viewer: Viewer, participation_id: int, *,
                       scheme_slug: str, why: str, chosen_on: dt.date,
                       override_reason: str | None = None,
                       today: dt.date | None = None) -> ChosenScheme:
    """Record a scheme chosen for the commune's project, why, by whom and when. The first one
    moves the participation to `oriented`. Refused, in French: no theme, no project, no
    inspiring evening and no override reason, an expired scheme or one the published limits
    rule out, the same scheme twice, a date in the future or before the theme was chosen."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    commune = store.commune_for(session, viewer, participation_id)
    override = campaigns.clean_text(override_reason, 2000, "Raison de passer outre")
    _check_gate(participation, commune, override)
    if not commune.needs_override:
        override = None  # an inspiring evening took place: nothing to override
    recommendation = store.recommend_for(session, viewer, participation_id, today=today)
    rank, reasons = _assessment(recommendation, scheme_slug, commune.nom)
    record = schemes.get_scheme(session, scheme_slug)
    if record.retired:
        raise OrientationError(f"« {record.scheme.name} » a été retiré du catalogue.")
    why = campaigns.clean_text(why, 2000, "Pourquoi ce dispositif")
    if not why:
        raise OrientationError("Indiquez pourquoi ce dispositif : ce que le groupe et la commune "
                               "en attendent.")
    _check_day(session, participation_id, chosen_on, today)
    existing = session.scalar(select(ChosenRow).where(
        ChosenRow.participation_id == participation_id, ChosenRow.scheme_id == record.id))
    if existing is not None:
        raise OrientationError(f"« {record.scheme.short_name} » est déjà retenu pour "
                               f"{commune.nom} (le {fr.short_date(existing.chosen_on)}).")
    row = ChosenRow(participation_id=participation_id, scheme_id=record.id, why=why,
                    chosen_on=chosen_on, rank=rank, reasons=list(reasons),
                    override_reason=override, stage=recommendation.stage,
                    carrier=recommendation.carrier, recorded_by=viewer.user_id,
                    recorded_at=fr.utcnow())
    session.add(row)
    at = max(campaigns.day_at(chosen_on, 18), participation.phase_since)
    if participation.phase == "theme_chosen":
        campaigns.move(session, participation, "inspiring", user_id=viewer.user_id, at=at,
                       reason=f"Sans soirée inspirante, sur décision du pôle : {override}")
        # The reason is in the phase history; the log says only that the pôle passed over.
        audit.record(session, viewer.user_id, "phase_override", "participation",
                     entity_id=participation.id, summary="orientation sans soirée inspirante")
    if participation.phase == "inspiring":
        campaigns.move(session, participation, "oriented", user_id=viewer.user_id, at=at,
                       reason=f"Orientation vers « {record.scheme.short_name} »")
    session.flush()
    names = store.recorders(session, {viewer.user_id} if viewer.user_id else set())
    return _chosen(row, names)


def _check_gate(participation, commune: Commune, override: str | None) -> None:
    if commune.theme_slug is None:
        raise OrientationError(
            f"{commune.nom} n'a pas encore choisi sa thématique : on ne peut pas l'orienter "
            "vers un dispositif avant.")
    try:
        campaigns.check_allows(participation, "orient")
    except phases.PhaseGateError as exc:
        if not commune.needs_override:
            raise
        if not override:
            raise OrientationError(
                f"Aucune soirée inspirante n'a eu lieu à {commune.nom} : {exc} Pour orienter "
                "quand même, indiquez pourquoi (la raison est gardée).") from None


def _assessment(recommendation, slug: str, nom: str) -> tuple[int | None, tuple[str, ...]]:
    for found in recommendation.recommended:
        if found.slug == slug:
            return found.rank, found.reasons
    for left in recommendation.excluded:
        if left.slug == slug:
            if left.kind in HARD_LIMITS:
                raise OrientationError(f"« {left.name} » ne peut pas être retenu pour {nom} : "
                                       f"{left.why}.")
            return None, (f"hors recommandation : {left.why}",)
    raise OrientationError(f"Aucun dispositif « {slug} » dans le catalogue.")


def _not_future(day: dt.date, what: str, today: dt.date | None) -> None:
    if day > (today or fr.today_in_france()):
        raise OrientationError(f"{what} ({fr.short_date(day)}) est dans le futur.")


def _check_day(session: Session, participation_id: int, day: dt.date | None,
               today: dt.date | None) -> None:
    if day is None:
        raise OrientationError("Indiquez la date de l'orientation.")
    _not_future(day, "La date de l'orientation", today)
    chosen = session.scalar(select(ThemeChoice.decided_on).where(
        ThemeChoice.participation_id == participation_id))
    if chosen is not None and day < chosen:
        raise OrientationError(f"La date de l'orientation ({fr.short_date(day)}) précède le "
                               f"choix de la thématique ({fr.short_date(chosen)}).")


def add_follow_up(session: Session, viewer: Viewer, orientation_id: int, *, kind: str,
                  happened_on: dt.date, note: str | None = None,
                  today: dt.date | None = None) -> StepInfo:
    """A step of the follow-up of a chosen scheme, with its date and a note. Abandoning needs
    its reason (kept for the guide). The same step typed twice is stored once."""
    row = session.get(ChosenRow, orientation_id)
    if row is None:
        raise OrientationError("Cette orientation n'existe pas (ou plus).")
    campaigns.participation_for(session, viewer, row.participation_id, edit=True)  # the scope
    if kind not in FOLLOW_UP:
        raise OrientationError(f"Étape de suivi inconnue « {kind} » : choisissez parmi "
                               + ", ".join(f"« {label} »" for label in FOLLOW_UP.values()) + ".")
    if happened_on is None:
        raise OrientationError("Indiquez la date de cette étape.")
    _not_future(happened_on, "La date de l'étape", today)
    if happened_on < row.chosen_on:
        raise OrientationError(
            f"La date de l'étape ({fr.short_date(happened_on)}) précède l'orientation vers ce "
            f"dispositif ({fr.short_date(row.chosen_on)}).")
    note = campaigns.clean_text(note, 5000, "Note")
    if kind == "abandoned" and not note:
        raise OrientationError("Indiquez pourquoi le projet est abandonné avec ce dispositif : "
                               "la raison est gardée pour le guide.")
    for step in row.steps:
        if (step.kind, step.happened_on, step.note) == (kind, happened_on, note):
            return StepInfo(step.id, kind, happened_on, note or "", "")
    step = OrientationStep(orientation_id=row.id, kind=kind, happened_on=happened_on, note=note,
                           recorded_by=viewer.user_id, recorded_at=fr.utcnow())
    row.steps.append(step)
    session.flush()
    names = store.recorders(session, {viewer.user_id} if viewer.user_id else set())
    return StepInfo(step.id, kind, happened_on, note or "", names.get(viewer.user_id, ""))
