"""A commune's orientation as stored: its project (stage, carrier), the group of interested
inhabitants, the recommendation for it, and the file the screens, the PDF and mayors read.

Every function takes the viewer and reaches the commune through
`campaigns.participation_for`, which checks the viewer's scope (and that staff are the ones who
change anything). Recording the chosen schemes and their follow-up is in `choice.py`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr, phases
from ruralites.auth import Viewer, participation_scope
from ruralites.consent import ORIENTATION
from ruralites.models import (
    Campaign,
    Participation,
    Project,
    Theme,
    ThemeChoice,
    User,
    Volunteer,
)
from ruralites.models import Orientation as ChosenRow
from ruralites.orientation import rules, schemes
from ruralites.orientation.rules import OrientationError
from ruralites.orientation.vocabulary import CARRIERS, STAGES

# What an inhabitant agrees to when staff (or an evening's sheet) record them in the group.
CONSENT_VERSION = ORIENTATION.version  # the text and version: `ruralites.consent`
CONSENT_TEXT = ORIENTATION.text
VOLUNTEER_SOURCES = {
    "questionnaire": "questionnaire",
    "inspiring_evening": "soirée inspirante",
    "staff": "saisi par le pôle",
}
# The project group: people who said they would take part (at an inspiring evening, or to
# staff). The questionnaire's contacts asked to be invited to what follows: they are shown apart.
GROUP_SOURCES = ("inspiring_evening", "staff")


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    summary: str
    stage: str
    carrier: str
    employer: bool
    notes: str
    updated_at: dt.datetime

    @property
    def stage_label(self) -> str:
        return STAGES[self.stage]

    @property
    def carrier_label(self) -> str:
        label = CARRIERS[self.carrier]
        return label + (" (employeur)" if self.employer else "")


@dataclass(frozen=True, slots=True)
class VolunteerInfo:
    id: uuid.UUID
    name: str
    email: str
    phone: str
    interests: str
    consent_text: str
    consent_version: str
    consent_at: dt.datetime
    source: str

    @property
    def source_label(self) -> str:
        return VOLUNTEER_SOURCES.get(self.source, self.source)

    @property
    def consent_when(self) -> str:
        """When the consent was given, as precisely as it is kept: a questionnaire's contacts
        keep the month only (so that they cannot be matched to the answers)."""
        if self.source == "questionnaire":
            return f"en {fr.MONTHS[self.consent_at.month - 1]} {self.consent_at.year}"
        return f"le {fr.short_date(self.consent_at)}"


@dataclass(frozen=True, slots=True)
class Commune:
    """Which commune of which campaign, and where it stands."""

    participation_id: int
    code_insee: str
    nom: str
    campaign_slug: str
    campaign_name: str
    is_demo: bool
    phase: str
    theme_slug: str | None
    theme_label: str | None

    @property
    def needs_override(self) -> bool:
        """A theme is chosen but no inspiring evening held: orienting needs a reason."""
        return self.phase == "theme_chosen"

    @property
    def can_orient(self) -> bool:
        return phases.allows(self.phase, "orient") or self.needs_override


def _commune(session: Session, participation: Participation) -> Commune:
    theme = session.execute(
        select(Theme.slug, Theme.label).join(ThemeChoice, ThemeChoice.theme_id == Theme.id)
        .where(ThemeChoice.participation_id == participation.id)
    ).first()
    return Commune(
        participation_id=participation.id,
        code_insee=participation.commune_code,
        nom=participation.commune.nom,
        campaign_slug=participation.campaign.slug,
        campaign_name=participation.campaign.name,
        is_demo=participation.campaign.is_demo,
        phase=participation.phase,
        theme_slug=theme.slug if theme else None,
        theme_label=theme.label if theme else None,
    )


def commune_for(session: Session, viewer: Viewer, participation_id: int) -> Commune:
    return _commune(session, campaigns.participation_for(session, viewer, participation_id))


def participation_id_for(session: Session, viewer: Viewer, commune_code: str,
                         campaign_slug: str | None = None) -> int:
    """The participation of a commune (by INSEE code) the viewer may see; with several
    campaigns, the campaign's slug is needed."""
    stmt = (select(Participation.id, Campaign.slug).join(Participation.campaign)
            .where(Participation.commune_code == commune_code.strip(),
                   participation_scope(viewer)))
    if campaign_slug:
        stmt = stmt.where(Campaign.slug == campaign_slug)
    found = session.execute(stmt.order_by(Campaign.slug)).all()
    if not found:
        where = f" dans la démarche « {campaign_slug} »" if campaign_slug else ""
        raise campaigns.CampaignNotFoundError(
            f"La commune {commune_code} ne participe à aucune démarche que vous suivez{where}.")
    if len(found) > 1:
        raise OrientationError(
            f"La commune {commune_code} participe à plusieurs démarches ("
            + ", ".join(slug for _, slug in found) + ") : précisez la démarche (--campaign).")
    return found[0][0]


