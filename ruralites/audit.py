"""Writing the audit log: who did what to which kind of thing and when, never the personal
data itself. An entry holds an action, a kind of entity, an id and numbers; its summary is
written by the code, never copied from what a user typed. Top-level (imports only `models`
and `fr`) so that every domain package may record; reading it is `privacy.entries`
(administrators only)."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from ruralites import fr
from ruralites.models import AuditEvent

ACTIONS = {
    "login": "Connexion",
    "login_failed": "Connexion refusée (mot de passe ou compte)",
    "logout": "Déconnexion",
    "export": "Export",
    "erasure": "Effacement des données d'une personne",
    "person_export": "Export des données d'une personne",
    "purge": "Purge des coordonnées (durée de conservation)",
    "decision": "Délibération enregistrée",
    "phase_override": "Phase changée sur décision du pôle",
}
# What an entry may never look like: an e-mail address, a phone number.
_PERSONAL = re.compile(r"@|\d[\d .]{7,}\d")


def record(session: Session, user_id: int | None, action: str, entity: str, *,
           entity_id: str | int | None = None, counts: dict[str, int] | None = None,
           summary: str = "") -> None:
    """Add an entry. `counts` holds numbers only; a summary or id that looks like contact
    details is a programming error (refused, so that tests catch it; never stored)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    counts = counts or {}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in counts.values()):
        raise ValueError("audit counts must be numbers")
    if _PERSONAL.search(summary) or _PERSONAL.search(str(entity_id or "")):
        raise ValueError("an audit entry must not hold contact details")
    session.add(AuditEvent(at=fr.utcnow(), user_id=user_id, action=action, entity=entity,
                           entity_id=None if entity_id is None else str(entity_id),
                           details=dict(counts), summary=summary or None))
    session.flush()
