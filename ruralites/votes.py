"""Votes (priorisation) over the themes of a commune, and the choice of one theme.

Staff shortlist 3 to 8 themes and choose a method; ballots come from tablets and phones (a
vote kiosk link) and from paper (one ballot at a time, or the totals counted on the board).
Every ballot has a UUID made when its form opens and is inserted by that id inside one write
transaction (a group commit, as for questionnaires): a double tap is stored once. Results are
counted by the pure methods of `ruralites.voting` (see `ruralites.vote_counting`); a tie for
first is reported and the choice left to the room. Recording the decision creates the
`ThemeChoice` and moves the participation to `theme_chosen` through `campaigns.move`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from math import ceil
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload

from ruralites import campaigns, ideas, kiosk, phases, timefmt, voting
from ruralites.auth import Viewer
from ruralites.db import Database
from ruralites.groupcommit import GroupCommitter
from ruralites.majority import GRADES, grade_index
from ruralites.models import (
    Ballot,
    Participation,
    Theme,
    ThemeChoice,
    Vote,
    VoteOption,
    utcnow,
)
from ruralites.vote_counting import Counting, Refused, StoredBallot, TotalsError, expand
from ruralites.vote_counting import count as count_ballots

# The methods staff choose from (plurality is shown beside them for comparison, never alone).
METHODS = {
    "dots": "Gommettes (chacun répartit N gommettes, cumul permis)",
    "approval": "Vote par approbation (chacun coche les thèmes qui lui conviennent)",
    "borda": "Classement — méthode de Borda (avec contrôle de Condorcet)",
    "schulze": "Classement — méthode de Schulze (Condorcet)",
    "majority": "Jugement majoritaire (une mention par thème)",
}
SHORT_LABELS = {
    "dots": "gommettes", "approval": "vote par approbation", "borda": "classement (Borda)",
    "schulze": "classement (Schulze)", "majority": "jugement majoritaire",
}
MIN_THEMES, MAX_THEMES = 3, 8
MAX_DOTS = 10
MAX_IDENTICAL = 500  # identical paper ballots entered at once
STATUS_LABELS = {"draft": "En préparation", "open": "Ouvert", "closed": "Clos"}
CHANNEL_LABELS = {"tablet": "Tablette", "online": "Téléphone / en ligne", "paper": "Papier"}
DECIDERS = {
    "room": "l'assemblée des habitants (la salle)",
    "council": "le conseil municipal",
}
GRADE_NAMES = GRADES


class VoteError(Exception):
    """A vote rule refused something; str() is a French message."""


class VoteClosedError(VoteError):
    pass


USER_ERRORS: tuple[type[Exception], ...] = (VoteError, TotalsError, voting.VotingError,
                                            kiosk.LinkError, *ideas.USER_ERRORS)


def suggested_dots(themes: int) -> int:
    """Usual guidance: about one dot per 3 to 5 themes, at least 2 so that a person can weigh."""
    return max(2, ceil(themes / 3))


# ---- creating and reading votes ----------------------------------------------------------------


@dataclass(frozen=True)
class OptionRow:
    theme_id: int
    label: str
    description: str | None


@dataclass(frozen=True)
class VoteInfo:
    id: int
    participation_id: int
    commune_name: str
    title: str
    method: str
    max_dots: int | None
    status: str
    created_at: datetime
    closed_at: datetime | None
    options: tuple[OptionRow, ...]
    ballots: int = 0  # stored ballots, identical ones and board voters included

    @property
    def kind(self) -> str:
        return voting.METHOD_KIND[self.method]

    @property
    def method_label(self) -> str:
        return SHORT_LABELS.get(self.method, self.method)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def labels(self) -> dict[str, str]:
        """Theme id (as text, as ballots store it) -> label, in the vote's order."""
        return {str(o.theme_id): o.label for o in self.options}

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def _info(session: Session, vote: Vote) -> VoteInfo:
    participation = session.get(Participation, vote.participation_id)
    counted = session.scalar(select(func.coalesce(func.sum(Ballot.weight), 0))
                             .where(Ballot.vote_id == vote.id)) or 0
    return VoteInfo(
        id=vote.id, participation_id=vote.participation_id,
        commune_name=participation.commune.nom, title=vote.title, method=vote.method,
        max_dots=vote.max_dots, status=vote.status, created_at=vote.created_at,
        closed_at=vote.closed_at,
        options=tuple(OptionRow(o.theme_id, o.theme.label, o.theme.description)
                      for o in vote.options),
        ballots=int(counted),
    )


def _load_vote(session: Session, vote_id: int) -> Vote | None:
    return session.scalar(select(Vote).where(Vote.id == vote_id).options(
        selectinload(Vote.options).selectinload(VoteOption.theme)))


