"""CSV and XLSX in and out: formulas neutralised and given back exactly, accents intact whatever
the encoding, any separator, and a French refusal for what is not a table."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from ruralites.spreadsheet import (
    SpreadsheetError,
    neutralise,
    read_table,
    to_csv_bytes,
    to_xlsx_bytes,
    unneutralise,
)


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
        (" =1", "' =1"),  # a spreadsheet skips leading blanks before reading a formula
        ("\n=1", "'\n=1"),
        ("\x01=1", "'\x01=1"),  # and control characters
        ("'=1", "''=1"),  # a text that begins with an apostrophe keeps it on the way back
        ("'bonjour", "''bonjour"),
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


# ---- reading back -------------------------------------------------------------------------------

CORPUS = [
    "Un café associatif <script>alert('x')</script> 🎲",
    "=HYPERLINK(\"http://x\")", "'=cmd()", "' =1", " commence par un espace",
    "\u00a0espace insécable", "\nretour à la ligne devant", "ligne 1\r\nligne 2\rligne 3",
    "\x01=1", "-3", "+33 2 96 00 00 00", "@SUM(A1)", "guillemets \" et ; et ,", "Œuvre l’école",
    "  ", "x" * 200_000,
]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_every_text_goes_out_and_back_in_byte_for_byte(delimiter):
    data = to_csv_bytes(["texte", "n"], [[text, i] for i, text in enumerate(CORPUS)],
                        delimiter=delimiter)
    table = read_table(data, name="export.csv")
    assert table.header == ["texte", "n"] and len(table.rows) == len(CORPUS)
    back = [unneutralise(row.cells[0]) for row in table.rows]
    assert back == CORPUS


@pytest.mark.parametrize(("encoding", "why"), [
    ("utf-8", "LibreOffice, Google Sheets"),
    ("utf-8-sig", "our own exports, Excel 'CSV UTF-8'"),
    ("utf-16", "Excel 'Texte Unicode'"),
    ("cp1252", "Excel 'CSV (séparateur : point-virgule)' on a French Windows"),
])
def test_a_french_table_reads_the_same_whatever_its_encoding(encoding, why):
    text = "commune;idée\r\nPlounérin;Un café où l’on se retrouve, même l’hiver : « oui » !\r\n"
    table = read_table(text.encode(encoding), name="saisie.csv")
    assert table.header == ["commune", "idée"], why
    assert table.rows[0].cells == ["Plounérin", "Un café où l’on se retrouve, même l’hiver : « oui » !"]


@pytest.mark.parametrize(("text", "delimiter"), [
    ("a,b\n1,2\n", ","), ("a;b\n1;2\n", ";"), ("a\tb\n1\t2\n", "\t"),
    ("a;b\n\"1,5\";2\n", ";"),  # a decimal comma inside a semicolon file
])
def test_the_separator_is_found(text, delimiter):
    table = read_table(text)
    assert (table.delimiter, table.header, table.rows[0].line) == (delimiter, ["a", "b"], 2)


def test_blank_rows_are_skipped_and_extra_cells_are_kept_for_the_caller_to_report():
    table = read_table("a,b\n\n1,2\n,,\n3,4,5\n")
    assert [row.line for row in table.rows] == [3, 5]
    assert not table.extra_cells(table.rows[0]) and table.extra_cells(table.rows[1])
    assert table.as_dict(table.rows[1]) == {"a": "3", "b": "4"}


@pytest.mark.parametrize(("content", "message"), [
    (b"", "est vide"),
    (b"\x00\x01\x02" * 300, "fichier binaire"),
    (bytes(range(256)) * 40, "fichier binaire"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8, "est un classeur"),  # an .xlsx
    (b"a,b,a\n1,2,3\n", "la colonne « a » apparaît deux fois"),
    (b'a,b\n"1,2\n', None),  # an unclosed quote reads to the end: one long cell, no crash
])
def test_what_is_not_a_table_is_refused_in_french(content, message):
    if message is None:
        assert read_table(content, name="x.csv").rows[0].cells[0] == "1,2\n"
        return
    with pytest.raises(SpreadsheetError, match=message):
        read_table(content, name="x.csv")


def test_a_folder_a_missing_file_and_a_huge_file_are_refused_in_french(tmp_path):
    with pytest.raises(SpreadsheetError, match="est un dossier"):
        read_table(tmp_path)
    with pytest.raises(SpreadsheetError, match="Fichier introuvable"):
        read_table(tmp_path / "absent.csv")
    big = tmp_path / "gros.csv"
    big.write_bytes(b"a\n" + b"x" * 2_000_000)
    with pytest.raises(SpreadsheetError, match="trop gros"):
        read_table(big, max_bytes=1_000_000)


def test_line_numbers_follow_the_file_across_blank_lines_and_multi_line_cells():
    table = read_table(b'nom,notes\n\nA,"deux\nlignes"\nB,x\n')
    assert [(row.line, row.cells[0]) for row in table.rows] == [(3, "A"), (5, "B")]


def test_a_short_row_reads_empty_cells_and_an_export_reads_back_neutralised():
    table = read_table(to_csv_bytes(["nom", "note"], [["=1+1", None], ["x"]]))
    assert [(unneutralise(table.as_dict(r)["nom"]), table.as_dict(r)["note"]) for r in table.rows] \
        == [("=1+1", ""), ("x", "")]


def test_a_separator_inside_long_texts_does_not_mislead_the_reader():
    text = "nom;notes\r\n" + "".join(f'Témoin {i};"a, b, c, d, e, f, g, h"\r\n' for i in range(30))
    table = read_table(text.encode("utf-8"))
    assert table.delimiter == ";" and table.header == ["nom", "notes"]


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "fichier binaire"),  # an image
    (b"%PDF-1.7\n" + bytes(range(1, 32)) * 4, "fichier binaire"),
    (b"PK\x03\x04\x14\x00", "est un classeur \\(XLSX ou ODS\\), pas un fichier CSV"),
    (b"  \r\n", "est vide"),
])
def test_images_pdfs_and_workbooks_are_refused_in_french(data, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_table(data, name="import.csv")
