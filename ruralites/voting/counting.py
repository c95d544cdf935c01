"""Count a stored vote with the pure methods of `ruralites.voting`. Pure: no database.

Stored ballots are keyed by theme id; the methods take ballots keyed by theme label, so labels
appear in their explanations and refusals. Totals counted on a paper board (dots per theme,
ticks per theme, grades per theme) are turned into as many ballots as there were voters, spread
so that every total is exact: a method that depends only on the totals (dots, approval,
majority judgment) then counts them exactly. Methods that depend on who voted what together
(the robustness view's other methods) cannot be recomputed from totals, and the result says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ruralites.errors import UserError
from ruralites.voting.base import (
    APPROVAL,
    DOTS,
    GRADED,
    METHOD_KIND,
    Ballot,
    Refusal,
    Result,
    VotingError,
    join_themes,
)
from ruralites.voting.majority import GRADES
from ruralites.voting.methods import Robustness, count_votes, robustness
from ruralites.voting.validation import sort_ballots


class TotalsError(UserError, ValueError):
    """Board totals that cannot be right; the message is in French and says what to check."""


@dataclass(frozen=True)
class StoredBallot:
    """A ballot row as counting needs it."""

    content: Mapping[str, Any]
    weight: int
    is_totals: bool
    where: str  # how a person finds this ballot again ("bulletin papier du 13/06 à 21:05")


@dataclass(frozen=True)
class Refused:
    where: str
    reason: str
    count: int


@dataclass(frozen=True)
class Counting:
    result: Result | None
    robustness: Robustness | None
    refused: list[Refused]
    error: str | None  # why nothing could be counted (no ballots at all, every one refused)
    notes: list[str]  # French sentences shown under the result


MAJORITY_SENTENCE = (
    "Jugement majoritaire : chaque thème reçoit sa mention majoritaire, la mention médiane ; "
    "avec un nombre pair d'avis on retient la moins bonne des deux mentions du milieu (médiane "
    "inférieure). Les égalités de mention sont départagées par la jauge majoritaire (la part "
    "des avis au-dessus de la mention comparée à celle des avis en dessous)."
)
TIE_SENTENCE = (
    "Égalité en tête entre {themes} : le logiciel ne tranche pas. La décision revient à "
    "l'assemblée (ou au conseil municipal), qui choisit en connaissance de cause."
)
TOTALS_SENTENCE = (
    "Une partie des votes a été saisie en totaux comptés au tableau : seule la méthode du vote "
    "peut être recalculée, pas les autres méthodes de comparaison (il faudrait savoir qui a "
    "voté quoi)."
)


def dots_ballots(totals: Mapping[str, int], voters: int, max_dots: int | None) -> list[Ballot]:
    """`voters` ballots whose dots add up to `totals`, each within `max_dots`."""
    _check_totals(totals, voters)
    spent = sum(totals.values())
    if spent < voters:
        raise TotalsError(
            f"{spent} gommette(s) pour {voters} votant(s) : chaque votant pose au moins une "
            "gommette. Vérifiez le nombre de votants."
        )
    if max_dots is not None and spent > voters * max_dots:
        raise TotalsError(
            f"{spent} gommettes pour {voters} votant(s) ayant {max_dots} gommette(s) chacun : "
            f"c'est plus que les {voters * max_dots} permises. Vérifiez le comptage."
        )
    ballots: list[Counter[str]] = [Counter() for _ in range(voters)]
    position = 0
    for theme, count in totals.items():
        for _ in range(count):
            ballots[position % voters][theme] += 1
            position += 1
    return _grouped(dict(b) for b in ballots)


def approval_ballots(totals: Mapping[str, int], voters: int) -> list[Ballot]:
    """`voters` approval ballots with exactly `totals` ticks per theme."""
    _check_totals(totals, voters)
    for theme, count in totals.items():
        if count > voters:
            raise TotalsError(
                f"« {theme} » a {count} coches pour {voters} votant(s) : un votant coche un "
                "thème une fois au plus. Vérifiez le nombre de votants."
            )
    ticks = sum(totals.values())
    if ticks < voters:
        raise TotalsError(
            f"{ticks} coche(s) pour {voters} votant(s) : chaque votant coche au moins un thème. "
            "Vérifiez le nombre de votants."
        )
    ballots: list[dict[str, int]] = [{} for _ in range(voters)]
    position = 0
    for theme, count in totals.items():
        for _ in range(count):  # consecutive ballots, so a theme never lands twice on one
            ballots[position % voters][theme] = 1
            position += 1
    return _grouped(ballots)


def grade_ballots(grades: Mapping[str, Sequence[int]], voters: int,
                  scale: Sequence[str] = GRADES) -> list[Ballot]:
    """`voters` graded ballots with exactly the grade counts of each theme (best grade first);
    a voter who did not grade a theme gives it the worst grade, as on a ballot."""
    if voters < 1:
        raise TotalsError("Indiquez le nombre de votants (au moins 1).")
    columns: dict[str, list[int]] = {}
    for theme, counts in grades.items():
        if len(counts) != len(scale) or any(c < 0 for c in counts):
            raise TotalsError(f"« {theme} » : un nombre (positif ou nul) par mention.")
        if sum(counts) > voters:
            raise TotalsError(
                f"« {theme} » a {sum(counts)} mentions pour {voters} votant(s) : vérifiez le "
                "nombre de votants."
            )
        column = [grade for grade, count in enumerate(counts) for _ in range(count)]
        columns[theme] = column + [len(scale) - 1] * (voters - len(column))
    if not any(sum(c) for c in grades.values()):
        raise TotalsError("Aucune mention saisie : le tableau est vide.")
    return _grouped({theme: column[i] for theme, column in columns.items()} for i in range(voters))


def _check_totals(totals: Mapping[str, int], voters: int) -> None:
    if voters < 1:
        raise TotalsError("Indiquez le nombre de votants (au moins 1).")
    for theme, count in totals.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise TotalsError(f"« {theme} » : le total doit être un nombre entier positif ou nul.")
    if not sum(totals.values()):
        raise TotalsError("Tous les totaux sont à zéro : le tableau est vide.")


def _grouped(ballots) -> list[Ballot]:
    counts = Counter(tuple(sorted(b.items())) for b in ballots)
    return [Ballot(dict(marks), count) for marks, count in counts.items()]


def _labelled(marks: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    # A theme that is not (or no longer) shortlisted keeps a name the refusal can show.
    return {labels.get(str(key), f"thème n° {key}"): value for key, value in marks.items()}


def expand(stored: StoredBallot, method: str, labels: Mapping[str, str],
           max_dots: int | None) -> list[Ballot]:
    """The voting ballots a stored row stands for (one, or a spread of board totals)."""
    content = stored.content
    if not stored.is_totals:
        return [Ballot(_labelled(content.get("marks", {}), labels), stored.weight)]
    kind = METHOD_KIND[method]
    if kind == GRADED:
        return grade_ballots(_labelled(content.get("grades", {}), labels), stored.weight)
    totals = _labelled(content.get("totals", {}), labels)
    if kind == DOTS:
        return dots_ballots(totals, stored.weight, max_dots)
    if kind == APPROVAL:
        return approval_ballots(totals, stored.weight)
    raise TotalsError("Un classement ne se saisit pas en totaux : saisissez chaque bulletin.")


def count(method: str, shortlist: Mapping[str, str], stored: Sequence[StoredBallot], *,
          max_dots: int | None = None) -> Counting:
    """Count `stored` ballots with `method`; `shortlist` maps theme ids (as text) to labels, in
    the vote's order. Never raises for bad ballots: they are refused, with why."""
    labels = list(shortlist.values())
    ballots: list[Ballot] = []
    origin: list[str] = []
    refused_early: list[Refused] = []
    for row in stored:
        try:
            expanded = expand(row, method, shortlist, max_dots)
        except TotalsError as exc:
            refused_early.append(Refused(row.where, str(exc), row.weight))
            continue
        ballots += expanded
        origin += [row.where] * len(expanded)
    notes = [MAJORITY_SENTENCE] if method == "majority" else []
    with_totals = any(row.is_totals for row in stored)
    if with_totals:
        notes.append(TOTALS_SENTENCE)
    if not stored:
        return Counting(None, None, [], "Aucun bulletin pour l'instant : rien à dépouiller.", notes)
    try:
        result = count_votes(method, ballots, labels, **_options(method, max_dots))
    except VotingError as exc:
        _, refusals = sort_ballots(ballots, METHOD_KIND[method], labels,
                                   **_options(method, max_dots))
        refused = refused_early + _merge_refusals(refusals, origin)
        return Counting(None, None, refused, str(exc), notes)
    refused = refused_early + _merge_refusals(result.ballots_refused, origin)
    robust = None
    if not with_totals:
        robust = robustness(ballots, labels, METHOD_KIND[method], **_options(method, max_dots))
    if len(result.winners) > 1:
        notes.append(TIE_SENTENCE.format(themes=join_themes(result.winners)))
    return Counting(result, robust, refused, None, notes)


def _options(method: str, max_dots: int | None) -> dict[str, Any]:
    return {"max_dots": max_dots} if METHOD_KIND[method] == DOTS else {}




def _merge_refusals(refusals: Sequence[Refusal], origin: Sequence[str]) -> list[Refused]:
    return [Refused(origin[r.where - 1] if 0 < r.where <= len(origin) else f"n° {r.where}",
                    r.reason, r.count) for r in refusals]