def create_vote(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    *,
    theme_ids: Sequence[int],
    method: str,
    max_dots: int | None = None,
    title: str | None = None,
    evening_id: int | None = None,
    at: datetime | None = None,
) -> VoteInfo:
    """A new open vote. Needs the listening phase (or later) and ideas to vote on."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    campaigns.check_allows(participation, "vote")
    if ideas.count_ideas(session, participation.id) == 0:
        raise VoteError(
            f"Aucune idée n'est encore enregistrée pour {participation.commune.nom} : un vote "
            "porte sur ce que les habitants ont exprimé. Saisissez d'abord les idées "
            "(réponses, post-it, boîte à idées)."
        )
    if method not in METHODS:
        raise VoteError(f"Méthode inconnue « {method} » : choisissez parmi "
                        f"{', '.join(SHORT_LABELS.values())}.")
    wanted = list(theme_ids)
    if len(set(wanted)) != len(wanted):
        raise VoteError("Un même thème figure deux fois dans la liste : retirez le doublon.")
    if not MIN_THEMES <= len(wanted) <= MAX_THEMES:
        raise VoteError(f"Retenez de {MIN_THEMES} à {MAX_THEMES} thèmes pour le vote "
                        f"({len(wanted)} choisis).")
    visible = {t.id: t for t in ideas.themes_for_campaign(session, participation.campaign_id)}
    if any(theme_id not in visible for theme_id in wanted):
        raise VoteError("Un des thèmes choisis n'existe pas pour cette démarche : rechargez la "
                        "page.")
    if method == "dots":
        max_dots = max_dots if max_dots is not None else suggested_dots(len(wanted))
        if isinstance(max_dots, bool) or not isinstance(max_dots, int) or not 1 <= max_dots <= MAX_DOTS:
            raise VoteError(f"Nombre de gommettes par personne : de 1 à {MAX_DOTS}.")
    else:
        max_dots = None
    title = campaigns.clean_text(title, 200, "Titre du vote") or (
        f"Priorisation des thèmes — {participation.commune.nom}")
    vote = Vote(participation_id=participation.id, title=title, method=method,
                max_dots=max_dots, status="open", evening_id=evening_id,
                created_at=at or utcnow())
    vote.options = [VoteOption(theme_id=theme_id, position=position)
                    for position, theme_id in enumerate(wanted, start=1)]
    session.add(vote)
    session.flush()
    return _info(session, _load_vote(session, vote.id))


def votes_for(session: Session, viewer: Viewer, participation_id: int) -> list[VoteInfo]:
    """The commune's votes, newest first."""
    campaigns.participation_for(session, viewer, participation_id)
    found = session.scalars(select(Vote).where(Vote.participation_id == participation_id)
                            .options(selectinload(Vote.options).selectinload(VoteOption.theme))
                            .order_by(Vote.created_at.desc(), Vote.id.desc()))
    return [_info(session, vote) for vote in found]


def vote_for(session: Session, viewer: Viewer, vote_id: int, *, edit: bool = False) -> VoteInfo:
    vote = _load_vote(session, vote_id)
    if vote is None:
        raise VoteError("Vote introuvable.")
    campaigns.participation_for(session, viewer, vote.participation_id, edit=edit)
    return _info(session, vote)


def vote_for_link(session: Session, context: kiosk.KioskContext) -> VoteInfo:
    """The vote a kiosk link opens (the link was resolved by `kiosk.resolve`)."""
    vote = _load_vote(session, context.vote_id) if context.vote_id else None
    if vote is None or vote.participation_id != context.participation_id:
        raise kiosk.LinkError("Ce lien ne mène à aucun vote. Demandez un nouveau lien à "
                              "l'équipe d'animation.")
    return _info(session, vote)


def set_status(session: Session, viewer: Viewer, vote_id: int, status: str) -> VoteInfo:
    """Close a vote (no more ballots) or open it again."""
    if status not in ("open", "closed"):
        raise VoteError(f"État de vote inconnu : « {status} ».")
    info = vote_for(session, viewer, vote_id, edit=True)
    vote = session.get(Vote, vote_id)
    if status == "open" and _choice(session, info.participation_id) is not None:
        raise VoteError("La thématique est déjà choisie : ce vote ne peut plus être rouvert.")
    vote.status = status
    vote.closed_at = utcnow() if status == "closed" else None
    session.flush()
    return _info(session, _load_vote(session, vote_id))


