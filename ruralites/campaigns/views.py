"""What staff and mayors read about a campaign: the campaigns they follow, each commune's file
(call, contact, decisions, timeline of transitions), the campaign's progress over time and its
export table. Plain dataclasses out; every query is limited to the viewer's scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload

from ruralites import access, phases
from ruralites.auth import Viewer, campaign_scope, participation_scope
from ruralites.campaigns.common import ANSWERS, STATUS_LABELS, campaign_for
from ruralites.fr import local, today_in_france
from ruralites.models import (
    Campaign,
    Commune,
    CouncilDecision,
    Document,
    Participation,
    User,
)

# ---- the campaigns a viewer follows ------------------------------------------------------------


@dataclass(frozen=True)
class CampaignSummary:
    slug: str
    name: str
    pole_ids: tuple[int, ...]
    pole_names: tuple[str, ...]
    funder: str | None
    call_name: str | None
    description: str | None
    starts_on: date | None
    ends_on: date | None
    status: str
    is_demo: bool
    communes: int
    phase_counts: dict[str, int]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def list_campaigns(session: Session, viewer: Viewer) -> list[CampaignSummary]:
    """The campaigns the viewer may see, the running ones first, newest first."""
    stmt = (
        select(Campaign)
        .where(campaign_scope(viewer))
        .options(selectinload(Campaign.poles), selectinload(Campaign.participations))
        .order_by(Campaign.name, Campaign.id)
    )
    order = {"active": 0, "draft": 1, "closed": 2}
    found = sorted(
        session.scalars(stmt),
        key=lambda c: (order.get(c.status, 3), -(c.starts_on or date.min).toordinal(), c.name),
    )
    return [
        CampaignSummary(
            slug=c.slug, name=c.name, pole_ids=tuple(p.id for p in c.poles),
            pole_names=tuple(sorted(p.name for p in c.poles)), funder=c.funder,
            call_name=c.call_name, description=c.description, starts_on=c.starts_on,
            ends_on=c.ends_on, status=c.status, is_demo=c.is_demo,
            communes=len(c.participations),
            phase_counts=dict(Counter(p.phase for p in c.participations)),
        )
        for c in found
    ]


# ---- each commune's file -----------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineStep:
    at: datetime
    from_phase: str | None
    to_phase: str
    who: str
    reason: str | None

    @property
    def label(self) -> str:
        return phases.label(self.to_phase)


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    filename: str
    media_type: str
    size: int
    sha256: str

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True)
class DecisionView:
    id: int
    session_date: date
    number: str | None
    votes_for: int
    votes_against: int
    abstentions: int
    favourable: bool
    notes: str | None
    document: DocumentInfo | None

    @property
    def title(self) -> str:
        number = f"n° {self.number} " if self.number else ""
        return f"Délibération {number}du {self.session_date:%d/%m/%Y}"

    @property
    def result(self) -> str:
        verdict = "favorable" if self.favourable else "défavorable"
        return (f"{verdict} : {self.votes_for} pour, {self.votes_against} contre, "
                f"{self.abstentions} abstention(s)")


@dataclass(frozen=True)
class CommuneFile:
    participation_id: int
    campaign_slug: str
    campaign_name: str
    is_demo: bool
    code_insee: str
    nom: str
    population: int | None
    nom_epci: str | None
    phase: str
    since: datetime
    invited_on: date | None
    contact_name: str | None
    contact_role: str | None
    contact_email: str | None
    contact_phone: str | None
    notes: str | None
    withdrawn_reason: str | None
    decisions: tuple[DecisionView, ...]
    timeline: tuple[TimelineStep, ...]

    @property
    def label(self) -> str:
        return f"{self.nom} ({self.code_insee})"

    @property
    def phase_label(self) -> str:
        return phases.label(self.phase)

    @property
    def next_step(self) -> str:
        """What must happen for the commune to move on, in staff's words."""
        return phases.NEXT_STEP[self.phase]

    @property
    def answer(self) -> str:
        """The commune's answer to the call, read from its history."""
        reached = {step.to_phase for step in self.timeline}
        if "volunteered" in reached:
            return ANSWERS["volunteers"]
        if "declined" in reached:
            return ANSWERS["declines"]
        return ANSWERS["pending"]

    @property
    def answered_on(self) -> date | None:
        for step in self.timeline:
            if step.to_phase in ("volunteered", "declined"):
                return local(step.at).date()
        return None

    @property
    def decision(self) -> DecisionView | None:
        return self.decisions[-1] if self.decisions else None


def commune_files(
    session: Session,
    viewer: Viewer,
    campaign_slug: str | None = None,
    participation_id: int | None = None,
) -> list[CommuneFile]:
    """Each commune the viewer may see (of one campaign, or one participation), by name."""
    stmt = (
        select(Participation)
        .join(Participation.campaign)
        .join(Participation.commune)
        .where(participation_scope(viewer))
        .options(
            selectinload(Participation.commune), selectinload(Participation.campaign),
            selectinload(Participation.transitions),
            selectinload(Participation.decisions).selectinload(CouncilDecision.document)
            .options(defer(Document.content)),
        )
        .order_by(Campaign.name, Campaign.id, Commune.nom, Participation.id)
    )
    if campaign_slug is not None:
        stmt = stmt.where(Campaign.slug == campaign_slug)
    if participation_id is not None:
        stmt = stmt.where(Participation.id == participation_id)
    found = list(session.scalars(stmt))
    user_ids = {t.user_id for p in found for t in p.transitions if t.user_id is not None}
    names: dict[int, str] = {}
    if user_ids:
        names = {uid: name for uid, name in session.execute(
            select(User.id, User.display_name).where(User.id.in_(user_ids)))}
    return [_file(p, names) for p in found]


