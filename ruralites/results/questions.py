"""Results of one question from the counts of its distinct answers. Pure: no database.

`ruralites.results` counts each distinct stored answer of a question in SQL (GROUP BY); this
module turns those counts into what the results screen and the exports show, for each type:

| type            | cells (the chart)                      | also                                  |
| --------------- | -------------------------------------- | ------------------------------------- |
| single_choice   | people per choice, "Autre" included    |                                       |
| multiple_choice | people who ticked each choice          |                                       |
| yes_no          | Oui / Non                              |                                       |
| scale           | people per point of the scale          | mean, median                          |
| number          | people per value, or per range of values| mean, median                          |
| ranking         | first choices                          | points, average rank, ranked by       |
| short/long_text | —                                      | number of texts (listed apart, staff) |

Small-population privacy follows `ruralites.results.disclosure`: a cell that would describe
between 1 and 4 people is `SUPPRESSED` (shown "< 5"), and so are the statistics of a question
fewer than 5 people answered. Totals (how many answered) are shown as they are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ruralites import fr
from ruralites.results.disclosure import MIN_GROUP, SUPPRESSED, Count, Suppressed, protect
from ruralites.surveys import OTHER_VALUE

if TYPE_CHECKING:
    from ruralites.surveys import Question

NUMBER_BINS = 8  # a number question with more distinct values is shown by ranges
TYPE_LABELS = {
    "single_choice": "Choix unique", "multiple_choice": "Choix multiples", "scale": "Échelle",
    "short_text": "Texte court", "long_text": "Texte libre", "number": "Nombre",
    "ranking": "Classement", "yes_no": "Oui / non",
}


@dataclass(frozen=True)
class Cell:
    """One bar of a chart: `count` people out of the question's base (`share`, 0 to 1)."""

    label: str
    count: Count
    share: float | None  # None when the count is suppressed (or the base is empty)
    value: Any = None  # the stored value: choice, scale point, lower end of a range


@dataclass(frozen=True)
class RankRow:
    """A choice of a ranking question. Points: with k choices, first place earns k points,
    second k − 1, …; an unranked choice earns none (Borda-like)."""

    label: str
    points: int | Suppressed
    average_rank: float | Suppressed | None  # None: nobody ranked it
    first_choices: Count
    ranked_by: Count


@dataclass(frozen=True)
class QuestionResult:
    id: str
    type: str
    label: str
    section: str  # the section's title
    answered: int  # people who answered it
    asked: int  # responses to a version of the questionnaire that has it
    cells: tuple[Cell, ...] = ()
    stats: tuple[tuple[str, float | Suppressed], ...] = ()  # (French name, value)
    ranking: tuple[RankRow, ...] = ()
    other_texts: int = 0  # texts typed after "Autre (précisez)"

    @property
    def is_text(self) -> bool:
        return self.type in ("short_text", "long_text")

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def any_suppressed(self) -> bool:
        return any(c.count is SUPPRESSED for c in self.cells) or any(
            v is SUPPRESSED for _, v in self.stats)


def _cell(label: str, count: int, base: int, value: Any = None) -> Cell:
    kept = protect(count)
    share = count / base if base and kept is not SUPPRESSED else None
    return Cell(label, kept, share, value)