def create_link(session: Session, viewer: Viewer, vote_id: int, *, pin: str | None = None) -> str:
    """A tablet/phone link for an open vote; returns the token (shown once)."""
    info = vote_for(session, viewer, vote_id, edit=True)
    if not info.is_open:
        raise VoteClosedError("Ce vote est clos : rouvrez-le avant de créer un lien.")
    return kiosk.create_link(session, participation_id=info.participation_id, vote_id=vote_id,
                             pin=pin, user_id=viewer.user_id)


# ---- ballots -----------------------------------------------------------------------------------


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
class Stored:
    ballot_id: uuid.UUID
    created: bool  # False: this ballot had already been stored (double tap, re-sent form)


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
        if info.kind == voting.GRADED and value is not None:
            index = grade_index(value)
            if index is None:
                raise VoteError(f"Mention inconnue « {value} » pour « {labels[str(key)]} » : "
                                f"choisissez parmi {', '.join(GRADES)}.")
            value = index
        if value is not None:
            clean[str(key)] = value
    try:
        counted = voting.check_ballot({labels[k]: v for k, v in clean.items()}, info.kind,
                                      list(labels.values()), max_dots=info.max_dots)
    except voting.BallotError as exc:
        raise VoteError(f"Bulletin refusé : {exc}") from None
    if info.kind in (voting.DOTS, voting.APPROVAL):
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
        vote = _load_vote(session, vote_id)
        if vote is None:
            raise VoteError("Vote introuvable.")
        info = _info(session, vote)
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
        if info.kind == voting.GRADED:
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
    if info.kind == voting.RANKING:
        raise VoteError("Un classement ne se compte pas en totaux au tableau : saisissez les "
                        "bulletins un par un (les bulletins identiques en une fois).")
    if info.kind == voting.GRADED:
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


def _committer(db: Database) -> GroupCommitter[_Prepared]:
    committer = db.__dict__.get("_ballots_committer")
    if committer is None:
        committer = db.__dict__.setdefault("_ballots_committer", GroupCommitter(db, _write_batch))
    return committer


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
                           .order_by(Ballot.submitted_at.desc()))
    return [BallotRow(b.id, b.channel, b.weight, b.is_totals, b.submitted_at,
                      describe(info, b.content, b.is_totals)) for b in rows]


def describe(info: VoteInfo, content: Mapping[str, Any], is_totals: bool) -> str:
    labels = info.labels
    if "grades" in content:
        return " ; ".join(
            f"{labels.get(k, k)} : " + ", ".join(f"{GRADES[i]} {n}" for i, n in enumerate(v) if n)
            for k, v in content["grades"].items())
    marks = content.get("totals" if is_totals else "marks", {})
    if info.kind == voting.GRADED:
        return " ; ".join(f"{labels.get(k, k)} : {GRADES[v] if isinstance(v, int) and 0 <= v < len(GRADES) else v}"
                          for k, v in marks.items())
    if info.kind == voting.RANKING:
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


# ---- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteResults:
    info: VoteInfo
    counting: Counting
    by_channel: dict[str, int]  # ballots per channel (identical ones and board voters included)
    totals_entries: int

    @property
    def result(self) -> voting.Result | None:
        return self.counting.result

    @property
    def robustness(self) -> voting.Robustness | None:
        return self.counting.robustness

    @property
    def refused(self) -> list[Refused]:
        return self.counting.refused

    @property
    def tie_for_first(self) -> bool:
        return self.result is not None and len(self.result.winners) > 1

    @property
    def winners(self) -> list[str]:
        return list(self.result.winners) if self.result else []


def _where(ballot: Ballot) -> str:
    when = timefmt.date_time(ballot.submitted_at)
    if ballot.is_totals:
        return f"totaux du tableau saisis le {when}"
    what = {"paper": "bulletin papier", "tablet": "bulletin sur tablette",
            "online": "bulletin en ligne"}.get(ballot.channel, "bulletin")
    return f"{what} du {when}" + (f" (× {ballot.weight})" if ballot.weight > 1 else "")


def results(session: Session, viewer: Viewer, vote_id: int) -> VoteResults:
    """The count of a vote with its method, the comparison with other methods, refusals."""
    info = vote_for(session, viewer, vote_id)
    rows = list(session.scalars(select(Ballot).where(Ballot.vote_id == vote_id)
                                .order_by(Ballot.submitted_at, Ballot.id)))
    stored = [StoredBallot(b.content, b.weight, b.is_totals, _where(b)) for b in rows]
    counting = count_ballots(info.method, info.labels, stored, max_dots=info.max_dots)
    by_channel: dict[str, int] = {}
    for b in rows:
        by_channel[b.channel] = by_channel.get(b.channel, 0) + b.weight
    return VoteResults(info, counting, by_channel, sum(1 for b in rows if b.is_totals))


