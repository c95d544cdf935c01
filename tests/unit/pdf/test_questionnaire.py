"""The paper questionnaire (PDF), its sheet codes, and the shared PDF typography.

PDFs are read back with pypdf: a test asserts the text a respondent or a staff member would
read on the printed page.
"""

import io
import re
from pathlib import Path

import pypdf
import pytest

from ruralites.pdf.fonts import FAMILY, register_fonts
from ruralites.pdf.questionnaire import check_sheet_code, render_paper_pdf, sheet_codes
from ruralites.pdf.styles import NNBSP, french_typography, markup, para, stylesheet
from ruralites.surveys import load_survey
from ruralites.surveys.sheets import CHECK_LETTERS

ROOT = Path(__file__).resolve().parents[3]
DEFAULT = ROOT / "surveys" / "ecoute-habitants.yaml"
ALL_TYPES = ROOT / "tests" / "fixtures" / "surveys" / "tous-les-types.yaml"
EDGE_CASES = ROOT / "tests" / "fixtures" / "paper" / "cas-limites.yaml"
CODE = re.compile(r"\b\d[\dAB]\d{3}-\d{4,6}-[A-Z]\b")


def normalise(text: str) -> str:
    """Spaces as a reader sees them: line breaks and no-break spaces are spaces, French spacing
    before ; : ! ? » and after « is ignored (the PDF adds it)."""
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text)
    text = re.sub(r" ([;:!?»])", r"\1", text)
    return text.replace("« ", "«").strip()


