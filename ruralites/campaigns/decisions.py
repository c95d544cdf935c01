"""Council decisions (délibérations): recorded with their signed document; a favourable vote
validates the participation, an unfavourable one ends it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import audit, phases
from ruralites.auth import Viewer, participation_scope
from ruralites.campaigns import documents
from ruralites.campaigns.common import (
    CampaignError,
    CampaignNotFoundError,
    clean_text,
    require_staff,
)
from ruralites.campaigns.participation import check_allows, move
from ruralites.fr import today_in_france
from ruralites.models import Commune, CouncilDecision, Participation


@dataclass(frozen=True)
class DecisionOutcome:
    decision: CouncilDecision
    warnings: list[str]


def record_decision(
    session: Session,
    participation: Participation,
    *,
    session_date: date | None,
    number: str | None,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    document_id: int | None = None,
    document: documents.Upload | None = None,
    notes: str | None = None,
    user_id: int | None = None,
    today: date | None = None,
    at: datetime | None = None,
) -> DecisionOutcome:
    """Record a délibération, with its signed document if given. Favourable (more for than
    against) validates the participation; unfavourable ends it. Implausible vote counts give
    warnings, not a refusal: the council may have sat with absent members."""
    check_allows(participation, "record_decision")
    if participation.phase != "volunteered":
        raise phases.PhaseGateError(
            f"{participation.commune.nom} est déjà en phase « {phases.label(participation.phase)} » : "
            "sa délibération a déjà été enregistrée."
        )
    if session_date is None:
        raise CampaignError("Indiquez la date de la séance du conseil municipal.")
    today = today or today_in_france()
    if session_date > today:
        raise CampaignError("La date de la séance du conseil est dans le futur.")
    if participation.invited_on and session_date < participation.invited_on:
        raise CampaignError(
            f"La séance du conseil ({session_date:%d/%m/%Y}) précède l'invitation de la commune "
            f"({participation.invited_on:%d/%m/%Y})."
        )
    if min(votes_for, votes_against, abstentions) < 0:
        raise CampaignError("Les nombres de voix ne peuvent pas être négatifs.")
    number = clean_text(number, 50, "Numéro de délibération")
    notes = clean_text(notes, 5000, "Notes")
    warnings = _plausibility_warnings(participation.commune, votes_for + votes_against + abstentions)
    if document is not None:
        document_id = documents.store(session, document, user_id=user_id).id
    favourable = votes_for > votes_against
    decision = CouncilDecision(
        participation=participation, session_date=session_date, number=number,
        votes_for=votes_for, votes_against=votes_against, abstentions=abstentions,
        favourable=favourable, document_id=document_id, notes=notes, recorded_by=user_id,
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
    audit.record(session, user_id, "decision", "participation", entity_id=participation.id,
                 counts={"pour": votes_for, "contre": votes_against, "abstentions": abstentions})
    return DecisionOutcome(decision, warnings)


def attach_document(
    session: Session, decision: CouncilDecision, upload: documents.Upload, *, user_id: int | None = None
) -> CouncilDecision:
    """Join the signed document to a decision recorded without it (it often comes back later)."""
    if decision.document_id is not None:
        raise CampaignError("Un document est déjà joint à cette délibération.")
    decision.document_id = documents.store(session, upload, user_id=user_id).id
    session.flush()
    return decision


def decision_for(session: Session, viewer: Viewer, decision_id: int, *, edit: bool = False) -> CouncilDecision:
    if edit:
        require_staff(viewer)
    decision = session.scalar(
        select(CouncilDecision).join(CouncilDecision.participation)
        .where(CouncilDecision.id == decision_id, participation_scope(viewer))
    )
    if decision is None:
        raise CampaignNotFoundError("Délibération introuvable.")
    return decision


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
