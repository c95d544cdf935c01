"""What every campaign rule shares: its errors, the labels, text and date checks, and how a
viewer reaches a campaign or a participation (scoped by `ruralites.auth`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ruralites import communes as referential
from ruralites.auth import Viewer, campaign_scope, participation_scope
from ruralites.errors import UserError
from ruralites.fr import today_in_france, utcnow
from ruralites.models import Campaign, Participation

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STATUS_LABELS = {"draft": "En préparation", "active": "En cours", "closed": "Terminée"}
# The commune's answer to the call, as staff record it.
ANSWERS = {"pending": "Pas encore de réponse", "volunteers": "Volontaire", "declines": "Décline"}


class CampaignError(UserError):
    """A campaign rule refused something; str() is a French message."""


class CampaignNotFoundError(CampaignError):
    pass


class DuplicateCommuneError(CampaignError):
    pass


class NotAllowedError(CampaignError):
    pass




def slugify(text: str) -> str:
    return "-".join(referential.normalise_name(text).split())[:80]


def day_at(day: date, hour: int = 12) -> datetime:
    """A moment on that day (UTC noon is the same day in France), never later than now."""
    return min(datetime.combine(day, datetime.min.time(), UTC).replace(hour=hour), utcnow())


def check_not_future(day: date | None, what: str, today: date | None) -> None:
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


# ---- what staff and mayors see -----------------------------------------------------------------


def count_campaigns(session: Session) -> int:
    return session.scalar(select(func.count(Campaign.id))) or 0
