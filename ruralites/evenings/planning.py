"""Planning the public evenings of the method, every kind from one place: a commune, a kind, a
date and time (read in Paris, stored in UTC), a venue, a capacity, the theme of an inspiring
evening, the witnesses invited and whether each confirmed, and notes.

Rules: each kind needs its phase (`phases.EVENING_ACTIONS`); an inspiring evening is about the
theme the commune chose and cannot be dated before that choice; a capacity never drops below
the people who already have a place, and raising it gives places to the waiting list in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ruralites import campaigns, fr, phases
from ruralites.auth import Viewer, participation_scope
from ruralites.evenings.common import (
    DEFAULT_TITLES,
    KIND_LABELS,
    MAX_CAPACITY,
    PLACE_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    EveningError,
    EveningInfo,
    evening_for,
    info,
)
from ruralites.evenings.consent import check_can_be_invited
from ruralites.evenings.registrations import promote_waiting
from ruralites.models import (
    Campaign,
    Evening,
    EveningWitness,
    Participation,
    PhaseTransition,
    ThemeChoice,
    Witness,
)

_LOAD = (selectinload(Evening.participation).selectinload(Participation.commune),
         selectinload(Evening.participation).selectinload(Participation.campaign),
         selectinload(Evening.theme), selectinload(Evening.registrations),
         selectinload(Evening.speakers).selectinload(EveningWitness.witness))


def _check_capacity(capacity: int | None) -> int | None:
    if capacity is None:
        return None
    if not 1 <= capacity <= MAX_CAPACITY:
        raise EveningError(f"Capacité : de 1 à {fr.number(MAX_CAPACITY)} places, ou laissez vide "
                           "pour ne pas limiter les inscriptions.")
    return capacity


def _theme_chosen_on(session: Session, participation: Participation) -> date | None:
    """The day the commune chose its theme (the decision, or the move to that phase)."""
    decided = session.scalar(select(ThemeChoice.decided_on).where(
        ThemeChoice.participation_id == participation.id))
    if decided is not None:
        return decided
    moved = session.scalar(select(PhaseTransition.at).where(
        PhaseTransition.participation_id == participation.id,
        PhaseTransition.to_phase == "theme_chosen").order_by(PhaseTransition.id.desc()))
    return fr.local(moved).date() if moved else None


def _check_inspiring(session: Session, participation: Participation, starts_at: datetime,
                     theme_id: int | None) -> int:
    """The theme of an inspiring evening (the commune's chosen theme unless another is given),
    and the evening not dated before the theme was chosen."""
    theme_id = theme_id or participation.chosen_theme_id
    if theme_id is None:
        raise EveningError(f"{participation.commune.nom} n'a pas encore choisi sa thématique : "
                           "une soirée inspirante porte sur ce thème.")
    chosen_on = _theme_chosen_on(session, participation)
    day = fr.local(starts_at).date()
    if chosen_on is not None and day < chosen_on:
        raise EveningError(
            f"La soirée inspirante serait le {fr.short_date(day)}, avant le choix de la "
            f"thématique de {participation.commune.nom} (le {fr.short_date(chosen_on)}) : "
            "choisissez une date après ce choix.")
    return theme_id


def _check_date(starts_at: datetime | None) -> datetime:
    if starts_at is None:
        raise EveningError("Indiquez la date et l'heure de la soirée.")
    if starts_at.tzinfo is None:
        raise EveningError("Heure sans fuseau : indiquez l'heure de Paris.")
    if not 2000 <= fr.local(starts_at).year <= fr.today_in_france().year + 5:
        raise EveningError(f"Date improbable : {fr.short_date(starts_at)}. Vérifiez l'année.")
    return starts_at


def plan_evening(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    *,
    kind: str,
    starts_at: datetime,
    place: str | None = None,
    capacity: int | None = None,
    theme_id: int | None = None,
    title: str | None = None,
    notes: str | None = None,
) -> EveningInfo:
    """A new evening of a commune (staff of its campaign)."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    if kind not in KIND_LABELS:
        raise EveningError(f"Type de soirée inconnu : « {kind} ».")
    campaigns.check_allows(participation, phases.EVENING_ACTIONS[kind])
    starts_at = _check_date(starts_at)
    if kind == "inspiring":
        theme_id = _check_inspiring(session, participation, starts_at, theme_id)
    evening = Evening(
        participation_id=participation.id, kind=kind, starts_at=starts_at,
        title=campaigns.clean_text(title, TITLE_LIMIT, "Titre") or DEFAULT_TITLES[kind],
        place=campaigns.clean_text(place, PLACE_LIMIT, "Lieu"),
        capacity=_check_capacity(capacity), theme_id=theme_id,
        notes=campaigns.clean_text(notes, TEXT_LIMIT, "Notes"),
    )
    session.add(evening)
    session.flush()
    return evening_info(session, viewer, evening.id)


def update_evening(
    session: Session,
    viewer: Viewer,
    evening_id: int,
    *,
    starts_at: datetime,
    place: str | None,
    capacity: int | None,
    title: str | None,
    notes: str | None,
    theme_id: int | None = None,
) -> list[str]:
    """Change an evening's details; returns the names of people who got a place from the
    waiting list (a raised capacity), so staff can tell them."""
    evening = evening_for(session, viewer, evening_id, edit=True)
    participation = evening.participation
    starts_at = _check_date(starts_at)
    if evening.kind == "inspiring":
        theme_id = _check_inspiring(session, participation, starts_at,
                                    theme_id or evening.theme_id)
    capacity = _check_capacity(capacity)
    placed = sum(not r.waiting for r in evening.registrations)
    if capacity is not None and capacity < placed:
        raise EveningError(
            f"{fr.plural(placed, 'personne a', 'personnes ont')} déjà une place : la capacité ne "
            f"peut pas descendre sous {placed}. Retirez d'abord des inscriptions si besoin.")
    evening.starts_at, evening.capacity = starts_at, capacity
    evening.theme_id = theme_id if evening.kind == "inspiring" else evening.theme_id
    evening.title = campaigns.clean_text(title, TITLE_LIMIT, "Titre") or DEFAULT_TITLES[evening.kind]
    evening.place = campaigns.clean_text(place, PLACE_LIMIT, "Lieu")
    evening.notes = campaigns.clean_text(notes, TEXT_LIMIT, "Notes")
    session.flush()
    return promote_waiting(session, evening)


def delete_evening(session: Session, viewer: Viewer, evening_id: int) -> None:
    """Remove an evening planned by mistake. Refused once people registered or it was held:
    nothing they gave is lost."""
    evening = evening_for(session, viewer, evening_id, edit=True)
    if evening.registrations:
        raise EveningError(f"{fr.plural(len(evening.registrations), 'personne est inscrite', 'personnes sont inscrites')} "
                           "à cette soirée : elle ne peut pas être supprimée. Modifiez-la plutôt.")
    if evening.held_at is not None or evening.attendance is not None:
        raise EveningError("Cette soirée a eu lieu et son bilan est enregistré : elle ne peut pas "
                           "être supprimée.")
    session.delete(evening)
    session.flush()


def _for(viewer: Viewer, evening: Evening) -> EveningInfo:
    """Staff notes are for staff: a mayor reads the evening without them."""
    found = info(evening)
    return found if viewer.is_staff else replace(found, notes=None)


def evening_info(session: Session, viewer: Viewer, evening_id: int) -> EveningInfo:
    evening_for(session, viewer, evening_id)
    evening = session.scalars(select(Evening).where(Evening.id == evening_id).options(*_LOAD)
                              .execution_options(populate_existing=True)).one()
    return _for(viewer, evening)


def evenings_for(session: Session, viewer: Viewer, *, campaign_slug: str | None = None,
                 participation_id: int | None = None, kind: str | None = None
                 ) -> list[EveningInfo]:
    """The evenings the viewer may see (of a campaign, a commune, a kind), by date."""
    stmt = (select(Evening).join(Evening.participation).join(Participation.campaign)
            .where(participation_scope(viewer)).options(*_LOAD)
            .order_by(Evening.starts_at, Evening.id))
    if campaign_slug:
        stmt = stmt.where(Campaign.slug == campaign_slug)
    if participation_id is not None:
        stmt = stmt.where(Evening.participation_id == participation_id)
    if kind:
        stmt = stmt.where(Evening.kind == kind)
    return [_for(viewer, e) for e in session.scalars(stmt)]


# ---- witnesses invited ---------------------------------------------------------------------


def _inspiring(session: Session, viewer: Viewer, evening_id: int) -> Evening:
    evening = evening_for(session, viewer, evening_id, edit=True)
    if evening.kind != "inspiring":
        raise EveningError("Les témoins interviennent aux soirées inspirantes.")
    return evening


def invite_witness(session: Session, viewer: Viewer, evening_id: int, witness_id: int, *,
                   confirmed: bool = False, today: date | None = None) -> None:
    """Invite a witness to an inspiring evening. Refused when their consent to be contacted is
    missing or expired: such a witness is never proposed, nor invited."""
    evening = _inspiring(session, viewer, evening_id)
    witness = session.get(Witness, witness_id)
    if witness is None:
        raise EveningError("Témoin introuvable dans le catalogue.")
    check_can_be_invited(witness, today or fr.today_in_france())
    link = session.get(EveningWitness, (evening.id, witness.id))
    if link is None:
        session.add(EveningWitness(evening_id=evening.id, witness_id=witness.id,
                                   confirmed=confirmed))
    elif confirmed:
        link.confirmed = True
    session.flush()


def set_confirmed(session: Session, viewer: Viewer, evening_id: int, witness_id: int,
                  confirmed: bool) -> None:
    _inspiring(session, viewer, evening_id)
    link = session.get(EveningWitness, (evening_id, witness_id))
    if link is None:
        raise EveningError("Ce témoin n'est pas invité à cette soirée.")
    link.confirmed = confirmed
    session.flush()


def remove_witness(session: Session, viewer: Viewer, evening_id: int, witness_id: int) -> None:
    evening = _inspiring(session, viewer, evening_id)
    link = session.get(EveningWitness, (evening_id, witness_id))
    if link is None:
        return
    if link.spoke:
        raise EveningError(f"{link.witness.name} est intervenu·e à cette soirée (le "
                           f"{fr.short_date(evening.starts_at)}) : son intervention reste notée.")
    session.delete(link)
    session.flush()
