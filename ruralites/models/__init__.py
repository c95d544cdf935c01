"""SQLAlchemy 2.0 typed models for every entity of DESIGN.md §3."""

from ruralites.models import limits  # noqa: F401 — registers the length checks
from ruralites.models.accounts import (
    ROLES,
    AuditEvent,
    LoginAttempt,
    User,
    UserSession,
    user_communes,
)
from ruralites.models.base import Base, utcnow
from ruralites.models.evenings import (
    BUDGET_BANDS,
    CONSENT_SCOPES,
    EVENING_KINDS,
    Evening,
    EveningWitness,
    Registration,
    Witness,
    witness_themes,
)
from ruralites.models.guide import GuideSection, Testimony
from ruralites.models.listening import (
    CHANNELS,
    Answer,
    Ballot,
    Idea,
    KioskDraft,
    KioskLink,
    PaperPrintRun,
    Response,
    Survey,
    SurveyVersion,
    Theme,
    ThemeChoice,
    Volunteer,
    Vote,
    VoteOption,
    idea_themes,
)
from ruralites.models.organisation import (
    Campaign,
    Commune,
    CouncilDecision,
    Document,
    Participation,
    PhaseTransition,
    Pole,
    campaign_poles,
)
from ruralites.models.orientation import (
    FOLLOW_UP_KINDS,
    PROJECT_CARRIERS,
    PROJECT_STAGES,
    SCHEME_SOURCES,
    Orientation,
    OrientationStep,
    Project,
    ReferenceData,
    SupportScheme,
)

__all__ = [
    "GuideSection",
    "Testimony",
    "CHANNELS", "FOLLOW_UP_KINDS", "PROJECT_CARRIERS", "PROJECT_STAGES", "ROLES",
    "SCHEME_SOURCES", "OrientationStep", "Project", "ReferenceData", "Answer", "AuditEvent", "Ballot", "Base", "Campaign", "Commune",
    "BUDGET_BANDS", "CHANNELS", "CONSENT_SCOPES", "EVENING_KINDS", "EveningWitness",
    "Registration", "witness_themes", "ROLES", "Answer", "AuditEvent", "Ballot", "Base", "Campaign", "Commune",
    "CouncilDecision", "Document", "Evening", "Idea", "KioskDraft", "KioskLink", "LoginAttempt",
    "Orientation", "PaperPrintRun",
    "Participation", "PhaseTransition", "Pole", "Response", "SupportScheme", "Survey",
    "SurveyVersion", "Theme", "ThemeChoice", "User", "UserSession", "Volunteer", "Vote",
    "VoteOption", "Witness", "campaign_poles", "idea_themes", "user_communes", "utcnow",
]
