"""Prioritisation methods against published worked examples, then the edge cases."""

import pytest

from ruralites.voting import (
    GRADES,
    Ballot,
    BallotError,
    NoBallotsError,
    VotingError,
    approval,
    borda,
    check_ballot,
    count_votes,
    dots,
    majority_judgment,
    majority_profile,
    plurality,
    robustness,
    schulze,
    sort_ballots,
)


def ranked(order: str | list[str], count: int = 1) -> Ballot:
    """A ranking ballot from themes listed best first."""
    return Ballot({theme: rank for rank, theme in enumerate(order, start=1)}, count)


def ranking_of(result) -> list[tuple[int, str]]:
    return [(entry.rank, entry.theme) for entry in result.ranking]


def scores_of(result) -> dict:
    return {entry.theme: entry.score for entry in result.ranking}


def graded_ballots(tallies: dict[str, list[int]], grades) -> list[dict[str, str]]:
    """One ballot per judge from tallies published worst grade first (Mieux Voter order)."""
    judged = {
        theme: [grade for grade, n in zip(reversed(grades), tally, strict=True) for _ in range(n)]
        for theme, tally in tallies.items()
    }
    judges = len(next(iter(judged.values())))
    return [{theme: judged[theme][judge] for theme in judged} for judge in range(judges)]


# --- Schulze: Wikipedia "Schulze method" example, 45 voters, 5 candidates -----------------

WIKIPEDIA_SCHULZE = [
    ranked("ACBED", 5),
    ranked("ADECB", 5),
    ranked("BEDAC", 8),
    ranked("CABED", 3),
    ranked("CAEBD", 7),
    ranked("CBADE", 2),
    ranked("DCEBA", 7),
    ranked("EBADC", 8),
]


def test_schulze_ranks_wikipedia_example_e_a_c_b_d():
    result = schulze(WIKIPEDIA_SCHULZE, list("ABCDE"))

    assert ranking_of(result) == [(1, "E"), (2, "A"), (3, "C"), (4, "B"), (5, "D")]
    assert result.winners == ["E"]
    assert result.ballots_counted == 45


def test_schulze_builds_the_published_pairwise_and_strongest_path_matrices():
    result = schulze(WIKIPEDIA_SCHULZE, list("ABCDE"))
    d, p = result.details["pairwise"], result.details["strongest_paths"]

    # Rows of the article's tables, columns A..E, the diagonal left out.
    published_d = {"A": [20, 26, 30, 22], "B": [25, 16, 33, 18], "C": [19, 29, 17, 24],
                   "D": [15, 12, 28, 14], "E": [23, 27, 21, 31]}  # fmt: skip
    published_p = {"A": [28, 28, 30, 24], "B": [25, 28, 33, 24], "C": [25, 29, 29, 24],
                   "D": [25, 28, 28, 24], "E": [25, 28, 28, 31]}  # fmt: skip
    for x in "ABCDE":
        others = [y for y in "ABCDE" if y != x]
        assert [d[x][y] for y in others] == published_d[x]
        assert [p[x][y] for y in others] == published_p[x]


def test_schulze_reports_no_condorcet_winner_and_a_cycle_in_wikipedia_example():
    result = schulze(WIKIPEDIA_SCHULZE, list("ABCDE"))
    d, cycle = result.details["pairwise"], result.details["cycle"]

    assert result.details["condorcet_winner"] is None
    assert "Pas de vainqueur de Condorcet" in result.explanation
    assert "Préférences circulaires" in result.explanation
    assert len(cycle) >= 3
    for beater, beaten in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        assert d[beater][beaten] > d[beaten][beater]


# --- Tennessee capital: Wikipedia "Borda count" / "Condorcet method" example ---------------

TENNESSEE = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
TENNESSEE_BALLOTS = [
    ranked(["Memphis", "Nashville", "Chattanooga", "Knoxville"], 42),
    ranked(["Nashville", "Chattanooga", "Knoxville", "Memphis"], 26),
    ranked(["Chattanooga", "Knoxville", "Nashville", "Memphis"], 15),
    ranked(["Knoxville", "Chattanooga", "Nashville", "Memphis"], 17),
]


