"""Retention: the contact details of a campaign are purged a configurable number of months
(`RURALITES_RETENTION_MONTHS`) after it ends. Volunteer entries are deleted; evening
registrations lose their name and contact but keep their place in the figures; questionnaires
still kept as drafts or held for staff (`listening.drafts`, which may hold a name typed in the
contact section) are deleted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import fr
from ruralites.auth import SYSTEM, Viewer
from ruralites.models import (
    Campaign,
    Evening,
    KioskDraft,
    KioskLink,
    Participation,
    Registration,
    Volunteer,
)
from ruralites.privacy import audit
from ruralites.privacy.person import ERASED_NAME
from ruralites.privacy.rules import require_admin, require_staff


@dataclass(frozen=True)
class CampaignPurge:
    slug: str
    name: str
    ended_on: date
    purge_from: date
    volunteers: int
    registrations: int
    drafts: int = 0  # questionnaires in progress or held for staff, never accepted


@dataclass
class PurgePlan:
    months: int
    today: date
    campaigns: list[CampaignPurge] = field(default_factory=list)
    not_yet: list[CampaignPurge] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.volunteers + c.registrations + c.drafts for c in self.campaigns)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _held(session: Session, campaign_id: int):
    pids = select(Participation.id).where(Participation.campaign_id == campaign_id)
    volunteers = session.scalars(select(Volunteer).where(Volunteer.participation_id.in_(pids))
                                 .order_by(Volunteer.id)).all()
    registrations = session.scalars(
        select(Registration).join(Evening, Evening.id == Registration.evening_id)
        .where(Evening.participation_id.in_(pids), Registration.contact.is_not(None)
               | (Registration.name != ERASED_NAME))
        .order_by(Registration.id)).all()
    drafts = session.scalars(select(KioskDraft).join(KioskLink, KioskLink.id == KioskDraft.link_id)
                             .where(KioskLink.participation_id.in_(pids))
                             .order_by(KioskDraft.id)).all()
    return volunteers, registrations, drafts


def purge(session: Session, *, months: int, dry_run: bool, today: date | None = None,
          viewer: Viewer = SYSTEM) -> PurgePlan:
    """What goes (every campaign ended more than `months` months ago), and unless `dry_run`
    delete it. Campaigns without an end date are never purged (they are listed apart)."""
    if dry_run:
        require_staff(viewer, "voir ce que la durée de conservation effacera")
    else:
        require_admin(viewer, "purger les coordonnées")
    today = today or fr.today_in_france()
    plan = PurgePlan(months, today)
    for campaign in session.scalars(select(Campaign).order_by(Campaign.ends_on, Campaign.id)):
        if campaign.ends_on is None:
            continue
        volunteers, registrations, drafts = _held(session, campaign.id)
        line = CampaignPurge(campaign.slug, campaign.name, campaign.ends_on,
                             add_months(campaign.ends_on, months), len(volunteers),
                             len(registrations), len(drafts))
        if line.purge_from > today:
            plan.not_yet.append(line)
            continue
        plan.campaigns.append(line)
        if dry_run:
            continue
        for row in (*volunteers, *drafts):
            session.delete(row)
        for registration in registrations:
            registration.name, registration.contact = ERASED_NAME, None
            registration.person_key = uuid.uuid4().hex
        session.flush()
        counts = {"groupe": line.volunteers, "soirees": line.registrations}
        if line.drafts:
            counts["questionnaires_en_attente"] = line.drafts
        audit.record(session, viewer, "purge", "campaign", entity_id=campaign.id, counts=counts)
    return plan


def plan_text(plan: PurgePlan, *, dry_run: bool) -> str:
    verb = "serait effacé" if dry_run else "effacé"
    lines = [f"Durée de conservation : {plan.months} mois après la fin de la démarche."]
    for c in plan.campaigns:
        lines.append(f"- {c.name} ({c.slug}), terminée le {fr.short_date(c.ended_on)} : "
                     f"{fr.plural(c.volunteers, 'contact du groupe', 'contacts du groupe')}, "
                     f"{fr.plural(c.registrations, 'inscription à une soirée', 'inscriptions à une soirée')}"
                     + (f", {fr.plural(c.drafts, 'questionnaire non envoyé ou en attente', 'questionnaires non envoyés ou en attente')}"
                        if c.drafts else "")
                     + f" — {verb}.")
    for c in plan.not_yet:
        lines.append(f"- {c.name} ({c.slug}) : conservé jusqu'au {fr.short_date(c.purge_from)}.")
    if not plan.campaigns:
        lines.append("Rien à effacer aujourd'hui.")
    return "\n".join(lines)
