"""Generic CSV and XLSX exports: a header and rows of plain values in, file bytes out; and the
one CSV reader (`read_table`) that finds the delimiter and the encoding of a file people made.

Every text cell passes through :func:`neutralise` first, so a value typed by a user (a commune
note, a questionnaire answer) can never run as a formula when the file is opened in a
spreadsheet (DESIGN.md §7, "CSV injection").

Choices, made once for every export of the application:

- **CSV**: UTF-8 with a byte-order mark (so Excel recognises the accents), comma-separated,
  fields quoted when needed, CRLF line ends (RFC 4180). LibreOffice asks for the separator on
  import; a French Excel opening the file by double-click expects ``;``, so users of Excel are
  pointed to the XLSX export, which opens everywhere without a question. Callers that need
  another separator pass ``delimiter=";"``.
- **Reading** (`read_table`): UTF-8 (with or without BOM) first, UTF-16 when it has its BOM,
  otherwise the encoding `charset_normalizer` finds (a French file saved by Excel on Windows is
  Windows-1252); the delimiter is sniffed among ``,`` ``;`` tab and ``|``. A workbook, a binary
  file or an empty one is refused with a French message; a cell neutralised on export gets its
  apostrophe taken off with `unneutralise`.
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

from charset_normalizer import from_bytes
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ruralites.errors import UserError
from ruralites.fr import local, number

__all__ = ["FORMULA_PREFIXES", "TableError", "neutralise", "read_table", "to_csv_bytes",
           "to_xlsx_bytes", "unneutralise"]

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


def unneutralise(text: str) -> str:
    """The value typed, from a cell :func:`neutralise` prefixed on export::

        >>> unneutralise("'=SOMME(A1)"), unneutralise("'ok")
        ('=SOMME(A1)', "'ok")
    """
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


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


# ---- reading ---------------------------------------------------------------------------------

_DELIMITERS = ",;\t|"
# Encodings a file from a French office may come in; anything else guessed on a short file is
# more likely a wrong guess than a real Central-European or Cyrillic file.
_WESTERN = {"utf_8", "cp1252", "latin_1", "iso8859_15", "mac_roman", "ascii", "cp850"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TableError(UserError):
    """The file as a whole cannot be read as a table; str() says why, in French."""


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise TableError("Ce fichier n'est pas un fichier texte CSV (son contenu est binaire). "
                         "Enregistrez le tableau au format CSV, puis recommencez.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else None
    if encoding not in _WESTERN:
        encoding = "cp1252"  # what Excel on a French Windows writes
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise TableError("Encodage du fichier illisible : enregistrez-le au format « CSV UTF-8 », "
                         "puis recommencez.") from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The sniffed dialect, unless its delimiter is absent from the header line (the sniffer
    can be misled by punctuation inside long texts): then the header's most frequent one."""
    sample = text[:16384]
    first = sample.splitlines()[0] if sample else ""
    try:
        found = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
        if found.delimiter in first or not any(d in first for d in _DELIMITERS):
            return found
    except csv.Error:
        pass
    counts = {d: first.count(d) for d in _DELIMITERS}

    class Header(csv.excel):
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","

    return Header


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """A CSV file people made, as its header and its rows: `(line, {column: text})`, `line`
    being the file's line where the row starts (a quoted cell may hold line breaks). Blank rows
    are skipped; missing cells read ``""``, extra cells are dropped. Raises `TableError` for a
    workbook, a binary or empty file, or a line the CSV reader cannot read."""
    if data[:4] == b"PK\x03\x04":
        raise TableError("Ce fichier est un classeur (XLSX ou ODS), pas un fichier CSV : "
                         "enregistrez-le au format « CSV UTF-8 », puis recommencez.")
    text = _decode(data)
    if not text.strip():
        raise TableError("Le fichier est vide.")
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise TableError("Ce fichier n'est pas un fichier texte CSV (son contenu est binaire). "
                         "Enregistrez le tableau au format CSV, puis recommencez.")
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        header = [h.strip() for h in next(reader)]
        if not any(header):
            raise TableError("La première ligne du fichier doit donner le nom des colonnes.")
        rows = []
        start = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, {h: (cells[i] if i < len(cells) else "")
                                     for i, h in enumerate(header) if h}))
            start = reader.line_num + 1
    except csv.Error as exc:
        limit = csv.field_size_limit()
        why = (f"une cellule dépasse {number(limit)} caractères" if "field larger" in str(exc)
               else "ligne illisible")
        raise TableError(f"Ligne {reader.line_num} : {why}. Vérifiez le fichier.") from None
    return header, rows
