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
from ruralites import documents, phases
from ruralites.auth import Viewer, campaign_scope, participation_scope
from ruralites.models import (
    Campaign,
    Commune,
    CouncilDecision,
    Participation,
    PhaseTransition,
    Pole,
    utcnow,
)
from ruralites.timefmt import local

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STATUS_LABELS = {"draft": "En préparation", "active": "En cours", "closed": "Terminée"}
# The commune's answer to the call, as staff record it.
ANSWERS = {"pending": "Pas encore de réponse", "volunteers": "Volontaire", "declines": "Décline"}


class CampaignError(Exception):
    """A campaign rule refused something; str() is a French message."""


class CampaignNotFoundError(CampaignError):
    pass


class DuplicateCommuneError(CampaignError):
    pass


class NotAllowedError(CampaignError):
    pass


# Errors whose message is for users: a page shows them with st.error, the CLI prints them.
USER_ERRORS: tuple[type[Exception], ...] = (
    CampaignError, phases.PhaseError, referential.UnknownCommuneError, documents.DocumentError,
)


def slugify(text: str) -> str:
    return "-".join(referential.normalise_name(text).split())[:80]


def today_in_france() -> date:
    return local(utcnow()).date()


def _day_at(day: date, hour: int = 12) -> datetime:
    """A moment on that day (UTC noon is the same day in France), never later than now."""
    return min(datetime.combine(day, datetime.min.time(), UTC).replace(hour=hour), utcnow())


def _check_not_future(day: date | None, what: str, today: date | None) -> None:
    if day is not None and day > (today or today_in_france()):
        raise CampaignError(f"{what} ({day:%d/%m/%Y}) est dans le futur.")


def clean_text(value: str | None, limit: int, what: str) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise CampaignError(f"{what} : {limit} caractères au plus ({len(value)} saisis).")
    return value or None


def require_staff(viewer: Viewer) -> None:
    if not viewer.is_staff:
        raise NotAllowedError(
            "Seul·es les animateur·rices des pôles peuvent modifier une démarche : "
            "votre compte permet de la consulter."
        )


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
    name = check_campaign_fields(name, starts_on, ends_on, status)
    slug = slug or slugify(name)
    if not SLUG.match(slug):
        raise CampaignError(f"Identifiant de démarche invalide : « {slug} ».")
    if session.scalar(select(Campaign.id).where(Campaign.slug == slug)) is not None:
        raise CampaignError(f"Une démarche porte déjà l'identifiant « {slug} ».")
    campaign = Campaign(
        slug=slug, name=name, funder=funder, call_name=call_name, description=description,
        starts_on=starts_on, ends_on=ends_on, status=status, is_demo=is_demo, poles=list(poles),
    )
    session.add(campaign)
    session.flush()
    return campaign


def check_campaign_fields(name: str, starts_on: date | None, ends_on: date | None, status: str) -> str:
    name = (name or "").strip()
    if not name:
        raise CampaignError("Donnez un nom à la démarche.")
    if len(name) > 200:
        raise CampaignError("Le nom de la démarche dépasse 200 caractères : raccourcissez-le.")
    if starts_on and ends_on and ends_on < starts_on:
        raise CampaignError("La date de fin précède la date de début.")
    if status not in STATUS_LABELS:
        raise CampaignError(f"Statut de démarche inconnu : « {status} ».")
    return name


def get_campaign(session: Session, slug: str) -> Campaign:
    campaign = session.scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        raise CampaignNotFoundError(f"Aucune démarche « {slug} ».")
    return campaign


def campaign_for(session: Session, viewer: Viewer, slug: str, *, edit: bool = False) -> Campaign:
    """The campaign if the viewer may see it (and change it, with `edit`)."""
    if edit:
        require_staff(viewer)
    campaign = session.scalar(select(Campaign).where(Campaign.slug == slug, campaign_scope(viewer)))
    if campaign is None:
        raise CampaignNotFoundError(f"Aucune démarche « {slug} » parmi celles que vous suivez.")
    return campaign


def participation_for(
    session: Session, viewer: Viewer, participation_id: int, *, edit: bool = False
) -> Participation:
    """The participation if the viewer may see it (and change it, with `edit`)."""
    if edit:
        require_staff(viewer)
    participation = session.scalar(
        select(Participation).where(Participation.id == participation_id, participation_scope(viewer))
    )
    if participation is None:
        raise CampaignNotFoundError("Cette commune ne fait partie d'aucune démarche que vous suivez.")
    return participation


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
    today: date | None = None,
) -> Participation:
    """Invite a commune of the official list; the same commune twice is refused."""
    _check_not_future(invited_on, "La date d'invitation", today)
    commune = ensure_commune(session, code_insee)
    exists = session.scalar(
        select(Participation.id).where(
            Participation.campaign_id == campaign.id, Participation.commune_code == commune.code_insee
        )
    )
    if exists is not None:
        raise DuplicateCommuneError(f"{commune.nom} fait déjà partie de la démarche « {campaign.name} ».")
    at = at or (_day_at(invited_on) if invited_on else utcnow())
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
    _check_not_future(invited_on, "La date d'invitation", today)
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
    answered_on: date | None = None,
    today: date | None = None,
) -> PhaseTransition:
    """The commune's answer to the call: volunteers, or declines."""
    if answered_on is not None:
        _check_not_future(answered_on, "La date de la réponse", today)
        if participation.invited_on and answered_on < participation.invited_on:
            raise CampaignError(
                f"La réponse ({answered_on:%d/%m/%Y}) précède l'invitation de la commune "
                f"({participation.invited_on:%d/%m/%Y})."
            )
        at = at or _day_at(answered_on)
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
    _check_not_future(details.invited_on, "La date d'invitation", today)
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
            participation.phase_since = participation.transitions[0].at = _day_at(details.invited_on)
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
        .order_by(Campaign.starts_on.desc().nulls_last(), Campaign.name, Campaign.id, Commune.nom,
                  Participation.id)
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
