"""Plotly charts of the results. One convention everywhere: a count hidden for privacy is drawn
as a grey hatched bar up to 4 (what "< 5" allows) and labelled "< 5".

Plotly reads its labels as a little HTML (`<b>`, `<br>`, `<a href>`): every text shown here is
escaped first, so a label typed by a user is shown as typed."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from ruralites import fr
from ruralites.results.disclosure import MIN_GROUP, SUPPRESSED
from ruralites.results.questions import Cell, QuestionResult
from ruralites.results.turnout import CommuneFigure, DayCount

MAIN = "#2e7d32"
SECOND = "#1565c0"
HIDDEN = "#b0bec5"
HIDDEN_TEXT = html.escape(str(SUPPRESSED))
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
_FONT = {"family": "DejaVu Sans, Verdana, sans-serif", "size": 14}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def wrap(text: str, width: int = 42) -> str:
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width) or [""])


def _bar_values(cells: Sequence[Cell], *, with_share: bool = True):
    values, texts, colours, patterns, hovers = [], [], [], [], []
    for c in cells:
        if c.count is SUPPRESSED:
            values.append(MIN_GROUP - 1)
            texts.append(HIDDEN_TEXT)
            colours.append(HIDDEN)
            patterns.append("/")
            hovers.append("moins de 5 personnes (chiffre masqué)")
        else:
            values.append(c.count)
            share = f" ({fr.percent(c.share)})" if with_share and c.share is not None else ""
            texts.append(f"{fr.number(c.count)}{share}")
            colours.append(MAIN)
            patterns.append("")
            hovers.append(f"{fr.number(c.count)} personne(s){share}")
    return values, texts, colours, patterns, hovers


def _figure(bar: dict, height: int, xaxis: dict, yaxis: dict) -> go.Figure:
    """A one-trace bar chart. Built without plotly's validation, which cost 5 to 15 ms a chart
    (a page draws about thirty): tests/unit/test_results_charts.py checks every chart against
    the validated figure instead."""
    layout = {"height": height, "margin": {"l": 10, "r": 30, "t": 10, "b": 10}, "font": _FONT,
              "showlegend": False, "plot_bgcolor": "white", "bargap": 0.25,
              "xaxis": xaxis, "yaxis": yaxis}
    return go.Figure(data=[{"type": "bar", **bar}], layout=layout, _validate=False)


def _title(text: str) -> dict:
    return {"text": text}


def horizontal_bars(cells: Sequence[Cell], *, with_share: bool = True) -> go.Figure:
    """One bar per choice, in the given order from the top; counts and shares written on them."""
    values, texts, colours, patterns, hovers = _bar_values(cells, with_share=with_share)
    labels = [wrap(c.label) for c in cells]
    top = max(values or [1]) or 1
    lines = sum(max(1, label.count("<br>") + 1) for label in labels)
    return _figure(
        {"x": values, "y": labels, "orientation": "h", "text": texts, "textposition": "outside",
         "marker": {"color": colours, "pattern": {"shape": patterns}}, "cliponaxis": False,
         "customdata": hovers, "hovertemplate": "%{y} : %{customdata}<extra></extra>"},
        40 + 22 * lines + 14 * len(cells),
        xaxis={"range": [0, top * 1.3], "showgrid": True, "gridcolor": "#eceff1",
               "title": _title("Personnes")},
        yaxis={"autorange": "reversed", "automargin": True})


def vertical_bars(cells: Sequence[Cell], *, x_title: str = "") -> go.Figure:
    values, texts, colours, patterns, hovers = _bar_values(cells)
    top = max(values or [1]) or 1
    return _figure(
        {"x": [wrap(c.label, 18) for c in cells], "y": values, "text": texts,
         "textposition": "outside", "cliponaxis": False,
         "marker": {"color": colours, "pattern": {"shape": patterns}},
         "customdata": hovers, "hovertemplate": "%{x} : %{customdata}<extra></extra>"},
        330,
        xaxis={"title": _title(x_title), "type": "category"},
        yaxis={"range": [0, top * 1.2], "title": _title("Personnes"), "gridcolor": "#eceff1"})


def question_chart(q: QuestionResult) -> go.Figure | None:
    """The chart suited to the question's type, or None (free text)."""
    if q.is_text or not q.cells:
        return None
    if q.type == "scale":
        return vertical_bars(q.cells, x_title="Note")
    if q.type == "number":
        return vertical_bars(q.cells)
    if q.type == "ranking":
        return ranking_chart(q)
    cells = q.cells
    if q.type == "multiple_choice":  # an unordered list: the most ticked first
        cells = sorted(cells, key=lambda c: -(c.count if isinstance(c.count, int) else 0))
    return horizontal_bars(cells)


