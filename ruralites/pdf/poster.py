"""The A4 poster of an evening, to pin up at the mairie, the bakery, the school gate: what, when,
where, the theme of an inspiring evening and the witnesses who confirmed, and a QR code to
register (or, for a listening evening, to answer the questionnaire at once). Large type, read
from a few metres away; everything on one page, however long the texts typed.

Every text typed by a person goes through `para` (escaped): a venue such as
« Salle <Ar Vro> & co » prints as typed."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepInFrame, SimpleDocTemplate, Spacer, Table, TableStyle

from ruralites import fr
from ruralites.evenings import EveningInfo
from ruralites.pdf.fonts import BOLD, ITALIC, register_fonts
from ruralites.pdf.styles import ACCENT, INK, LIGHT, MUTED, para

MARGIN = 16 * mm
QR_SIZE = 72 * mm
CAPTIONS = {
    "register": "Inscrivez-vous : scannez ce code avec l'appareil photo de votre téléphone.",
    "answer": "Donnez votre avis dès maintenant : scannez ce code pour répondre au questionnaire.",
}


def _styles() -> dict[str, ParagraphStyle]:
    family = register_fonts()

    def style(name: str, size: float, font: str = family, color=INK, **options) -> ParagraphStyle:
        options = {"alignment": TA_CENTER} | options
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.18,
                              textColor=color, **options)

    return {
        "kind": style("kind", 24, BOLD, ACCENT, spaceBefore=6 * mm, spaceAfter=5 * mm),
        "title": style("title", 46, BOLD, INK, spaceAfter=6 * mm),
        "theme": style("theme", 28, family, ACCENT, spaceAfter=9 * mm),
        "date": style("date", 38, BOLD, INK),
        "hour": style("hour", 38, BOLD, INK, spaceAfter=6 * mm),
        "place": style("place", 26, family, INK, spaceAfter=8 * mm),
        "speakers_head": style("speakers_head", 20, BOLD, ACCENT, spaceAfter=2 * mm),
        "speaker": style("speaker", 17, family, INK, spaceAfter=1.5 * mm),
        "caption": style("caption", 18, BOLD, INK, alignment=TA_LEFT),
        "note": style("note", 14, family, INK, alignment=TA_LEFT),
        "url": style("url", 9, family, MUTED, alignment=TA_LEFT, spaceBefore=2 * mm),
        "free": style("free", 20, BOLD, ACCENT),
        "footer": style("footer", 12, ITALIC, MUTED),
    }


def _qr(url: str) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0,
                                                   QR_SIZE / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _qr_block(url: str, purpose: str, capacity: int | None, s: dict, width: float) -> Table:
    text = [para(CAPTIONS[purpose], s["caption"])]
    if capacity and purpose == "register":
        text.append(Spacer(1, 3 * mm))
        text.append(para(f"Places limitées : {fr.number(capacity)}. Au-delà, vous serez sur "
                         "liste d'attente.", s["note"]))
    text.append(para(url, s["url"]))
    table = Table([[_qr(url), text]], colWidths=[QR_SIZE + 6 * mm, width - QR_SIZE - 6 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
        ("BOX", (0, 0), (-1, -1), 1, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 4 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
    ]))
    return table


def _bands(canvas: Canvas, doc) -> None:
    """A band of colour at the top and the bottom: the poster stands out on a notice board."""
    width, height = A4
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.rect(0, height - 8 * mm, width, 8 * mm, stroke=0, fill=1)
    canvas.rect(0, 0, width, 4 * mm, stroke=0, fill=1)
    canvas.restoreState()


def render_poster(evening: EveningInfo, *, url: str | None = None, purpose: str = "register",
                  organisers: Sequence[str] = ()) -> bytes:
    """The poster as PDF bytes. `url` is the link the QR code opens (a registration link, or
    the questionnaire's link for a listening evening with `purpose="answer"`); without one the
    poster says the entrance is free. `organisers`: the pôles' names, in the footer."""
    s = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=f"{evening.title} — {evening.commune_name}",
        author=", ".join(organisers) or "Ruralités", subject=f"Affiche — {evening.kind_label}",
        creator="Ruralités", lang="fr-FR",
    )
    story = [para(evening.kind_label.upper(), s["kind"]), para(evening.title, s["title"])]
    if evening.theme_label:
        story.append(para(f"Thème : {evening.theme_label}", s["theme"]))
    day = fr.day_date(evening.starts_at)
    story += [para(day[:1].upper() + day[1:], s["date"]),
              para(f"à {fr.clock(evening.starts_at)}", s["hour"]),
              para(", ".join(filter(None, (evening.place, evening.commune_name))), s["place"])]
    speakers = [w for w in evening.speakers if w.confirmed]
    if speakers:
        story.append(para("Avec les témoignages de", s["speakers_head"]))
        for w in speakers:
            who = w.name + (f" ({w.organisation})" if w.organisation else "")
            story.append(para(f"{who} — {w.project_title}", s["speaker"]))
        story.append(Spacer(1, 4 * mm))
    if url:
        story.append(_qr_block(url, purpose, evening.capacity, s, doc.width))
    else:
        story.append(para("Entrée libre, ouverte à toutes et à tous.", s["free"]))
    footer = "Soirée organisée " + (f"par {', '.join(organisers)} " if organisers else "") + \
        f"avec la commune de {evening.commune_name} — {evening.campaign_name}"
    story += [Spacer(1, 6 * mm), para(footer, s["footer"])]
    # One page whatever is typed: the whole poster shrinks to fit if it must.
    doc.build([KeepInFrame(doc.width, doc.height, story, mode="shrink")],
              onFirstPage=_bands)
    return buffer.getvalue()
