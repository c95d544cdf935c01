"""What the evenings rules share: their error, the French names of kinds, scales and consent
scopes, the read models of an evening, and how a viewer reaches an evening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ruralites import campaigns, fr
from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.models import Evening

KIND_LABELS = {
    "listening": "Soirée d'écoute",
    "restitution": "Soirée de restitution",
    "inspiring": "Soirée inspirante",
}
DEFAULT_TITLES = {
    "listening": "Soirée d'écoute des habitants",
    "restitution": "Soirée de restitution",
    "inspiring": "Soirée inspirante",
}
BUDGET_LABELS = {
    "lt10k": "moins de 10 000 €",
    "10-50k": "de 10 000 à 50 000 €",
    "50-200k": "de 50 000 à 200 000 €",
    "200k-1m": "de 200 000 € à 1 million d'euros",
    "gt1m": "plus d'un million d'euros",
}
SCOPE_LABELS = {
    "listed": "figurer au catalogue",
    "contacted": "figurer au catalogue et être contacté·e par les pôles",
}
MAX_CAPACITY = 2000
TITLE_LIMIT, PLACE_LIMIT, TEXT_LIMIT = 200, 300, 5000


class EveningError(UserError):
    """An evenings rule refused something; str() is a French message."""


@dataclass(frozen=True)
class SpeakerRow:
    """A witness invited to an evening."""

    witness_id: int
    name: str
    organisation: str | None
    project_title: str
    confirmed: bool
    spoke: bool | None


@dataclass(frozen=True)
class EveningInfo:
    id: int
    participation_id: int
    campaign_slug: str
    campaign_name: str
    commune_code: str
    commune_name: str
    kind: str
    title: str
    starts_at: datetime
    place: str | None
    capacity: int | None
    theme_id: int | None
    theme_label: str | None
    notes: str | None
    outcome: str | None
    attendance: int | None
    held_at: datetime | None
    registered: int  # with a place
    waiting: int  # on the waiting list
    ticked: int  # ticked present on the list
    speakers: tuple[SpeakerRow, ...]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.registered)

    def has_started(self, now: datetime | None = None) -> bool:
        return self.starts_at <= (now or fr.utcnow())

    @property
    def when(self) -> str:
        return fr.long_date_time(self.starts_at)


def evening_for(session: Session, viewer: Viewer, evening_id: int, *,
                edit: bool = False) -> Evening:
    """The evening if the viewer may see its commune (and change it, with `edit`)."""
    evening = session.get(Evening, evening_id)
    if evening is None:
        raise EveningError("Soirée introuvable : elle a peut-être été supprimée.")
    campaigns.participation_for(session, viewer, evening.participation_id, edit=edit)
    return evening


def info(evening: Evening) -> EveningInfo:
    """The read model of an evening (its participation, theme and lists loaded)."""
    participation = evening.participation
    registrations = evening.registrations
    theme = evening.theme
    return EveningInfo(
        id=evening.id, participation_id=participation.id,
        campaign_slug=participation.campaign.slug, campaign_name=participation.campaign.name,
        commune_code=participation.commune_code, commune_name=participation.commune.nom,
        kind=evening.kind, title=evening.title, starts_at=evening.starts_at, place=evening.place,
        capacity=evening.capacity, theme_id=evening.theme_id,
        theme_label=theme.label if theme else None, notes=evening.notes,
        outcome=evening.outcome, attendance=evening.attendance, held_at=evening.held_at,
        registered=sum(not r.waiting for r in registrations),
        waiting=sum(r.waiting for r in registrations),
        ticked=sum(r.attended for r in registrations),
        speakers=tuple(
            SpeakerRow(s.witness_id, s.witness.name, s.witness.organisation,
                       s.witness.project_title, s.confirmed, s.spoke)
            for s in sorted(evening.speakers, key=lambda s: s.witness.name)),
    )