def _check_theme_chosen(participation: Participation, what: str) -> None:
    """The project and its group follow the choice of a theme, until the participation ends."""
    if participation.phase not in phases.PATH:
        raise OrientationError(f"Impossible de {what} : la participation de "
                               f"{participation.commune.nom} est close "
                               f"(« {phases.label(participation.phase)} »).")
    if not phases.allows(participation.phase, "plan_inspiring_evening"):
        raise OrientationError(
            f"Impossible de {what} : {participation.commune.nom} n'a pas encore choisi sa "
            "thématique (phase « " + phases.label(participation.phase) + " »).")


# -- the project --------------------------------------------------------------------------------


def _project(session: Session, participation_id: int) -> Project | None:
    return session.scalar(select(Project).where(Project.participation_id == participation_id))


def project_for(session: Session, viewer: Viewer, participation_id: int) -> ProjectInfo | None:
    campaigns.participation_for(session, viewer, participation_id)
    row = _project(session, participation_id)
    return _project_info(row) if row else None


def _project_info(row: Project) -> ProjectInfo:
    return ProjectInfo(row.summary or "", row.stage, row.carrier, row.employer, row.notes or "",
                       row.updated_at)


def save_project(session: Session, viewer: Viewer, participation_id: int, *, stage: str,
                 carrier: str, employer: bool = False, summary: str | None = None,
                 notes: str | None = None) -> ProjectInfo:
    """Record (or update) the commune's project: its stage, who would carry it, whether that
    carrier employs someone. Needs the chosen theme."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    _check_theme_chosen(participation, "décrire le projet")
    if stage not in STAGES:
        raise OrientationError(f"Étape du projet inconnue « {stage} » : choisissez parmi "
                               f"{', '.join(STAGES.values())}.")
    if carrier not in CARRIERS:
        raise OrientationError(f"Porteur du projet inconnu « {carrier} » : choisissez parmi "
                               f"{', '.join(CARRIERS.values())}.")
    summary = campaigns.clean_text(summary, 300, "Le projet en une phrase")
    notes = campaigns.clean_text(notes, 5000, "Notes")
    row = _project(session, participation.id)
    now = fr.utcnow()
    if row is None:
        row = Project(participation_id=participation.id, created_at=now)
        session.add(row)
    row.stage, row.carrier = stage, carrier
    # An informal group employs no one, whatever was ticked.
    row.employer = bool(employer) and carrier != "informal_group"
    row.summary, row.notes = summary, notes
    row.updated_at, row.updated_by = now, viewer.user_id
    session.flush()
    return _project_info(row)


# -- the group of interested inhabitants ----------------------------------------------------------


def volunteers_for(session: Session, viewer: Viewer, participation_id: int, *,
                   group_only: bool = False) -> list[VolunteerInfo]:
    """The inhabitants who left their contact details (with `group_only`, the project group):
    staff only, since the consent they gave names the pôle, not the commune."""
    campaigns.participation_for(session, viewer, participation_id)
    if not viewer.is_staff:
        return []
    stmt = select(Volunteer).where(Volunteer.participation_id == participation_id)
    if group_only:
        stmt = stmt.where(Volunteer.source.in_(GROUP_SOURCES))
    rows = session.scalars(stmt.order_by(Volunteer.consent_at, Volunteer.name, Volunteer.id))
    return [VolunteerInfo(v.id, v.name or "", v.email or "", v.phone or "", v.interests or "",
                          v.consent_text, v.consent_version or "", v.consent_at, v.source)
            for v in rows]


def group_size(session: Session, viewer: Viewer, participation_id: int) -> int:
    """How many inhabitants are in the project group: every viewer of the commune may know it."""
    campaigns.participation_for(session, viewer, participation_id)
    return session.scalar(select(func.count(Volunteer.id)).where(
        Volunteer.participation_id == participation_id,
        Volunteer.source.in_(GROUP_SOURCES))) or 0


def add_volunteer(session: Session, viewer: Viewer, participation_id: int, *, name: str,
                  email: str | None = None, phone: str | None = None,
                  interests: str | None = None, consent: bool,
                  consented_at: dt.datetime | None = None, source: str = "staff",
                  volunteer_id: uuid.UUID | None = None) -> VolunteerInfo:
    """Add an inhabitant to the group, with the consent they gave (its text and version are
    kept). Without consent nobody is recorded."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    _check_theme_chosen(participation, "ajouter un habitant au groupe")
    if source not in GROUP_SOURCES:
        raise ValueError(f"unknown volunteer source {source!r}")
    name = campaigns.clean_text(name, 200, "Nom")
    if not name:
        raise OrientationError("Indiquez le nom (ou le prénom) de la personne.")
    email = campaigns.clean_text(email, 200, "Courriel")
    if email and not campaigns.EMAIL.match(email):
        raise OrientationError(f"Adresse de courriel invalide : « {email} ».")
    phone = campaigns.clean_text(phone, 50, "Téléphone")
    interests = campaigns.clean_text(interests, 2000, "Ce qui l'intéresse")
    if not consent:
        raise OrientationError(
            f"{name} n'a pas donné son accord : sans accord, ses coordonnées ne sont pas "
            "enregistrées. Lisez-lui le texte de consentement et cochez la case s'il ou elle "
            "accepte.")
    at = consented_at or fr.utcnow()
    row = Volunteer(id=volunteer_id or uuid.uuid4(), participation_id=participation.id,
                    name=name, email=email, phone=phone, interests=interests,
                    **ORIENTATION.record(at),
                    source=source, created_at=at)
    session.add(row)
    session.flush()
    return VolunteerInfo(row.id, name, email or "", phone or "", interests or "", CONSENT_TEXT,
                         CONSENT_VERSION, at, source)


