"""Generic CSV and XLSX exports: formulas neutralised, accents intact, values a spreadsheet reads."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from ruralites.spreadsheet import neutralise, to_csv_bytes, to_xlsx_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),  # a formula
        ('=HYPERLINK("http://evil.example","clic")', '\'=HYPERLINK("http://evil.example","clic")'),
        ("+33 2 96 00 00 00", "'+33 2 96 00 00 00"),  # a telephone number typed with +
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),  # a tab hides the formula from a quick look
        ("\r=1", "'\r=1"),
        ("Trémel", "Trémel"),  # ordinary text is left alone
        ("a=b", "a=b"),  # only the first character counts
        ("", ""),
        (-3, -3),  # numbers stay numbers
        (None, None),
        (date(2019, 2, 22), date(2019, 2, 22)),
    ],
)
def test_neutralise_prefixes_only_texts_a_spreadsheet_would_run(value, expected):
    assert neutralise(value) == expected


def _read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark, so Excel reads the accents"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_is_utf8_with_bom_comma_separated_and_neutralised():
    data = to_csv_bytes(
        ["Commune", "Note", "Habitants"],
        [["Saint-Michel-en-Grève", "=cmd|' /C calc'!A0", 447], ["Trémel", "dit « oui », puis « non »", None]],
    )
    assert _read_csv(data) == [
        ["Commune", "Note", "Habitants"],
        ["Saint-Michel-en-Grève", "'=cmd|' /C calc'!A0", "447"],
        ["Trémel", "dit « oui », puis « non »", ""],
    ]
    assert b"\r\n" in data


def test_csv_writes_dates_iso_booleans_in_french_and_lists_joined():
    moment = datetime(2019, 2, 22, 19, 0, tzinfo=UTC)  # 20:00 in Paris
    data = to_csv_bytes(["a", "b", "c", "d"], [[date(2019, 2, 22), moment, True, ["jardin", "café"]]])
    assert _read_csv(data)[1] == ["2019-02-22", "2019-02-22 20:00", "oui", "jardin; café"]


def test_csv_separator_can_be_a_semicolon():
    assert _read_csv(to_csv_bytes(["a", "b"], [[1, 2]], delimiter=";"))[0] == ["a;b"]


def test_xlsx_keeps_formulas_as_text_dates_as_dates_and_a_bold_frozen_header():
    data = to_xlsx_bytes(
        ["Commune", "Note", "Séance", "Habitants", "Volontaire"],
        [["Trémel", "=1+1", date(2019, 2, 22), 409, True], ["Plufur", "a\x01b", None, None, False]],
        sheet_name="Ruralités en Trégor : communes [2019]",
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Ruralités en Trégor   communes"  # ':' and '[' refused, 31 characters
    assert [c.value for c in sheet[1]] == ["Commune", "Note", "Séance", "Habitants", "Volontaire"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["B2"].value == "'=1+1" and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == datetime(2019, 2, 22) and sheet["C2"].number_format == "dd/mm/yyyy"
    assert (sheet["D2"].value, sheet["E2"].value) == (409, "oui")
    assert sheet["B3"].value == "ab"  # a control character from a copy-paste is dropped
    assert sheet["C3"].value is None


def test_xlsx_shows_aware_times_in_paris_time():
    data = to_xlsx_bytes(["Quand"], [[datetime(2019, 7, 1, 8, 30, tzinfo=UTC)]])
    assert load_workbook(io.BytesIO(data)).active["A2"].value == datetime(2019, 7, 1, 10, 30)


def test_an_export_without_rows_still_has_its_header():
    assert _read_csv(to_csv_bytes(["Commune"], [])) == [["Commune"]]
    assert [c.value for c in load_workbook(io.BytesIO(to_xlsx_bytes(["Commune"], []))).active[1]] == ["Commune"]
