"""Ballots of a vote: from tablets and phones (a vote kiosk link), and from paper — one ballot
at a time (identical ones together), a spoilt ballot kept to be counted as refused, or the
totals counted on the board. Every ballot has a UUID made when its form opens and is inserted
by that id inside one write transaction (a group commit, as for questionnaires): a double tap
or a re-sent form is stored once. Contents are checked by `ruralites.voting` before anything
is stored."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ruralites import campaigns, phases
from ruralites.auth import Viewer
from ruralites.db import Database
from ruralites.groupcommit import GroupCommitter, Stored, committer_for
from ruralites.models import Ballot, Participation, Vote, utcnow
from ruralites.voting.base import APPROVAL, DOTS, GRADED, RANKING, BallotError
from ruralites.voting.counting import StoredBallot, expand
from ruralites.voting.majority import GRADES, grade_index
from ruralites.voting.validation import check_ballot
from ruralites.voting.votes import (
    CHANNEL_LABELS,
    VoteClosedError,
    VoteError,
    VoteInfo,
    load_vote,
    vote_for,
    vote_info,
)

MAX_IDENTICAL = 500  # identical paper ballots entered at once


@dataclass(frozen=True)
class BallotSubmission:
    """One ballot: marks keyed by theme id — a rank (1 = best), 1 for approved, a number of
    dots, or a grade (a name of GRADES or its index). `weight`: identical paper ballots."""

    ballot_id: uuid.UUID
    vote_id: int
    marks: Mapping[Any, Any]
    channel: str
    weight: int = 1
    entered_by: int | None = None
    submitted_at: datetime | None = None
    keep_if_refused: bool = False  # paper only: a spoilt ballot, stored to be counted as refused


@dataclass(frozen=True)
class BoardTotals:
    """Totals counted on a paper board: per theme, dots or ticks (`totals`) or, for majority
    judgment, the number of each grade best first (`grades`), and the number of voters."""

    entry_id: uuid.UUID
    vote_id: int
    voters: int
    totals: Mapping[int, int] = field(default_factory=dict)
    grades: Mapping[int, Sequence[int]] = field(default_factory=dict)
    entered_by: int | None = None
    submitted_at: datetime | None = None



@dataclass(frozen=True)
class _Prepared:
    ballot_id: uuid.UUID
    vote_id: int
    content: dict[str, Any]
    weight: int
    is_totals: bool
    channel: str
    entered_by: int | None
    submitted_at: datetime


def new_ballot_id() -> uuid.UUID:
    """The identity of one opening of a ballot form."""
    return uuid.uuid4()


def check_marks(info: VoteInfo, marks: Mapping[Any, Any]) -> dict[str, int]:
    """The ballot as stored ({theme id as text: value}); raises VoteError saying why it is
    refused: a theme not shortlisted, a rank twice, too many dots, an unknown grade, empty."""
    labels = info.labels
    clean: dict[str, Any] = {}
    for key, value in marks.items():
        if str(key) not in labels:
            raise VoteError(f"Ce bulletin nomme un thème qui n'est pas retenu pour ce vote "
                            f"(n° {key}) : seuls {len(labels)} thèmes sont soumis au vote.")
        if info.kind == GRADED and value is not None:
            index = grade_index(value)
            if index is None:
                raise VoteError(f"Mention inconnue « {value} » pour « {labels[str(key)]} » : "
                                f"choisissez parmi {', '.join(GRADES)}.")
            value = index
        if value is not None:
            clean[str(key)] = value
    try:
        counted = check_ballot({labels[k]: v for k, v in clean.items()}, info.kind,
                                      list(labels.values()), max_dots=info.max_dots)
    except BallotError as exc:
        raise VoteError(f"Bulletin refusé : {exc}") from None
    if info.kind in (DOTS, APPROVAL):
        by_label = {label: key for key, label in labels.items()}
        return {by_label[label]: value for label, value in counted.marks.items()}  # no zeros
    return clean  # ranks as given, grades as indices (an ungraded theme stays absent)


def _check_weight(weight: int) -> int:
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= MAX_IDENTICAL:
        raise VoteError(f"Nombre de bulletins identiques : de 1 à {MAX_IDENTICAL}.")
    return weight


def _check_entry(session: Session, viewer: Viewer | None, vote_id: int, channel: str) -> VoteInfo:
    if channel not in CHANNEL_LABELS:
        raise VoteError(f"Canal inconnu : « {channel} ».")
    if channel == "paper":
        if viewer is None:
            raise campaigns.NotAllowedError("La saisie des bulletins papier demande un compte "
                                            "d'animateur·rice.")
        info = vote_for(session, viewer, vote_id, edit=True)
    else:
        vote = load_vote(session, vote_id)
        if vote is None:
            raise VoteError("Vote introuvable.")
        info = vote_info(session, vote)
    if not info.is_open:
        raise VoteClosedError("Le vote est clos : ce bulletin n'est pas enregistré.")
    return info


def prepare_ballot(session: Session, submission: BallotSubmission,
                   viewer: Viewer | None = None) -> _Prepared:
    info = _check_entry(session, viewer, submission.vote_id, submission.channel)
    weight = _check_weight(submission.weight)
    try:
        marks: dict[str, Any] = check_marks(info, submission.marks)
    except VoteError:
        if not (submission.keep_if_refused and submission.channel == "paper"):
            raise
        marks = _raw_marks(info, submission.marks)
    return _Prepared(submission.ballot_id, info.id, {"marks": marks}, weight, False,
                     submission.channel, submission.entered_by,
                     submission.submitted_at or utcnow())


def _raw_marks(info: VoteInfo, marks: Mapping[Any, Any]) -> dict[str, Any]:
    """A spoilt paper ballot as it was marked, kept so the count can say why it is refused."""
    raw = {}
    for key, value in marks.items():
        if value is None or str(key) not in info.labels:
            continue
        if info.kind == GRADED:
            index = grade_index(value)
            value = index if index is not None else str(value)[:40]
        elif isinstance(value, bool) or not isinstance(value, int):
            value = str(value)[:40]
        raw[str(key)] = value
    return raw


def prepare_totals(session: Session, totals: BoardTotals, viewer: Viewer) -> _Prepared:
    info = _check_entry(session, viewer, totals.vote_id, "paper")
    voters = totals.voters
    if isinstance(voters, bool) or not isinstance(voters, int) or not 1 <= voters <= 10_000:
        raise VoteError("Indiquez le nombre de votants (au moins 1).")
    for theme_id in [*totals.totals, *totals.grades]:
        if str(theme_id) not in info.labels:
            raise VoteError(f"Thème non retenu pour ce vote (n° {theme_id}).")
    if info.kind == RANKING:
        raise VoteError("Un classement ne se compte pas en totaux au tableau : saisissez les "
                        "bulletins un par un (les bulletins identiques en une fois).")
    if info.kind == GRADED:
        content = {"grades": {str(k): [int(c) for c in v] for k, v in totals.grades.items()}}
    else:
        content = {"totals": {str(k): v for k, v in totals.totals.items()}}
    stored = StoredBallot(content, voters, True, "totaux du tableau")
    expand(stored, info.method, info.labels, info.max_dots)  # raises TotalsError with why
    return _Prepared(totals.entry_id, info.id, content, voters, True, "paper",
                     totals.entered_by, totals.submitted_at or utcnow())


def _write_batch(session: Session, batch: Sequence[_Prepared]) -> list[Stored | Exception]:
    """Under the write lock: insert each ballot unless its id is already stored, and only while
    its vote is open and its commune's phase allows voting."""
    conn = session.connection()
    existing = set(conn.execute(select(Ballot.id).where(
        Ballot.id.in_([p.ballot_id for p in batch]))).scalars())
    states = {row.id: row for row in conn.execute(
        select(Vote.id, Vote.status, Participation.phase)
        .join(Participation, Participation.id == Vote.participation_id)
        .where(Vote.id.in_({p.vote_id for p in batch})))}
    outcomes: list[Stored | Exception] = []
    rows = []
    for p in batch:
        if p.ballot_id in existing:
            outcomes.append(Stored(p.ballot_id, created=False))
            continue
        state = states.get(p.vote_id)
        if state is None:
            outcomes.append(VoteError("Vote introuvable."))
        elif state.status != "open":
            outcomes.append(VoteClosedError("Le vote est clos : ce bulletin n'est pas enregistré."))
        elif not phases.allows(state.phase, "vote"):
            outcomes.append(phases.PhaseGateError(
                "La participation de cette commune ne permet plus de voter."))
        else:
            existing.add(p.ballot_id)
            rows.append({"id": p.ballot_id, "vote_id": p.vote_id, "channel": p.channel,
                         "content": p.content, "weight": p.weight, "is_totals": p.is_totals,
                         "submitted_at": p.submitted_at, "entered_by": p.entered_by})
            outcomes.append(Stored(p.ballot_id, created=True))
    if rows:
        conn.execute(insert(Ballot.__table__), rows)
    return outcomes


