"""Questionnaires in progress on a tablet or a phone, so that an inhabitant's answers are never
lost: a reload (a page pulled down by accident), a server restart, a Wi-Fi cut, a link revoked
while someone is answering.

A draft is keyed by the form's UUID (already in the page's address as `f=`, and the id the
response will have) and bound to the link it was opened through; it holds the section reached,
the language and the answers so far. It is deleted when the form is sent or reset (thank-you
screen, "Questionnaire suivant", the staff PIN) and purged after `DRAFT_LIFETIME` without a
change (`purge_stale`, run whenever a new draft is started): a form left half-way on a tablet
that nobody touches again does not stay on the server.

Privacy trade-off. The drafts are kept on the server, not in the browser. A shared tablet
passes from hand to hand: answers kept in its browser storage (localStorage) would stay on the
device for the next person, or anyone who picks it up, to read with the browser's tools, and
would survive us; on the server they are as protected as the responses themselves, reachable
only with the form's random UUID and the link's token together, and gone as soon as the form
is sent or reset. The cost: what someone typed is on the server before they pressed "Envoyer"
(even if they give up), for at most `DRAFT_LIFETIME`. Contact details typed in a draft (name,
phone, e-mail) live only as long as the draft; they are never copied to `volunteers` until the
response is sent (with its consent), and a draft is never joined to contacts.

Answers sent through a link that staff revoked, or that expired, while someone was answering
are not refused but held (`held_at` set, never purged): staff of the commune see them on the
collection page and accept them (they become a normal response, with the same UUID, so stored
once) or discard them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from ruralites import access, campaigns
from ruralites.auth import Viewer
from ruralites.db import Database
from ruralites.errors import UserError
from ruralites.fr import utcnow
from ruralites.groupcommit import Stored
from ruralites.listening import kiosk, responses
from ruralites.listening.responses import Submission
from ruralites.models import KioskDraft, KioskLink, Response
from ruralites.surveys import InvalidAnswers
from ruralites.surveys import store as survey_store

DRAFT_LIFETIME = timedelta(hours=24)
STORED, HELD = "stored", "held"


class DraftError(UserError):
    """str() is a French message for staff."""


@dataclass(frozen=True)
class Draft:
    form_id: uuid.UUID
    section: int
    language: str
    answers: dict[str, Any]


@dataclass(frozen=True)
class HeldAnswers:
    """Answers sent through a revoked or expired link, waiting for staff."""

    id: uuid.UUID
    held_at: datetime
    channel: str
    answered: int  # questions answered
    link_closed: str  # "désactivé" or "expiré"


def save(db: Database, *, form_id: uuid.UUID, link_id: int, survey_version_id: int,
         channel: str, section: int, language: str, answers: Mapping[str, Any],
         now: datetime | None = None) -> None:
    """Keep the form in progress (insert or replace). A held draft is left as it was held."""
    now = now or utcnow()
    with db.write() as session:
        draft = session.get(KioskDraft, form_id)
        if draft is None:
            if session.get(Response, form_id) is not None:  # a late rerun of a form already sent
                return
            purge_stale(session, now=now)
            session.add(KioskDraft(id=form_id, link_id=link_id,
                                   survey_version_id=survey_version_id, channel=channel,
                                   section=section, language=language, answers=dict(answers),
                                   updated_at=now))
        elif draft.held_at is None and draft.link_id == link_id:
            draft.section, draft.language = section, language
            draft.answers, draft.updated_at = dict(answers), now


def restore(db: Database, form_id: uuid.UUID, link_id: int, *,
            now: datetime | None = None) -> Draft | None:
    """The form in progress with this id on this link, if it is still kept (not held, not
    stale): another link, or a guessed id, finds nothing."""
    with db.read() as session:
        draft = session.get(KioskDraft, form_id)
        if (draft is None or draft.link_id != link_id or draft.held_at is not None
                or draft.updated_at < (now or utcnow()) - DRAFT_LIFETIME):
            return None
        return Draft(draft.id, draft.section, draft.language, dict(draft.answers))


def discard(db: Database, form_id: uuid.UUID) -> None:
    """The form was sent or reset: its draft (and any contact typed in it) goes."""
    with db.write() as session:
        session.execute(delete(KioskDraft).where(KioskDraft.id == form_id,
                                                 KioskDraft.held_at.is_(None)))


def purge_stale(session, *, now: datetime | None = None) -> int:
    """Delete drafts untouched for `DRAFT_LIFETIME` (held answers wait for staff)."""
    cutoff = (now or utcnow()) - DRAFT_LIFETIME
    result = session.execute(delete(KioskDraft).where(KioskDraft.updated_at < cutoff,
                                                      KioskDraft.held_at.is_(None)))
    return result.rowcount or 0


def submit(db: Database, link_id: int, submission: Submission, *,
           now: datetime | None = None) -> str:
    """Send a questionnaire through its link: stored as a response (`STORED`) while the link is
    open; held for staff (`HELD`) when it was revoked or expired meanwhile. The draft goes
    once the response is stored. Raises what `responses.submit` raises."""
    now = now or utcnow()
    with db.read() as session:
        link = session.get(KioskLink, link_id)
        is_open = link is not None and kiosk.is_open(link, now)
    if not is_open:
        responses.prepare(submission)  # checked as if stored: accepting it later just works
        _hold(db, link_id, submission, dict(submission.answers), now)
        return HELD
    responses.submit(db, submission)
    discard(db, submission.response_id)
    return STORED


def _hold(db: Database, link_id: int, submission: Submission, answers: dict[str, Any],
          now: datetime) -> None:
    with db.write() as session:
        version_id = survey_store.version_id(session, submission.survey)
        draft = session.get(KioskDraft, submission.response_id)
        if draft is None:
            draft = KioskDraft(id=submission.response_id, link_id=link_id,
                               survey_version_id=version_id, channel=submission.channel,
                               section=0, language=submission.language, answers=answers,
                               updated_at=now)
            session.add(draft)
        draft.answers, draft.language, draft.updated_at = answers, submission.language, now
        draft.held_at = draft.held_at or now


def hold_in_progress(db: Database, form_id: uuid.UUID, link_id: int, *,
                     now: datetime | None = None) -> bool:
    """After a reload on a link revoked or expired meanwhile: keep the draft in progress for
    staff, if anything was answered. True when answers were kept."""
    now = now or utcnow()
    with db.write() as session:
        draft = session.get(KioskDraft, form_id)
        if draft is None or draft.link_id != link_id:
            return False
        if draft.held_at is None:
            if not any(value not in (None, "", []) for value in draft.answers.values()):
                session.delete(draft)
                return False
            draft.held_at = now
        return True


def _held_query(participation_id: int):
    return (select(KioskDraft, KioskLink)
            .join(KioskLink, KioskLink.id == KioskDraft.link_id)
            .where(KioskLink.participation_id == participation_id,
                   KioskDraft.held_at.is_not(None)))


def held_for(db: Database, viewer: Viewer, participation_id: int) -> list[HeldAnswers]:
    """The answers held for a commune, oldest first (staff of its campaign only)."""
    access.check(viewer.role, "collect")
    with db.read() as session:
        campaigns.participation_for(session, viewer, participation_id, edit=True)
        rows = session.execute(_held_query(participation_id)
                               .order_by(KioskDraft.held_at, KioskDraft.id)).all()
        return [HeldAnswers(draft.id, draft.held_at, draft.channel,
                            sum(1 for v in draft.answers.values() if v not in (None, "", [])),
                            "désactivé" if link.revoked_at is not None else "expiré")
                for draft, link in rows]


def _held(session, viewer: Viewer, draft_id: uuid.UUID) -> tuple[KioskDraft, KioskLink]:
    access.check(viewer.role, "collect")
    draft = session.get(KioskDraft, draft_id)
    if draft is None or draft.held_at is None:
        raise DraftError("Ces réponses ne sont plus en attente : elles ont déjà été acceptées "
                         "ou écartées.")
    link = session.get(KioskLink, draft.link_id)
    campaigns.participation_for(session, viewer, link.participation_id, edit=True)
    return draft, link


def accept(db: Database, viewer: Viewer, draft_id: uuid.UUID) -> Stored:
    """Held answers become a normal response (same UUID: accepted twice, stored once)."""
    with db.read() as session:
        draft, link = _held(session, viewer, draft_id)
        survey = survey_store.stored_version(session, draft.survey_version_id)
        submission = Submission(response_id=draft.id, participation_id=link.participation_id,
                                survey=survey, answers=dict(draft.answers),
                                channel=draft.channel, language=draft.language,
                                submitted_at=draft.held_at)
    try:
        stored = responses.submit(db, submission)
    except InvalidAnswers as exc:
        raise DraftError(
            f"Ces réponses sont incomplètes ({len(exc.errors)} question(s) sans réponse valable, "
            "par exemple une question obligatoire) : elles ne peuvent pas être comptées telles "
            "quelles. Vous pouvez les écarter.") from None
    with db.write() as session:
        session.execute(delete(KioskDraft).where(KioskDraft.id == draft_id))
    return stored


def discard_held(db: Database, viewer: Viewer, draft_id: uuid.UUID) -> None:
    """Staff decided the held answers are not to be counted: they are deleted."""
    with db.write() as session:
        draft, _link = _held(session, viewer, draft_id)
        session.delete(draft)
