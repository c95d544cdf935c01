"""Generic CSV and XLSX exports: a header and rows of plain values in, file bytes out.

Every text cell passes through :func:`neutralise` first, so a value typed by a user (a commune
note, a questionnaire answer) can never run as a formula when the file is opened in a
spreadsheet (DESIGN.md §7, "CSV injection").

Choices, made once for every export of the application:

- **CSV**: UTF-8 with a byte-order mark (so Excel recognises the accents), comma-separated,
  fields quoted when needed, CRLF line ends (RFC 4180). LibreOffice asks for the separator on
  import; a French Excel opening the file by double-click expects ``;``, so users of Excel are
  pointed to the XLSX export, which opens everywhere without a question. Callers that need
  another separator pass ``delimiter=";"``.
- **Values**: ``None`` is an empty cell; ``True``/``False`` read « oui »/« non »; a list or tuple
  (a multiple-choice answer) is joined with « ; ». Dates and times are ISO 8601 in CSV and native
  dates in XLSX; a timezone-aware time is shown in Europe/Paris (spreadsheets have no time zone).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ruralites.fr import local

__all__ = ["FORMULA_PREFIXES", "neutralise", "to_csv_bytes", "to_xlsx_bytes"]

# A cell starting with one of these may be read as a formula by Excel, LibreOffice or Sheets
# (OWASP "CSV Injection"); tab and carriage return hide such a prefix from a quick look.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_COLUMN_WIDTH = 60


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe if it is a text a spreadsheet could run as a formula.

    Only strings are changed; numbers, dates and ``None`` come back as they are::

        >>> neutralise("=HYPERLINK(\\"http://x\\")")
        '\\'=HYPERLINK("http://x")'
        >>> neutralise("-3"), neutralise(-3), neutralise("Trémel")
        ("'-3", -3, 'Trémel')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    """A value a spreadsheet cell can hold, before neutralisation."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(v) for v in value if v is not None)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return local(value).replace(tzinfo=None)
    if isinstance(value, int | float | date | str):
        return value
    return str(value)


def _csv_cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(neutralise(value))


def to_csv_bytes(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ","
) -> bytes:
    """The rows as a CSV file (UTF-8 with BOM, comma-separated by default), formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(name: str) -> str:
    """Excel refuses []:*?/\\ in a sheet name and more than 31 characters."""
    title = _SHEET_FORBIDDEN.sub(" ", name or "").strip().strip("'")[:31].strip()
    return title or "Export"


def _xlsx_cell(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, str):
        # openpyxl refuses control characters that XML cannot hold; a stray one from a
        # copy-paste should not make the whole export fail.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def to_xlsx_bytes(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], sheet_name: str = "Export"
) -> bytes:
    """The rows as an Excel workbook of one sheet: bold, frozen header, readable column widths."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_name)
    sheet.append([_xlsx_cell(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(c)) for c in columns]
    for row in rows:
        values = [_xlsx_cell(v) for v in row]
        sheet.append(values)
        for i, value in enumerate(values):
            if i < len(widths):
                widths[i] = max(widths[i], len(str(value)) if value is not None else 0)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(_MAX_COLUMN_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
