"""Every results chart is a valid plotly figure (they are built without plotly's validation, for
speed), hides small counts and shows user text as text."""

from datetime import date

import plotly.graph_objects as go
import pytest

from ruralites.results.disclosure import SUPPRESSED
from ruralites.results.questions import Cell, QuestionResult, RankRow
from ruralites.results.turnout import CommuneFigure, DayCount
from ruralites.ui import results_charts as charts

CELLS = (Cell("Jeune", 6, 0.6, "jeune"), Cell("<b>Adulte</b> & co", SUPPRESSED, None, "adulte"),
         Cell("Aîné", 0, 0.0, "aine"))


def _question(qtype, **kw):
    return QuestionResult(id="q", type=qtype, label="Q", section="S", answered=10, asked=10,
                          cells=CELLS, **kw)


FIGURES = {
    "single choice": lambda: charts.question_chart(_question("single_choice")),
    "multiple choice": lambda: charts.question_chart(_question("multiple_choice")),
    "scale": lambda: charts.question_chart(_question("scale")),
    "number": lambda: charts.question_chart(_question("number")),
    "ranking": lambda: charts.question_chart(_question("ranking", ranking=(
        RankRow("Un café", 23, 1.44, 5, 9), RankRow("Un jardin", SUPPRESSED, SUPPRESSED,
                                                    SUPPRESSED, 3)))),
    "days": lambda: charts.time_chart([DayCount(date(2019, 3, 28), 6),
                                       DayCount(date(2019, 4, 1), SUPPRESSED)], weekly=False),
    "communes": lambda: charts.commune_chart([
        CommuneFigure(1, "22366", "Trémel", 409, 74, 0.18),
        CommuneFigure(2, "22238", "Plufur", 529, SUPPRESSED, None)]),
}


@pytest.mark.parametrize("name", FIGURES)
def test_each_chart_is_what_plotly_would_have_validated(name):
    figure = FIGURES[name]()
    built = figure.to_dict()
    assert go.Figure(built).to_dict() == built  # validation changes (or refuses) nothing


def test_a_suppressed_count_is_a_grey_hatched_bar_labelled_less_than_five():
    bar = charts.horizontal_bars(CELLS).to_dict()["data"][0]
    assert bar["x"] == [6, 4, 0]
    assert bar["text"] == ["6 (60\u202f%)", "&lt; 5", "0 (0\u202f%)"]
    assert bar["marker"]["color"][1] == charts.HIDDEN and bar["marker"]["pattern"]["shape"][1] == "/"


def test_labels_are_escaped_for_plotly():
    bar = charts.horizontal_bars(CELLS).to_dict()["data"][0]
    assert bar["y"][1] == "&lt;b&gt;Adulte&lt;/b&gt; &amp; co"
    assert charts.question_chart(QuestionResult("t", "long_text", "T", "S", 3, 3)) is None
