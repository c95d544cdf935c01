"""Links for tablets and phones: a random token bound to one commune's participation and one
questionnaire, vote, or evening (to register for it). Whoever holds the link reaches that form and nothing else; only the
token's hash is stored, and staff can revoke a link at any time. A tablet link can carry a staff
PIN, needed to leave the kiosk."""

from __future__ import annotations

import hashlib
import io
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr, network, phases
from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.models import Evening, KioskLink, Participation, Survey, SurveyVersion, utcnow
from ruralites.surveys import store as survey_store

PIN = re.compile(r"^\d{4,8}$")
# The query parameter that puts a link in kiosk mode on a shared tablet (`?k=…&mode=tablette`).
TABLET_MODE = "tablette"
DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 366
_pins = PasswordHasher()


class LinkError(UserError):
    """str() is a French message for the person holding the link."""


@dataclass(frozen=True)
class KioskContext:
    link_id: int
    kind: str
    participation_id: int
    commune_code: str
    commune_name: str
    campaign_name: str
    survey_slug: str | None
    vote_id: int | None
    has_pin: bool
    evening_id: int | None = None
    survey_version_id: int | None = None  # the questionnaire exactly as the link was made for
    # Revoked or expired (resolved with `allow_closed`): why, in French; a form already open
    # may still be sent, and is then held for staff (`listening.drafts`).
    closed: str | None = None


@dataclass(frozen=True)
class LinkRow:
    id: int
    kind: str
    survey_slug: str | None
    vote_id: int | None
    created_at: datetime
    revoked_at: datetime | None
    expires_at: datetime | None
    has_pin: bool
    evening_id: int | None = None

    def is_open(self, now: datetime | None = None) -> bool:
        """Neither revoked nor expired: a tablet holding it can still submit."""
        return is_open(self, now)


def is_open(link: KioskLink | LinkRow, now: datetime | None = None) -> bool:
    """Neither revoked nor expired: what a tablet holding it sends is stored (else held for
    staff, `listening.drafts`)."""
    return link.revoked_at is None and (
        link.expires_at is None or (now or utcnow()) < link.expires_at)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def channel(mode: str | None) -> str:
    """The channel a response or ballot came through, from the link's `mode` parameter."""
    return "tablet" if is_tablet(mode) else "online"


def is_tablet(mode: str | None) -> bool:
    return mode == TABLET_MODE


def create_link(
    session: Session,
    viewer: Viewer,
    *,
    participation_id: int,
    survey_slug: str | None = None,
    vote_id: int | None = None,
    evening_id: int | None = None,
    pin: str | None = None,
    valid_days: int = DEFAULT_VALID_DAYS,
    now: datetime | None = None,
) -> str:
    """A new link; returns the token (shown once, in the URL). Staff of the commune's campaign
    only. Needs the commune's council validation for a questionnaire, the listening phase for a
    vote, and for an evening's registrations the phase that evening's kind needs. The link stops
    opening `valid_days` days after it is made."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise LinkError(f"Durée de validité : de 1 à {MAX_VALID_DAYS} jours.")
    kind = "vote" if vote_id is not None else "registration" if evening_id is not None else "survey"
    if kind == "registration":
        evening = session.get(Evening, evening_id)
        if evening is None or evening.participation_id != participation_id:
            raise LinkError("Cette soirée n'est pas celle de cette commune.")
        phases.check_allows(participation.phase, phases.EVENING_ACTIONS[evening.kind])
    else:
        phases.check_allows(participation.phase, "vote" if kind == "vote" else "collect_answers")
    survey_id = survey_version_id = None
    if kind == "survey":
        if not survey_slug:
            raise LinkError("Choisissez le questionnaire de ce lien.")
        survey = survey_store.load(survey_slug)
        survey_version_id = survey_store.version_id(session, survey)
        survey_id = session.scalar(select(Survey.id).where(Survey.slug == survey.id))
    pin = (pin or "").strip() or None
    if pin is not None and not PIN.match(pin):
        raise LinkError("Le code PIN doit compter de 4 à 8 chiffres.")
    token = secrets.token_urlsafe(18)
    session.add(KioskLink(
        token_hash=_hash(token), kind=kind, participation_id=participation_id,
        survey_id=survey_id, survey_version_id=survey_version_id, vote_id=vote_id, evening_id=evening_id, pin_hash=_pins.hash(pin) if pin else None,
        created_by=viewer.user_id, expires_at=(now or utcnow()) + timedelta(days=valid_days),
    ))
    session.flush()
    return token


REVOKED = "Ce lien a été désactivé par l'équipe d'animation. Merci pour votre intérêt !"
EXPIRED = ("Ce lien a expiré. Demandez un nouveau lien à l'équipe d'animation. "
           "Merci pour votre intérêt !")


def resolve(session: Session, token: str | None, *, now: datetime | None = None,
            allow_closed: bool = False) -> KioskContext:
    """What a link opens; raises LinkError with a message fit for an inhabitant. With
    `allow_closed`, a revoked or expired link is returned with `closed` set instead."""
    link = session.scalar(select(KioskLink).where(KioskLink.token_hash == _hash(token or "")))
    if link is None:
        raise LinkError(
            "Ce lien n'est pas valide. Vérifiez l'adresse, ou demandez un nouveau lien à "
            "l'équipe d'animation."
        )
    closed = None
    if not is_open(link, now):
        closed = REVOKED if link.revoked_at is not None else EXPIRED
        if not allow_closed:
            raise LinkError(closed)
    participation = session.get(Participation, link.participation_id)
    action = _action(session, link)
    if not phases.allows(participation.phase, action):
        raise LinkError("La participation de cette commune est close : ce lien n'est plus actif.")
    slug = session.scalar(select(Survey.slug).where(Survey.id == link.survey_id)) if link.survey_id else None
    return KioskContext(
        link_id=link.id, kind=link.kind, participation_id=participation.id,
        commune_code=participation.commune_code, commune_name=participation.commune.nom,
        campaign_name=participation.campaign.name, survey_slug=slug, vote_id=link.vote_id,
        has_pin=link.pin_hash is not None, evening_id=link.evening_id,
        survey_version_id=link.survey_version_id or _latest_version(session, link),
        closed=closed,
    )


def _latest_version(session: Session, link: KioskLink) -> int | None:
    """For a link made before links kept their version: the last version stored when it was
    made (else the first one after), so a removed or broken file never stops it."""
    if link.survey_id is None:
        return None
    versions = select(SurveyVersion.id).where(SurveyVersion.survey_id == link.survey_id)
    return session.scalar(
        versions.where(SurveyVersion.created_at <= link.created_at)
        .order_by(SurveyVersion.created_at.desc(), SurveyVersion.id.desc())
    ) or session.scalar(versions.order_by(SurveyVersion.id))


def _action(session: Session, link: KioskLink) -> str:
    """The phase gate a link's form needs, as `phases.ACTIONS` names it."""
    if link.kind == "registration":
        return phases.EVENING_ACTIONS[session.get(Evening, link.evening_id).kind]
    return "vote" if link.kind == "vote" else "collect_answers"


