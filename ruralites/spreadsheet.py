"""CSV and XLSX, in and out, for every import and export of the application.

Out: a header and rows of plain values in, file bytes out. Every text cell passes through
:func:`neutralise` first, so a value typed by a user (a commune note, a questionnaire answer) can
never run as a formula when the file is opened in a spreadsheet (DESIGN.md §7, "CSV injection").
:func:`unneutralise` is its exact inverse, so a text goes out and back in byte for byte.

In: :func:`read_table` reads a CSV file whatever its separator (``;``, ``,`` or tab, found by
``csv.Sniffer``) and its encoding (UTF-8 with or without BOM, UTF-16, Windows-1252… found by
``charset-normalizer``), and refuses a binary file, a folder or a header with a column twice, in
French. Cells come back verbatim (no trimming): the caller decides what a cell means.

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
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ruralites.errors import UserError
from ruralites.fr import local, number

__all__ = ["FORMULA_PREFIXES", "SpreadsheetError", "Table", "neutralise", "read_table",
           "to_csv_bytes", "to_xlsx_bytes", "unneutralise"]

# A cell starting with one of these may be read as a formula by Excel, LibreOffice or Sheets
# (OWASP "CSV Injection"); tab and carriage return hide such a prefix from a quick look.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets skip leading blanks and control characters before deciding a cell is a formula.
_BLANKS = "".join(chr(c) for c in range(0x21)) + "\x7f\xa0\u2007\u202f"
MAX_IMPORT_BYTES = 20 * 1024 * 1024
_WESTERN = ("cp1252", "utf_16", "utf_32", "mac_roman", "cp850", "iso8859_15", "latin_1")
CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_COLUMN_WIDTH = 60


def _needs_apostrophe(text: str) -> bool:
    return text.startswith("'") or text.lstrip(_BLANKS).startswith(FORMULA_PREFIXES)


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe if it is a text a spreadsheet could run as a formula
    (also behind leading blanks or control characters), or a text that itself begins with an
    apostrophe (so that :func:`unneutralise` gives it back exactly).

    Only strings are changed; numbers, dates and ``None`` come back as they are::

        >>> neutralise("=HYPERLINK(\\"http://x\\")")
        '\\'=HYPERLINK("http://x")'
        >>> neutralise("-3"), neutralise(-3), neutralise("Trémel"), neutralise(" \\x01=1")
        ("'-3", -3, 'Trémel', "' \\x01=1")
    """
    if isinstance(value, str) and _needs_apostrophe(value):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """The exact inverse of :func:`neutralise` for a cell read back from a file: one leading
    apostrophe is taken off (a spreadsheet also reads it as "this is text")."""
    return text[1:] if text.startswith("'") else text


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


# ---- reading -----------------------------------------------------------------------------------


class SpreadsheetError(UserError):
    """The file cannot be read as a table; the message says why and what to do, in French."""


@dataclass(frozen=True)
class Row:
    line: int  # the file line the row starts on (the header is line 1 or later)
    cells: list[str]  # verbatim, as many as the file has on that row


@dataclass(frozen=True)
class Table:
    name: str
    header: list[str]  # stripped names; empty trailing columns dropped
    rows: list[Row]  # blank rows left out
    header_line: int
    encoding: str
    delimiter: str

    def extra_cells(self, row: Row) -> bool:
        """The row has text beyond the header's last column."""
        return any(cell.strip() for cell in row.cells[len(self.header):])

    def as_dict(self, row: Row) -> dict[str, str]:
        return {name: (row.cells[i] if i < len(row.cells) else "")
                for i, name in enumerate(self.header)}


