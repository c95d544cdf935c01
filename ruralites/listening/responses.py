"""Record answers to a questionnaire — tablet, online or paper — idempotently and durably.

A response's UUID is made when the form opens: a double tap or a re-sent form is stored once.
Nothing is stored until the whole response is valid, and then all of it is stored in one
transaction (a closed browser leaves nothing half-stored). Contact details go to `Volunteer`,
never into the same rows as the answers, and nothing stored links the two (see `_volunteer_row`).
Writes go through a group commit (ruralites.groupcommit).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ruralites import campaigns, phases
from ruralites.auth import Viewer
from ruralites.consent import for_questionnaire as questionnaire_consent
from ruralites.db import Database
from ruralites.errors import UserError
from ruralites.groupcommit import GroupCommitter, Stored, committer_for
from ruralites.models import (
    CHANNELS,
    Answer,
    Commune,
    Idea,
    Participation,
    Response,
    Volunteer,
    limits,
    utcnow,
)
from ruralites.surveys import InvalidAnswers, Survey, clean_answers
from ruralites.surveys import store as survey_store

_to_json = json.JSONEncoder().encode  # what json.dumps does, without its per-call set-up


class ResponseError(UserError):
    """str() is a French message for the person submitting."""


class DuplicateSheetError(ResponseError):
    pass


@dataclass(frozen=True)
class Submission:
    response_id: uuid.UUID
    participation_id: int
    survey: Survey
    answers: Mapping[str, Any]
    channel: str
    sheet_code: str | None = None
    language: str = "fr"
    evening_id: int | None = None
    entered_by: int | None = None
    submitted_at: datetime | None = None



@dataclass(frozen=True)
class _Prepared:
    submission: Submission
    answers: dict[str, Any]
    contact: dict[str, Any]
    consent: bool
    ideas: list[tuple[str, str]] = field(default_factory=list)  # (question id, text)
    submitted_at: datetime = field(default_factory=utcnow)
    # (question id, value as JSON text), made before the write lock is taken
    answers_json: list[tuple[str, str]] = field(default_factory=list)


def prepare(submission: Submission) -> _Prepared:
    """Check and normalise everything before touching the database (raises InvalidAnswers)."""
    if submission.channel not in CHANNELS:
        raise ResponseError(f"Canal inconnu : « {submission.channel} ».")
    survey = submission.survey
    cleaned = clean_answers(survey, submission.answers)
    answers, contact = survey.split_personal(cleaned)
    consent_question = survey.consent_question()
    consent = bool(consent_question and contact.get(consent_question.id) is True)
    _check_fits(submission, contact)
    ideas = [(q.id, answers[q.id]) for q in survey.idea_questions()
             if isinstance(answers.get(q.id), str) and answers[q.id].strip()]
    return _Prepared(submission, answers, contact, consent, ideas,
                     submission.submitted_at or utcnow(),
                     [(qid, _to_json(value)) for qid, value in answers.items()])


_CONTACT_COLUMNS = (("nom", "name"), ("name", "name"), ("prenom_nom", "name"), ("mail", "email"),
                    ("tel", "phone"), ("phone", "phone"))


def _check_fits(submission: Submission, contact: Mapping[str, Any]) -> None:
    """Values that go to columns of limited length are checked here, the same on SQLite and
    PostgreSQL, for the question they came from (the bulk insert skips the ORM's checks)."""
    try:
        limits.check_row(Response.__table__, {"sheet_code": (submission.sheet_code or "").strip(),
                                              "language": submission.language})
    except UserError as exc:
        raise ResponseError(str(exc)) from None
    errors = {}
    for qid, value in contact.items():
        column = next((c for key, c in _CONTACT_COLUMNS if key in qid), None)
        if column is None or not isinstance(value, str):
            continue
        try:
            limits.check_row(Volunteer.__table__, {column: value})
        except UserError as exc:
            errors[qid] = str(exc)
    if errors:
        raise InvalidAnswers(errors)


def _write_batch(session: Session, batch: Sequence[_Prepared]) -> list[Stored | Exception]:
    """Check and write a batch of responses with a handful of queries (not a few per response):
    the write lock is held meanwhile, so every query here is paid by every waiting tablet."""
    conn = session.connection()
    ids = [p.submission.response_id for p in batch]
    existing = set(conn.execute(select(Response.id).where(Response.id.in_(ids))).scalars())
    pids = {p.submission.participation_id for p in batch}
    participations = {row.id: row for row in conn.execute(
        select(Participation.id, Participation.phase, Commune.nom)
        .join(Commune, Commune.code_insee == Participation.commune_code)
        .where(Participation.id.in_(pids)))}
    sheets = {(p.submission.participation_id, p.submission.sheet_code.strip())
              for p in batch if (p.submission.sheet_code or "").strip()}
    used_sheets = set()
    if sheets:
        used_sheets = set(conn.execute(select(Response.participation_id, Response.sheet_code).where(
            Response.participation_id.in_({pid for pid, _ in sheets}),
            Response.sheet_code.in_({code for _, code in sheets}))).all())
        used_sheets = {(pid, code) for pid, code in used_sheets}
    versions: dict[tuple[str, str], int] = {}
    outcomes: list[Stored | Exception] = []
    rows: dict[str, list[dict]] = {"responses": [], "answers": [], "ideas": [], "volunteers": []}
    first_answers: dict[int, datetime] = {}
    for prepared in batch:
        try:
            outcomes.append(_check_and_collect(session, prepared, existing, participations,
                                               used_sheets, versions, rows))
        except Exception as exc:  # noqa: BLE001 — a refusal for this response only
            outcomes.append(exc)
            continue
        pid = prepared.submission.participation_id
        if outcomes[-1].created and pid not in first_answers:
            first_answers[pid] = prepared.submitted_at
    # Contacts in the order of their random ids, not of the responses of the batch.
    rows["volunteers"].sort(key=lambda row: row["id"])
    for table, key in ((Response.__table__, "responses"), (Idea.__table__, "ideas"),
                       (Volunteer.__table__, "volunteers")):
        if rows[key]:
            conn.execute(insert(table), rows[key])
    _insert_answers(conn, rows["answers"])
    for pid, at in first_answers.items():
        if participations[pid].phase == "validated":
            campaigns.move(session, session.get(Participation, pid), "listening", at=at,
                           reason="Première réponse au questionnaire")
    return outcomes


_ANSWERS_SQL = "INSERT INTO answers (response_id, question_id, value) VALUES (?, ?, ?)"


def _insert_answers(conn, batch: list[_Prepared]) -> None:
    """About 30 rows per response, the bulk of the work under the write lock. On SQLite they go
    straight to the driver (SQLAlchemy's per-value type processing doubled the cost, measured
    with benchmarks/submissions.py), stored exactly as SQLAlchemy stores them: UUID as 32 hex
    characters, JSON as json.dumps text. Other databases take the portable path."""
    if not batch:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(Answer.__table__), [
            {"response_id": p.submission.response_id, "question_id": qid, "value": value}
            for p in batch for qid, value in p.answers.items()
        ])
        return
    conn.connection.driver_connection.cursor().executemany(
        _ANSWERS_SQL,
        [(p.submission.response_id.hex, qid, text) for p in batch for qid, text in p.answers_json],
    )


