"""Counting a vote from a CSV file of ballots (`ruralites tally`)."""

import json

import pytest

from ruralites.voting.ballots_csv import (
    TallyError,
    read_ballots_csv,
    result_to_json,
    result_to_text,
    tally,
)

TENNESSEE_CSV = """Memphis,Nashville,Chattanooga,Knoxville,count
1,2,3,4,42
4,1,2,3,26
4,3,1,2,15
4,3,2,1,17
"""


def write(tmp_path, text: str, *, encoding: str = "utf-8", name: str = "bulletins.csv"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


@pytest.mark.parametrize(
    ("method", "winners", "scores"),
    [
        # the naive count of first choices
        ("plurality", ["Memphis"], [42, 26, 17, 15]),
        # the article's Borda totals
        ("borda", ["Nashville"], [194, 173, 126, 107]),
        # Schulze wins: Nashville beats all three
        ("schulze", ["Nashville"], [3, 2, 1, 0]),
    ],
)
def test_tally_counts_the_tennessee_example_from_a_csv(tmp_path, method, winners, scores):
    result = tally(write(tmp_path, TENNESSEE_CSV), method)

    assert result.ballots_counted == 100
    assert result.winners == winners
    assert [entry.score for entry in result.ranking] == scores


def test_json_has_exactly_the_documented_shape(tmp_path):
    data = result_to_json(tally(write(tmp_path, TENNESSEE_CSV), "borda"))

    assert data == {
        "method": "borda",
        "ballots": 100,
        "winners": ["Nashville"],
        "ranking": [
            {"rank": 1, "theme": "Nashville", "score": 194},
            {"rank": 2, "theme": "Chattanooga", "score": 173},
            {"rank": 3, "theme": "Memphis", "score": 126},
            {"rank": 4, "theme": "Knoxville", "score": 107},
        ],
    }
    json.dumps(data)  # serialisable as is


def test_french_excel_file_with_bom_and_semicolons_is_read(tmp_path):
    text = "Jardin partagé;Café associatif;Sentiers\n1;2;\n2;1;3\n1;;2\n"
    path = write(tmp_path, text, encoding="utf-8-sig")

    result = tally(path, "plurality")

    assert result.winners == ["Jardin partagé"]
    assert result.ballots_counted == 3


def test_windows_1252_file_is_read(tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes("Café;Épicerie\n1;2\n".encode("cp1252"))

    assert tally(path, "plurality").winners == ["Café"]


def test_majority_grades_are_read_without_case_or_accents(tmp_path):
    text = "Café;Jardin\ntres bien;PASSABLE\nBien;assez bien\nexcellent;\n"

    result = tally(write(tmp_path, text), "majority")

    assert result.winners == ["Café"]
    assert result.ranking[0].score == "Très bien −"
    assert result.ranking[1].details["grades"]["À rejeter"] == 1  # the blank cell


@pytest.mark.parametrize(
    ("method", "text", "scores"),
    [
        # ticks are 1, blanks and 0 are not ticked
        ("approval", "A,B,C\n1,1,\n1,0,0\n,1,1\n", {"A": 2, "B": 2, "C": 1}),
        # dots add up, stacking allowed
        ("dots", "A,B,C\n3,,\n1,1,1\n,2,1\n", {"A": 4, "B": 3, "C": 2}),
    ],
)
def test_approval_and_dots_cells_are_counted(tmp_path, method, text, scores):
    result = tally(write(tmp_path, text), method)

    assert {entry.theme: entry.score for entry in result.ranking} == scores


def test_refused_rows_report_their_line_number_and_reason(tmp_path):
    text = "A;B;count\n1;2;3\n1;1;\n;;\n2;x;\n1;2;zéro\n1;2;;9\n"

    result = tally(write(tmp_path, text), "borda")

    # line 4 is blank and skipped; lines 3, 5, 6 and 7 are refused
    assert result.ballots_counted == 3
    assert [(r.where, r.reason.split(" ")[0]) for r in result.ballots_refused] == [
        (3, "Rang"),
        (5, "«"),
        (6, "Colonne"),
        (7, "Plus"),
    ]
    data = result_to_json(result)
    assert data["refused"][0] == {
        "line": 3,
        "reason": "Rang 1 donné deux fois (« A » et « B »).",
        "count": 1,
    }


def test_read_ballots_csv_accepts_csv_text_and_keeps_counts_and_lines():
    ballots, refused = read_ballots_csv("A,B,count\n1,,5\n,1,\n", "plurality")

    assert refused == []
    assert [(b.marks, b.count, b.line) for b in ballots] == [({"A": 1}, 5, 2), ({"B": 1}, 1, 3)]


def test_text_output_is_french_and_shows_ties_and_refusals(tmp_path):
    text = "Café,Jardin\n1,2\n2,1\n1,1\n"

    output = result_to_text(tally(write(tmp_path, text), "plurality"))

    assert "Méthode : premier choix" in output
    assert "Bulletins comptés : 2 (1 refusé(s))" in output
    assert "Égalité en tête : Café, Jardin" in output
    assert "  1. Café — 1 premier(s) choix" in output
    assert "  1. Jardin — 1 premier(s) choix" in output
    assert "ligne 4 : Rang 1 donné deux fois" in output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # nothing at all
        ("", "est vide"),
        # only separators
        (";;\n;;\n", "est vide"),
        # the first line holds ballots, not theme names
        ("1,2,3\n2,1,3\n", "la première ligne doit donner le nom des thèmes"),
        # a column without a theme name
        ("A,,C\n1,2,3\n", "une colonne n'a pas de nom de thème"),
        # the same theme twice
        ("A,A\n1,2\n", "la colonne « A » apparaît deux fois"),
        # a header and no ballot
        ("A,B\n", "Aucun bulletin valable"),
    ],
)
def test_unusable_file_raises_a_french_tally_error(tmp_path, text, message):
    with pytest.raises(TallyError, match=message):
        tally(write(tmp_path, text), "borda")


def test_unknown_method_raises_a_tally_error(tmp_path):
    with pytest.raises(TallyError, match="Méthode inconnue « condorcet »"):
        tally(write(tmp_path, TENNESSEE_CSV), "condorcet")


def test_missing_file_raises_a_tally_error(tmp_path):
    with pytest.raises(TallyError, match="Fichier introuvable"):
        tally(tmp_path / "absent.csv", "borda")


def test_too_many_dots_are_refused_when_a_limit_is_given(tmp_path):
    result = tally(write(tmp_path, "A,B\n2,1\n3,1\n"), "dots", max_dots=3)

    assert [(r.where, r.reason) for r in result.ballots_refused] == [
        (3, "4 gommettes posées alors que 3 au plus sont permises.")
    ]
