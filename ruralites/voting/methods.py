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

from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ruralites import fr
from ruralites.errors import UserError
from ruralites.voting.majority import (
    GRADES,
    RULE_EXPLANATION,
    describe_profile,
    grade_index,
    majority_profile,
)

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


# --- validation --------------------------------------------------------------------------


def check_ballot(
    ballot: BallotLike,
    kind: str,
    shortlist: Sequence[str],
    *,
    max_dots: int | None = None,
    grades: Sequence[str] = GRADES,
) -> Counted:
    """Validate one ballot of `kind`; raise `BallotError` with the reason it is refused."""
    if kind not in BALLOT_KINDS:
        raise VotingError(f"Type de bulletin inconnu : {kind}.")
    ballot = ballot if isinstance(ballot, Ballot) else Ballot(ballot)
    if isinstance(ballot.count, bool) or not isinstance(ballot.count, int) or ballot.count < 1:
        raise BallotError(f"Nombre de bulletins identiques invalide : « {ballot.count} ».")
    marks = dict.fromkeys(ballot.marks, 1) if isinstance(ballot.marks, Set) else ballot.marks
    unknown = [theme for theme in marks if theme not in shortlist]
    if unknown:
        raise BallotError(f"Thème non retenu pour ce vote : « {unknown[0]} ».")
    if not marks:
        raise BallotError("Bulletin vide.")
    if kind == GRADED:
        return Counted(_check_grades(marks, shortlist, grades), ballot.count)
    values = {theme: _whole_number(theme, value) for theme, value in marks.items()}
    if kind == RANKING:
        return Counted(_check_ranks(values, len(shortlist)), ballot.count)
    if kind == APPROVAL:
        wrong = [theme for theme, value in values.items() if value not in (0, 1)]
        if wrong:
            raise BallotError(f"Approbation de « {wrong[0]} » : mettez 1 (oui) ou 0 (non).")
    spent = sum(values.values())
    if spent == 0:
        raise BallotError("Bulletin vide.")
    if kind == DOTS and max_dots is not None and spent > max_dots:
        raise BallotError(f"{spent} gommettes posées alors que {max_dots} au plus sont permises.")
    return Counted({theme: value for theme, value in values.items() if value}, ballot.count)