# Wrong PINs on a link: the first few are free (a staff member mistyping), then each one blocks
# the PIN for twice as long as the one before, from 15 seconds up to an hour. 25 guesses in a row
# then take more than 8 hours instead of 25 seconds; a correct PIN clears the count.
FREE_PIN_TRIES = 3
FIRST_PIN_BLOCK_SECONDS = 15
MAX_PIN_BLOCK_SECONDS = 3600


class PinBlockedError(LinkError):
    def __init__(self, seconds: int) -> None:
        wait = (fr.plural(max(1, -(-seconds // 60)), "minute") if seconds > 90
                else fr.plural(max(1, seconds), "seconde"))
        super().__init__(f"Trop de codes PIN incorrects : réessayez dans {wait}.")


def pin_block_seconds(failures: int) -> int:
    """How long the PIN stays blocked after `failures` wrong PINs in a row (0: not blocked)."""
    if failures < FREE_PIN_TRIES:
        return 0
    return min(MAX_PIN_BLOCK_SECONDS, FIRST_PIN_BLOCK_SECONDS * 2 ** (failures - FREE_PIN_TRIES))


def check_pin(session: Session, token: str, pin: str, *, now: datetime | None = None) -> bool:
    """Is this the link's staff PIN? Call inside a write transaction: a wrong PIN is counted and,
    past a few, blocks the PIN for a growing time (`PinBlockedError`, nothing is checked then)."""
    now = now or fr.utcnow()
    link = session.scalar(select(KioskLink).where(KioskLink.token_hash == _hash(token or "")))
    if link is None or link.pin_hash is None:
        return False
    if link.pin_blocked_until is not None and now < link.pin_blocked_until:
        raise PinBlockedError(math.ceil((link.pin_blocked_until - now).total_seconds()))
    try:
        ok = _pins.verify(link.pin_hash, (pin or "").strip())
    except (VerificationError, InvalidHashError):
        ok = False
    if ok:
        link.pin_failures, link.pin_blocked_until = 0, None
        return True
    link.pin_failures = (link.pin_failures or 0) + 1
    if block := pin_block_seconds(link.pin_failures):
        link.pin_blocked_until = now + timedelta(seconds=block)
    return False


def revoke(session: Session, viewer: Viewer, link_id: int) -> None:
    """Disable a link at once: the next tap on a tablet holding it is refused."""
    link = session.get(KioskLink, link_id)
    if link is None:
        raise LinkError("Lien introuvable.")
    campaigns.participation_for(session, viewer, link.participation_id, edit=True)
    if link.revoked_at is None:
        link.revoked_at = utcnow()


def links_for(session: Session, viewer: Viewer, participation_id: int, *,
              kinds: tuple[str, ...] | None = None,
              evening_id: int | None = None) -> list[LinkRow]:
    """The links of a commune (of some `kinds`, or of one evening), newest first (staff of its
    campaign only)."""
    campaigns.participation_for(session, viewer, participation_id, edit=True)
    stmt = (select(KioskLink, Survey.slug).outerjoin(Survey, Survey.id == KioskLink.survey_id)
            .where(KioskLink.participation_id == participation_id).order_by(KioskLink.id.desc()))
    if kinds is not None:
        stmt = stmt.where(KioskLink.kind.in_(kinds))
    if evening_id is not None:
        stmt = stmt.where(KioskLink.evening_id == evening_id)
    return [LinkRow(link.id, link.kind, slug, link.vote_id, link.created_at, link.revoked_at,
                    link.expires_at, link.pin_hash is not None, link.evening_id)
            for link, slug in session.execute(stmt)]


def link_url(token: str, *, tablet: bool = False, base_url: str | None = None) -> str:
    """The address to open: on a shared tablet (kiosk mode) or on one's own phone. `base_url`
    comes from `network.public_base_url` (the running server's address); without it, the
    address this computer's settings give."""
    params = {"k": token, **({"mode": TABLET_MODE} if tablet else {})}
    return f"{(base_url or network.current().url).rstrip('/')}/?{urlencode(params)}"


def qr_png(url: str) -> bytes:
    import qrcode

    image = qrcode.make(url, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
