"""The audit log: logins, exports, erasures, decisions recorded, phase overrides. It says who
did what to which kind of thing and when, never the personal data itself: an entry holds an
action, a kind of entity, an id and counts, and its summary is written by the code, never
copied from what a user typed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import fr
from ruralites.auth import Viewer
from ruralites.models import AuditEvent, User
from ruralites.privacy.rules import require_admin

ACTIONS = {
    "login": "Connexion",
    "export": "Export",
    "erasure": "Effacement des données d'une personne",
    "person_export": "Export des données d'une personne",
    "purge": "Purge des coordonnées (durée de conservation)",
    "decision": "Délibération enregistrée",
    "phase_override": "Phase changée hors du parcours prévu",
}
# What an entry may look like: no "@", no run of digits long enough to be a phone number.
_PERSONAL = re.compile(r"@|\d[\d .]{7,}\d")


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    action: str
    entity: str
    entity_id: str
    summary: str


def record(session: Session, viewer: Viewer | None, action: str, entity: str, *,
           entity_id: str | int | None = None, counts: dict[str, int] | None = None,
           summary: str = "") -> None:
    """Add an entry. `counts` holds numbers only; a summary that looks like contact details
    is a programming error (refused, so it is caught by the tests, never stored)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    counts = counts or {}
    if not all(isinstance(v, int) for v in counts.values()):
        raise ValueError("audit counts must be numbers")
    if _PERSONAL.search(summary) or _PERSONAL.search(str(entity_id or "")):
        raise ValueError("an audit entry must not hold contact details")
    session.add(AuditEvent(at=fr.utcnow(), user_id=viewer.user_id if viewer else None,
                           action=action, entity=entity,
                           entity_id=None if entity_id is None else str(entity_id),
                           details=dict(counts), summary=summary or None))
    session.flush()


def entries(session: Session, viewer: Viewer, *, limit: int = 500) -> list[Entry]:
    """The latest entries, newest first: administrators only."""
    require_admin(viewer, "lire le journal des actions")
    rows = session.execute(
        select(AuditEvent, User.username).outerjoin(User, User.id == AuditEvent.user_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()
    return [Entry(e.at, username or "système", ACTIONS.get(e.action, e.action), e.entity,
                  e.entity_id or "",
                  " ; ".join([*([e.summary] if e.summary else []),
                              *(f"{k} : {v}" for k, v in sorted((e.details or {}).items()))]))
            for e, username in rows]