def _check_and_collect(session, prepared, existing, participations, used_sheets, versions, rows):
    sub = prepared.submission
    if sub.response_id in existing:
        return Stored(sub.response_id, created=False)
    participation = participations.get(sub.participation_id)
    if participation is None:
        raise ResponseError("Commune inconnue pour ce questionnaire.")
    phases.check_allows(participation.phase, "collect_answers")
    sheet = (sub.sheet_code or "").strip() or None
    if sheet is not None:
        if (participation.id, sheet) in used_sheets:
            raise DuplicateSheetError(
                f"La feuille « {sheet} » a déjà été saisie pour {participation.nom} : "
                "elle n'est pas enregistrée une seconde fois."
            )
        used_sheets.add((participation.id, sheet))
    version_key = (sub.survey.id, sub.survey.content_hash)
    if version_key not in versions:
        versions[version_key] = survey_store.version_id(session, sub.survey)
    at = prepared.submitted_at
    existing.add(sub.response_id)  # the same form twice in one batch is stored once
    rows["responses"].append({
        "id": sub.response_id, "participation_id": participation.id,
        "survey_version_id": versions[version_key], "channel": sub.channel,
        "sheet_code": sheet, "evening_id": sub.evening_id, "language": sub.language,
        "submitted_at": at, "entered_by": sub.entered_by,
    })
    rows["answers"].append(prepared)
    rows["ideas"] += [
        {"id": uuid.uuid4(), "participation_id": participation.id, "text": text,
         "source": "answer", "response_id": sub.response_id, "question_id": qid,
         "evening_id": sub.evening_id, "created_at": at, "created_by": sub.entered_by}
        for qid, text in prepared.ideas
    ]
    if volunteer := _volunteer_row(prepared, participation.id):
        rows["volunteers"].append(volunteer)
    return Stored(sub.response_id, created=True)


