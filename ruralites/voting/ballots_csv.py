"""Count a vote from a CSV file of ballots (the `ruralites tally` command).

The first row names the themes; each following row is one ballot. An optional `count` column
(or `nombre`) says how many identical ballots the row stands for. Cells hold:

- plurality, borda, schulze: a rank, 1 = best, blank = unranked;
- approval: 1 (approved) or 0 / blank;
- dots: the number of dots, blank = 0;
- majority: a French grade ("Très bien", "assez bien"…), case and accents ignored;
  blank = "À rejeter".

The file is read by `ruralites.spreadsheet.read_table`: comma, semicolon (French Excel) or tab,
UTF-8 with or without a byte-order mark, UTF-16 or Windows-1252. At most 50 themes. Example:

    Jardin partagé;Café associatif;Sentiers;count
    1;2;;12
    2;1;3;5
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from ruralites.errors import UserError
from ruralites.spreadsheet import SpreadsheetError, Table, read_table
from ruralites.voting.base import METHOD_KIND, METHOD_LABELS, Ballot, Refusal, Result, VotingError
from ruralites.voting.methods import METHODS, count_votes
from ruralites.voting.validation import MAX_THEMES

COUNT_COLUMNS = ("count", "nombre")


class TallyError(UserError, ValueError):
    """The file cannot be counted; the message is in French and says what to do."""


def _table(source: str | Path) -> Table:
    """A path, or CSV text when `source` is a str holding a line break."""
    try:
        if isinstance(source, str) and "\n" in source:
            return read_table(source, name="texte CSV")
        return read_table(Path(source))
    except SpreadsheetError as error:
        raise TallyError(str(error)) from None


def _check_method(method: str) -> str:
    if method not in METHODS:
        raise TallyError(f"Méthode inconnue « {method} » : choisissez parmi {', '.join(METHODS)}.")
    return METHOD_KIND[method]


def _cell_value(cell: str, kind: str) -> Any:
    """A cell as the ballot expects it: ints for numbers, text for grades; None when blank."""
    cell = cell.strip()
    if not cell:
        return None
    if kind == "grades":
        return cell
    # A number of up to 9 digits; anything longer stays text and the method refuses it.
    return int(cell) if re.fullmatch(r"[+-]?\d{1,9}", cell) else cell


def read_ballots_csv(source: str | Path, method: str) -> tuple[list[Ballot], list[Refusal]]:
    """Read the ballots of `source` (a path, or CSV text) for `method`.

    Returns the ballots, each with its file line, and the rows refused while reading (a bad
    `count` cell, more cells than columns). Ballot contents are checked by the voting method.
    """
    _, ballots, refused = _read(source, method)
    return ballots, refused


def tally(source: str | Path, method: str, *, max_dots: int | None = None) -> Result:
    """Count the ballots of a CSV file with `method`; every problem is a `TallyError`."""
    themes, ballots, refused_reading = _read(source, method)
    options = {"max_dots": max_dots} if method == "dots" else {}
    try:
        result = count_votes(method, ballots, themes, **options)
    except VotingError as error:
        if not ballots and refused_reading:
            first = refused_reading[0]
            raise TallyError(f"Aucun bulletin valable à dépouiller : {len(refused_reading)} ligne(s) "
                             f"refusée(s), dont la ligne {first.where} ({first.reason})") from None
        raise TallyError(str(error)) from None
    refusals = sorted([*refused_reading, *result.ballots_refused], key=lambda r: r.where)
    return dataclasses.replace(result, ballots_refused=refusals)


def _read(source: str | Path, method: str) -> tuple[list[str], list[Ballot], list[Refusal]]:
    kind = _check_method(method)
    table = _table(source)
    header = table.header
    count_column = next((i for i, cell in enumerate(header) if cell.lower() in COUNT_COLUMNS), None)
    themes = [cell for i, cell in enumerate(header) if i != count_column]
    _check_header(themes, table.name, table.header_line)
    ballots: list[Ballot] = []
    refused: list[Refusal] = []
    for row in table.rows:
        line, cells = row.line, row.cells
        if table.extra_cells(row):
            refused.append(Refusal(line, f"Plus de cellules que de colonnes ({len(header)})."))
            continue
        count = 1
        if count_column is not None and count_column < len(cells) and cells[count_column].strip():
            raw = cells[count_column].strip()
            if not re.fullmatch(r"\d{1,6}", raw) or int(raw) < 1:
                reason = f"Colonne count : « {raw[:20]} » n'est pas un nombre entier positif."
                refused.append(Refusal(line, reason))
                continue
            count = int(raw)
        marks = {
            header[index]: value
            for index, cell in enumerate(cells[: len(header)])
            if index != count_column and (value := _cell_value(cell, kind)) is not None
        }
        ballots.append(Ballot(marks, count, line))
    return themes, ballots, refused


def _check_header(themes: list[str], name: str, line: int) -> None:
    def looks_like_data(cell: str) -> bool:
        return not cell or re.fullmatch(r"[+-]?\d+([.,]\d+)?", cell) is not None

    if not themes or all(looks_like_data(cell) for cell in themes):
        raise TallyError(
            f"{name}, ligne {line} : la première ligne doit donner le nom des thèmes (ligne "
            "d'en-tête), par exemple « Jardin partagé;Café associatif;count »."
        )
    if "" in themes:
        raise TallyError(f"{name}, ligne {line} : une colonne n'a pas de nom de thème.")
    if len(themes) > MAX_THEMES:
        raise TallyError(f"{name}, ligne {line} : {len(themes)} thèmes ; un vote en compte "
                         f"{MAX_THEMES} au plus (regroupez-les avant de voter).")


def result_to_json(result: Result) -> dict[str, Any]:
    """The result as {"method", "ballots", "winners", "ranking"[, "refused"]}."""
    data: dict[str, Any] = {
        "method": result.method,
        "ballots": result.ballots_counted,
        "winners": list(result.winners),
        "ranking": [
            {"rank": entry.rank, "theme": entry.theme, "score": entry.score}
            for entry in result.ranking
        ],
    }
    if result.ballots_refused:
        data["refused"] = [
            {"line": refusal.where, "reason": refusal.reason, "count": refusal.count}
            for refusal in result.ballots_refused
        ]
    return data


def _score_text(score: int | str, label: str) -> str:
    return f"{label} {score}" if isinstance(score, str) else f"{score} {label}"


def result_to_text(result: Result) -> str:
    """The result as French text for a terminal."""
    refused = sum(refusal.count for refusal in result.ballots_refused)
    if len(result.winners) == 1:
        verdict = f"Thème en tête : {result.winners[0]}"
    else:
        verdict = f"Égalité en tête : {', '.join(result.winners)}"
    lines = [
        f"Méthode : {METHOD_LABELS.get(result.method, result.method)}",
        f"Bulletins comptés : {result.ballots_counted}"
        + (f" ({refused} refusé(s))" if refused else ""),
        verdict,
        "",
        "Classement :",
        *(
            f"  {entry.rank}. {entry.theme} — {_score_text(entry.score, result.score_label)}"
            for entry in result.ranking
        ),
    ]
    if result.ballots_refused:
        lines += ["", "Bulletins refusés :"]
        lines += [
            f"  ligne {refusal.where} : {refusal.reason}"
            + (f" ({refusal.count} bulletins)" if refusal.count > 1 else "")
            for refusal in result.ballots_refused
        ]
    lines += ["", "Explication :", *(f"  {line}" for line in result.explanation.splitlines())]
    return "\n".join(lines) + "\n"
