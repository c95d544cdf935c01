"""What anyone following a commune may read about its evenings, mayors included: the coming
evenings (date, venue, theme) and the witnesses who spoke (name, organisation, project, never
their contact details). Scoped by `auth.participation_scope`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ruralites import fr
from ruralites.auth import Viewer, participation_scope
from ruralites.evenings.common import KIND_LABELS
from ruralites.models import Evening, EveningWitness, Participation, Witness


@dataclass(frozen=True)
class ComingEvening:
    participation_id: int
    commune_name: str
    kind: str
    title: str
    starts_at: datetime
    place: str | None
    theme_label: str | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class HeardWitness:
    participation_id: int
    commune_name: str
    evening_title: str
    starts_at: datetime
    name: str
    organisation: str | None
    project_title: str


def coming_evenings(session: Session, viewer: Viewer, *, now: datetime | None = None
                    ) -> list[ComingEvening]:
    """The evenings still to come in the communes the viewer follows, soonest first."""
    stmt = (select(Evening).join(Evening.participation).where(
        participation_scope(viewer), Evening.starts_at >= (now or fr.utcnow()))
        .options(selectinload(Evening.participation).selectinload(Participation.commune),
                 selectinload(Evening.theme))
        .order_by(Evening.starts_at, Evening.id))
    return [ComingEvening(e.participation_id, e.participation.commune.nom, e.kind, e.title,
                          e.starts_at, e.place, e.theme.label if e.theme else None)
            for e in session.scalars(stmt)]


def witnesses_heard(session: Session, viewer: Viewer) -> list[HeardWitness]:
    """The witnesses who spoke at the evenings of the communes the viewer follows, by date."""
    stmt = (select(EveningWitness.evening_id, Evening.participation_id, Evening.title,
                   Evening.starts_at, Witness.name, Witness.organisation, Witness.project_title,
                   Participation.commune_code)
            .join(Evening, Evening.id == EveningWitness.evening_id)
            .join(Witness, Witness.id == EveningWitness.witness_id)
            .join(Participation, Participation.id == Evening.participation_id)
            .where(participation_scope(viewer), EveningWitness.spoke.is_(True))
            .order_by(Evening.starts_at, Witness.name, Witness.id))
    names = {p.id: p.commune.nom for p in session.scalars(
        select(Participation).where(participation_scope(viewer))
        .options(selectinload(Participation.commune)))}
    return [HeardWitness(r.participation_id, names[r.participation_id], r.title, r.starts_at,
                         r.name, r.organisation, r.project_title)
            for r in session.execute(stmt)]
