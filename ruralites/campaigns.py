"""Phase 1: campaigns, communes invited to them, their answers and council decisions.

Every change of phase goes through `move`, which asks `ruralites.phases` whether it is allowed and
keeps the history (who, when, why). Later modules ask `check_allows` before acting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ruralites import communes as referential
from ruralites import phases
from ruralites.auth import Viewer, participation_scope
from ruralites.models import (
    Campaign,
    Commune,
    CouncilDecision,
    Participation,
    PhaseTransition,
    Pole,
    utcnow,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CampaignError(Exception):
    """A campaign rule refused something; str() is a French message."""


class CampaignNotFoundError(CampaignError):
    pass


class DuplicateCommuneError(CampaignError):
    pass


def slugify(text: str) -> str:
    return "-".join(referential.normalise_name(text).split())[:80]


# ---- campaigns ---------------------------------------------------------------------------------


def ensure_pole(session: Session, slug: str, name: str, territory: str | None = None) -> Pole:
    pole = session.scalar(select(Pole).where(Pole.slug == slug))
    if pole is None:
        pole = Pole(slug=slug, name=name, territory=territory)
        session.add(pole)
        session.flush()
    return pole


def create_campaign(
    session: Session,
    *,
    name: str,
    poles: list[Pole],
    slug: str | None = None,
    funder: str | None = None,
    call_name: str | None = None,
    description: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    status: str = "active",
    is_demo: bool = False,
) -> Campaign:
    name = (name or "").strip()
    if not name:
        raise CampaignError("Donnez un nom à la démarche.")
    slug = slug or slugify(name)
    if not SLUG.match(slug):
        raise CampaignError(f"Identifiant de démarche invalide : « {slug} ».")
    if session.scalar(select(Campaign.id).where(Campaign.slug == slug)) is not None:
        raise CampaignError(f"Une démarche porte déjà l'identifiant « {slug} ».")
    if starts_on and ends_on and ends_on < starts_on:
        raise CampaignError("La date de fin précède la date de début.")
    campaign = Campaign(
        slug=slug, name=name, funder=funder, call_name=call_name, description=description,
        starts_on=starts_on, ends_on=ends_on, status=status, is_demo=is_demo, poles=list(poles),
    )
    session.add(campaign)
    session.flush()
    return campaign


def get_campaign(session: Session, slug: str) -> Campaign:
    campaign = session.scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        raise CampaignNotFoundError(f"Aucune démarche « {slug} ».")
    return campaign


# ---- communes in a campaign --------------------------------------------------------------------


def ensure_commune(session: Session, code_insee: str) -> Commune:
    """The commune's row, copied from the official referential the first time it is used."""
    info = referential.get(code_insee)  # raises UnknownCommuneError with a French message
    commune = session.get(Commune, info.code_insee)
    if commune is None:
        commune = Commune(
            code_insee=info.code_insee, nom=info.nom, departement=info.departement,
            code_epci=info.code_epci or None, nom_epci=info.nom_epci or None,
            population=info.population,
        )
        session.add(commune)
        session.flush()
    return commune


def add_commune(
    session: Session,
    campaign: Campaign,
    code_insee: str,
    *,
    invited_on: date | None = None,
    user_id: int | None = None,
    at: datetime | None = None,
) -> Participation:
    commune = ensure_commune(session, code_insee)
    exists = session.scalar(
        select(Participation.id).where(
            Participation.campaign_id == campaign.id, Participation.commune_code == commune.code_insee
        )
    )
    if exists is not None:
        raise DuplicateCommuneError(f"{commune.nom} fait déjà partie de la démarche « {campaign.name} ».")
    at = at or utcnow()
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