def ranking_chart(q: QuestionResult) -> go.Figure:
    rows = q.ranking
    values = [r.points if isinstance(r.points, int) else MIN_GROUP - 1 for r in rows]
    top = max(values or [1]) or 1
    return _figure(
        {"x": values, "y": [wrap(r.label) for r in rows], "orientation": "h",
         "text": [f"{fr.number(r.points)} points" if isinstance(r.points, int) else HIDDEN_TEXT
                  for r in rows],
         "textposition": "outside", "cliponaxis": False,
         "marker": {"color": [SECOND if isinstance(r.points, int) else HIDDEN for r in rows]},
         "hovertemplate": "%{y} : %{text}<extra></extra>"},
        60 + 40 * len(rows),
        xaxis={"range": [0, top * 1.3], "title": _title("Points (1er = le plus de points)")},
        yaxis={"autorange": "reversed", "automargin": True})


def time_chart(days: Sequence[DayCount], *, weekly: bool) -> go.Figure:
    what = "semaine du " if weekly else ""
    return _figure(
        {"x": [d.day.isoformat() for d in days],
         "y": [d.count if isinstance(d.count, int) else MIN_GROUP - 1 for d in days],
         "marker": {"color": [MAIN if isinstance(d.count, int) else HIDDEN for d in days],
                    "pattern": {"shape": ["" if isinstance(d.count, int) else "/" for d in days]}},
         "customdata": [f"{what}{_fr_day(d.day)} : "
                        + (f"{fr.number(d.count)} réponse(s)" if isinstance(d.count, int)
                           else "moins de 5 réponses (chiffre masqué)") for d in days],
         "hovertemplate": "%{customdata}<extra></extra>"},
        300,
        xaxis={"tickformat": "%d/%m/%Y", "type": "date"},
        yaxis={"title": _title("Réponses"), "gridcolor": "#eceff1"})


def commune_chart(communes: Sequence[CommuneFigure]) -> go.Figure:
    """Share of the inhabitants who answered, commune by commune."""
    values, texts, colours = [], [], []
    for c in communes:
        if c.responses is SUPPRESSED:
            values.append(0)
            texts.append(f"{HIDDEN_TEXT} réponses")
            colours.append(HIDDEN)
        else:
            values.append((c.share or 0) * 100)
            texts.append(f"{fr.number(c.responses)} réponses — {fr.percent(c.share)}"
                         if c.share is not None else f"{fr.number(c.responses)} réponses")
            colours.append(MAIN)
    top = max(values or [1]) or 1
    return _figure(
        {"x": values, "y": [esc(c.nom) for c in communes], "orientation": "h", "text": texts,
         "textposition": "outside", "cliponaxis": False, "marker": {"color": colours},
         "hovertemplate": "%{y} : %{text}<extra></extra>"},
        60 + 36 * len(communes),
        xaxis={"range": [0, top * 1.5], "title": _title("Part des habitants ayant répondu (%)")},
        yaxis={"autorange": "reversed", "automargin": True})


def _fr_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")
