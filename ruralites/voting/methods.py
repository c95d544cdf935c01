"""Prioritisation methods as pure functions over ballots (DESIGN.md §5).

A ballot is plain data keyed by theme name:

- ranking: `{theme: rank}`, 1 = best, an absent theme is unranked (plurality, Borda, Schulze).
  Ranks are read as an order: 1, 2, 4 count as 1st, 2nd, 3rd;
- approval: a set of approved themes, or `{theme: 0 or 1}`;
- dots (gommettes): `{theme: number of dots}`;
- grades: `{theme: grade}`, a grade being an index in `GRADES` (0 = "Excellent") or its French
  name; an ungraded theme gets the worst grade ("À rejeter").

Wrap a ballot in `Ballot(marks, count=3)` when it stands for several identical ballots, or to
give it the file line it came from. Every method returns a `Result`: the ranking with tied
themes sharing a rank, every winner when several tie for first, refused ballots with their
reason, and a French explanation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from ruralites.voting.base import (
    APPROVAL,
    DOTS,
    GRADED,
    METHOD_LABELS,
    RANKING,
    ROBUSTNESS_METHODS,
    BallotLike,
    Counted,
    Result,
    VotingError,
    competition_ranks,
    join_themes,
    make_result,
    share_text,
)
from ruralites.voting.majority import (
    GRADES,
    RULE_EXPLANATION,
    describe_profile,
    majority_profile,
)
from ruralites.voting.schulze import GRADES_READ, RANKS_READ, count_schulze
from ruralites.voting.validation import prepare_ballots

# --- validation --------------------------------------------------------------------------


# --- building results --------------------------------------------------------------------


# --- counting (on validated ballots) -----------------------------------------------------


def _count_totals(method, themes, counted, refused, unit, rule, values_of) -> Result:
    totals = dict.fromkeys(themes, 0)
    for ballot in counted:
        for theme, value in values_of(ballot).items():
            totals[theme] += value * ballot.count
    ranked = competition_ranks(themes, totals.__getitem__)
    details: dict[str, dict[str, Any]] = {theme: {} for theme in themes}
    lines = [f"{theme} : {totals[theme]} {unit}." for _, theme in ranked]
    return make_result(method, counted, refused, ranked, totals, details, [rule, *lines], unit)


def _firsts(ballot: Counted) -> dict[str, int]:
    return {theme: 1 for theme, position in ballot.marks.items() if position == 1}


def _dots_on(ballot: Counted) -> dict[str, int]:
    return ballot.marks


def _ticks(ballot: Counted) -> dict[str, int]:
    # Any positive mark is a tick: this also reads dots ballots (a theme with a dot is approved).
    return {theme: 1 for theme, value in ballot.marks.items() if value}


def _count_plurality(themes, counted, refused) -> Result:
    rule = (
        "Premier choix : chaque bulletin compte une voix pour le thème classé premier, et rien "
        "pour les autres. Méthode donnée à titre de comparaison."
    )
    return _count_totals("plurality", themes, counted, refused, "premier(s) choix", rule, _firsts)


def _count_dots(themes, counted, refused, max_dots=None) -> Result:
    limit = f" (au plus {max_dots} par personne)" if max_dots is not None else ""
    rule = f"Gommettes : chaque personne répartit ses gommettes{limit}, on les additionne."
    return _count_totals("dots", themes, counted, refused, "gommette(s)", rule, _dots_on)


def _count_approval(themes, counted, refused) -> Result:
    rule = (
        "Vote par approbation : chacun coche les thèmes qui lui conviennent, on compte les coches."
    )
    return _count_totals("approval", themes, counted, refused, "approbation(s)", rule, _ticks)


def _count_borda(themes, counted, refused) -> Result:
    n = len(themes)
    points = dict.fromkeys(themes, 0)
    positions: dict[str, dict[int, int]] = {theme: {} for theme in themes}
    for ballot in counted:
        for theme, position in ballot.marks.items():
            points[theme] += (n - position) * ballot.count
            positions[theme][position] = positions[theme].get(position, 0) + ballot.count
    ranked = competition_ranks(themes, points.__getitem__)
    scale = ", ".join(f"{k}{'er' if k == 1 else 'e'} : {n - k}" for k in range(1, n + 1))
    rule = (
        f"Méthode de Borda : avec {n} thèmes, un thème classé k-ième reçoit {n} − k points "
        f"({scale}). Un thème non classé sur un bulletin reçoit 0 point."
    )
    lines = [
        f"{theme} : {points[theme]} point{'s' if points[theme] > 1 else ''}." for _, theme in ranked
    ]
    details = {theme: {"positions": dict(sorted(positions[theme].items()))} for theme in themes}
    return make_result("borda", counted, refused, ranked, points, details, [rule, *lines], "points")


def _count_majority(themes, counted, refused, grades=GRADES) -> Result:
    tallies = {theme: [0] * len(grades) for theme in themes}
    for ballot in counted:
        for theme, grade in ballot.marks.items():
            tallies[theme][grade] += ballot.count
    profiles = {theme: majority_profile(tallies[theme]) for theme in themes}
    ranked = competition_ranks(themes, lambda theme: profiles[theme].key)
    scores = {theme: describe_profile(profiles[theme], grades) for theme in themes}
    details = {
        theme: {
            "majority_grade": grades[profile.majority_grade],
            "gauge": profile.gauge,
            "above": profile.above,
            "below": profile.below,
            "grades": dict(zip(grades, profile.tally, strict=True)),
        }
        for theme, profile in profiles.items()
    }
    lines = [
        f"{theme} : mention majoritaire {scores[theme]} "
        f"(p = {share_text(profiles[theme].above, profiles[theme].judgments)} au-dessus, "
        f"q = {share_text(profiles[theme].below, profiles[theme].judgments)} en dessous)."
        for _, theme in ranked
    ]
    for (_, ahead), (_, behind) in zip(ranked, ranked[1:], strict=False):
        first, second = profiles[ahead].key, profiles[behind].key
        if first != second and first[:2] == second[:2]:
            lines.append(
                f"{ahead} passe devant {behind} : même mention et même jauge, départagés en "
                "fondant le groupe de la mention majoritaire dans son voisin."
            )
    rule = f"{RULE_EXPLANATION} Un thème non évalué sur un bulletin reçoit « {grades[-1]} »."
    label = "mention majoritaire"
    return make_result("majority", counted, refused, ranked, scores, details, [rule, *lines], label)


_COUNTERS: dict[str, Callable[..., Result]] = {
    "plurality": _count_plurality,
    "dots": _count_dots,
    "approval": _count_approval,
    "borda": _count_borda,
    "schulze": partial(count_schulze, how_read=RANKS_READ),
    "majority": _count_majority,
}


# --- public methods ----------------------------------------------------------------------


def plurality(ballots: Iterable[BallotLike], shortlist: Sequence[str]) -> Result:
    """First choices only (premier choix): the naive reference, shown for comparison."""
    return _count_plurality(*prepare_ballots(ballots, RANKING, shortlist))


def dots(ballots, shortlist: Sequence[str], *, max_dots: int | None = None) -> Result:
    """Dot voting (gommettes): each person spreads dots, stacking allowed; sum of dots."""
    prepared = prepare_ballots(ballots, DOTS, shortlist, max_dots=max_dots)
    return _count_dots(*prepared, max_dots=max_dots)


def approval(ballots: Iterable[BallotLike], shortlist: Sequence[str]) -> Result:
    """Approval voting (vote par approbation): count of ticks."""
    return _count_approval(*prepare_ballots(ballots, APPROVAL, shortlist))


def borda(ballots: Iterable[BallotLike], shortlist: Sequence[str]) -> Result:
    """Borda count: with n themes, rank k earns n − k points; an unranked theme earns 0."""
    return _count_borda(*prepare_ballots(ballots, RANKING, shortlist))


def schulze(ballots: Iterable[BallotLike], shortlist: Sequence[str]) -> Result:
    """Condorcet check and Schulze ranking over ranking ballots.

    `details` holds "pairwise" (d[x][y], ballots preferring x to y), "strongest_paths",
    "condorcet_winner" (or None) and "cycle" (themes each beating the next, or None).
    """
    return _COUNTERS["schulze"](*prepare_ballots(ballots, RANKING, shortlist))


def majority_judgment(ballots, shortlist: Sequence[str], *, grades: Sequence[str] = GRADES):
    """Majority judgment: lower median grade, ties broken by the majority gauge."""
    prepared = prepare_ballots(ballots, GRADED, shortlist, grades=grades)
    return _count_majority(*prepared, grades=grades)


METHODS: dict[str, Callable[..., Result]] = {
    "plurality": plurality,
    "dots": dots,
    "approval": approval,
    "borda": borda,
    "schulze": schulze,
    "majority": majority_judgment,
}


def count_votes(method: str, ballots, shortlist: Sequence[str], **options: Any) -> Result:
    """Run the method named `method` (a key of `METHODS`); options go to that method."""
    if method not in METHODS:
        choices = ", ".join(METHODS)
        raise VotingError(f"Méthode inconnue « {method} » : choisissez parmi {choices}.")
    return METHODS[method](ballots, shortlist, **options)


# --- robustness --------------------------------------------------------------------------


@dataclass(frozen=True)
class Robustness:
    kind: str
    results: dict[str, Result]  # method name -> its result, in ROBUSTNESS_METHODS order
    winner_changes: bool
    explanation: str


def robustness(
    ballots: Iterable[BallotLike],
    shortlist: Sequence[str],
    kind: str,
    *,
    max_dots: int | None = None,
    grades: Sequence[str] = GRADES,
) -> Robustness:
    """Rerun every method the ballots allow and say whether the winner changes.

    Ranking ballots: premier choix, Borda, Schulze. Grades: majority judgment, and Schulze on
    the preferences the grades imply. Dots: dots, and approval (a theme with a dot is
    approved). Approval ballots: approval alone.
    """
    if kind not in ROBUSTNESS_METHODS:
        raise VotingError(f"Type de bulletin inconnu : {kind}.")
    # Options belong to the method native to the kind: max_dots to dots, grades to majority.
    options: dict[str, Any] = {DOTS: {"max_dots": max_dots}, GRADED: {"grades": grades}}.get(
        kind, {}
    )
    prepared = prepare_ballots(ballots, kind, shortlist, **options)
    results: dict[str, Result] = {}
    for method in ROBUSTNESS_METHODS[kind]:
        if method == "schulze" and kind == GRADED:
            results[method] = count_schulze(*prepared, GRADES_READ)
        elif method in ("dots", "majority"):
            results[method] = _COUNTERS[method](*prepared, **options)
        else:
            results[method] = _COUNTERS[method](*prepared)
    changes = len({frozenset(result.winners) for result in results.values()}) > 1
    per_method = " ; ".join(
        f"{METHOD_LABELS[method]} : {join_themes(result.winners)}" for method, result in results.items()
    )
    opening = "Le gagnant change selon la méthode" if changes else "Même tête avec chaque méthode"
    return Robustness(kind, results, changes, f"{opening} — {per_method}.")
