"""The look shared by every PDF: French typography, paragraph styles, safe paragraphs, and the
page furniture ("Page n / N", copies of a document without laying it out again).

Safety rule: a `Paragraph` reads its text as markup, so user text always goes through `para`
(or `fmt_para` for a template written in this code base), which escapes it with
`xml.sax.saxutils.escape`: raw, `<bus>` vanishes, `Ponts&Chaussées` is mangled, an unclosed
`<b>` raises and `<img src=…>` opens a file on the server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ruralites.pdf.fonts import BOLD, ITALIC, register_fonts
from ruralites.pdf.glyphs import legible

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space: the French "espace fine insécable"

# reportlab breaks lines at U+202F (and draws it as a full space), but never at U+00A0: in
# PDFs the "fine" is a no-break space, so a "?" or a "»" never starts a line on its own.
PDF_SPACE = NBSP

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#2f6b4f")  # a quiet green, readable in black-and-white prints
LIGHT = colors.HexColor("#eef4f0")
RULE = colors.HexColor("#9aa5b1")

_SPACES = "[ \u00a0\u2009\u202f]"
# A mark after spaces, or right after a word when a space (or the end) follows it.
_BEFORE_MARK = re.compile(_SPACES + r"+([;:!?])|(?<=[\w)»])([;:!?])(?=[\s»)]|$)")
_OPEN_QUOTE = re.compile("«" + _SPACES + "*")
_CLOSE_QUOTE = re.compile(_SPACES + "*»")
# The space between groups of three digits: "2 000 habitants" never breaks after the 2.
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def french_typography(text: str, space: str = NNBSP) -> str:
    """Put a no-break `space` before ; : ! ? and inside « », and between groups of three digits,
    as French typography wants.

    Only spaces change: a space already there becomes `space`, and one is added where the mark
    follows a word directly (``"Oui!"`` → ``"Oui !"``). Times, URLs and e-mail addresses are left
    alone, since there the mark is not followed by a space.

    >>> print(french_typography("«Oui» : d'accord! À 18:30 sur https://x.fr?a=1", space="_"))
    «_Oui_»_: d'accord_! À 18:30 sur https://x.fr?a=1
    >>> print(french_typography("2 000 habitants, 12 300 votes, en 2019 2020", space="_"))
    2_000 habitants, 12_300 votes, en 2019 2020
    """
    text = _THOUSANDS.sub(space, text)
    text = _BEFORE_MARK.sub(lambda m: space + (m.group(1) or m.group(2)), text)
    text = _OPEN_QUOTE.sub("«" + space, text)
    return _CLOSE_QUOTE.sub(space + "»", text)


def esc(text: Any) -> str:
    """User (or any) text made safe for a `Paragraph`: what the font cannot draw (an emoji)
    becomes a word (`glyphs.legible`) instead of an empty box, French spacing, then escaped."""
    return escape(french_typography(legible(str(text)), PDF_SPACE).replace(NNBSP, PDF_SPACE))


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    """A paragraph showing `text` verbatim: nothing in it is read as markup."""
    return Paragraph(esc(text), style)


def markup(template: str, **values: Any) -> str:
    """Fill a markup `template` written in this code base (never user text) with escaped values.

    >>> markup("<b>{n}.</b> {label}", n=3, label="<img src=x>")
    '<b>3.</b> &lt;img src=x&gt;'
    """
    template = french_typography(template, PDF_SPACE).replace(NNBSP, PDF_SPACE)
    return template.format(**{key: esc(value) for key, value in values.items()})


def fmt_para(template: str, style: ParagraphStyle, **values: Any) -> Paragraph:
    """A paragraph from a trusted markup `template` and escaped `values` (see `markup`)."""
    return Paragraph(markup(template, **values), style)


def label_table(rows: Sequence[tuple[Any, Any]], label: ParagraphStyle, value: ParagraphStyle,
                *, label_width: float, width: float) -> Table:
    """A two-column table of labels and values (a form read back, a register entry), ruled
    between rows; every cell goes through `para`, an empty value prints as "—"."""
    table = Table([[para(name, label), para(text or "—", value)] for name, text in rows],
                  colWidths=[label_width, width - label_width])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return table


def stylesheet(body_size: float = 12) -> StyleSheet1:
    """The paragraph styles, DejaVu Sans throughout; `body_size` in points (≥ 11 for print).

    Names: Title, Subtitle, Heading1, Heading2, Body, Small, Help, Instruction, Question,
    Choice, Note, Footer.
    """
    family = register_fonts()
    size = body_size
    sheet = StyleSheet1()

    def add(name: str, parent: str = "Body", **options: Any) -> None:
        base = sheet[parent] if parent in sheet.byName else None
        sheet.add(ParagraphStyle(name, parent=base, **options))

    add("Body", fontName=family, fontSize=size, leading=size * 1.3, textColor=INK,
        spaceAfter=size * 0.3, bulletFontName=family)  # reportlab's default is Helvetica
    add("Title", fontName=BOLD, fontSize=size * 1.75, leading=size * 2.1, spaceAfter=size * 0.3,
        textColor=ACCENT)
    add("Subtitle", fontName=BOLD, fontSize=size * 1.15, leading=size * 1.45, textColor=INK,
        spaceAfter=size * 0.5)
    add("Heading1", fontName=BOLD, fontSize=size * 1.3, leading=size * 1.6, textColor=ACCENT,
        spaceBefore=size, spaceAfter=size * 0.4, keepWithNext=1)
    add("Heading2", fontName=BOLD, fontSize=size * 1.1, leading=size * 1.4, textColor=INK,
        spaceBefore=size * 0.6, spaceAfter=size * 0.3, keepWithNext=1)
    add("Question", fontName=BOLD, fontSize=size, leading=size * 1.3, spaceAfter=size * 0.15)
    add("Help", fontName=ITALIC, fontSize=max(11, size - 1), leading=max(11, size - 1) * 1.3,
        textColor=MUTED, spaceAfter=size * 0.15)
    add("Instruction", parent="Help")
    add("Choice", spaceAfter=0)
    add("Small", fontSize=max(9, size - 2), leading=max(9, size - 2) * 1.3, textColor=MUTED)
    add("Note", fontSize=max(11, size - 1), leading=max(11, size - 1) * 1.35)
    add("Footer", fontSize=9, leading=11, textColor=MUTED, alignment=TA_CENTER)
    return sheet


# --- page furniture ------------------------------------------------------------------------


@dataclass(frozen=True)
class PageInfo:
    """What a page decoration needs: the page's number (0 for an unnumbered page) and the page
    count of its copy, which copy it belongs to, and the data of the last `PageMark`."""

    number: int
    total: int
    copy: Any = None
    data: dict[str, Any] = field(default_factory=dict)


class PageMark(Flowable):
    """An invisible flowable: the pages from here on carry `data` for their decoration.

    `numbered=False` leaves a page out of the "Page n / N" count (a blank back page). Put it
    first on the page it should apply to.
    """

    def __init__(self, **data: Any):
        super().__init__()
        self.data = data
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._ruralites_mark = self.data


# What a canvas accumulates for the page it is drawing: copied when a page is drawn again.
_PAGE_ACCUMULATORS = ("_code", "_formsinuse", "_annotationrefs", "_colorsUsed", "_shadingUsed",
                      "_psCommandsAfterPage", "_psCommandsBeforePage")


def _page_state(state: dict, *, empty: bool = False) -> dict:
    state = dict(state)
    for key in _PAGE_ACCUMULATORS:
        value = state.get(key)
        if isinstance(value, list | dict):
            state[key] = type(value)() if empty else value.copy()
    return state


def numbered_canvas(decorate: Callable[[Canvas, PageInfo], None],
                    copies: Sequence[Any] = (None,), *,
                    pad_to_even: bool = False) -> type[Canvas]:
    """A canvas class (for `doc.build(..., canvasmaker=…)`) that holds the pages until the end,
    then calls `decorate(canvas, info)` on each, knowing the page count ("Page n / N").

    The pages laid out once are printed again for each of `copies` (a copy's sheet code, say:
    `info.copy`), which costs no new layout. With `pad_to_even`, a copy with an odd number of
    pages gets a blank back page, so that each copy starts on a new sheet in recto-verso.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._ruralites_pages: list[dict] = []
            self._ruralites_mark: dict[str, Any] = {}

        def showPage(self) -> None:  # noqa: N802 — reportlab's name
            self._ruralites_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = self._ruralites_pages
            if pad_to_even and len(pages) % 2 and len(copies) > 1:
                blank = _page_state(pages[-1], empty=True)
                pages.append({**blank, "_ruralites_mark": {"numbered": False}})
            marks = [state["_ruralites_mark"] for state in pages]
            numbered = [mark.get("numbered", True) for mark in marks]
            total = sum(numbered)
            for copy in copies:
                number = 0
                for state, mark, counted in zip(pages, marks, numbered, strict=True):
                    number += counted
                    self.__dict__.update(_page_state(state))
                    decorate(self, PageInfo(number if counted else 0, total, copy, mark))
                    super().showPage()
            super().save()

    return NumberedCanvas