def _committer(db: Database) -> GroupCommitter:
    return committer_for(db, "ballots", _write_batch)


def submit_ballot(db: Database, submission: BallotSubmission, *,
                  viewer: Viewer | None = None) -> Stored:
    """Store a ballot durably (returns once committed). A paper ballot needs a staff viewer.
    Raises VoteError (with why the ballot is refused), VoteClosedError or PhaseGateError."""
    with db.read() as session:
        prepared = prepare_ballot(session, submission, viewer)
    return _committer(db).submit(prepared)


def submit_totals(db: Database, totals: BoardTotals, *, viewer: Viewer) -> Stored:
    """Store the totals counted on a paper board (raises TotalsError saying what to check)."""
    with db.read() as session:
        prepared = prepare_totals(session, totals, viewer)
    return _committer(db).submit(prepared)


def is_stored(db: Database, ballot_id: uuid.UUID) -> bool:
    with db.read() as session:
        return session.get(Ballot, ballot_id) is not None


@dataclass(frozen=True)
class BallotRow:
    id: uuid.UUID
    channel: str
    weight: int
    is_totals: bool
    submitted_at: datetime
    summary: str  # the ballot in words


def paper_entries(session: Session, viewer: Viewer, vote_id: int) -> list[BallotRow]:
    """The paper ballots and board totals entered for a vote, newest first (to check them)."""
    info = vote_for(session, viewer, vote_id)
    rows = session.scalars(select(Ballot).where(Ballot.vote_id == vote_id,
                                                Ballot.channel == "paper")
                           .order_by(Ballot.submitted_at.desc(), Ballot.id))
    return [BallotRow(b.id, b.channel, b.weight, b.is_totals, b.submitted_at,
                      describe(info, b.content, b.is_totals)) for b in rows]


