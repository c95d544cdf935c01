"""After the evening: who came (a head count, or ticks on the list of those registered), which
witnesses spoke, and what came out of it.

Recording an evening as held is what moves a commune on: the first inspiring evening held moves
its participation from `theme_chosen` to `inspiring` through `campaigns.move`, dated the evening
itself. Planning an evening does not: an orientation needs an evening that took place."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime

from sqlalchemy.orm import Session

from ruralites import campaigns, fr
from ruralites.auth import Viewer
from ruralites.evenings.common import TEXT_LIMIT, EveningError, evening_for
from ruralites.models import Evening

MAX_ATTENDANCE = 5000


def _check_started(evening: Evening, now: datetime) -> None:
    if evening.starts_at > now:
        raise EveningError(f"La soirée n'a pas encore eu lieu (prévue {fr.long_date_time(evening.starts_at)}) : "
                           "sa participation se note après.")


def _held(session: Session, viewer: Viewer, evening: Evening, now: datetime) -> None:
    """Mark the evening held; the first inspiring one moves the commune to `inspiring`."""
    if evening.held_at is None:
        evening.held_at = now
    participation = evening.participation
    if evening.kind == "inspiring" and participation.phase == "theme_chosen":
        campaigns.move(session, participation, "inspiring", user_id=viewer.user_id,
                       at=max(evening.starts_at, participation.phase_since),
                       reason=f"{evening.title} du {fr.short_date(evening.starts_at)}")
    session.flush()


def record_attendance(session: Session, viewer: Viewer, evening_id: int, *,
                      present: Collection[uuid.UUID] | None = None, count: int | None = None,
                      now: datetime | None = None) -> int:
    """Who came: ticks on the list (`present`, the registrations ticked) and/or a head count
    (which includes people who came without registering). Without a count, the ticks are the
    count. Returns the attendance stored."""
    now = now or fr.utcnow()
    evening = evening_for(session, viewer, evening_id, edit=True)
    _check_started(evening, now)
    if present is not None:
        known = {r.id for r in evening.registrations}
        unknown = set(present) - known
        if unknown:
            raise EveningError("Une personne cochée n'est pas inscrite à cette soirée : "
                               "rechargez la page.")
        for registration in evening.registrations:
            registration.attended = registration.id in present
    ticked = sum(r.attended for r in evening.registrations)
    if count is None:
        count = ticked
    if not 0 <= count <= MAX_ATTENDANCE:
        raise EveningError(f"Nombre de présents : de 0 à {fr.number(MAX_ATTENDANCE)}.")
    if count < ticked:
        raise EveningError(f"{fr.plural(ticked, 'personne est cochée', 'personnes sont cochées')} "
                           f"présente(s) sur la liste, mais le total indiqué est {count} : le "
                           "total compte aussi les personnes venues sans s'inscrire.")
    evening.attendance = count
    _held(session, viewer, evening, now)
    return count


def record_outcome(session: Session, viewer: Viewer, evening_id: int, *,
                   outcome: str | None, spoke: Collection[int] | None = None,
                   now: datetime | None = None) -> None:
    """What came out of the evening and, for an inspiring one, which invited witnesses spoke
    (by default those who confirmed)."""
    now = now or fr.utcnow()
    evening = evening_for(session, viewer, evening_id, edit=True)
    _check_started(evening, now)
    evening.outcome = campaigns.clean_text(outcome, TEXT_LIMIT, "Ce qui en est sorti")
    if spoke is None:
        spoke = {s.witness_id for s in evening.speakers if s.confirmed}
    invited = {s.witness_id for s in evening.speakers}
    if set(spoke) - invited:
        raise EveningError("Un témoin noté comme intervenu n'était pas invité à cette soirée : "
                           "invitez-le d'abord.")
    for speaker in evening.speakers:
        speaker.spoke = speaker.witness_id in spoke
        if speaker.spoke:
            speaker.confirmed = True
    _held(session, viewer, evening, now)
