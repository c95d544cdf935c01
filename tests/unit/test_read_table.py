"""spreadsheet.read_table: the one CSV reader for files people made (delimiter and encoding
found, line numbers kept, a binary file or a workbook refused in French)."""

import pytest

from ruralites.spreadsheet import TableError, read_table, to_csv_bytes, unneutralise

ROWS = [["Gaëlle Le Hénaff", "Association « Les Jardins », Plœmeur"], ["Loïc", "L'Œil & <b>"]]


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-8-sig", ","),  # what the app exports
    ("utf-8", ";"),  # LibreOffice, French settings
    ("cp1252", ";"),  # Excel on a French Windows, "CSV (séparateur : point-virgule)"
    ("utf-16", "\t"),  # Excel, "Texte Unicode"
])
def test_a_table_reads_back_whatever_its_encoding_and_delimiter(encoding, delimiter):
    text = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in row)
                       for row in [["nom", "organisation"], *ROWS]) + "\r\n"
    header, rows = read_table(text.encode(encoding))
    assert header == ["nom", "organisation"]
    assert [(line, list(cells.values())) for line, cells in rows] == [(2, ROWS[0]), (3, ROWS[1])]


def test_line_numbers_follow_the_file_across_blank_lines_and_multi_line_cells():
    header, rows = read_table(b'nom,notes\n\nA,"deux\nlignes"\nB,x\n')
    assert [(line, cells["nom"]) for line, cells in rows] == [(3, "A"), (5, "B")]


def test_a_short_row_reads_empty_cells_and_an_export_reads_back_neutralised():
    data = to_csv_bytes(["nom", "note"], [["=1+1", None], ["x"]])
    _, rows = read_table(data)
    assert [(unneutralise(c["nom"]), c["note"]) for _, c in rows] == [("=1+1", ""), ("x", "")]


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "^Ce fichier n'est pas un fichier texte CSV"),
    (b"%PDF-1.7\n" + bytes(range(1, 32)) * 4, "^Ce fichier n'est pas un fichier texte CSV"),
    (b"PK\x03\x04\x14\x00", "^Ce fichier est un classeur \\(XLSX ou ODS\\)"),
    (b"  \r\n", "^Le fichier est vide"),
    (b"nom\n" + b"x" * 200_000 + b'\n"', "^Ligne 2 : une cellule dépasse 131\u202f072 caractères"),
])
def test_what_is_not_a_readable_table_is_refused_in_french(data, message):
    with pytest.raises(TableError, match=message):
        read_table(data)
