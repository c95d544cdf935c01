"""The *fiche d'orientation*: one A4 page per commune that the pôle hands to the commune and to
the group, and that they take to the schemes' operators.

It says the chosen theme, the project (stage, carrier), how many inhabitants are interested,
the schemes already chosen with their follow-up, and the schemes recommended with why and how
to reach them. It names no inhabitant: the fiche leaves the pôle, while the group's contact
details were given to the pôle only (see `orientation.CONSENT_TEXT`). When everything does not
fit on one page, the lowest-ranked recommendations are left out and the page says how many.
"""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ruralites import fr
from ruralites.orientation import ChosenScheme, OrientationFile, Recommendation
from ruralites.orientation import Orientation as Recommendations
from ruralites.pdf.styles import ACCENT, LIGHT, MUTED, RULE, markup, para, stylesheet

MARGIN = 15 * mm
FOOTER = ("Montants, conditions et dates viennent des sources citées : vérifiez-les auprès de "
          "l'opérateur avant de vous engager.", "Le pôle ESS reste votre premier contact.")


def _styles():
    s = stylesheet(9.5)
    s["Title"].fontSize, s["Title"].leading, s["Title"].spaceAfter = 17, 21, 1 * mm
    s["Heading1"].fontSize, s["Heading1"].leading = 12, 15
    s["Heading1"].spaceBefore, s["Heading1"].spaceAfter = 3 * mm, 1.5 * mm
    s["Body"].spaceAfter = 0.6 * mm
    s["Small"].fontSize, s["Small"].leading = 8.5, 10.5
    s.add(s["Body"].clone("Scheme", fontName="DejaVuSans-Bold", spaceAfter=0.3 * mm))
    s.add(s["Small"].clone("Detail", leftIndent=4 * mm, spaceAfter=0.2 * mm, textColor=MUTED))
    s.add(s["Body"].clone("Cell", spaceAfter=0))
    return s


def _facts(file: OrientationFile, width: float, s) -> Table:
    project = file.project
    n = file.group_size
    group = (fr.plural(n, "personne intéressée", "personnes intéressées")
             + " (coordonnées gardées par le pôle ESS, avec leur accord)" if n
             else "pas encore de groupe constitué")
    rows = [
        ("Thématique choisie", file.commune.theme_label or "—"),
        ("Le projet", project.summary if project and project.summary else "—"),
        ("Étape", project.stage_label if project else "—"),
        ("Porteur", project.carrier_label if project else "—"),
        ("Groupe d'habitants", group),
    ]
    label_style = s["Cell"].clone("Label", fontName="DejaVuSans-Bold", textColor=ACCENT)
    data = [[para(label, label_style), para(value, s["Cell"])] for label, value in rows]
    table = Table(data, colWidths=[42 * mm, width - 42 * mm])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
    ]))
    return table


def _contact_lines(scheme, s) -> list[Flowable]:
    """How to reach a scheme (a Scheme or a ChosenScheme): operator, contact, source."""
    lines = [para(f"Opérateur : {scheme.operator}", s["Detail"])]
    if scheme.contact:
        lines.append(para(f"Contact : {' '.join(scheme.contact.split())}", s["Detail"]))
    if scheme.source_urls:
        lines.append(para(f"Source : {scheme.source_urls[0]}", s["Detail"]))
    return lines


def _chosen(item: ChosenScheme, s) -> Flowable:
    parts = [Paragraph(markup("{name} <font name='DejaVuSans' color='#52606d'>— retenu le "
                              "{day}</font>", name=item.name, day=fr.short_date(item.chosen_on)),
                       s["Scheme"]),
             para(f"Pourquoi : {item.why}", s["Detail"])]
    if item.override_reason:
        parts.append(para(f"Orienté sans soirée inspirante : {item.override_reason}", s["Detail"]))
    if item.steps:
        last = item.steps[-1]
        step = f"Suivi : {last.label.lower()} le {fr.short_date(last.happened_on)}"
        parts.append(para(step + (f" — {last.note}" if last.note else ""), s["Detail"]))
    else:
        parts.append(para("Suivi : à venir", s["Detail"]))
    parts += _contact_lines(item, s)
    return KeepTogether(parts + [Spacer(1, 1.2 * mm)])


def _recommended(item: Recommendation, s) -> Flowable:
    reasons = [r for r in item.reasons if not r.startswith("fiabilité")]
    parts = [Paragraph(markup("{rank}. {name}", rank=item.rank, name=item.name), s["Scheme"]),
             para("Pourquoi : " + " · ".join(reasons), s["Detail"])]
    parts += _contact_lines(item.scheme, s)
    return KeepTogether(parts + [Spacer(1, 1.2 * mm)])


def _story(file: OrientationFile, rec: Recommendations, today: dt.date, width: float,
           shown: int) -> list[Flowable]:
    s = _styles()
    commune = file.commune
    story: list[Flowable] = [
        para(f"Fiche d'orientation — {commune.nom}", s["Title"]),
        para(f"{commune.campaign_name} · commune {commune.code_insee} · "
             f"établie le {fr.long_date(today)}", s["Small"]),
    ]
    if commune.is_demo:
        story.append(para("Démarche de démonstration : personnes, dates et suites sont "
                          "fictives.", s["Small"]))
    story += [Spacer(1, 2 * mm), _facts(file, width, s)]
    chosen_slugs = {c.slug for c in file.chosen}
    if file.chosen:
        story.append(para("Orientation retenue", s["Heading1"]))
        story += [_chosen(item, s) for item in file.chosen]
    others = [r for r in rec.recommended if r.slug not in chosen_slugs]
    title = "Autres dispositifs recommandés" if file.chosen else "Dispositifs recommandés"
    if others:
        story.append(para(title, s["Heading1"]))
        story += [_recommended(item, s) for item in others[:shown]]
        left = len(others) - shown
        if left > 0:
            story.append(para(
                f"… et {fr.plural(left, 'autre dispositif recommandé', 'autres dispositifs recommandés')}"
                ", à consulter avec le pôle ESS dans l'application Ruralités.", s["Small"]))
    if rec.expired:
        story.append(para("Dates limites dépassées (non recommandés) : "
                          + ", ".join(e.scheme.short_name for e in rec.expired) + ".",
                          s["Small"]))
    return story


def _footer(canvas: Canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("DejaVuSans", 7.5)
    canvas.setFillColor(MUTED)
    for n, line in enumerate(FOOTER):
        canvas.drawCentredString(A4[0] / 2, (11 - 3.5 * n) * mm, line)
    canvas.restoreState()


def render_orientation_sheet(file: OrientationFile, recommendation: Recommendations, *,
                             today: dt.date) -> bytes:
    """The fiche as PDF bytes, on one A4 page (fewer recommendations shown if need be)."""
    others = [r for r in recommendation.recommended
              if r.slug not in {c.slug for c in file.chosen}]
    for shown in range(len(others), -1, -1):
        data, pages = _build(file, recommendation, today, shown)
        if pages == 1:
            return data
    return data  # even without recommendations it overflows: the chosen ones all print


def _build(file, recommendation, today, shown) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=16 * mm, title=f"Fiche d'orientation — {file.commune.nom}",
        author="Ruralités — pôles ESS", subject=f"Orientation : {file.commune.theme_label}",
        creator="Ruralités", lang="fr-FR",
    )
    story = _story(file, recommendation, today, doc.width, shown)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue(), doc.page

