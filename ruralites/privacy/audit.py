"""The audit log read by administrators (written through `ruralites.audit`): logins, exports,
erasures, decisions recorded, phase overrides; never the personal data itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites.audit import ACTIONS
from ruralites.audit import record as write
from ruralites.auth import Viewer
from ruralites.models import AuditEvent, User
from ruralites.privacy.rules import require_admin

ENTITIES = {"participation": "commune", "campaign": "démarche", "personne": "une personne",
            "volunteers": "groupe d'habitants", "responses": "réponses", "compte": "compte"}


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
    """`ruralites.audit.record` for a viewer."""
    write(session, viewer.user_id if viewer else None, action, entity, entity_id=entity_id,
          counts=counts, summary=summary)


def entries(session: Session, viewer: Viewer, *, limit: int = 500) -> list[Entry]:
    """The latest entries, newest first: administrators only."""
    require_admin(viewer, "lire le journal des actions")
    rows = session.execute(
        select(AuditEvent, User.username).outerjoin(User, User.id == AuditEvent.user_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).all()
    return [Entry(e.at, username or ("inconnu" if e.action == "login_failed" else "système"),
                  ACTIONS.get(e.action, e.action),
                  ENTITIES.get(e.entity, e.entity) + (f" n° {e.entity_id}" if e.entity_id else ""),
                  e.entity_id or "",
                  " ; ".join([*([e.summary] if e.summary else []),
                              *(f"{k} : {v}" for k, v in sorted((e.details or {}).items()))]))
            for e, username in rows]