def _whole_number(theme: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BallotError(f"« {value} » pour « {theme} » n'est pas un nombre entier.")
    if value < 0:
        raise BallotError(f"Valeur négative ({value}) pour « {theme} ».")
    return value


def _check_ranks(ranks: dict[str, int], themes: int) -> dict[str, int]:
    seen: dict[int, str] = {}
    for theme, rank in ranks.items():
        if not 1 <= rank <= themes:
            raise BallotError(f"Rang {rank} pour « {theme} » : donnez un rang de 1 à {themes}.")
        if rank in seen:
            raise BallotError(f"Rang {rank} donné deux fois (« {seen[rank]} » et « {theme} »).")
        seen[rank] = theme
    order = sorted(ranks, key=ranks.__getitem__)
    return {theme: position for position, theme in enumerate(order, start=1)}


def _check_grades(marks: Mapping[str, Any], shortlist: Sequence[str], grades: Sequence[str]):
    checked: dict[str, int] = {}
    for theme, value in marks.items():
        index = grade_index(value, grades)
        if index is None:
            raise BallotError(
                f"Mention inconnue « {value} » pour « {theme} » : choisissez parmi "
                f"{', '.join(grades)}."
            )
        checked[theme] = index
    return {theme: checked.get(theme, len(grades) - 1) for theme in shortlist}


def sort_ballots(
    ballots: Iterable[BallotLike], kind: str, shortlist: Sequence[str], **options: Any
) -> tuple[list[Counted], list[Refusal]]:
    """Split ballots into counted ones and refusals (where, reason); options as `check_ballot`."""
    counted: list[Counted] = []
    refused: list[Refusal] = []
    for position, ballot in enumerate(ballots, start=1):
        ballot = ballot if isinstance(ballot, Ballot) else Ballot(ballot)
        try:
            counted.append(check_ballot(ballot, kind, shortlist, **options))
        except BallotError as error:
            where = ballot.line if ballot.line is not None else position
            weight = ballot.count if isinstance(ballot.count, int) and ballot.count > 0 else 1
            refused.append(Refusal(where, str(error), weight))
    return counted, refused


def _prepare(ballots: Iterable[BallotLike], kind: str, shortlist: Sequence[str], **options: Any):
    themes = list(shortlist)
    if not themes:
        raise VotingError("Aucun thème retenu : ajoutez au moins un thème avant de voter.")
    if len(set(themes)) < len(themes):
        raise VotingError("Un même thème figure deux fois dans la liste des thèmes retenus.")
    counted, refused = sort_ballots(ballots, kind, themes, **options)
    if not counted:
        detail = f" ({len(refused)} bulletin(s) refusé(s))" if refused else ""
        raise NoBallotsError(
            f"Aucun bulletin valable à dépouiller{detail} : vérifiez les bulletins saisis."
        )
    return themes, counted, refused


# --- building results --------------------------------------------------------------------


def _competition_ranks(themes: Sequence[str], key: Callable[[str], Any]) -> list[tuple[int, str]]:
    """Ranks 1, 1, 3…: tied themes share a rank; shortlist order is kept inside a tie."""
    ranked: list[tuple[int, str]] = []
    for position, theme in enumerate(sorted(themes, key=key, reverse=True), start=1):
        tied = ranked and key(theme) == key(ranked[-1][1])
        ranked.append((ranked[-1][0] if tied else position, theme))
    return ranked


def _join(themes: Sequence[str]) -> str:
    quoted = [f"« {theme} »" for theme in themes]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " et " + quoted[-1]


def _share(part: int, whole: int) -> str:
    return fr.percent(part / whole)


def _result(method, counted, refused, ranked, scores, details, sentences, score_label, extra=None):
    ranking = [RankedTheme(rank, theme, scores[theme], details[theme]) for rank, theme in ranked]
    winners = [entry.theme for entry in ranking if entry.rank == 1]
    total = sum(ballot.count for ballot in counted)
    head = f"{total} bulletin(s) compté(s)"
    if refused:
        head += f", {sum(refusal.count for refusal in refused)} refusé(s)"
    if len(winners) == 1:
        verdict = f"En tête : {_join(winners)}."
    else:
        verdict = f"Égalité en tête entre {_join(winners)} : la méthode ne les départage pas."
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


# --- counting (on validated ballots) -----------------------------------------------------


def _count_totals(method, themes, counted, refused, unit, rule, values_of) -> Result:
    totals = dict.fromkeys(themes, 0)
    for ballot in counted:
        for theme, value in values_of(ballot).items():
            totals[theme] += value * ballot.count
    ranked = _competition_ranks(themes, totals.__getitem__)
    details: dict[str, dict[str, Any]] = {theme: {} for theme in themes}
    lines = [f"{theme} : {totals[theme]} {unit}." for _, theme in ranked]
    return _result(method, counted, refused, ranked, totals, details, [rule, *lines], unit)


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
    ranked = _competition_ranks(themes, points.__getitem__)
    scale = ", ".join(f"{k}{'er' if k == 1 else 'e'} : {n - k}" for k in range(1, n + 1))
    rule = (
        f"Méthode de Borda : avec {n} thèmes, un thème classé k-ième reçoit {n} − k points "
        f"({scale}). Un thème non classé sur un bulletin reçoit 0 point."
    )
    lines = [
        f"{theme} : {points[theme]} point{'s' if points[theme] > 1 else ''}." for _, theme in ranked
    ]
    details = {theme: {"positions": dict(sorted(positions[theme].items()))} for theme in themes}
    return _result("borda", counted, refused, ranked, points, details, [rule, *lines], "points")


def _count_majority(themes, counted, refused, grades=GRADES) -> Result:
    tallies = {theme: [0] * len(grades) for theme in themes}
    for ballot in counted:
        for theme, grade in ballot.marks.items():
            tallies[theme][grade] += ballot.count
    profiles = {theme: majority_profile(tallies[theme]) for theme in themes}
    ranked = _competition_ranks(themes, lambda theme: profiles[theme].key)
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
        f"(p = {_share(profiles[theme].above, profiles[theme].judgments)} au-dessus, "
        f"q = {_share(profiles[theme].below, profiles[theme].judgments)} en dessous)."
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
    return _result("majority", counted, refused, ranked, scores, details, [rule, *lines], label)


def _count_schulze(themes, counted, refused, how_read: str) -> Result:
    """Schulze over marks where smaller is better and an absent theme comes after all others."""
    worst = len(themes) + 1
    d = {x: dict.fromkeys(themes, 0) for x in themes}  # d[x][y]: ballots preferring x to y
    for ballot in counted:
        for x in themes:
            for y in themes:
                if ballot.marks.get(x, worst) < ballot.marks.get(y, worst):
                    d[x][y] += ballot.count
    p = {x: {y: d[x][y] if x != y and d[x][y] > d[y][x] else 0 for y in themes} for x in themes}
    for k in themes:  # strongest paths, Floyd–Warshall style
        for x in themes:
            for y in themes:
                if len({x, y, k}) == 3:
                    p[x][y] = max(p[x][y], min(p[x][k], p[k][y]))
    beats = {x: [y for y in themes if p[x][y] > p[y][x]] for x in themes}
    majority = {x: [y for y in themes if d[x][y] > d[y][x]] for x in themes}
    condorcet = [x for x in themes if len(majority[x]) == len(themes) - 1]
    cycle = _find_cycle(themes, majority)
    layers, remaining = [], list(themes)
    while remaining:  # rank 1: unbeaten themes; then unbeaten among the rest, and so on
        layer = [x for x in remaining if not any(x in beats[y] for y in remaining)]
        layer = layer or remaining  # never empty (Schulze's relation is acyclic); no endless loop
        layers.extend((len(themes) - len(remaining) + 1, x) for x in layer)
        remaining = [x for x in remaining if x not in layer]
    duels = []
    for i, x in enumerate(themes):
        for y in themes[i + 1 :]:
            a, b = (x, y) if d[x][y] >= d[y][x] else (y, x)
            verb = "bat" if d[a][b] > d[b][a] else "fait jeu égal avec"
            duels.append(f"{a} {verb} {b} ({d[a][b]} contre {d[b][a]}).")
    sentences = [
        f"Méthode de Schulze (Condorcet) : on compare les thèmes deux à deux. {how_read}",
        *duels,
        f"Vainqueur de Condorcet : « {condorcet[0]} » bat chacun des autres thèmes en duel."
        if condorcet
        else "Pas de vainqueur de Condorcet : aucun thème ne bat tous les autres en duel.",
    ]
    if cycle:
        loop = ", ".join(f"{a} bat {b}" for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True))
        sentences.append(f"Préférences circulaires : {loop}.")
    sentences.append(
        "Schulze départage par les chemins les plus forts (la force d'un enchaînement de duels "
        "est celle de son duel le plus serré) : "
        + " ; ".join(f"{x} l'emporte sur {len(beats[x])} thème(s)" for _, x in layers)
        + "."
    )
    scores = {x: len(beats[x]) for x in themes}
    details = {
        x: {
            "beats": beats[x],
            "duels_won": len(majority[x]),
            "duels_lost": sum(x in majority[y] for y in themes),
        }
        for x in themes
    }
    extra = {
        "pairwise": d,
        "strongest_paths": p,
        "condorcet_winner": condorcet[0] if condorcet else None,
        "cycle": cycle,
    }
    label = "victoire(s) de Schulze"
    return _result("schulze", counted, refused, layers, scores, details, sentences, label, extra)