def _decode(data: bytes, label: str) -> tuple[str, str]:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                       (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A French spreadsheet that is not UTF-8 is almost always Windows-1252 (Excel on Windows,
    # or Latin-1, its subset): taken when it decodes to text without control characters. On a
    # short file the guess below took Latin-1 for DOS cp850 (« Úpicerie » for « épicerie »).
    try:
        text = data.decode("cp1252")
        if not any(c < " " and c not in "\t\r\n" for c in text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    # Western encodings only: a French spreadsheet saved by Excel on Windows is Windows-1252,
    # which an unrestricted guess on a short file often takes for Central European.
    best = from_bytes(data[:200_000], cp_isolation=list(_WESTERN)).best()
    if best is not None and best.encoding not in ("utf_8",):
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise SpreadsheetError(
        f"{label} n'est pas un fichier texte lisible (encodage inconnu ou fichier binaire) : "
        "enregistrez le tableau au format CSV (UTF-8) depuis votre tableur.")


def _looks_binary(text: str) -> bool:
    sample = text[:100_000]
    controls = sum(1 for c in sample if c < " " and c not in "\t\r\n")
    return "\x00" in sample or controls > max(8, len(sample) // 100)


def _delimiter(sample: str) -> str:
    """The sniffed separator, unless the header line lacks it (punctuation inside long texts
    can mislead the sniffer): then the header's most frequent one."""
    first = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    try:
        found = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
        if found in first or not any(counts.values()):
            return found
    except csv.Error:
        pass
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def read_table(source: bytes | str | Path, *, name: str | None = None,
               max_bytes: int = MAX_IMPORT_BYTES) -> Table:
    """A CSV file as a header and rows of verbatim cells. `source` is a path, the file's bytes,
    or CSV text. Raises `SpreadsheetError` (French) for a missing file, a folder, a file too
    large, a binary file, an empty file, or a header naming a column twice."""
    if isinstance(source, Path):
        name = name or source.name
        label = f"Le fichier {name}"
        if source.is_dir():
            raise SpreadsheetError(f"{source} est un dossier, pas un fichier CSV.")
        try:
            size = source.stat().st_size
            if size > max_bytes:
                raise SpreadsheetError(
                    f"{label} est trop gros ({number(size / 1_048_576, 1)} Mo) : "
                    f"{number(max_bytes // 1_048_576)} Mo au plus.")
            source = source.read_bytes()
        except FileNotFoundError:
            raise SpreadsheetError(f"Fichier introuvable : {source}.") from None
        except PermissionError:
            raise SpreadsheetError(f"Impossible de lire {source} : accès refusé.") from None
    label = f"Le fichier {name}" if name else "Le fichier"
    name = name or "fichier"
    if isinstance(source, bytes) and source[:4] == b"PK\x03\x04":
        raise SpreadsheetError(f"{label} est un classeur (XLSX ou ODS), pas un fichier CSV : "
                               "enregistrez-le au format « CSV UTF-8 », puis recommencez.")
    if isinstance(source, bytes):
        if len(source) > max_bytes:
            raise SpreadsheetError(f"{label} est trop gros : "
                                   f"{number(max_bytes // 1_048_576)} Mo au plus.")
        text, encoding = _decode(source, label)
    else:
        text, encoding = source.removeprefix("\ufeff"), "utf-8"
    if _looks_binary(text):
        raise SpreadsheetError(f"{label} ne ressemble pas à un tableau CSV (fichier binaire ?) : "
                               "enregistrez le tableau au format CSV depuis votre tableur.")
    if not text.strip():
        raise SpreadsheetError(f"{label} est vide : il faut une ligne d'en-tête.")
    delimiter = _delimiter(text[:20_000])
    csv.field_size_limit(max(max_bytes, csv.field_size_limit()))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = 0
    rows: list[Row] = []
    previous_end = 0
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                while header and not header[-1]:
                    header.pop()  # spreadsheets leave empty trailing columns
                header_line = start
                continue
            rows.append(Row(start, cells))
    except csv.Error as exc:
        raise SpreadsheetError(f"{name}, ligne {reader.line_num + 1} : CSV mal formé ({exc}).") from None
    if header is None:
        raise SpreadsheetError(f"{label} est vide : il faut une ligne d'en-tête.")
    seen: dict[str, int] = {}
    for position, column in enumerate(header, start=1):
        if column and column in seen:
            raise SpreadsheetError(
                f"{name}, ligne {header_line} : la colonne « {column} » apparaît deux fois "
                f"(colonnes {seen[column]} et {position}) ; gardez-en une seule.")
        seen[column] = position
    return Table(name, header, rows, header_line, encoding, delimiter)