def move(
    session: Session,
    participation: Participation,
    to_phase: str,
    *,
    user_id: int | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> PhaseTransition:
    """The only way a participation changes phase."""
    phases.check_transition(participation.phase, to_phase, reason)
    at = at or utcnow()
    step = PhaseTransition(
        participation=participation, from_phase=participation.phase, to_phase=to_phase, at=at,
        user_id=user_id, reason=(reason or "").strip() or None,
    )
    participation.phase = to_phase
    participation.phase_since = at
    if to_phase == "withdrawn":
        participation.withdrawn_reason = step.reason
    session.add(step)
    session.flush()
    return step


def check_allows(participation: Participation, action: str) -> None:
    phases.check_allows(participation.phase, action)


def record_answer(
    session: Session,
    participation: Participation,
    *,
    volunteers: bool,
    user_id: int | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> PhaseTransition:
    """The commune's answer to the call: volunteers, or declines."""
    if volunteers:
        return move(session, participation, "volunteered", user_id=user_id, at=at,
                    reason=reason or "La commune se porte volontaire")
    return move(session, participation, "declined", user_id=user_id, at=at,
                reason=reason or "La commune décline l'invitation")


@dataclass(frozen=True)
class DecisionOutcome:
    decision: CouncilDecision
    warnings: list[str]


def record_decision(
    session: Session,
    participation: Participation,
    *,
    session_date: date,
    number: str | None,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    document_id: int | None = None,
    user_id: int | None = None,
    today: date | None = None,
    at: datetime | None = None,
) -> DecisionOutcome:
    """Record a délibération. Favourable (more for than against) validates the participation;
    unfavourable ends it."""
    check_allows(participation, "record_decision")
    if participation.phase != "volunteered":
        raise phases.PhaseGateError(
            f"{participation.commune.nom} est déjà en phase « {phases.label(participation.phase)} » : "
            "sa délibération a déjà été enregistrée."
        )
    today = today or datetime.now(UTC).date()
    if session_date > today:
        raise CampaignError("La date de la séance du conseil est dans le futur.")
    if participation.invited_on and session_date < participation.invited_on:
        raise CampaignError(
            f"La séance du conseil ({session_date:%d/%m/%Y}) précède l'invitation de la commune "
            f"({participation.invited_on:%d/%m/%Y})."
        )
    if min(votes_for, votes_against, abstentions) < 0:
        raise CampaignError("Les nombres de voix ne peuvent pas être négatifs.")
    warnings = _plausibility_warnings(participation.commune, votes_for + votes_against + abstentions)
    favourable = votes_for > votes_against
    decision = CouncilDecision(
        participation=participation, session_date=session_date, number=(number or "").strip() or None,
        votes_for=votes_for, votes_against=votes_against, abstentions=abstentions,
        favourable=favourable, document_id=document_id, recorded_by=user_id,
    )
    session.add(decision)
    label = f"Délibération n° {decision.number}" if decision.number else "Délibération"
    at = at or datetime.combine(session_date, datetime.min.time(), UTC).replace(hour=19)
    if favourable:
        move(session, participation, "validated", user_id=user_id, at=at,
             reason=f"{label} du {session_date:%d/%m/%Y} : {votes_for} pour, {votes_against} contre, {abstentions} abstention(s)")
    else:
        move(session, participation, "declined", user_id=user_id, at=at,
             reason=f"{label} défavorable du {session_date:%d/%m/%Y}")
    return DecisionOutcome(decision, warnings)


def council_size(population: int | None) -> int | None:
    """Seats of a conseil municipal by population (Code général des collectivités, L2121-2)."""
    if population is None:
        return None
    for limit, seats in ((100, 7), (500, 11), (1500, 15), (2500, 19), (3500, 23), (5000, 27),
                         (10000, 29), (20000, 33), (30000, 35)):
        if population < limit:
            return seats
    return 39


def _plausibility_warnings(commune: Commune, voters: int) -> list[str]:
    seats = council_size(commune.population)
    if voters == 0:
        return ["Aucune voix n'est indiquée : vérifiez le décompte."]
    if seats and voters > seats:
        return [f"{voters} voix pour un conseil de {seats} sièges à {commune.nom} : vérifiez le décompte."]
    if seats and voters < (seats // 2 + 1):
        return [f"{voters} votants seulement sur {seats} sièges : le quorum était-il atteint ?"]
    return []


def withdraw(session: Session, participation: Participation, reason: str, *,
             user_id: int | None = None, at: datetime | None = None) -> PhaseTransition:
    return move(session, participation, "withdrawn", user_id=user_id, reason=reason, at=at)


# ---- what staff and mayors see -----------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    participation_id: int
    campaign_slug: str
    campaign_name: str
    code_insee: str
    nom: str
    population: int | None
    nom_epci: str | None
    phase: str
    phase_label: str
    since: datetime
    next_step: str
    is_demo: bool


def board(session: Session, viewer: Viewer, campaign_slug: str | None = None) -> list[BoardRow]:
    """Every participation the viewer may see, with its phase and what is missing to move on."""
    stmt = (
        select(Participation)
        .join(Participation.campaign)
        .join(Participation.commune)
        .options(selectinload(Participation.commune), selectinload(Participation.campaign))
        .where(participation_scope(viewer))
        .order_by(Campaign.starts_on.desc(), Campaign.name, Commune.nom)
    )
    if campaign_slug:
        stmt = stmt.where(Campaign.slug == campaign_slug)
    return [
        BoardRow(
            participation_id=p.id, campaign_slug=p.campaign.slug, campaign_name=p.campaign.name,
            code_insee=p.commune.code_insee, nom=p.commune.nom, population=p.commune.population,
            nom_epci=p.commune.nom_epci, phase=p.phase, phase_label=phases.label(p.phase),
            since=p.phase_since, next_step=phases.NEXT_STEP[p.phase], is_demo=p.campaign.is_demo,
        )
        for p in session.scalars(stmt)
    ]


def history(session: Session, viewer: Viewer, participation_id: int) -> list[PhaseTransition]:
    stmt = (
        select(PhaseTransition)
        .join(PhaseTransition.participation)
        .join(Participation.campaign)
        .where(PhaseTransition.participation_id == participation_id, participation_scope(viewer))
        .order_by(PhaseTransition.id)
    )
    return list(session.scalars(stmt))


def count_campaigns(session: Session) -> int:
    return session.scalar(select(func.count(Campaign.id))) or 0
