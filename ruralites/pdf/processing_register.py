"""The register of processing as a PDF: one block per processing, French typography, every
text escaped (DESIGN.md §8)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

from ruralites import fr
from ruralites.pdf.fonts import register_fonts
from ruralites.pdf.styles import MUTED, PageInfo, label_table, numbered_canvas, para, stylesheet
from ruralites.privacy.register import Processing

MARGIN = 18 * mm
FIELDS = (("Finalité", "purpose"), ("Base légale", "legal_basis"),
          ("Personnes concernées", "people"), ("Données", "data"), ("Qui y a accès", "access"),
          ("Durée de conservation", "retention"))


def _decorate(canvas: Canvas, info: PageInfo) -> None:
    width, _ = A4
    canvas.setFont(register_fonts(), 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, 10 * mm, "Registre des traitements — Ruralités")
    canvas.drawRightString(width - MARGIN, 10 * mm, f"Page {info.number} / {info.total}")


def render_register(processings: Sequence[Processing], *, organisation: str = "le pôle ESS") -> bytes:
    styles = stylesheet(11)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=18 * mm,
                            title="Registre des traitements — Ruralités", author="Ruralités",
                            subject="Registre des activités de traitement (RGPD, article 30)",
                            creator="Ruralités", lang="fr-FR")
    story = [para("Registre des traitements", styles["Title"]),
             para(f"Application Ruralités, tenue par {organisation} — établi le "
                  f"{fr.long_date(fr.today_in_france())} à partir de sa configuration.",
                  styles["Help"]), Spacer(1, 4 * mm)]
    label = styles["Body"].clone("label", fontSize=10, leading=13, textColor=MUTED)
    cell = styles["Body"].clone("cell", fontSize=10, leading=13, spaceAfter=0)
    for n, p in enumerate(processings, start=1):
        table = label_table([(name, getattr(p, attr)) for name, attr in FIELDS], label, cell,
                            label_width=42 * mm, width=doc.width)
        story.append(KeepTogether([para(f"{n}. {p.name}", styles["Heading1"]), table,
                                   Spacer(1, 5 * mm)]))
    doc.build(story, canvasmaker=numbered_canvas(_decorate))
    return buffer.getvalue()
