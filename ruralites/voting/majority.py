"""Majority judgment (jugement majoritaire, Balinski & Laraki) on grade tallies.

Pure arithmetic, shared by `ruralites.voting`: no ballots, no validation here.

Grades are indexed best first, as in `GRADES` (0 = "Excellent"). A tally is the number of
judgments each grade received, in that same order.

Conventions, chosen to match the Mieux Voter libraries (their published test fixtures pass):

- the majority grade is the *lower* middle grade when the number of judgments is even;
- ties on the majority grade are broken by the majority gauge: p = judgments strictly better
  than the majority grade, q = strictly worse; "+" when p > q, "−" otherwise (p = q counts as
  "−", favouring contestation). Any "+" beats any "−"; among "+" the larger p wins, among "−"
  the smaller q wins;
- if still tied, the majority group is merged into the nearest grade of the larger side
  group and the comparison starts again, until the tallies differ or are exhausted. Themes
  whose whole sequence is equal stay tied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ruralites.text import fold

GRADES: tuple[str, ...] = (
    "Excellent",
    "Très bien",
    "Bien",
    "Assez bien",
    "Passable",
    "Insuffisant",
    "À rejeter",
)

PLUS = "+"
MINUS = "−"

RULE_EXPLANATION = (
    "Chaque thème reçoit sa mention majoritaire : la mention médiane de ses évaluations ; avec "
    "un nombre pair d'évaluations, on retient la médiane inférieure (la moins bonne des deux "
    "mentions du milieu). À mention majoritaire égale, on départage par la jauge majoritaire : "
    "p est la part des évaluations strictement meilleures que la mention majoritaire, q la part "
    "des évaluations strictement moins bonnes. Le thème est « + » si p > q, « − » sinon ; "
    "quand p = q, il est classé « − », comme le fait l'association Mieux Voter (la contestation "
    "l'emporte). Un « + » passe devant un « − » ; entre deux « + », le plus grand p l'emporte ; "
    "entre deux « − », le plus petit q l'emporte. Si l'égalité persiste, on fond le groupe de "
    "la mention majoritaire dans la mention voisine, du côté le plus nombreux, et on recommence. Une égalité qui reste "
    "après cela est une égalité réelle, annoncée comme telle."
)


def normalise_grade_name(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: "  TRÈS  bien " -> "tres bien"."""
    return " ".join(fold(text).split())


def grade_index(value: object, grades: Sequence[str] = GRADES) -> int | None:
    """Index (0 = best) of a grade given as an index or a name; None when it is not a grade.

    Names are matched without regard to case or accents ("tres bien" is "Très bien").
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < len(grades) else None
    if isinstance(value, str):
        wanted = normalise_grade_name(value)
        for index, name in enumerate(grades):
            if normalise_grade_name(name) == wanted:
                return index
    return None


@dataclass(frozen=True)
class MajorityProfile:
    """Where one theme stands: its tally, majority grade and gauge.

    `key` orders profiles: a larger key is a better theme, equal keys are an exact tie.
    """

    tally: tuple[int, ...]
    majority_grade: int
    above: int
    below: int
    gauge: str
    key: tuple[int, ...]

    @property
    def judgments(self) -> int:
        return sum(self.tally)


def _gauge_step(merit_tally: list[int]) -> tuple[int, int, int, int, int]:
    """One gauge reading on a tally ordered worst -> best.

    Returns (majority merit, above, below, signed size of the larger side, grade to merge into).
    """
    total = sum(merit_tally)
    cursor = (total + 1) // 2  # the lower median when total is even
    seen = 0
    median = 0
    for merit, count in enumerate(merit_tally):
        if seen + count >= cursor:
            median = merit
            break
        seen += count
    below = sum(merit_tally[:median])
    above = sum(merit_tally[median + 1 :])
    if above > below:
        signed = above
        target = next(m for m in range(median + 1, len(merit_tally)) if merit_tally[m])
    elif below > 0:
        signed = -below
        target = next(m for m in range(median - 1, -1, -1) if merit_tally[m])
    else:
        signed, target = 0, median
    return median, above, below, signed, target


def majority_profile(tally: Sequence[int]) -> MajorityProfile:
    """Majority grade, gauge and ranking key of a tally ordered best grade first."""
    if not tally or any(count < 0 for count in tally) or sum(tally) == 0:
        raise ValueError("Une évaluation au moins est nécessaire pour calculer une médiane.")
    top = len(tally) - 1
    merit_tally = list(reversed(tally))  # worst first: a larger merit is a better grade
    median, above, below, signed, target = _gauge_step(merit_tally)
    key: list[int] = []
    current_median, current_signed, current_target = median, signed, target
    for _ in range(len(tally)):
        key.extend((current_median, current_signed))
        if current_signed == 0:
            break
        merit_tally[current_target] += merit_tally[current_median]
        merit_tally[current_median] = 0
        current_median, _, _, current_signed, current_target = _gauge_step(merit_tally)
    return MajorityProfile(
        tally=tuple(tally),
        majority_grade=top - median,
        above=above,
        below=below,
        gauge=PLUS if signed > 0 else MINUS if signed < 0 else "",
        key=tuple(key),
    )


def describe_profile(profile: MajorityProfile, grades: Sequence[str] = GRADES) -> str:
    """French label of a majority grade with its gauge, e.g. "Bien +"."""
    name = grades[profile.majority_grade]
    return f"{name} {profile.gauge}" if profile.gauge else name
