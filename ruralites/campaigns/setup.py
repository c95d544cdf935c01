"""Creating and editing a campaign (démarche): its name, the pôles that run it, its funder and
call, dates and status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites.auth import Viewer
from ruralites.campaigns.common import (
    SLUG,
    STATUS_LABELS,
    CampaignError,
    campaign_for,
    clean_text,
    require_staff,
    slugify,
)
from ruralites.communes import ensure_pole
from ruralites.models import Campaign, Pole


def list_poles(session: Session) -> list[Pole]:
    return list(session.scalars(select(Pole).order_by(Pole.name)))


@dataclass(frozen=True)
class CampaignFields:
    """What staff fill in to create or edit a campaign."""

    name: str
    pole_ids: tuple[int, ...] = ()
    new_poles: tuple[str, ...] = ()  # names of pôles not yet known, created on save
    funder: str | None = None
    call_name: str | None = None
    description: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    status: str = "active"


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name) or "demarche"
    slug, n = base, 1
    while session.scalar(select(Campaign.id).where(Campaign.slug == slug)) is not None:
        n += 1
        slug = f"{base[:75]}-{n}"
    return slug


def _poles_of(session: Session, viewer: Viewer, fields: CampaignFields) -> list[Pole]:
    poles: list[Pole] = []
    for pole_id in dict.fromkeys(fields.pole_ids):
        pole = session.get(Pole, pole_id)
        if pole is None:
            raise CampaignError("Pôle inconnu : rechargez la page.")
        poles.append(pole)
    for name in fields.new_poles:
        name = clean_text(name, 200, "Nom du pôle")
        if name and slugify(name):
            pole = ensure_pole(session, slugify(name), name)
            if pole not in poles:
                poles.append(pole)
    if not poles:
        raise CampaignError("Choisissez au moins un pôle porteur de la démarche.")
    if viewer.role == "staff" and viewer.pole_id is not None and viewer.pole_id not in {p.id for p in poles}:
        raise CampaignError(
            "Votre pôle doit rester parmi les pôles porteurs : sans lui, vous ne verriez plus "
            "la démarche."
        )
    return poles


def save_campaign(
    session: Session, viewer: Viewer, fields: CampaignFields, *, slug: str | None = None
) -> Campaign:
    """Create a campaign (no slug) or edit the one named by `slug`, as the viewer."""
    require_staff(viewer)
    name = check_campaign_fields(fields.name, fields.starts_on, fields.ends_on, fields.status)
    values = {
        "funder": clean_text(fields.funder, 300, "Financeur"),
        "call_name": clean_text(fields.call_name, 300, "Appel à projets"),
        "description": clean_text(fields.description, 5000, "Description"),
    }
    poles = _poles_of(session, viewer, fields)
    if slug is None:
        return create_campaign(
            session, name=name, poles=poles, slug=_unique_slug(session, name),
            starts_on=fields.starts_on, ends_on=fields.ends_on, status=fields.status, **values,
        )
    campaign = campaign_for(session, viewer, slug, edit=True)
    campaign.name, campaign.poles = name, poles
    campaign.starts_on, campaign.ends_on, campaign.status = fields.starts_on, fields.ends_on, fields.status
    for key, value in values.items():
        setattr(campaign, key, value)
    session.flush()
    return campaign


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