def pages_text(pdf: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def default_survey():
    return load_survey(DEFAULT)


@pytest.fixture(scope="module")
def two_copies(default_survey):
    codes = sheet_codes("22366", 41, 2)
    return codes, render_paper_pdf(default_survey, commune_name="Trémel", sheet_codes=codes)


# --- the printed questionnaire -------------------------------------------------------------


def test_every_question_of_the_default_questionnaire_is_printed_with_its_number(two_copies,
                                                                                default_survey):
    _, pdf = two_copies
    text = " ".join(pages_text(pdf))
    for number, question in enumerate(default_survey.questions(), start=1):
        assert normalise(question.label()) in text, question.id
        assert f"{number}. {normalise(question.label())}" in text, question.id
    for section in default_survey.sections:
        assert normalise(section.title()) in text


def test_the_commune_title_and_intro_are_on_the_first_page(two_copies):
    first = pages_text(two_copies[1])[0]
    assert "Questionnaire d'écoute des habitants" in first
    assert "Commune de Trémel" in first
    assert "Vos réponses sont anonymes" in first
    assert "rendez ce questionnaire à la mairie" in first
    assert not re.search("[\x7f\ufffd]", first), "a glyph is missing from the embedded font"


def test_each_copy_has_its_sheet_code_on_every_questionnaire_page_and_none_on_the_contact_sheet(
        two_copies):
    codes, pdf = two_copies
    pages = pages_text(pdf)
    assert len(pages) % 2 == 0, "each copy starts on a new sheet in recto-verso"
    copies = [pages[: len(pages) // 2], pages[len(pages) // 2:]]
    for code, copy in zip(codes, copies, strict=True):
        printed = [page for page in copy if "Page laissée blanche" not in page]
        total = len(printed)
        for number, page in enumerate(printed, start=1):
            assert f"Page {number} / {total}" in page
            if "Feuille de contact" in page:
                assert not CODE.search(page), "the contact sheet must not link a name to answers"
            else:
                assert CODE.findall(page) == [code], f"page {number} of {code}"
        assert "Feuille de contact" in printed[-1] and "rangée à part" in printed[-1]


def _text_runs(page) -> list[tuple[float, float]]:
    """(font size, contrast against white paper) of each piece of text drawn on a page."""
    content = pypdf.generic.ContentStream(page.get_contents(), page.pdf)
    fill, size, runs = (0.0, 0.0, 0.0), 0.0, []
    for operands, operator in content.operations:
        if operator == b"rg":
            fill = tuple(float(v) for v in operands)
        elif operator == b"g":
            fill = (float(operands[0]),) * 3
        elif operator == b"Tf":
            size = float(operands[1])
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            runs.append((size, _contrast_with_white(fill)))
    return runs


def _contrast_with_white(rgb) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_the_default_questionnaire_fits_on_four_sides_at_twelve_points_or_more(two_copies):
    """For people who will not use a screen: one sheet folded or two printed recto-verso, the
    contact sheet apart; every text a respondent reads is 12 pt or more."""
    pages = pypdf.PdfReader(io.BytesIO(two_copies[1])).pages
    first_copy = pages[: len(pages) // 2]
    questions = [page for page in first_copy if "Feuille de contact" not in page.extract_text()
                 and "Page laissée blanche" not in page.extract_text()]
    assert len(questions) <= 4
    runs = [run for page in questions for run in _text_runs(page)]
    assert len(runs) > 100  # the questionnaire itself, not an empty page
    furniture = [size for size, _ in runs if size < 12]  # the header and footer lines only
    assert len(furniture) <= 5 * len(questions), sorted(set(furniture))


def test_every_text_stays_readable_on_a_black_and_white_photocopy(two_copies):
    """No light grey or pale colour: a photocopy turns colours to greys. Body text is near
    black (contrast ≥ 10:1 with the paper), the page furniture at least 4.5:1."""
    pages = pypdf.PdfReader(io.BytesIO(two_copies[1])).pages
    runs = [run for page in pages for run in _text_runs(page)]
    assert min(contrast for size, contrast in runs if size >= 12) >= 10
    assert min(contrast for _, contrast in runs) >= 4.5


def test_the_contact_sheet_starts_on_a_front_page_so_it_can_be_detached(two_copies):
    pages = pages_text(two_copies[1])
    contact = next(i for i, page in enumerate(pages) if "Feuille de contact" in page)
    assert contact % 2 == 0  # 0-based: an odd page number, the front of a sheet


def test_single_sided_printing_adds_no_blank_page(default_survey):
    pages = pages_text(render_paper_pdf(default_survey, sheet_codes=sheet_codes("22366", 1, 2),
                                        recto_verso=False))
    assert not any("Page laissée blanche" in page for page in pages)
    assert sum("Page 1 /" in page for page in pages) == 2


def test_answer_instructions_are_printed_in_plain_french(two_copies):
    text = " ".join(pages_text(two_copies[1]))
    assert "(une seule réponse)" in text
    assert "(plusieurs réponses possibles)" in text
    assert "Autre (précisez):" in text
    assert "Si vous avez répondu «Oui» à la question 14:" in text  # show_if, as an instruction
    assert "Si vous avez répondu «Oui» à la question 20:" in text
    assert "Jamais" in text and "Très souvent" in text  # the scale's ends


def test_all_question_types_print_in_french_and_in_breton():
    survey = load_survey(ALL_TYPES)
    for lang in ("fr", "br"):
        text = " ".join(pages_text(render_paper_pdf(survey, lang=lang)))
        for question in survey.questions():
            assert normalise(question.label(lang)) in text, (lang, question.id)
    text = " ".join(pages_text(render_paper_pdf(survey)))
    assert "numérotez de 1 à 3" in text  # ranking
    assert "en chiffres, de 1 à 20" in text  # number
    assert "Si vous avez coché «Au café» ou «Autre (précisez)» à la question 3" in text
    assert "Si vous avez répondu «Moins de 18 ans» à la question 1" in text


def test_without_codes_one_copy_has_a_box_to_write_the_sheet_number():
    pages = pages_text(render_paper_pdf(load_survey(ALL_TYPES)))
    assert all("N° de feuille:" in page for page in pages if "Feuille de contact" not in page)
    assert not any(CODE.search(page) for page in pages)
    assert "Page 1 / " in pages[0]


def test_texts_that_look_like_markup_print_verbatim():
    survey = load_survey(EDGE_CASES)
    text = " ".join(pages_text(render_paper_pdf(survey, commune_name="Ponts&Chaussées <b>")))
    for expected in ("Essai <b>gras & «guillemets»", "Ponts&Chaussées <img src=x> et œuvre, 10 €",
                     "Question <b>piège & <img src=x> </b> <bus>", "Aide <i>non fermée & x < y",
                     "<b>A", "B & C", "Section <i>", "Commune de Ponts&Chaussées <b>",
                     "Si vous avez répondu «<b>A» ou «B & C» à la question 2"):
        assert normalise(expected) in text, expected


def test_the_contact_block_prints_last_whatever_its_place_in_the_file():
    pages = pages_text(render_paper_pdf(load_survey(EDGE_CASES), recto_verso=False))
    assert "Feuille de contact" in pages[-1] and "5. Acceptez-vous" in pages[-1]
    assert "Si vous avez répondu «Oui» à la question 5" in pages[-1]
    assert "1. De 0 à 10" in pages[0]
    assert "0 1 2 3 4 5 6 7 8 9 10" in pages[0]  # a 0–10 scale starts at 0
    assert "de 0,5 à 1 500" in pages[0]


def test_pdf_has_a_title_an_author_the_french_language_and_the_embedded_font(two_copies):
    reader = pypdf.PdfReader(io.BytesIO(two_copies[1]))
    assert reader.metadata.title == "Questionnaire d'écoute des habitants — Trémel"
    assert reader.metadata.author == "Ruralités"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    fonts = {str(font["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()
             if "/BaseFont" in font}
    assert any("DejaVuSans" in font for font in fonts), fonts


def test_render_refuses_a_repeated_or_invalid_sheet_code(default_survey):
    code = sheet_codes("22366", 1, 1)[0]
    with pytest.raises(ValueError, match="Code de feuille en double"):
        render_paper_pdf(default_survey, sheet_codes=[code, code.lower()])
    with pytest.raises(ValueError, match="lettre de contrôle"):
        render_paper_pdf(default_survey, sheet_codes=["22366-0001-A" if code[-1] != "A"
                                                      else "22366-0001-B"])
    with pytest.raises(ValueError, match="Aucun code de feuille"):
        render_paper_pdf(default_survey, sheet_codes=[])


# --- sheet codes ---------------------------------------------------------------------------


def test_sheet_codes_are_numbered_readable_and_check_themselves():
    codes = sheet_codes("22366", 41, 3)
    assert [code[:10] for code in codes] == ["22366-0041", "22366-0042", "22366-0043"]
    assert all(code[-1] in CHECK_LETTERS and code[-2] == "-" for code in codes)
    assert [check_sheet_code(code) for code in codes] == codes
    assert sheet_codes("2a004", 1, 1)[0].startswith("2A004-0001-")  # Corsica


@pytest.mark.parametrize("typed", [
    "{code}",  # as printed
    "{lower}",  # lower case
    " {spaced} ",  # spaces instead of dashes, around too
    "{compact}",  # no dashes at all
    "{oh}",  # the letter O typed for the digit 0
])
def test_a_sheet_code_is_read_back_whatever_the_typing(typed):
    code = sheet_codes("22366", 42, 1)[0]
    forms = {"code": code, "lower": code.lower(), "spaced": code.replace("-", " "),
             "compact": code.replace("-", ""), "oh": code.replace("0", "O")}
    assert check_sheet_code(typed.format(**forms)) == code


@pytest.mark.parametrize("typed, message", [
    ("", "Code de feuille vide"),
    ("abc", "mal formé"),
    ("22366-0042", "mal formé"),  # check letter missing
    ("22366-42-E", "mal formé"),  # number too short
    ("223-0042-E", "mal formé"),  # not a commune code
    ("22366-0000-A", "mal formé"),  # sheets are numbered from 1
])
def test_a_malformed_sheet_code_is_refused_in_french(typed, message):
    with pytest.raises(ValueError, match=message):
        check_sheet_code(typed)


def test_every_single_typo_and_every_swap_of_neighbours_is_caught():
    for code in sheet_codes("22366", 1, 60) + sheet_codes("2B033", 995, 10):
        letters = code.replace("-", "")
        payload, check = letters[:-1], letters[-1]
        for i, char in enumerate(payload):
            for other in "0123456789":
                if other != char and not (i == 1 and payload[:2] in ("2A", "2B")):
                    typo = payload[:i] + other + payload[i + 1:]
                    _assert_refused(typo + check, code)
            if i + 1 < len(payload) and payload[i] != payload[i + 1]:
                swapped = payload[:i] + payload[i + 1] + payload[i] + payload[i + 2:]
                _assert_refused(swapped + check, code)
        for other in CHECK_LETTERS.replace(check, ""):
            _assert_refused(payload + other, code)


def _assert_refused(typed: str, code: str) -> None:
    try:
        read = check_sheet_code(typed)
    except ValueError:
        return
    pytest.fail(f"{typed} (a typo of {code}) was read as {read}")


def test_sheet_codes_refuse_a_bad_commune_or_range():
    with pytest.raises(ValueError, match="Code commune mal formé"):
        sheet_codes("2236", 1, 1)
    with pytest.raises(ValueError, match="numéros de feuille"):
        sheet_codes("22366", 0, 1)
    with pytest.raises(ValueError, match="numéros de feuille"):
        sheet_codes("22366", 999_999, 2)
    assert sheet_codes("22366", 5, 0) == []


# --- fonts and typography ------------------------------------------------------------------


def test_fonts_register_once_and_cover_french():
    assert register_fonts() == FAMILY
    assert register_fonts() == FAMILY  # idempotent
    style = stylesheet()["Body"]
    assert style.fontName == FAMILY and style.fontSize >= 11


@pytest.mark.parametrize("text, expected", [
    ("Quel âge avez-vous ?", "Quel âge avez-vous_?"),  # the space before ? becomes no-break
    ("Oui!", "Oui_!"),  # a missing space is added
    ("Note : ceci ; cela", "Note_: ceci_; cela"),
    ("«Bonjour»", "«_Bonjour_»"),
    ("« Bonjour »", "«_Bonjour_»"),
    ("Quoi ?!", "Quoi_?!"),  # one space for the group
    ("À 18:30 sur https://x.fr/a?b=1", "À 18:30 sur https://x.fr/a?b=1"),  # left alone
    ("moins de 2 000 habitants", "moins de 2_000 habitants"),  # a number never breaks
    ("1 234 567 votes", "1_234_567 votes"),
    ("en 2019 2020, 3 ou 4", "en 2019 2020, 3 ou 4"),  # two years, two numbers: left alone
])
def test_french_typography(text, expected):
    assert french_typography(text, space="_") == expected
    assert NNBSP in french_typography("Oui ?")  # the default is the narrow no-break space


def test_para_and_markup_escape_every_value():
    paragraph = para("<b>Ponts&Chaussées <img src=x>", stylesheet()["Body"])
    assert "&lt;b&gt;Ponts&amp;Chaussées &lt;img src=x&gt;" in paragraph.text
    assert markup("<b>{n}.</b> {label}", n=3, label="<i>") == "<b>3.</b> &lt;i&gt;"