def _find_cycle(themes: Sequence[str], beats: Mapping[str, list[str]]) -> list[str] | None:
    """One cycle of the majority relation (each theme beats the next, the last the first)."""
    done: set[str] = set()

    def visit(theme: str, path: list[str]) -> list[str] | None:
        path.append(theme)
        for beaten in beats[theme]:
            if beaten in path:
                return path[path.index(beaten) :]
            if beaten not in done and (found := visit(beaten, path)):
                return found
        done.add(path.pop())
        return None

    for theme in themes:
        if theme not in done and (found := visit(theme, [])):
            return found
    return None


RANKS_READ = "Un thème classé passe devant un thème non classé ; deux non classés font jeu égal."
GRADES_READ = "Les préférences viennent des mentions : une meilleure mention passe devant."
_COUNTERS: dict[str, Callable[..., Result]] = {
    "plurality": _count_plurality,
    "dots": _count_dots,
    "approval": _count_approval,
    "borda": _count_borda,
    "schulze": partial(_count_schulze, how_read=RANKS_READ),
    "majority": _count_majority,
}


# --- public methods ----------------------------------------------------------------------


def plurality(ballots: Iterable[BallotLike], shortlist: Sequence[str]) -> Result:
    """First choices only (premier choix): the naive reference, shown for comparison."""
    return _count_plurality(*_prepare(ballots, RANKING, shortlist))