def aggregate(question: Question, counts: Mapping[Any, int], *, asked: int, section: str = "",
              labels: Mapping[str, str] | None = None, other_texts: int = 0) -> QuestionResult:
    """The result of `question` from {distinct answer: number of people}. Lists (multiple
    choice, ranking) come as tuples. `labels` names choice values that older versions of the
    questionnaire offered and this one no longer does."""
    labels = {**(labels or {}), **{c.value: c.label() for c in question.options}}
    answered = sum(counts.values())
    common = dict(id=question.id, type=question.type, label=question.label(), section=section,
                  answered=answered, asked=asked, other_texts=other_texts)
    qtype = question.type
    if qtype in ("short_text", "long_text"):
        return QuestionResult(**common)
    if qtype == "yes_no":
        cells = (_cell("Oui", counts.get(True, 0), answered, True),
                 _cell("Non", counts.get(False, 0), answered, False))
        return QuestionResult(**common, cells=cells)
    if qtype == "single_choice":
        return QuestionResult(**common, cells=_choice_cells(question, counts, answered, labels))
    if qtype == "multiple_choice":
        ticked: dict[str, int] = {}
        for chosen, n in counts.items():
            for value in _as_tuple(chosen):
                ticked[value] = ticked.get(value, 0) + n
        return QuestionResult(**common, cells=_choice_cells(question, ticked, answered, labels))
    if qtype == "ranking":
        cells, rows = _ranking(question, counts, answered, labels)
        return QuestionResult(**common, cells=cells, ranking=rows)
    numbers = {v: n for v, n in counts.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    if qtype == "scale":
        cells = _scale_cells(question, numbers, answered)
    else:
        cells = _number_cells(numbers, answered)
    return QuestionResult(**common, cells=cells, stats=_number_stats(numbers))


def _as_tuple(value: Any) -> tuple:
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def _choice_cells(question: Question, counts: Mapping[Any, int], base: int,
                  labels: Mapping[str, str]) -> tuple[Cell, ...]:
    """Every choice in the questionnaire's order (0 when nobody chose it), then values only
    older versions offered, "Autre" last."""
    order = [c.value for c in question.choices]
    order += sorted(v for v in counts if isinstance(v, str) and v not in order and v != OTHER_VALUE)
    if question.other or counts.get(OTHER_VALUE):
        order.append(OTHER_VALUE)
    return tuple(_cell(labels.get(v, str(v)), counts.get(v, 0), base, v) for v in order)


def _ranking(question: Question, counts: Mapping[Any, int], base: int,
             labels: Mapping[str, str]) -> tuple[tuple[Cell, ...], tuple[RankRow, ...]]:
    order = [c.value for c in question.options]
    for ranking in counts:
        order += [v for v in _as_tuple(ranking) if v not in order]
    k = len(order)
    points = dict.fromkeys(order, 0)
    rank_sum = dict.fromkeys(order, 0)
    ranked_by = dict.fromkeys(order, 0)
    first = dict.fromkeys(order, 0)
    for ranking, n in counts.items():
        for position, value in enumerate(_as_tuple(ranking)):
            points[value] += (k - position) * n
            rank_sum[value] += (position + 1) * n
            ranked_by[value] += n
            if position == 0:
                first[value] += n
    cells = tuple(_cell(labels.get(v, str(v)), first[v], base, v) for v in order)
    rows = []
    for v in order:
        enough = ranked_by[v] >= MIN_GROUP or ranked_by[v] == 0
        rows.append(RankRow(
            label=labels.get(v, str(v)),
            points=points[v] if enough else SUPPRESSED,
            average_rank=(round(rank_sum[v] / ranked_by[v], 2) if ranked_by[v] else None)
            if enough else SUPPRESSED,
            first_choices=protect(first[v]), ranked_by=protect(ranked_by[v]),
        ))
    rows.sort(key=lambda r: -r.points if isinstance(r.points, int) else 1)
    return cells, tuple(rows)


def _scale_cells(question: Question, numbers: Mapping[float, int], base: int) -> tuple[Cell, ...]:
    low, high = int(question.min), int(question.max)
    ends = {low: question.min_label(), high: question.max_label()}
    return tuple(
        _cell(f"{point} — {ends[point]}" if ends.get(point) else str(point),
              numbers.get(point, 0), base, point)
        for point in range(low, high + 1)
    )


def _number_cells(numbers: Mapping[float, int], base: int) -> tuple[Cell, ...]:
    """One cell per value, or NUMBER_BINS ranges of equal width when there are more values."""
    if not numbers:
        return ()
    values = sorted(numbers)
    if len(values) <= NUMBER_BINS:
        return tuple(_cell(_fr(v), numbers[v], base, v) for v in values)
    low, high = values[0], values[-1]
    if all(float(v).is_integer() for v in values):  # whole ranges: "18 à 24", "25 à 31"…
        width = math.ceil((high - low + 1) / NUMBER_BINS)
        starts = range(int(low), int(high) + 1, width)
        ends = [start + width - 1 for start in starts]
    else:
        width = (high - low) / NUMBER_BINS
        starts = [low + i * width for i in range(NUMBER_BINS)]
        ends = [start + width for start in starts]
    binned = [0] * len(starts)
    for v, n in numbers.items():
        binned[min(len(starts) - 1, int((v - low) // width))] += n
    return tuple(_cell(f"{_fr(start)} à {_fr(end)}", binned[i], base, start)
                 for i, (start, end) in enumerate(zip(starts, ends, strict=True)))


def _fr(value: float) -> str:
    return fr.number(value)


def weighted_median(numbers: Mapping[float, int]) -> float:
    """The median of values given with how many people gave each."""
    total = sum(numbers.values())
    middle = ((total - 1) // 2, total // 2)  # 0-based positions of the middle value(s)
    found: list[float] = []
    seen = 0
    for value in sorted(numbers):
        seen_next = seen + numbers[value]
        found += [value for position in middle if seen <= position < seen_next]
        seen = seen_next
    return (found[0] + found[1]) / 2


def _number_stats(numbers: Mapping[float, int]) -> tuple[tuple[str, float | Suppressed], ...]:
    """Mean and median; no minimum or maximum, which would each describe one person."""
    total = sum(numbers.values())
    if total == 0:
        return ()
    if total < MIN_GROUP:
        return (("Moyenne", SUPPRESSED), ("Médiane", SUPPRESSED))
    mean = sum(v * n for v, n in numbers.items()) / total
    return (("Moyenne", round(mean, 2)), ("Médiane", weighted_median(numbers)))


def merge_labels(questions: Iterable[Question]) -> dict[str, str]:
    """Choice value → label over several versions of a question, the first given wins."""
    labels: dict[str, str] = {}
    for question in questions:
        for choice in question.options:
            labels.setdefault(choice.value, choice.label())
    return labels