def test_plurality_elects_memphis_in_tennessee_example():
    result = plurality(TENNESSEE_BALLOTS, TENNESSEE)

    assert result.winners == ["Memphis"]
    assert scores_of(result) == {"Memphis": 42, "Nashville": 26, "Knoxville": 17, "Chattanooga": 15}


def test_borda_gives_the_published_points_in_tennessee_example():
    result = borda(TENNESSEE_BALLOTS, TENNESSEE)

    assert result.winners == ["Nashville"]
    assert scores_of(result) == {
        "Nashville": 194,
        "Chattanooga": 173,
        "Memphis": 126,
        "Knoxville": 107,
    }


def test_nashville_is_the_condorcet_winner_in_tennessee_example():
    result = schulze(TENNESSEE_BALLOTS, TENNESSEE)

    assert result.details["condorcet_winner"] == "Nashville"
    assert result.details["cycle"] is None
    assert result.winners == ["Nashville"]
    assert "Vainqueur de Condorcet : « Nashville »" in result.explanation
    assert "Nashville bat Memphis (58 contre 42)." in result.explanation


def test_robustness_says_the_winner_changes_in_tennessee_example():
    view = robustness(TENNESSEE_BALLOTS, TENNESSEE, "ranking")

    assert list(view.results) == ["plurality", "borda", "schulze"]
    assert view.winner_changes
    assert view.explanation.startswith("Le gagnant change selon la méthode")


# --- Majority judgment: the Mieux Voter libraries' fixtures (voting.md) --------------------


def test_majority_judgment_ranks_java_demo_b_before_a():
    # 18 judges, 7 grades; tallies worst grade first.
    tallies = {"A": [4, 5, 2, 1, 3, 1, 2], "B": [3, 6, 2, 1, 3, 1, 2]}

    result = majority_judgment(graded_ballots(tallies, GRADES), ["A", "B"])

    assert ranking_of(result) == [(1, "B"), (2, "A")]
    assert "passe devant A" in result.explanation  # same grade and gauge, merged to separate


def test_majority_judgment_ranks_few_judgments_fixture():
    grades = ("Bien", "Passable", "Insuffisant")
    tallies = {"P1": [1, 1, 1], "P2": [1, 0, 2], "P3": [3, 0, 0], "P4": [2, 0, 1], "P5": [0, 3, 0]}

    result = majority_judgment(graded_ballots(tallies, grades), list(tallies), grades=grades)

    published_ranks = {"P1": 3, "P2": 1, "P3": 5, "P4": 4, "P5": 2}
    assert {entry.theme: entry.rank for entry in result.ranking} == published_ranks


def test_majority_judgment_ranks_python_readme_chips_pasta_pizza_bread():
    grades = ("3", "2", "1", "0")  # best first; the README grades 0 (worst) to 3 (best)
    judged = {
        "Pizza": [0, 0, 0, 1, 1, 2, 2, 3, 3, 3],
        "Chips": [0, 0, 1, 1, 2, 2, 2, 2, 3, 3],
        "Pasta": [0, 0, 1, 1, 1, 2, 2, 3, 3, 3],
        "Bread": [0, 0, 1, 1, 1, 1, 2, 2, 2, 3],
    }
    ballots = [{theme: str(judged[theme][i]) for theme in judged} for i in range(10)]

    result = majority_judgment(ballots, list(judged), grades=grades)

    assert [theme for _, theme in ranking_of(result)] == ["Chips", "Pasta", "Pizza", "Bread"]


def test_majority_judgment_takes_the_lower_middle_grade_of_an_even_count():
    ballots = [{"Jardin": "Très bien"}, {"Jardin": "Bien"}]

    result = majority_judgment(ballots, ["Jardin"])

    assert result.ranking[0].details["majority_grade"] == "Bien"
    assert "médiane inférieure" in result.explanation


