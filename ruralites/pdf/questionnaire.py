"""The paper questionnaire: an A4 PDF from a `Survey`, one printed copy per sheet code.

Each printed copy carries its own short sheet code (`22366-0042-E`) in the header of its pages,
so the paper data-entry screen can refuse the same sheet twice. The optional contact block is
printed on a sheet of its own, without the code: it is detached when the sheet comes back and
kept apart, so a name cannot be matched to the answers. With `recto_verso` (the default) every
copy and the contact sheet start on a front page, a blank back page being added when needed.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Indenter,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import DocIf

from ruralites import fr
from ruralites.pdf.fonts import BOLD, ITALIC, register_fonts
from ruralites.pdf.formparts import BOX, INDENT, AnswerBox, Choice, WritingLines
from ruralites.pdf.styles import (
    ACCENT,
    INK,
    LIGHT,
    MUTED,
    PageInfo,
    PageMark,
    markup,
    numbered_canvas,
    para,
    stylesheet,
)
from ruralites.surveys import Question, Section, Survey
from ruralites.surveys.sheets import check_sheet_code, sheet_codes

__all__ = ["check_sheet_code", "questionnaire_flowables", "render_paper_pdf", "sheet_codes"]

PAGE_MARGIN = 15 * mm
_EDGE = PAGE_MARGIN + 6  # where the text starts: reportlab's frames pad by 6 points

# --- page breaks ---------------------------------------------------------------------------

class _IfOnBackPage(DocIf):
    """At the top of a page: if it is an even page (the back of a sheet), fill it with `block`."""

    def __init__(self, block: list[Flowable]):
        super().__init__("", block)

    def funcWrap(self, available_width: float, available_height: float) -> bool:  # noqa: N802
        return self._doctemplateAttr("page") % 2 == 0


# --- the questionnaire ---------------------------------------------------------------------

LONG_TEXT_LINES = 4
LONG_LIST = 4  # choices from which a list may wrap its labels to take two columns


class _Form:
    """Builds the flowables of one copy; the same for every copy (only the header differs)."""

    def __init__(self, survey: Survey, commune_name: str | None, lang: str, width: float):
        self.survey, self.commune_name, self.lang, self.width = survey, commune_name, lang, width
        self.styles = stylesheet(12)
        self.main = [s for s in survey.sections if not s.personal]
        self.contact = [s for s in survey.sections if s.personal]  # printed last, on its own
        printed = [q for section in self.main + self.contact for q in section.questions]
        self.numbers = {q.id: n for n, q in enumerate(printed, start=1)}
        self._add_styles()

    def _add_styles(self) -> None:
        s = self.styles
        s["Question"].leftIndent = INDENT
        s["Question"].bulletIndent = 0
        s["Question"].bulletFontName = BOLD
        s["Question"].bulletFontSize = s["Question"].fontSize
        s["Question"].spaceAfter = 1 * mm
        for name in ("Help", "Instruction", "Note"):
            # As large as the body and in dark ink: read by elderly people, and photocopied in
            # black and white, where a light grey fades away.
            s[name].fontSize = s["Body"].fontSize
            s[name].leading = s["Body"].fontSize * 1.25
            s[name].textColor = INK
        for name in ("Help", "Instruction"):
            s[name].leftIndent = INDENT
        s["Choice"].leading = 14.5
        s["Heading1"].spaceBefore = 2 * mm
        s["Heading1"].textColor = INK  # black on a photocopy, like the rest
        s["Title"].textColor = INK

    # texts

    def text(self, value) -> str:
        return value(self.lang)

    def commune_line(self) -> str | None:
        if not self.commune_name:
            return None
        elided = self.commune_name[:1].upper() in "AEIOUYÂÊÎÔÛÉÈ"
        return ("Commune d’" if elided else "Commune de ") + self.commune_name

    # story

    def story(self, recto_verso: bool) -> list[Flowable]:
        """The flowables of one copy (every copy is the same but for its sheet code)."""
        story: list[Flowable] = self.opening(bool(self.contact))
        for section in self.main:
            story += self.section(section)
        if self.contact:
            story.append(PageBreak())
            if recto_verso:  # the contact sheet is a sheet of its own
                story.append(_IfOnBackPage([PageMark(numbered=False), PageBreak()]))
            story.append(PageMark(contact=True))
            for index, section in enumerate(self.contact):
                story += self.section(section, note=self.contact_note() if index == 0 else None)
        return story

    def opening(self, has_contact: bool) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [para(self.text(self.survey.title), s["Title"])]
        if self.commune_line():
            story.append(para(self.commune_line(), s["Subtitle"]))
        description = self.text(self.survey.description)
        if description:
            story.append(para(description, s["Body"]))
        minutes = self.survey.estimated_minutes()
        duration = "" if "minute" in description.lower() else (
            f"Environ {minutes} minute{'s' if minutes > 1 else ''}. ")
        where = ", sauf sur la feuille de contact si vous le souhaitez" if has_contact else ""
        points = [
            markup("<b>{duration}Vos réponses sont anonymes :</b> n’écrivez votre nom nulle "
                   "part{where}.", duration=duration, where=where),
            markup("Cochez les cases qui vous correspondent, comme ceci : "
                   "<font name='{bold}'>☒</font>, et écrivez sur les lignes.", bold=BOLD),
        ]
        if any(q.required for q in self.survey.questions()):
            points.append(markup("Les questions avec une étoile (*) sont importantes ; vous "
                                 "pouvez passer les autres."))
        points.append(markup("<b>Une fois rempli</b>, rendez ce questionnaire à la mairie ou "
                             "à l’équipe qui vous l’a remis. Merci !"))
        bullet = s["Note"].clone("NoteBullet", leftIndent=4 * mm, bulletIndent=0)
        note = [Paragraph(point, bullet, bulletText="•") for point in points]
        story += [Spacer(1, 2 * mm), _shaded(note, self.width), Spacer(1, 2 * mm)]
        return story

    def contact_note(self) -> Flowable:
        s = self.styles
        note = [Paragraph(markup(
            "<b>Feuille à part.</b> Dès que nous la recevons, cette feuille est séparée de "
            "votre questionnaire et rangée à part : vos réponses restent anonymes. Elle ne "
            "porte pas le numéro de votre questionnaire. Remplissez-la seulement si vous le "
            "souhaitez."), s["Note"])]
        return _shaded(note, self.width)

    def section(self, section: Section, note: Flowable | None = None) -> list[Flowable]:
        s = self.styles
        head: list[Flowable] = [para(self.text(section.title), s["Heading1"])]
        if note is not None:
            head += [note, Spacer(1, 2 * mm)]
        if self.text(section.help):
            head.append(para(self.text(section.help), s["Help"]))
        head.append(Spacer(1, 1 * mm))
        questions = [self.question(q) for q in section.questions]
        if not questions:
            return head
        # A heading never ends a page: it stays with its first question.
        return [KeepTogether(head + questions[0]), *(KeepTogether(q) for q in questions[1:])]

    def question(self, question: Question) -> list[Flowable]:
        s = self.styles
        parts: list[Flowable] = []
        if question.show_if:
            parts.append(para("→ " + self.condition(question), s["Instruction"]))
        hint = self.hint(question)
        label = markup("{label}{star}", label=self.text(question.label),
                       star=" *" if question.required else "")
        if hint:
            label += markup(" <font name='{italic}'>({hint})</font>", italic=ITALIC, hint=hint)
        parts.append(Paragraph(label, s["Question"], bulletText=f"{self.numbers[question.id]}."))
        if self.text(question.help):
            parts.append(para(self.text(question.help), s["Help"]))
        parts += [Spacer(1, 1.5 * mm), Indenter(left=INDENT), *self.answer_area(question),
                  Indenter(left=-INDENT), Spacer(1, 2.5 * mm)]
        return parts

    def hint(self, question: Question) -> str:
        if question.type in ("single_choice", "scale"):
            return "une seule réponse"
        if question.type == "multiple_choice":
            return "plusieurs réponses possibles"
        if question.type == "ranking":
            return (f"numérotez de 1 à {len(question.choices)}, 1 pour ce qui compte le plus ; "
                    "vous pouvez n’en numéroter que quelques-uns")
        return ""

    def condition(self, question: Question) -> str:
        condition = question.show_if
        assert condition is not None
        earlier = self.survey.question(condition.question)
        number = self.numbers[earlier.id]
        if condition.operator == "is_yes":
            return f"Si vous avez répondu « Oui » à la question {number} :"
        if condition.operator == "answered":
            return f"Si vous avez répondu à la question {number} :"
        labels = []
        for value in condition.values:
            choice = earlier.choice(value)
            labels.append(self.text(choice.label) if choice else value)
        verb = "coché" if earlier.type == "multiple_choice" else "répondu"
        quoted = " ou ".join(f"« {label} »" for label in labels)
        return f"Si vous avez {verb} {quoted} à la question {number} :"

    # answer areas

    def answer_area(self, question: Question) -> list[Flowable]:
        width = self.width - INDENT
        kind = question.type
        if kind in ("single_choice", "multiple_choice"):
            return self.choices(question, width)
        if kind == "ranking":
            box = dict(width=10 * mm, height=7 * mm)
            return [self.grid([self.choice(self.text(c.label), box=box) for c in question.choices],
                              width, columns=1)]
        if kind == "yes_no":
            return [self.grid([self.choice("Oui"), self.choice("Non")], 60 * mm, columns=2)]
        if kind == "scale":
            return [self.scale(question, width)]
        if kind == "number":
            return [self.number(question)]
        if kind == "short_text":
            limit = question.max_length or 300
            return [WritingLines(1 if limit <= 200 else 2)]
        return [WritingLines(LONG_TEXT_LINES)]

    def choice(self, label: str, *, box: dict | None = None, line_after: bool = False) -> Choice:
        style = self.styles["Choice"]
        answer_box = AnswerBox(leading=style.leading, **(box or {}))
        return Choice(para(label, style), box=answer_box, line_after=line_after)

    def choices(self, question: Question, width: float) -> list[Flowable]:
        labels = [self.text(c.label) for c in question.choices]
        style = self.styles["Choice"]
        widest = max(stringWidth(label, style.fontName, style.fontSize) for label in labels)
        # As many columns as keep every label on one line (a list reads best in one column);
        # a long list goes in two columns if no label then takes more than two lines.
        columns = next(c for c in (4, 3, 2, 1)
                       if c == 1 or (c <= len(labels) and widest <= width / c - _CHOICE_CHROME))
        if columns == 1 and len(labels) >= LONG_LIST and widest <= 1.95 * (width / 2 - _CHOICE_CHROME):
            columns = 2
        items: list[Flowable] = [self.choice(label) for label in labels]
        other = self.choice("Autre (précisez) :", line_after=True) if question.other else None
        if other is not None and columns == 2 and len(items) % 2:
            return [self.grid([*items, other], width, columns)]  # in the empty last cell
        parts: list[Flowable] = [self.grid(items, width, columns)]
        if other is not None:
            parts.append(Table([[other]], colWidths=[width], style=_GRID_STYLE, hAlign="LEFT"))
        return parts

    def grid(self, items: Sequence[Flowable], width: float, columns: int) -> Table:
        """Items in `columns` columns: read down two columns, across three or more."""
        rows = -(-len(items) // columns)
        if columns >= 3:
            cells = [list(items[r * columns:(r + 1) * columns]) for r in range(rows)]
        else:
            cells = [[items[c * rows + r] if c * rows + r < len(items) else ""
                      for c in range(columns)] for r in range(rows)]
        for row in cells:
            row += [""] * (columns - len(row))
        return Table(cells, colWidths=[width / columns] * columns, style=_GRID_STYLE,
                     hAlign="LEFT")

    def scale(self, question: Question, width: float) -> Table:
        """One row: the low end's meaning, the numbered boxes, the high end's meaning."""
        s = self.styles
        low, high = int(question.min), int(question.max)  # the format sets both for a scale
        points = high - low + 1
        number_style = s["Choice"].clone("ScaleNumber", fontName=BOLD, alignment=1)
        end = s["Choice"].clone("ScaleEnd", alignment=2)
        ends = [para(self.text(question.min_label), end),
                para(self.text(question.max_label), s["Choice"])]
        # Each end's meaning on at most a few lines beside its box; the boxes share the rest.
        natural = max(stringWidth(self.text(label), end.fontName, end.fontSize)
                      for label in (question.min_label, question.max_label)) + 3 * mm
        label_width = min(natural, 34 * mm)
        column = min(13 * mm, (width - 2 * label_width) / points)
        cells = [
            [""] + [Paragraph(str(value), number_style) for value in range(low, high + 1)] + [""],
            [ends[0]] + [AnswerBox(6 * mm, 6 * mm) for _ in range(points)] + [ends[1]],
        ]
        style = TableStyle([
            ("ALIGN", (1, 0), (-2, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ])
        return Table(cells, colWidths=[label_width] + [column] * points + [label_width],
                     style=style, hAlign="LEFT")

    def number(self, question: Question) -> Table:
        s = self.styles
        digits = len(str(int(question.max))) if question.max is not None else 4
        box = AnswerBox(max(16 * mm, (digits + 1) * 5 * mm), 8 * mm)
        low, high = question.min, question.max
        hint = "en chiffres"
        if low is not None and high is not None:
            hint += f", de {fr.number(low)} à {fr.number(high)}"
        return Table([[box, para(f"({hint})", s["Help"].clone("NumberHint", leftIndent=0))]],
                     colWidths=[box.box_width + 3 * mm, None], hAlign="LEFT",
                     style=TableStyle([*_GRID_STYLE.getCommands(),
                                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))


_GRID_STYLE = TableStyle([
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
    ("TOPPADDING", (0, 0), (-1, -1), 0.7 * mm),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0.7 * mm),
])
_CHOICE_CHROME = BOX + 2.5 * mm + 3 * mm + 1  # box, gap, cell padding: what a label lacks


def _hex(color) -> str:
    return "#" + color.hexval()[2:]


def _shaded(flowables: list[Flowable], width: float) -> Table:
    return Table([[flowables]], colWidths=[width], style=TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
        ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
    ]))


# --- page furniture and the document -------------------------------------------------------


def _decorate(survey: Survey, commune_name: str | None):
    family = register_fonts()
    width, height = A4
    top = height - 11 * mm
    bottom = 10 * mm

    def decorate(canvas: Canvas, page: PageInfo) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        if not page.number:
            canvas.setFont(family, 10)
            canvas.drawCentredString(width / 2, height / 2, "Page laissée blanche")
            canvas.restoreState()
            return
        canvas.setFont(family, 9)
        left = "Ruralités" + (f" · {commune_name}" if commune_name else "")
        canvas.drawString(_EDGE, top - 1 * mm, left)
        canvas.drawString(_EDGE, bottom,
                          f"Questionnaire « {survey.id} » · version {survey.version}")
        canvas.setFont(family, 10)
        canvas.setFillColor(INK)
        canvas.drawRightString(width - _EDGE, bottom, f"Page {page.number} / {page.total}")
        right = width - _EDGE
        if page.data.get("contact"):
            _header_label(canvas, right, top, "Feuille de contact, rangée à part")
        elif page.copy:
            _header_label(canvas, right, top, "N° de feuille :", code=page.copy)
        else:
            _header_label(canvas, right, top, "N° de feuille :", write_in=32 * mm)
        canvas.restoreState()

    return decorate


def _header_label(canvas: Canvas, right: float, top: float, label: str, *,
                  code: str | None = None, write_in: float = 0) -> None:
    """A label and the sheet code (or `write_in` room to write it by hand), framed, at the
    top right of a page."""
    family = register_fonts()
    label_width = canvas.stringWidth(label + " ", family, 10)
    code_width = canvas.stringWidth(code, BOLD, 13) if code else write_in
    box_width = label_width + code_width + 6 * mm
    x, y = right - box_width, top - 3 * mm
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    canvas.roundRect(x, y, box_width, 7.5 * mm, 1.5, stroke=1, fill=0)
    canvas.setFillColor(INK)
    canvas.setFont(family, 10)
    canvas.drawString(x + 3 * mm, y + 2.4 * mm, label)
    if code:
        canvas.setFont(BOLD, 13)
        canvas.drawString(x + 3 * mm + label_width, y + 2.2 * mm, code)


def render_paper_pdf(survey: Survey, *, commune_name: str | None = None,
                     sheet_codes: Sequence[str] | None = None, lang: str = "fr",
                     recto_verso: bool = True) -> bytes:
    """The A4 paper questionnaire as PDF bytes: one copy per sheet code, each page numbered
    within its copy; without codes, one copy with a blank "N° de feuille" box to fill in.

    `lang` picks the questionnaire's translation (French as fallback); the instructions stay
    in French. Raises `ValueError` (French) for an invalid or repeated sheet code.
    """
    if sheet_codes is None:
        codes: list[str | None] = [None]
    else:
        codes = [check_sheet_code(code) for code in sheet_codes]
        if not codes:
            raise ValueError("Aucun code de feuille : indiquez au moins une feuille à imprimer.")
        repeated = sorted(code for code, count in Counter(codes).items() if count > 1)
        if repeated:
            raise ValueError(f"Code de feuille en double : {', '.join(repeated)}. Chaque "
                             "feuille imprimée doit avoir son propre code.")
    register_fonts()
    buffer = io.BytesIO()
    title = survey.title(lang) + (f" — {commune_name}" if commune_name else "")
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
        topMargin=19 * mm, bottomMargin=15 * mm, title=title, author="Ruralités",
        subject="Questionnaire papier", creator="Ruralités", lang="fr-FR" if lang == "fr"
        else f"{lang}-FR",
    )
    story = _Form(survey, commune_name, lang, doc.width).story(recto_verso)
    canvas = numbered_canvas(_decorate(survey, commune_name), codes, pad_to_even=recto_verso)
    doc.build(story, canvasmaker=canvas)
    return buffer.getvalue()


def questionnaire_flowables(survey: Survey, width: float, *, commune_name: str | None = None,
                            lang: str = "fr") -> list[Flowable]:
    """The flowables of one blank copy, for a document that lays them out in its own pages
    and header (the capitalisation guide's annex): the same rendering as the paper copy."""
    register_fonts()
    return _Form(survey, commune_name, lang, width).story(recto_verso=False)