def describe(info: VoteInfo, content: Mapping[str, Any], is_totals: bool) -> str:
    labels = info.labels
    if "grades" in content:
        return " ; ".join(
            f"{labels.get(k, k)} : " + ", ".join(f"{GRADES[i]} {n}" for i, n in enumerate(v) if n)
            for k, v in content["grades"].items())
    marks = content.get("totals" if is_totals else "marks", {})
    if info.kind == GRADED:
        return " ; ".join(f"{labels.get(k, k)} : {GRADES[v] if isinstance(v, int) and 0 <= v < len(GRADES) else v}"
                          for k, v in marks.items())
    if info.kind == RANKING:
        return " ; ".join(f"{v}. {labels.get(k, k)}" for k, v in sorted(marks.items(),
                                                                         key=lambda kv: str(kv[1])))
    return " ; ".join(f"{labels.get(k, k)} : {v}" for k, v in marks.items())


def delete_paper_entry(session: Session, viewer: Viewer, ballot_id: uuid.UUID) -> None:
    """Remove a paper ballot or board totals entered by mistake (never a tablet ballot)."""
    ballot = session.get(Ballot, ballot_id)
    if ballot is None:
        raise VoteError("Bulletin introuvable.")
    info = vote_for(session, viewer, ballot.vote_id, edit=True)
    if ballot.channel != "paper":
        raise VoteError("Seuls les bulletins papier et les totaux saisis peuvent être retirés.")
    if not info.is_open:
        raise VoteClosedError("Le vote est clos : rouvrez-le pour corriger la saisie.")
    session.delete(ballot)
    session.flush()
