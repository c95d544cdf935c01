"""The sign-in sheet (feuille d'émargement) of an evening: the people registered, by name, with a
box to tick and a column to sign, then numbered blank lines for those who come without
registering. The waiting list is left out, except those already ticked present. No contact
detail is printed: the sheet goes round the room."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ruralites import fr, text
from ruralites.evenings import EveningInfo, RegistrationRow
from ruralites.pdf.fonts import BOLD, register_fonts
from ruralites.pdf.glyphs import legible
from ruralites.pdf.styles import (
    INK,
    LIGHT,
    MUTED,
    RULE,
    PageInfo,
    numbered_canvas,
    para,
    stylesheet,
)

MARGIN = 15 * mm
ROW_HEIGHT = 11 * mm
MIN_BLANK_LINES = 10


def on_sheet(registrations: Sequence[RegistrationRow]) -> list[RegistrationRow]:
    """Who is printed: those with a place, and anyone already ticked present; by name."""
    kept = [r for r in registrations if not r.waiting or r.attended]
    return sorted(kept, key=lambda r: (text.fold(r.name), str(r.id)))


def _decorate(evening: EveningInfo):
    def decorate(canvas: Canvas, info: PageInfo) -> None:
        width, _ = A4
        family = register_fonts()
        canvas.setFont(family, 9)
        canvas.setFillColor(MUTED)
        line = legible(f"{evening.title} — {evening.commune_name} — "
                       f"{fr.short_date(evening.starts_at)}")
        room = width - 2 * MARGIN - 25 * mm
        while stringWidth(line, family, 9) > room:
            line = line[:-2] + "…"
        canvas.drawString(MARGIN, 9 * mm, line)
        canvas.drawRightString(width - MARGIN, 9 * mm, f"Page {info.number} / {info.total}")

    return decorate


def render_signin(evening: EveningInfo, registrations: Sequence[RegistrationRow], *,
                  blank_lines: int | None = None) -> bytes:
    """The sheet as PDF bytes; `blank_lines` for walk-ins (by default, what fills the last
    page, at least ten)."""
    styles = stylesheet(11)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=16 * mm, title=f"Feuille d'émargement — {evening.title} — "
                                    f"{evening.commune_name}",
        author="Ruralités", subject="Feuille d'émargement", creator="Ruralités", lang="fr-FR",
    )
    people = on_sheet(registrations)
    story = [
        para("Feuille d'émargement", styles["Title"]),
        para(f"{evening.kind_label} : {evening.title}", styles["Subtitle"]),
        para(f"{fr.long_date_time(evening.starts_at).capitalize()} — "
             + ", ".join(filter(None, (evening.place, evening.commune_name))), styles["Body"]),
    ]
    if evening.theme_label:
        story.append(para(f"Thème : {evening.theme_label}", styles["Body"]))
    story += [para(f"{fr.plural(len(people), 'personne inscrite', 'personnes inscrites')} ; "
                   "les personnes venues sans inscription signent sur les lignes libres.",
                   styles["Help"]), Spacer(1, 3 * mm)]
    story.append(_table(people, blank_lines, doc.width, doc.height, styles))
    doc.build(story, canvasmaker=numbered_canvas(_decorate(evening)))
    return buffer.getvalue()


def _table(people: list[RegistrationRow], blank_lines: int | None, width: float, height: float,
           styles) -> Table:
    cell = styles["Body"].clone("cell", spaceAfter=0, leading=13)
    head = styles["Body"].clone("head", fontName=BOLD, fontSize=10, leading=12, spaceAfter=0)
    rows: list[list] = [[Paragraph("N°", head), Paragraph("Nom et prénom", head),
                         Paragraph("Inscription", head), Paragraph("Présence", head),
                         Paragraph("Signature", head)]]
    for n, person in enumerate(people, start=1):
        how = "liste d'attente" if person.waiting else (
            "par l'équipe" if person.source == "staff" else "en ligne")
        rows.append([str(n), para(person.name, cell), how, "☐" if not person.attended else "☑", ""])
    if blank_lines is None:
        first_page = int((height - 50 * mm) // ROW_HEIGHT)
        per_page = int((height - 10 * mm) // ROW_HEIGHT)
        used = len(people) + 1
        room = first_page - used if used <= first_page else per_page - (used - first_page) % per_page
        blank_lines = max(MIN_BLANK_LINES, room)
    for n in range(len(people) + 1, len(people) + blank_lines + 1):
        rows.append([str(n), "", "sur place", "☐", ""])
    table = Table(rows, colWidths=[11 * mm, width - 11 * mm - 29 * mm - 25 * mm - 55 * mm,
                                   29 * mm, 25 * mm, 55 * mm],
                  rowHeights=[9 * mm] + [ROW_HEIGHT] * (len(rows) - 1), repeatRows=1)
    family = register_fonts()
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), family, 11),
        ("FONT", (2, 1), (2, -1), family, 9),
        ("FONT", (3, 1), (3, -1), family, 16),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("TEXTCOLOR", (2, 1), (2, -1), MUTED),
        ("ALIGN", (3, 0), (3, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("GRID", (0, 0), (-1, -1), 0.6, RULE),
    ]))
    return table