# ---- the decision ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionInfo:
    participation_id: int
    theme_id: int
    theme_label: str
    decided_by: str  # in words
    decided_on: date
    notes: str | None
    vote_id: int | None
    vote_title: str | None


def decider_label(decided_by: str) -> str:
    return DECIDERS.get(decided_by, decided_by)


def _choice(session: Session, participation_id: int) -> ThemeChoice | None:
    return session.scalar(select(ThemeChoice).where(ThemeChoice.participation_id == participation_id))


def decision_for(session: Session, viewer: Viewer, participation_id: int) -> DecisionInfo | None:
    """The commune's chosen theme, if the choice is recorded (mayors may read it)."""
    campaigns.participation_for(session, viewer, participation_id)
    choice = _choice(session, participation_id)
    if choice is None:
        return None
    theme = session.get(Theme, choice.theme_id)
    vote = session.get(Vote, choice.vote_id) if choice.vote_id else None
    return DecisionInfo(participation_id, theme.id, theme.label, decider_label(choice.decided_by),
                        choice.decided_on, choice.notes, choice.vote_id,
                        vote.title if vote else None)


def record_decision(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    *,
    theme_id: int,
    decided_by: str,
    decided_on: date,
    vote_id: int | None = None,
    notes: str | None = None,
    today: date | None = None,
) -> DecisionInfo:
    """Record who chose which theme and when; closes the vote and moves the participation to
    `theme_chosen`. A theme that is not first in the vote (or is one of several tied first)
    may be chosen: the room decides, not the software; choosing another theme than the vote's
    clear winner needs a note saying why."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    campaigns.check_allows(participation, "choose_theme")
    existing = _choice(session, participation.id)
    if existing is not None:
        label = session.get(Theme, existing.theme_id).label
        raise VoteError(f"La thématique de {participation.commune.nom} est déjà choisie : "
                        f"« {label} », le {timefmt.short_date(existing.decided_on)}.")
    decided_by = (decided_by or "").strip()
    if not decided_by:
        raise VoteError("Indiquez qui a décidé : l'assemblée des habitants ou le conseil "
                        "municipal.")
    decided_by = campaigns.clean_text(decided_by, 200, "Qui a décidé") or ""
    if decided_on is None:
        raise VoteError("Indiquez la date de la décision.")
    if decided_on > (today or campaigns.today_in_france()):
        raise VoteError(f"La date de la décision ({decided_on:%d/%m/%Y}) est dans le futur.")
    notes = campaigns.clean_text(notes, 5000, "Notes")
    visible = {t.id: t for t in ideas.themes_for_campaign(session, participation.campaign_id)}
    if theme_id not in visible:
        raise VoteError("Thème inconnu pour cette démarche : choisissez parmi les thèmes "
                        "proposés.")
    vote = None
    if vote_id is not None:
        vote = _load_vote(session, vote_id)
        if vote is None or vote.participation_id != participation.id:
            raise VoteError("Ce vote n'est pas celui de cette commune.")
        if theme_id not in {o.theme_id for o in vote.options}:
            raise VoteError(f"« {visible[theme_id].label} » n'était pas soumis à ce vote : "
                            "choisissez un des thèmes du vote, ou enregistrez la décision sans "
                            "vote.")
        counted = results(session, viewer, vote_id)
        if counted.result and not notes and visible[theme_id].label not in counted.winners:
            raise VoteError(
                f"« {visible[theme_id].label} » n'est pas en tête du vote "
                f"({', '.join(counted.winners)}) : indiquez dans les notes pourquoi ce choix."
            )
    theme_label = visible[theme_id].label
    choice = ThemeChoice(participation_id=participation.id, theme_id=theme_id,
                         vote_id=vote.id if vote else None, decided_by=decided_by,
                         decided_on=decided_on, notes=notes)
    session.add(choice)
    participation.chosen_theme_id = theme_id
    at = _evening_of(decided_on)
    if vote is not None and vote.status != "closed":
        vote.status, vote.closed_at = "closed", at
    reason = f"Thématique choisie : « {theme_label} », par {decider_label(decided_by)}"
    campaigns.move(session, participation, "theme_chosen", user_id=viewer.user_id,
                   reason=reason + (f" (vote « {vote.title} »)" if vote else ""), at=at)
    session.flush()
    return decision_for(session, viewer, participation.id)


def _evening_of(day: date) -> datetime:
    """That day at 21:00 in France (a public evening), never later than now."""
    moment = datetime.combine(day, time(21, 0), tzinfo=timefmt.PARIS).astimezone(UTC)
    return min(moment, utcnow())