def test_majority_judgment_treats_p_equal_q_as_minus_like_mieux_voter():
    # Jardin: one grade above "Bien", one below (p = q) -> "Bien −"; Café: all "Bien" -> "Bien".
    ballots = [
        {"Jardin": "Excellent", "Café": "Bien"},
        {"Jardin": "Bien", "Café": "Bien"},
        {"Jardin": "Insuffisant", "Café": "Bien"},
    ]

    result = majority_judgment(ballots, ["Jardin", "Café"])

    assert ranking_of(result) == [(1, "Café"), (2, "Jardin")]
    assert scores_of(result)["Jardin"] == "Bien −"
    assert "jauge majoritaire" in result.explanation
    assert "Mieux Voter" in result.explanation


def test_majority_gauge_prefers_larger_p_among_plus_and_smaller_q_among_minus():
    # Tallies best grade first on a 3-grade scale; all have majority grade index 1.
    plus_big, plus_small = majority_profile([4, 5, 0]), majority_profile([3, 5, 1])
    minus_small, minus_big = majority_profile([0, 5, 3]), majority_profile([1, 4, 4])

    assert plus_big.key > plus_small.key > minus_small.key > minus_big.key
    assert (plus_big.gauge, minus_big.gauge) == ("+", "−")


def test_ungraded_theme_gets_the_worst_grade():
    result = majority_judgment([{"Jardin": "Bien"}], ["Jardin", "Café"])

    assert scores_of(result)["Café"] == "À rejeter"
    assert "non évalué" in result.explanation


# --- ties are reported, never broken --------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "ballots"),
    [
        # two first choices each for A and B, one for C
        ("plurality", [ranked("AB"), ranked("BA"), ranked("AC"), ranked("BC"), ranked("CA")]),
        # three dots each
        ("dots", [{"A": 2, "B": 1}, {"B": 2, "A": 1}, {"C": 1}]),
        # A and B ticked twice
        ("approval", [{"A", "B"}, {"A", "B", "C"}]),
        # 2+1 points each for A and B, C last
        ("borda", [ranked("ABC"), ranked("BAC")]),
        # A and B beat C, one voter each way between A and B
        ("schulze", [ranked("ABC"), ranked("BAC")]),
        # same grades exactly
        ("majority", [{"A": "Bien", "B": "Bien", "C": "Passable"}]),
    ],
)
def test_tie_for_first_reports_both_winners_and_skips_rank_two(method, ballots):
    result = count_votes(method, ballots, ["A", "B", "C"])

    assert result.winners == ["A", "B"]
    assert ranking_of(result) == [(1, "A"), (1, "B"), (3, "C")]
    assert "Égalité en tête entre « A » et « B »" in result.explanation


def test_weighted_ballot_counts_like_identical_ballots():
    weighted = borda([ranked("ABC", 3), ranked("CBA")], list("ABC"))
    repeated = borda([ranked("ABC")] * 3 + [ranked("CBA")], list("ABC"))

    assert scores_of(weighted) == scores_of(repeated)
    assert weighted.ballots_counted == 4


def test_borda_gives_unranked_theme_zero_points_and_says_so():
    result = borda([{"A": 1}], list("ABC"))

    assert scores_of(result) == {"A": 2, "B": 0, "C": 0}
    assert "Un thème non classé sur un bulletin reçoit 0 point." in result.explanation


def test_ranks_with_a_gap_are_read_as_an_order():
    result = borda([{"A": 1, "B": 3}], list("ABC"))

    assert scores_of(result)["B"] == 1  # second on the ballot: 3 − 2 points


