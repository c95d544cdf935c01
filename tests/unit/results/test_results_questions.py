"""Results of one question from counts of distinct answers: pure functions, no database."""

import pytest

from ruralites.results.disclosure import SUPPRESSED, protect
from ruralites.results.questions import aggregate, weighted_median
from ruralites.surveys import parse_survey

SURVEY = parse_survey("""
id: q
title: Q
sections:
  - id: s
    title: S
    questions:
      - {id: age, type: number, label: "Âge", min: 0, max: 120}
      - {id: note, type: scale, label: "Note", min: 0, max: 10}
""", "q")


@pytest.mark.parametrize(("count", "shown"), [
    (0, 0),  # nobody: nothing to protect
    (1, SUPPRESSED),
    (4, SUPPRESSED),
    (5, 5),  # from five people on, the count is shown
])
def test_counts_of_one_to_four_people_are_suppressed(count, shown):
    assert protect(count) == shown


@pytest.mark.parametrize(("values", "median"), [
    ({3: 1}, 3),
    ({1: 1, 2: 1}, 1.5),  # two values: their mean
    ({1: 2, 10: 1}, 1),
    ({0: 5, 2: 4}, 0),
    ({1: 1, 3: 3, 5: 5}, 5),
])
def test_the_median_of_weighted_values(values, median):
    assert weighted_median(values) == median


def test_many_distinct_numbers_are_shown_as_eight_ranges():
    counts = {age: 1 for age in range(18, 90)}  # 72 people, one per age
    result = aggregate(SURVEY.question("age"), counts, asked=72)
    assert [c.label for c in result.cells] == [
        "18 à 26", "27 à 35", "36 à 44", "45 à 53", "54 à 62", "63 à 71", "72 à 80", "81 à 89"]
    assert [c.count for c in result.cells] == [9] * 8
    assert dict(result.stats) == {"Moyenne": 53.5, "Médiane": 53.5}


def test_a_scale_shows_every_point_even_unused_ones():
    result = aggregate(SURVEY.question("note"), {7: 6}, asked=6)
    assert len(result.cells) == 11 and result.cells[7].count == 6
    assert {c.count for i, c in enumerate(result.cells) if i != 7} == {0}