def dots(ballots, shortlist: Sequence[str], *, max_dots: int | None = None) -> Result:
    """Dot voting (gommettes): each person spreads dots, stacking allowed; sum of dots."""
    prepared = _prepare(ballots, DOTS, shortlist, max_dots=max_dots)
    return _count_dots(*prepared, max_dots=max_dots)


def approval(ballots: Iterable[BallotLike], shortlist: Sequence[str]) -> Result:
    """Approval voting (vote par approbation): count of ticks."""
    return _count_approval(*_prepare(ballots, APPROVAL, shortlist))


def borda(ballots: Iterable[BallotLike], shortlist: Sequence[str]) -> Result:
    """Borda count: with n themes, rank k earns n − k points; an unranked theme earns 0."""
    return _count_borda(*_prepare(ballots, RANKING, shortlist))


def schulze(ballots: Iterable[BallotLike], shortlist: Sequence[str]) -> Result:
    """Condorcet check and Schulze ranking over ranking ballots.

    `details` holds "pairwise" (d[x][y], ballots preferring x to y), "strongest_paths",
    "condorcet_winner" (or None) and "cycle" (themes each beating the next, or None).
    """
    return _COUNTERS["schulze"](*_prepare(ballots, RANKING, shortlist))


def majority_judgment(ballots, shortlist: Sequence[str], *, grades: Sequence[str] = GRADES):
    """Majority judgment: lower median grade, ties broken by the majority gauge."""
    prepared = _prepare(ballots, GRADED, shortlist, grades=grades)
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
    prepared = _prepare(ballots, kind, shortlist, **options)
    results: dict[str, Result] = {}
    for method in ROBUSTNESS_METHODS[kind]:
        if method == "schulze" and kind == GRADED:
            results[method] = _count_schulze(*prepared, GRADES_READ)
        elif method in ("dots", "majority"):
            results[method] = _COUNTERS[method](*prepared, **options)
        else:
            results[method] = _COUNTERS[method](*prepared)
    changes = len({frozenset(result.winners) for result in results.values()}) > 1
    per_method = " ; ".join(
        f"{METHOD_LABELS[method]} : {_join(result.winners)}" for method, result in results.items()
    )
    opening = "Le gagnant change selon la méthode" if changes else "Même tête avec chaque méthode"
    return Robustness(kind, results, changes, f"{opening} — {per_method}.")