def test_dot_voting_adds_stacked_dots():
    result = dots([{"A": 3}, {"A": 1, "B": 2}], ["A", "B"], max_dots=3)

    assert scores_of(result) == {"A": 4, "B": 2}


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "marks", "reason"),
    [
        # a theme that was not shortlisted
        ("ranking", {"A": 1, "Piscine": 2}, "Thème non retenu pour ce vote : « Piscine »"),
        # the same rank on two themes
        ("ranking", {"A": 1, "B": 1}, "Rang 1 donné deux fois (« A » et « B »)"),
        # a rank beyond the number of themes
        ("ranking", {"A": 4}, "donnez un rang de 1 à 3"),
        # a rank that is not a whole number
        ("ranking", {"A": 1.5}, "« 1.5 » pour « A » n'est pas un nombre entier"),
        # text where a number is expected
        ("dots", {"A": "deux"}, "« deux » pour « A » n'est pas un nombre entier"),
        # more dots than allowed
        ("dots", {"A": 2, "B": 2}, "4 gommettes posées alors que 3 au plus sont permises"),
        # a negative number of dots
        ("dots", {"A": -1}, "Valeur négative (-1) pour « A »"),
        # an approval that is neither 0 nor 1
        ("approval", {"A": 2}, "Approbation de « A » : mettez 1 (oui) ou 0 (non)"),
        # a grade that is not on the scale
        ("grades", {"A": "Génial"}, "Mention inconnue « Génial » pour « A »"),
        # a grade index off the scale
        ("grades", {"A": 7}, "Mention inconnue « 7 »"),
        # nothing on the ballot
        ("ranking", {}, "Bulletin vide"),
        # only zeros
        ("dots", {"A": 0}, "Bulletin vide"),
        # no tick at all
        ("approval", set(), "Bulletin vide"),
        # no grade at all
        ("grades", {}, "Bulletin vide"),
    ],
)
def test_ballot_is_refused_with_a_french_reason(kind, marks, reason):
    with pytest.raises(BallotError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        check_ballot(marks, kind, ["A", "B", "C"], max_dots=3)


def test_refused_ballots_are_listed_with_position_and_reason_and_not_counted():
    ballots = [ranked("AB"), {"A": 1, "B": 1}, Ballot({"Z": 1}, count=4, line=12)]

    result = plurality(ballots, ["A", "B"])

    assert result.ballots_counted == 1
    assert [(r.where, r.count) for r in result.ballots_refused] == [(2, 1), (12, 4)]
    assert "Thème non retenu" in result.ballots_refused[1].reason
    assert "5 refusé(s)" in result.explanation


def test_invalid_ballot_count_is_refused():
    _, refused = sort_ballots([Ballot({"A": 1}, count=0)], "ranking", ["A"])

    assert "Nombre de bulletins identiques invalide" in refused[0].reason


def test_grade_names_are_read_without_case_or_accents():
    counted = check_ballot({"A": "tres BIEN", "B": "a rejeter"}, "grades", ["A", "B"])

    assert counted.marks == {"A": GRADES.index("Très bien"), "B": GRADES.index("À rejeter")}


# --- nothing to count ----------------------------------------------------------------------


def test_vote_without_ballots_raises_a_clear_french_error():
    with pytest.raises(NoBallotsError, match="Aucun bulletin valable"):
        approval([], ["A", "B"])


def test_vote_whose_ballots_are_all_refused_says_how_many_were_refused():
    with pytest.raises(NoBallotsError, match=r"2 bulletin\(s\) refusé\(s\)"):
        schulze([{"Z": 1}, {}], ["A", "B"])


def test_vote_without_shortlisted_themes_is_refused():
    with pytest.raises(VotingError, match="Aucun thème retenu"):
        borda([ranked("A")], [])


def test_unknown_method_is_refused_in_french():
    with pytest.raises(VotingError, match="Méthode inconnue « condorcet »"):
        count_votes("condorcet", [ranked("A")], ["A"])


# --- robustness ----------------------------------------------------------------------------


def test_robustness_on_grades_runs_majority_and_schulze_and_agrees_on_a_clear_winner():
    ballots = [{"A": "Excellent", "B": "Passable"}, {"A": "Bien", "B": "Insuffisant"}]

    view = robustness(ballots, ["A", "B"], "grades")

    assert list(view.results) == ["majority", "schulze"]
    assert not view.winner_changes
    assert view.results["schulze"].details["condorcet_winner"] == "A"


def test_robustness_on_dots_reads_any_dot_as_an_approval():
    ballots = [
        {"A": 3},
        {"B": 1, "C": 1},
        {"B": 1, "C": 1},
    ]  # dots: A 3, B 2, C 2; ticks: A 1, B 2, C 2

    view = robustness(ballots, ["A", "B", "C"], "dots", max_dots=3)

    assert view.results["dots"].winners == ["A"]
    assert view.results["approval"].winners == ["B", "C"]
    assert view.winner_changes
