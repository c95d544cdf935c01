"""Limits that hold on every path, not only in the CLI (issue 12)."""

import time

import pytest

from ruralites.spreadsheet import read_table
from ruralites.surveys.model import parse_survey
from ruralites.surveys.problems import SurveyError
from ruralites.voting.base import VotingError
from ruralites.voting.methods import METHODS


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_refuses_more_than_50_themes_at_once(method):
    themes = [f"Thème {i}" for i in range(1500)]
    started = time.monotonic()
    with pytest.raises(VotingError, match="1500 thèmes : un vote en compte 50 au plus"):
        METHODS[method]([{themes[0]: 1}], themes)
    assert time.monotonic() - started < 1


def test_a_short_latin1_file_reads_as_windows_1252_not_as_a_dos_code_page():
    data = "idee;n\nUne épicerie à côté de l'église;4\n".encode("latin-1")
    table = read_table(data, name="saisie.csv")
    assert table.rows[0].cells[0] == "Une épicerie à côté de l'église"


def test_a_questionnaire_nested_20000_times_is_a_coded_error_not_a_recursion_error():
    with pytest.raises(SurveyError, match="S101.*imbriquées sur plus de 30 niveaux"):
        parse_survey("[" * 20_000, "profond.yaml")