def _file(p: Participation, names: dict[int, str]) -> CommuneFile:
    return CommuneFile(
        participation_id=p.id, campaign_slug=p.campaign.slug, campaign_name=p.campaign.name,
        is_demo=p.campaign.is_demo, code_insee=p.commune.code_insee, nom=p.commune.nom,
        population=p.commune.population, nom_epci=p.commune.nom_epci, phase=p.phase,
        since=p.phase_since, invited_on=p.invited_on, contact_name=p.contact_name,
        contact_role=p.contact_role, contact_email=p.contact_email, contact_phone=p.contact_phone,
        notes=p.notes, withdrawn_reason=p.withdrawn_reason,
        decisions=tuple(_decision(d) for d in p.decisions),
        timeline=tuple(
            TimelineStep(at=t.at, from_phase=t.from_phase, to_phase=t.to_phase,
                         who=names.get(t.user_id, "—") if t.user_id else "—", reason=t.reason)
            for t in p.transitions
        ),
    )


def _decision(d: CouncilDecision) -> DecisionView:
    doc = d.document
    return DecisionView(
        id=d.id, session_date=d.session_date, number=d.number, votes_for=d.votes_for,
        votes_against=d.votes_against, abstentions=d.abstentions, favourable=d.favourable,
        notes=d.notes,
        document=DocumentInfo(doc.id, doc.filename, doc.media_type, doc.size, doc.sha256) if doc else None,
    )


# ---- progress over time ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressPoint:
    day: date
    phase: str
    communes: int


def progress_series(
    histories: Iterable[Sequence[tuple[datetime, str]]], until: date | None = None
) -> list[ProgressPoint]:
    """How many communes were in each phase at the end of each day something happened (and of
    `until`). Each history is a commune's (moment, phase entered) steps, oldest first. Pure."""
    histories = [sorted(h) for h in histories if h]
    days = sorted({local(at).date() for h in histories for at, _ in h} | ({until} if until else set()))
    if not days:
        return []
    seen = [p for p in phases.PHASES if any(phase == p for h in histories for _, phase in h)]
    points = []
    for day in days:
        counts: Counter[str] = Counter()
        for h in histories:
            current = [phase for at, phase in h if local(at).date() <= day]
            if current:
                counts[current[-1]] += 1
        points += [ProgressPoint(day, phase, counts[phase]) for phase in seen]
    return points


def progress(session: Session, viewer: Viewer, campaign_slug: str) -> list[ProgressPoint]:
    """The campaign's communes by phase over time; a running campaign's series reaches today."""
    campaign = campaign_for(session, viewer, campaign_slug)
    files = commune_files(session, viewer, campaign_slug)
    until = today_in_france() if campaign.status != "closed" else None
    return progress_series([[(t.at, t.to_phase) for t in f.timeline] for f in files], until)


# ---- export ------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "Code INSEE", "Commune", "Habitants", "EPCI", "Phase", "Depuis le", "Prochaine étape",
    "Invitée le", "Réponse à l'appel", "Réponse le", "Élu·e contact", "Fonction", "Courriel",
    "Téléphone", "Délibération n°", "Séance du", "Pour", "Contre", "Abstentions",
    "Document signé", "SHA-256 du document", "Notes", "Raison du retrait",
)


def export_table(session: Session, viewer: Viewer, campaign_slug: str) -> tuple[tuple[str, ...], list[list]]:
    """The campaign's communes and their phases, one row each, for `ruralites.exports`."""
    access.check(viewer.role, "board")
    campaign_for(session, viewer, campaign_slug)
    rows = []
    for f in commune_files(session, viewer, campaign_slug):
        d = f.decision
        doc = d.document if d else None
        rows.append([
            f.code_insee, f.nom, f.population, f.nom_epci, f.phase_label, local(f.since).date(),
            f.next_step, f.invited_on, f.answer, f.answered_on, f.contact_name, f.contact_role,
            f.contact_email, f.contact_phone, d.number if d else None,
            d.session_date if d else None, d.votes_for if d else None,
            d.votes_against if d else None, d.abstentions if d else None,
            doc.filename if doc else None, doc.sha256 if doc else None, f.notes, f.withdrawn_reason,
        ])
    return EXPORT_COLUMNS, rows


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

    @property
    def label(self) -> str:
        return f"{self.nom} ({self.code_insee})"


def next_steps(rows: Sequence[BoardRow]) -> list[tuple[str, list[str]]]:
    """What the open participations wait for, in the method's order: (step, commune names)."""
    waiting: dict[str, list[str]] = {}
    for row in sorted((r for r in rows if not phases.is_closed(r.phase)),
                      key=lambda r: (phases.PHASES.index(r.phase), r.nom)):
        waiting.setdefault(row.next_step, []).append(row.nom)
    return list(waiting.items())


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
