"""The guide as an editable DOCX (python-docx), from the same content model as the PDF, so a
pôle's communication staff can restyle it. Headings use Word's own styles (Titre 1, 2), so the
word processor builds its table of contents and navigation pane from them. Text is added as
text (never parsed), so `&`, `<`, `>` stay as typed; the charts are the PDF's images."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ruralites import fr
from ruralites.guide import charts, narrative
from ruralites.guide.collect import count_text
from ruralites.guide.content import CALENDAR_HEADINGS, CHAPTERS, CommuneChapter, Guide
from ruralites.guide.pdf import METHOD_TEXT, ROLES
from ruralites.results import PRIVACY_NOTE, SUPPRESSED, wordcloud


def _clean(value: object) -> str:
    """XML 1.0 refuses control characters: drop them (tabs and newlines kept)."""
    return "".join(c for c in str(value) if c in "\t\n" or ord(c) >= 32)


def _table(doc, rows) -> None:
    table = doc.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = _clean(value)
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _paragraphs(doc, value: str, style: str | None = None) -> None:
    for block in value.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            doc.add_paragraph(_clean(block.strip("\n")), style=style)


def _commune(doc, c: CommuneChapter) -> None:
    doc.add_heading(_clean(f"{c.nom} ({c.code_insee})"), level=2)
    doc.add_paragraph(f"{fr.inhabitants(c.population)} — étape atteinte : {c.phase_label}.")
    if c.short:
        doc.add_paragraph(_clean(c.where_why))
    doc.add_heading("Le parcours", level=3)
    if c.steps:
        _table(doc, [("Date", "Étape")] + [(fr.short_date(s.day), s.text) for s in c.steps])
    if not c.short:
        doc.add_heading("La participation", level=3)
        line = ("Aucune réponse au questionnaire pour l'instant." if c.responses == 0 else
                count_text(c.responses, "réponse") + " au questionnaire"
                + (f", soit {fr.percent(c.share)} des {fr.number(c.population)} habitants"
                   if c.share is not None and c.population else "") + ".")
        doc.add_paragraph(line)
        for q in c.profile:
            cells = [f"{cell.label} : " + (str(SUPPRESSED) if cell.count is SUPPRESSED
                                            else fr.number(cell.count))
                     for cell in q.cells if cell.count != 0]
            if cells:
                doc.add_paragraph(_clean(f"{q.label} — " + " · ".join(cells)))
        doc.add_heading("Les idées", level=3)
        doc.add_paragraph(f"{fr.plural(c.ideas, 'idée')} recueillie(s).")
        if c.cloud_texts:
            png = wordcloud.render_png(list(c.cloud_texts), 1200, 400,
                                       min_count=c.cloud_min_count)
            doc.add_picture(io.BytesIO(png), width=Cm(16))
            doc.add_paragraph(f"Nuage de mots des idées de {c.nom} (mots cités au moins "
                              f"{c.cloud_min_count} fois).", style="Caption")
        for t in c.themes:
            doc.add_paragraph(_clean(f"{t.label} — {fr.plural(t.ideas, 'idée')}"),
                              style="List Bullet")
            for e in t.examples:
                doc.add_paragraph(_clean(f"« {e} »"), style="List Bullet 2")
        if c.vote:
            v = c.vote
            doc.add_heading("Le vote", level=3)
            doc.add_paragraph(v.how)
            doc.add_paragraph().add_run(_clean(v.sentence)).bold = True
            if v.ranking:
                _table(doc, [("Rang", "Thème", "Score"), *v.ranking])
            if v.chart:
                doc.add_picture(io.BytesIO(charts.png(v.chart)), width=Cm(16))
                doc.add_paragraph(_clean(v.chart.caption), style="Caption")
            doc.add_paragraph(v.terms)
    if c.chosen_theme:
        doc.add_heading("Le thème choisi et la suite", level=3)
        doc.add_paragraph(_clean(f"Thème choisi : {c.chosen_theme}, {c.chosen_how}."))
    for title, lines in (("Soirée(s) inspirante(s)", c.inspiring),
                         ("Témoins entendus", c.witnesses),
                         ("Orientation et suivi", c.orientation)):
        if lines:
            doc.add_paragraph(title).runs[0].bold = True
            for line in lines:
                doc.add_paragraph(_clean(line), style="List Bullet")
    if not c.short:
        day = f" ({fr.long_date(c.next_step_day)})" if c.next_step_day else ""
        doc.add_paragraph(_clean(f"La suite : {c.next_step}{day}."))
    if c.next_text:
        doc.add_heading(narrative.NEXT_TITLE, level=3)
        _paragraphs(doc, c.next_text)


def render_docx(guide: Guide) -> bytes:
    doc = Document()
    props = doc.core_properties
    props.title = f"Guide de capitalisation — {guide.campaign_name}"
    props.author = "Ruralités — pôles ESS"
    props.language = "fr-FR"
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "DejaVu Sans")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "fr-FR")
    normal.element.rPr.append(lang)
    doc.add_paragraph("Guide de capitalisation", style="Subtitle")
    doc.add_heading(_clean(guide.campaign_name), level=0)
    if guide.cover_image:
        doc.add_picture(io.BytesIO(guide.cover_image), width=Cm(16))
    for label, value in (("Pôles ESS", ", ".join(guide.poles)), ("Période", guide.period),
                         ("Financeur", guide.funder or "—"),
                         ("Édité le", fr.long_date(guide.made_on))):
        doc.add_paragraph(_clean(f"{label} : {value}"))
    if guide.is_demo:
        doc.add_paragraph("Démarche de démonstration : personnes, dates et réponses sont "
                          "fictives.")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if guide.wants("method"):
        doc.add_heading(CHAPTERS["method"], level=1)
        if guide.description:
            _paragraphs(doc, guide.description)
        for title, body in METHOD_TEXT:
            doc.add_heading(title, level=2)
            doc.add_paragraph(body)
        doc.add_heading("Qui fait quoi", level=2)
        _table(doc, [("Qui", "Ce qu'ils font"), *ROLES])
        doc.add_heading("Le calendrier suivi", level=2)
        _table(doc, [("Commune", *CALENDAR_HEADINGS)] + [
            (row.nom, *(fr.short_date(d) if d else "—" for d in row.days))
            for row in guide.calendar])
        doc.add_paragraph(PRIVACY_NOTE + " Aucune coordonnée personnelle ne figure dans ce guide.")
    if guide.wants("figures"):
        doc.add_heading(CHAPTERS["figures"], level=1)
        _table(doc, [("Chiffre", "Valeur")] + [(f.label, f.value) for f in guide.facts])
        for chart in guide.charts:
            doc.add_heading(chart.title, level=2)
            doc.add_picture(io.BytesIO(charts.png(chart)), width=Cm(16))
            doc.add_paragraph(_clean(chart.caption), style="Caption")
    if guide.wants("communes"):
        doc.add_heading(CHAPTERS["communes"], level=1)
        for c in guide.communes:
            _commune(doc, c)
    if guide.wants("synthesis"):
        doc.add_heading(CHAPTERS["synthesis"], level=1)
        for key, title in narrative.SECTIONS.items():
            doc.add_heading(title, level=2)
            _paragraphs(doc, guide.sections.get(key, "") or
                        "Cette partie n'a pas encore été rédigée.")
    if guide.wants("testimonies"):
        doc.add_heading(CHAPTERS["testimonies"], level=1)
        for q in guide.quotes:
            _paragraphs(doc, f"« {q.text} »", style="Quote")
            doc.add_paragraph(_clean(q.author + (f" — {q.commune}" if q.commune else "")))
            doc.add_paragraph(_clean(q.consent.capitalize()))
    if guide.wants("annex") and guide.survey is not None:
        doc.add_heading(CHAPTERS["annex"], level=1)
        doc.add_paragraph("Le questionnaire imprimé pour les habitants est joint au guide PDF "
                          f"(« {guide.survey.title('fr')} ») ; ses questions :")
        for n, question in enumerate(guide.survey.questions(), start=1):
            doc.add_paragraph(_clean(f"{n}. {question.label('fr')}"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
