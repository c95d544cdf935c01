"""The results of a commune or a campaign as one table for CSV / XLSX (ruralites.exports), with
the same "< 5" suppression as the screen. Free-text answers are not part of it."""

from __future__ import annotations

from typing import Any

from ruralites.fr import short_date
from ruralites.results.counts import Results
from ruralites.results.disclosure import PRIVACY_NOTE, shown
from ruralites.results.questions import Cell

COLUMNS = ("Partie", "Question", "Réponse", "Personnes", "Part (%)", "Indicateur", "Valeur")
PARTICIPATION = "Participation"


def percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _count_rows(part: str, question: str, cells: tuple[Cell, ...],
                what: str | None = None) -> list[list[Any]]:
    return [[part, question, c.label, shown(c.count), percent(c.share), what, None] for c in cells]


def _indicator(part: str, question: str, name: str, value: Any, answer: str = "") -> list[Any]:
    return [part, question, answer, None, None, name, shown(value)]


def export_table(r: Results) -> tuple[list[str], list[list[Any]]]:
    """(columns, rows): participation first, then every question in the questionnaire's order."""
    t = r.turnout
    rows: list[list[Any]] = [
        _indicator("Note", "", "Confidentialité", PRIVACY_NOTE),
        _indicator(PARTICIPATION, "", "Périmètre", r.title),
        _indicator(PARTICIPATION, "", "Communes", ", ".join(r.communes)),
        _indicator(PARTICIPATION, "", "Réponses", t.responses),
        _indicator(PARTICIPATION, "", "Habitants", t.population),
        _indicator(PARTICIPATION, "", "Part des habitants ayant répondu (%)", percent(t.share)),
    ]
    rows += _count_rows(PARTICIPATION, "Par canal", t.by_channel)
    rows += _count_rows(PARTICIPATION, "Par soirée", t.by_evening)
    rows += [[PARTICIPATION, "Par commune", f"{c.nom} ({c.code_insee})", shown(c.responses),
              percent(c.share), "Part des habitants" if c.share is not None else None, None]
             for c in t.by_commune]
    rows += [[PARTICIPATION, "Par jour", short_date(d.day), shown(d.count), None, None, None]
             for d in t.by_day]
    if r.survey is not None:
        rows.append(_indicator("Questionnaire", "", "Questionnaire", r.survey.title))
    for q in r.questions:
        rows.append(_indicator(q.section, q.label, "Ont répondu", q.answered))
        if q.is_text:
            rows.append(_indicator(q.section, q.label, "Réponses libres", q.answered))
            continue
        rows += _count_rows(q.section, q.label, q.cells,
                            "Classé en premier" if q.type == "ranking" else None)
        rows += [_indicator(q.section, q.label, name, value) for name, value in q.stats]
        for rank in q.ranking:
            rows.append(_indicator(q.section, q.label, "Points", rank.points, rank.label))
            rows.append(_indicator(q.section, q.label, "Rang moyen", rank.average_rank, rank.label))
        if q.other_texts:
            rows.append(_indicator(q.section, q.label, "Précisions « Autre »", q.other_texts))
    return list(COLUMNS), rows