# -- the recommendation ---------------------------------------------------------------------------


def recommend_for(session: Session, viewer: Viewer, participation_id: int, *,
                  today: dt.date | None = None, stage: str | None = None,
                  carrier: str | None = None, employer: bool | None = None) -> rules.Orientation:
    """The ranked schemes for the commune's project, with reasons, and the others with why
    not. Stage, carrier and employer default to the recorded project. Refused (in French)
    when the commune has not chosen its theme, or its project is not described yet."""
    participation = campaigns.participation_for(session, viewer, participation_id)
    commune = _commune(session, participation)
    if commune.theme_slug is None:
        raise OrientationError(
            f"{commune.nom} n'a pas encore choisi sa thématique : la recommandation part de la "
            "thématique retenue par les habitants. Enregistrez d'abord le choix du thème "
            "(page « Vote et choix du thème »).")
    project = _project(session, participation.id)
    if project is None and (stage is None or carrier is None):
        raise OrientationError(
            f"Le projet de {commune.nom} n'est pas encore décrit : indiquez son étape (idée, "
            "structuration, création, développement) et qui le porterait.")
    return rules.recommend(
        participation.commune_code, commune.theme_slug,
        stage or project.stage, carrier or project.carrier,
        employer=project.employer if employer is None and project else bool(employer),
        today=today or fr.today_in_france(), schemes=schemes.active_schemes(session),
        theme_label=commune.theme_label,
    )


# -- the chosen schemes, as read back -------------------------------------------------------------


def recorders(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {user_id: name for user_id, name in rows}


def chosen_rows(session: Session, participation_id: int) -> list[ChosenRow]:
    return list(session.scalars(select(ChosenRow).where(
        ChosenRow.participation_id == participation_id).order_by(ChosenRow.chosen_on,
                                                                 ChosenRow.id)))
