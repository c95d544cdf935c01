"""What every prioritisation method shares: ballot kinds, errors, the ballot and result types,
and how a result names its ranking (ties share a rank). Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from ruralites import fr
from ruralites.errors import UserError

RANKING, APPROVAL, DOTS, GRADED = "ranking", "approval", "dots", "grades"


BALLOT_KINDS = (RANKING, APPROVAL, DOTS, GRADED)


METHOD_KIND = {
    "plurality": RANKING,
    "dots": DOTS,
    "approval": APPROVAL,
    "borda": RANKING,
    "schulze": RANKING,
    "majority": GRADED,
}


METHOD_LABELS = {
    "plurality": "premier choix",
    "dots": "gommettes",
    "approval": "vote par approbation",
    "borda": "méthode de Borda",
    "schulze": "méthode de Schulze (Condorcet)",
    "majority": "jugement majoritaire",
}


# The methods the robustness view reruns for each kind of ballot collected.
ROBUSTNESS_METHODS = {
    RANKING: ("plurality", "borda", "schulze"),
    GRADED: ("majority", "schulze"),
    DOTS: ("dots", "approval"),
    APPROVAL: ("approval",),
}


BallotLike = Any  # a Ballot, a mapping {theme: value} or a set of themes


class VotingError(UserError, ValueError):
    """A vote that cannot be counted; the message is in French and says what to do."""


class BallotError(VotingError):
    """One ballot is refused; the message says why."""


class NoBallotsError(VotingError):
    """No valid ballot is left to count."""


@dataclass(frozen=True)
class Ballot:
    marks: Mapping[str, Any] | Set[str]
    count: int = 1  # how many identical ballots this one stands for
    line: int | None = None  # the file line it came from, reported when refused


@dataclass(frozen=True)
class Refusal:
    where: int  # the ballot's file line if it has one, else its position (1 = first)
    reason: str
    count: int = 1


@dataclass(frozen=True)
class RankedTheme:
    rank: int
    theme: str
    score: int | str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    method: str
    ballots_counted: int
    ballots_refused: list[Refusal]
    ranking: list[RankedTheme]
    winners: list[str]
    explanation: str  # French sentences, one per line
    score_label: str  # what a score counts, in French ("points", "gommette(s)"…)
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Counted:
    """A validated ballot. Ranking marks are positions 1..k; grade marks cover every theme."""

    marks: dict[str, int]
    count: int


def competition_ranks(themes: Sequence[str], key: Callable[[str], Any]) -> list[tuple[int, str]]:
    """Ranks 1, 1, 3…: tied themes share a rank; shortlist order is kept inside a tie."""
    ranked: list[tuple[int, str]] = []
    for position, theme in enumerate(sorted(themes, key=key, reverse=True), start=1):
        tied = ranked and key(theme) == key(ranked[-1][1])
        ranked.append((ranked[-1][0] if tied else position, theme))
    return ranked


def join_themes(themes: Sequence[str]) -> str:
    quoted = [f"« {theme} »" for theme in themes]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " et " + quoted[-1]


def share_text(part: int, whole: int) -> str:
    return fr.percent(part / whole)


def make_result(method, counted, refused, ranked, scores, details, sentences, score_label, extra=None):
    ranking = [RankedTheme(rank, theme, scores[theme], details[theme]) for rank, theme in ranked]
    winners = [entry.theme for entry in ranking if entry.rank == 1]
    total = sum(ballot.count for ballot in counted)
    head = f"{total} bulletin(s) compté(s)"
    if refused:
        head += f", {sum(refusal.count for refusal in refused)} refusé(s)"
    if len(winners) == 1:
        verdict = f"En tête : {join_themes(winners)}."
    else:
        verdict = f"Égalité en tête entre {join_themes(winners)} : la méthode ne les départage pas."
    return Result(
        method=method,
        ballots_counted=total,
        ballots_refused=list(refused),
        ranking=ranking,
        winners=winners,
        explanation="\n".join([head + ".", *sentences, verdict]),
        score_label=score_label,
        details=dict(extra or {}),
    )
