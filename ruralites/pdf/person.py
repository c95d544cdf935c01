"""What is held about one person, as a PDF they can read: the same data as the JSON export
(`ruralites.privacy.person.export`), in plain French, with their rights. Every text is escaped
(`para`), since names and contacts were typed by people."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

from ruralites import fr
from ruralites.pdf.fonts import register_fonts
from ruralites.pdf.styles import INK, PageInfo, label_table, numbered_canvas, para, stylesheet

MARGIN = 18 * mm
ORIGINS = {"tablet": "questionnaire sur tablette", "online": "questionnaire en ligne",
           "paper": "questionnaire papier", "inspiring_evening": "soirée inspirante",
           "staff": "noté par l'équipe d'animation"}


def _decorate(canvas: Canvas, info: PageInfo) -> None:
    width, _ = A4
    canvas.setFont(register_fonts(), 10)
    canvas.setFillColor(INK)
    canvas.drawString(MARGIN, 10 * mm, "Vos données personnelles — Ruralités")
    canvas.drawRightString(width - MARGIN, 10 * mm, f"Page {info.number} / {info.total}")


def _when(value: str | None, *, with_time: bool = True) -> str:
    if not value:
        return "—"
    moment = datetime.fromisoformat(value)
    return fr.date_time(moment) if with_time else fr.long_date(fr.local(moment))


def _interests(value: str | list | None) -> str:
    return ", ".join(value) if isinstance(value, list) else (value or "")


def _yes_no(value: bool | None) -> str:
    return "oui" if value else "non"


def render_person(data: dict[str, Any], *, organisation: str = "le pôle ESS") -> bytes:
    """The PDF of `privacy.export(...)`'s data."""
    styles = stylesheet(12)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=20 * mm,
                            title="Vos données personnelles — Ruralités", author="Ruralités",
                            subject="Données détenues sur une personne (RGPD, article 15)",
                            creator="Ruralités", lang="fr-FR")
    groups, evenings = data["groupe_habitants_interesses"], data["inscriptions_soirees"]
    story = [
        para("Vos données personnelles", styles["Title"]),
        para(f"Ce que {organisation} garde à votre sujet dans l'application Ruralités, pour le "
             f"contact « {data['contact_recherche']} », à la date du {_when(data['exporte_le'])}.",
             styles["Body"]),
        para(data["note"], styles["Body"]),
        Spacer(1, 3 * mm),
    ]
    label = styles["Body"].clone("label", textColor=INK, fontSize=11, leading=14)
    cell = styles["Body"].clone("cell", spaceAfter=0)

    def block(title: str, rows: list[tuple[str, str]]) -> KeepTogether:
        table = label_table(rows, label, cell, label_width=48 * mm, width=doc.width)
        return KeepTogether([para(title, styles["Heading2"]), table, Spacer(1, 3 * mm)])

    story.append(para("Groupe des habitants intéressés", styles["Heading1"]))
    if not groups:
        story.append(para("Vous ne faites partie d'aucun groupe d'habitants intéressés.",
                          styles["Body"]))
    for n, g in enumerate(groups, start=1):
        story.append(block(f"{n}. Commune : {g['commune']}", [
            ("Nom", g["nom"]), ("E-mail", g["email"]), ("Téléphone", g["telephone"]),
            ("Centres d'intérêt", _interests(g["interets"])),
            ("Origine", ORIGINS.get(g["origine"], g["origine"])),
            ("Votre accord", f"« {g['consentement']['texte']} » (version "
                             f"{g['consentement']['version']}, le "
                             f"{_when(g['consentement']['date'])})"),
        ]))
    story.append(para("Inscriptions aux soirées", styles["Heading1"]))
    if not evenings:
        story.append(para("Vous n'êtes inscrit·e à aucune soirée.", styles["Body"]))
    for n, r in enumerate(evenings, start=1):
        story.append(block(f"{n}. {r['soiree']} ({r['commune']})", [
            ("Date de la soirée", _when(r["date_soiree"])), ("Nom", r["nom"]),
            ("Contact", r["contact"]), ("Inscrit·e le", _when(r["inscrit_le"])),
            ("Liste d'attente", _yes_no(r["liste_attente"])),
            ("Présent·e", _yes_no(r["present"])),
            ("Votre accord", f"« {r['consentement']['texte']} » (version "
                             f"{r['consentement']['version']}, le "
                             f"{_when(r['consentement']['date'])})"),
        ]))
    story += [
        para("Vos droits", styles["Heading1"]),
        para("Vous pouvez demander à tout moment que ces données soient corrigées ou effacées, "
             f"en vous adressant à {organisation}. L'effacement retire votre nom et vos "
             "coordonnées ; les chiffres de la démarche (nombre d'inscrits, de présents) restent "
             "inchangés. Vous pouvez aussi adresser une réclamation à la CNIL (www.cnil.fr).",
             styles["Body"]),
    ]
    doc.build(story, canvasmaker=numbered_canvas(_decorate))
    return buffer.getvalue()
