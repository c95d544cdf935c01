"""A commune's participation and its phases: `move` is the only way a phase changes (it asks
`ruralites.phases` and keeps who, when and why); later modules ask `check_allows` first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import phases
from ruralites.auth import Viewer, participation_scope
from ruralites.fr import utcnow
from ruralites.models import Participation, PhaseTransition


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


def withdraw(session: Session, participation: Participation, reason: str, *,
             user_id: int | None = None, at: datetime | None = None) -> PhaseTransition:
    return move(session, participation, "withdrawn", user_id=user_id, reason=reason, at=at)


def history(session: Session, viewer: Viewer, participation_id: int) -> list[PhaseTransition]:
    stmt = (
        select(PhaseTransition)
        .join(PhaseTransition.participation)
        .join(Participation.campaign)
        .where(PhaseTransition.participation_id == participation_id, participation_scope(viewer))
        .order_by(PhaseTransition.id)
    )
    return list(session.scalars(stmt))
