"""The call to communes: invitations, the commune's answer, the contact élu·e."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import communes as referential
from ruralites import phases
from ruralites.campaigns.common import (
    ANSWERS,
    EMAIL,
    CampaignError,
    DuplicateCommuneError,
    check_not_future,
    clean_text,
    day_at,
)
from ruralites.campaigns.participation import move
from ruralites.communes import ensure_commune
from ruralites.fr import local, today_in_france, utcnow
from ruralites.models import Campaign, Participation, PhaseTransition


def add_commune(
    session: Session,
    campaign: Campaign,
    code_insee: str,
    *,
    invited_on: date | None = None,
    user_id: int | None = None,
    at: datetime | None = None,
    today: date | None = None,
) -> Participation:
    """Invite a commune of the official list; the same commune twice is refused."""
    check_not_future(invited_on, "La date d'invitation", today)
    commune = ensure_commune(session, code_insee)
    exists = session.scalar(
        select(Participation.id).where(
            Participation.campaign_id == campaign.id, Participation.commune_code == commune.code_insee
        )
    )
    if exists is not None:
        raise DuplicateCommuneError(f"{commune.nom} fait déjà partie de la démarche « {campaign.name} ».")
    at = at or (day_at(invited_on) if invited_on else utcnow())
    participation = Participation(
        campaign=campaign, commune=commune, phase="invited", phase_since=at, invited_on=invited_on
    )
    session.add(participation)
    session.add(
        PhaseTransition(
            participation=participation, from_phase=None, to_phase="invited", at=at,
            user_id=user_id, reason="Commune invitée à la démarche",
        )
    )
    session.flush()
    return participation


@dataclass(frozen=True)
class AddedCommunes:
    added: list[str]  # names of the communes added
    already: list[str]  # names of those already in the campaign, left as they were


def add_communes(
    session: Session,
    campaign: Campaign,
    codes: list[str],
    *,
    invited_on: date | None = None,
    user_id: int | None = None,
    today: date | None = None,
) -> AddedCommunes:
    """Invite several communes at once (e.g. those of an EPCI): every code must exist; those
    already in the campaign are skipped and named."""
    check_not_future(invited_on, "La date d'invitation", today)
    infos = [referential.get(code) for code in dict.fromkeys(codes)]  # unknown code: refused
    present = set(session.scalars(
        select(Participation.commune_code).where(Participation.campaign_id == campaign.id)
    ))
    added, already = [], []
    for info in infos:
        if info.code_insee in present:
            already.append(info.nom)
            continue
        add_commune(session, campaign, info.code_insee, invited_on=invited_on, user_id=user_id,
                    today=today)
        added.append(info.nom)
    return AddedCommunes(added, already)


def record_answer(
    session: Session,
    participation: Participation,
    *,
    volunteers: bool,
    user_id: int | None = None,
    reason: str | None = None,
    at: datetime | None = None,
    answered_on: date | None = None,
    today: date | None = None,
) -> PhaseTransition:
    """The commune's answer to the call: volunteers, or declines."""
    if answered_on is not None:
        check_not_future(answered_on, "La date de la réponse", today)
        if participation.invited_on and answered_on < participation.invited_on:
            raise CampaignError(
                f"La réponse ({answered_on:%d/%m/%Y}) précède l'invitation de la commune "
                f"({participation.invited_on:%d/%m/%Y})."
            )
        at = at or day_at(answered_on)
    if volunteers:
        return move(session, participation, "volunteered", user_id=user_id, at=at,
                    reason=reason or "La commune se porte volontaire")
    return move(session, participation, "declined", user_id=user_id, at=at,
                reason=reason or "La commune décline l'invitation")


@dataclass(frozen=True)
class CallDetails:
    """The call to a commune as staff record it: when it was invited, whom to talk to, notes."""

    invited_on: date | None = None
    contact_name: str | None = None
    contact_role: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    notes: str | None = None


def record_call(
    session: Session,
    participation: Participation,
    details: CallDetails,
    *,
    answer: str = "pending",
    answered_on: date | None = None,
    user_id: int | None = None,
    today: date | None = None,
) -> PhaseTransition | None:
    """Update the invitation and the contact élu, and record the answer if there is one.
    Returns the transition the answer made, if any."""
    if answer not in ANSWERS:
        raise CampaignError(f"Réponse inconnue : « {answer} ».")
    check_not_future(details.invited_on, "La date d'invitation", today)
    later = [t.at for t in participation.transitions if t.to_phase != "invited"]
    if details.invited_on and later and details.invited_on > local(min(later)).date():
        raise CampaignError(
            f"L'invitation ({details.invited_on:%d/%m/%Y}) ne peut pas suivre la réponse de la "
            f"commune ({local(min(later)):%d/%m/%Y})."
        )
    email = clean_text(details.contact_email, 200, "Courriel")
    if email and not EMAIL.match(email):
        raise CampaignError(f"Adresse électronique invalide : « {email} » (ex. : mairie@tremel.fr).")
    participation.contact_name = clean_text(details.contact_name, 200, "Nom de l'élu·e")
    participation.contact_role = clean_text(details.contact_role, 200, "Fonction")
    participation.contact_email = email
    participation.contact_phone = clean_text(details.contact_phone, 50, "Téléphone")
    participation.notes = clean_text(details.notes, 5000, "Notes")
    if details.invited_on != participation.invited_on:
        participation.invited_on = details.invited_on
        # Still waiting for an answer: the invitation is the phase's start, so keep them equal.
        if details.invited_on and participation.phase == "invited" and len(participation.transitions) == 1:
            participation.phase_since = participation.transitions[0].at = day_at(details.invited_on)
    session.flush()
    if answer == "pending":
        return None
    if participation.phase != "invited":
        raise CampaignError(
            f"La réponse de {participation.commune.nom} est déjà enregistrée (phase "
            f"« {phases.label(participation.phase)} »)."
        )
    return record_answer(session, participation, volunteers=answer == "volunteers",
                         answered_on=answered_on or today_in_france(), user_id=user_id, today=today)
