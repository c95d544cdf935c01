"""Board totals spread into ballots, and the counting of stored ballots (pure, no database)."""

from collections import Counter

import pytest

from ruralites import voting
from ruralites.voting.counting import (
    StoredBallot,
    TotalsError,
    approval_ballots,
    count,
    dots_ballots,
    grade_ballots,
)

SHORTLIST = {"1": "Jardin partagé", "2": "Café associatif", "3": "Sentiers"}


def _sums(ballots):
    totals = Counter()
    for ballot in ballots:
        for theme, value in ballot.marks.items():
            totals[theme] += value * ballot.count
    return dict(totals)


def test_board_dots_become_one_ballot_per_voter_within_the_limit():
    ballots = dots_ballots({"A": 31, "B": 18, "C": 9}, 20, 3)
    assert sum(b.count for b in ballots) == 20
    assert _sums(ballots) == {"A": 31, "B": 18, "C": 9}
    assert all(1 <= sum(b.marks.values()) <= 3 for b in ballots)


def test_board_ticks_never_tick_a_theme_twice_on_one_ballot():
    ballots = approval_ballots({"A": 7, "B": 7, "C": 3}, 7)
    assert _sums(ballots) == {"A": 7, "B": 7, "C": 3}
    assert all(set(b.marks.values()) == {1} for b in ballots)
    assert sum(b.count for b in ballots) == 7


def test_board_grades_keep_each_theme_s_grades_and_fill_the_ungraded_with_the_worst():
    ballots = grade_ballots({"A": [1, 0, 0, 0, 0, 0, 1], "B": [0, 0, 1, 0, 0, 0, 0]}, 3)
    grades = {theme: sorted(v for b in ballots for v in [b.marks[theme]] * b.count)
              for theme in ("A", "B")}
    assert grades == {"A": [0, 6, 6], "B": [2, 6, 6]}


@pytest.mark.parametrize(("call", "message"), [
    (lambda: dots_ballots({"A": 10}, 3, 3), "10 gommettes pour 3 votant"),
    (lambda: dots_ballots({"A": 2}, 3, 3), "chaque votant pose au moins une gommette"),
    (lambda: dots_ballots({"A": 0}, 3, 3), "le tableau est vide"),
    (lambda: dots_ballots({"A": -1, "B": 5}, 3, 3), "nombre entier positif"),
    (lambda: approval_ballots({"A": 4}, 3), "« A » a 4 coches pour 3 votant"),
    (lambda: approval_ballots({"A": 1}, 3), "chaque votant coche au moins un thème"),
    (lambda: grade_ballots({"A": [5, 0, 0, 0, 0, 0, 0]}, 4), "« A » a 5 mentions pour 4"),
    (lambda: grade_ballots({"A": [1, 0]}, 4), "un nombre \\(positif ou nul\\) par mention"),
    (lambda: grade_ballots({"A": [0] * 7}, 4), "Aucune mention saisie"),
    (lambda: dots_ballots({"A": 1}, 0, 3), "nombre de votants"),
])
def test_impossible_totals_say_what_to_check(call, message):
    with pytest.raises(TotalsError, match=message):
        call()


def test_counting_refuses_a_bad_stored_ballot_with_where_it_comes_from():
    stored = [StoredBallot({"marks": {"1": 1}}, 1, False, "bulletin A"),
              StoredBallot({"marks": {"1": 1, "2": 1}}, 2, False, "bulletin B"),
              StoredBallot({"marks": {"9": 1}}, 1, False, "bulletin C")]
    found = count("borda", SHORTLIST, stored)
    assert found.result.ballots_counted == 1
    assert [(r.where, r.count) for r in found.refused] == [("bulletin B", 2), ("bulletin C", 1)]
    assert "Rang 1 donné deux fois" in found.refused[0].reason
    assert "thème n° 9" in found.refused[1].reason


def test_counting_nothing_says_there_is_nothing_to_count():
    assert count("dots", SHORTLIST, [], max_dots=3).error.startswith("Aucun bulletin")
    every_one_refused = count("approval", SHORTLIST, [StoredBallot({"marks": {}}, 1, False, "x")])
    assert every_one_refused.result is None and "Aucun bulletin valable" in every_one_refused.error
    assert every_one_refused.refused[0].reason == "Bulletin vide."


def test_a_tie_for_first_adds_the_sentence_leaving_the_choice_to_the_room():
    stored = [StoredBallot({"marks": {"1": 1}}, 1, False, "a"),
              StoredBallot({"marks": {"2": 1}}, 1, False, "b")]
    found = count("approval", SHORTLIST, stored)
    assert found.result.winners == ["Jardin partagé", "Café associatif"]
    assert any("le logiciel ne tranche pas" in n for n in found.notes)


def test_ranking_ballots_are_compared_with_plurality_borda_and_schulze():
    stored = [StoredBallot({"marks": {"1": 1, "2": 2}}, 3, False, "a")]
    found = count("schulze", SHORTLIST, stored)
    assert list(found.robustness.results) == list(voting.ROBUSTNESS_METHODS[voting.RANKING])