QUESTIONNAIRE_SOURCE = "questionnaire"


def contact_month(at: datetime) -> datetime:
    """The only time kept with contact details left in a questionnaire: the first day of the
    month (UTC). The exact time, or even the day, would find the response among the few
    submitted then in a small commune."""
    return at.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _volunteer_row(prepared: _Prepared, participation_id: int) -> dict | None:
    """Contact details with consent, in their own row, with nothing that links them to the
    answers: a random id, the month only, no channel; the response keeps no consent flag. The
    rows are stored in the order of their random ids (`volunteers` is a WITHOUT ROWID table on
    SQLite), not in the order they came."""
    if not prepared.consent:
        return None
    survey = prepared.submission.survey
    details = {k: v for k, v in prepared.contact.items() if isinstance(v, str) and v.strip()}
    if not details:
        return None
    name = next((v for k, v in details.items() if k in ("nom", "name", "prenom_nom")), None)
    email = next((v for k, v in details.items() if "mail" in k), None)
    phone = next((v for k, v in details.items() if "tel" in k or "phone" in k), None)
    agreed = questionnaire_consent(survey)
    month = contact_month(prepared.submitted_at)
    return {
        "id": uuid.uuid4(), "participation_id": participation_id, "name": name, "email": email,
        "phone": phone, "interests": None,
        **(agreed.record(month) if agreed else {"consent_text": "", "consent_version": None,
                                                "consent_at": month}),
        "source": QUESTIONNAIRE_SOURCE, "created_at": month,
    }


def _committer(db: Database) -> GroupCommitter:
    return committer_for(db, "responses", _write_batch)


def submit(db: Database, submission: Submission) -> Stored:
    """Store a response durably; returns only once it is committed. Raises InvalidAnswers (with
    a message per question), PhaseGateError, DuplicateSheetError or ResponseError."""
    return _committer(db).submit(prepare(submission))


PAPER_NAMESPACE = uuid.UUID("5b0e1d1e-7a4e-4c61-9d5e-2f6b8c1a9e01")


def new_form_id() -> uuid.UUID:
    """The identity of one opening of a form (one person's questionnaire)."""
    return uuid.uuid4()


def is_stored(db: Database, response_id: uuid.UUID) -> bool:
    with db.read() as session:
        return session.scalar(select(Response.id).where(Response.id == response_id)) is not None


def paper_response_id(participation_id: int, sheet_code: str) -> uuid.UUID:
    """The identity of a paper sheet's response: the same sheet typed twice, or typed and then
    imported from a spreadsheet, is stored once."""
    return uuid.uuid5(PAPER_NAMESPACE, f"{participation_id}:{sheet_code}")


def counts_by_channel(db: Database, viewer: Viewer, participation_id: int) -> dict[str, int]:
    """Responses of a commune by channel (tablet, online, paper), within the viewer's scope."""
    from sqlalchemy import func

    with db.read() as session:
        campaigns.participation_for(session, viewer, participation_id)
        rows = session.execute(
            select(Response.channel, func.count(Response.id))
            .where(Response.participation_id == participation_id).group_by(Response.channel)
        ).all()
    return {channel: n for channel, n in rows}
