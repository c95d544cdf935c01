"""The guide as PDF: reportlab platypus, A4, DejaVu Sans embedded; a cover, a table of contents,
a running header (campaign, chapter), "Page n / N", title, author and language (fr-FR) in the
document, a bookmark per chapter and per commune.

Every text a user typed goes through `text()`: characters the font lacks become words
(`glyphs.legible`), then it is escaped (`pdf.styles.esc`), so `&`, `<`, `>` and `<b>` print as
typed. The blank questionnaire of the annex is the paper questionnaire's own flowables.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from ruralites import fr
from ruralites.guide import charts, narrative
from ruralites.guide.collect import count_text
from ruralites.guide.content import (
    CALENDAR_HEADINGS,
    CHAPTERS,
    Chart,
    CommuneChapter,
    Guide,
)
from ruralites.pdf.fonts import BOLD, FAMILY
from ruralites.pdf.glyphs import legible
from ruralites.pdf.questionnaire import questionnaire_flowables
from ruralites.pdf.styles import ACCENT, LIGHT, MUTED, RULE, esc, stylesheet
from ruralites.results import PRIVACY_NOTE, SUPPRESSED, wordcloud

MARGIN = 20 * mm
AUTHOR = "Ruralités — pôles ESS"
CLOUD_SIZE = (1200, 400)  # pixels of a word cloud
Progress = Callable[[float, str], None]

METHOD_TEXT = (
    ("1. Les communes s'engagent",
     "Les pôles ESS invitent des communes rurales. Celles qui répondent favorablement font "
     "voter leur conseil municipal (une délibération) : rien ne commence chez les habitants "
     "avant cette validation."),
    ("2. L'écoute des habitants",
     "Les habitants répondent à un questionnaire (sur tablette lors de soirées publiques, sur "
     "papier, ou en ligne chez eux) et apportent leurs idées lors de soirées d'écoute. Les "
     "résultats leur sont présentés lors d'une soirée de restitution ; ils classent alors les "
     "thèmes et en choisissent un."),
    ("3. Les soirées inspirantes et l'orientation",
     "Des témoins venus d'autres territoires racontent un projet mené sur le thème choisi. Le "
     "groupe d'habitants intéressés et la commune sont ensuite orientés vers le dispositif "
     "d'accompagnement le plus adapté, et le pôle suit la suite."),
)
ROLES = (
    ("Pôles ESS (animateur·rices)", "invitent les communes, préparent le questionnaire, "
     "animent les soirées, regroupent les idées par thème, organisent le vote, invitent les "
     "témoins, orientent et suivent les projets"),
    ("Commune (élu·es)", "délibère, accueille les soirées, relaie l'invitation auprès des "
     "habitants, porte ou soutient le projet"),
    ("Habitants", "répondent, proposent des idées, votent, rejoignent le groupe qui porte le "
     "projet"),
)


def text(value: Any) -> str:
    """Markup for a text typed by someone: drawable, then escaped (never read as markup)."""
    return esc(legible(str(value)))


def para(value: Any, style) -> Paragraph:
    return Paragraph(text(value), style)


def paragraphs(value: str, style) -> list[Flowable]:
    """A typed text of several paragraphs (blank lines), line breaks kept."""
    blocks = [b.strip("\n") for b in value.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph("<br/>".join(text(line) for line in block.split("\n")), style)
            for block in blocks if block.strip()]


def _styles():
    s = stylesheet(10.5)
    s.add(s["Heading1"].clone("Chapter", fontSize=18, leading=22, spaceBefore=0,
                              spaceAfter=4 * mm))
    s.add(s["Heading1"].clone("Commune", fontSize=15, leading=19, spaceBefore=0,
                              spaceAfter=3 * mm))
    s.add(s["Heading2"].clone("Part", textColor=ACCENT))
    s.add(s["Small"].clone("Caption", fontName="DejaVuSans-Oblique", spaceAfter=3 * mm))
    # A long name breaks after one of its hyphens ("Saint-Michel-en- / Grève"), not mid-word.
    s.add(s["Body"].clone("Cell", spaceAfter=0, embeddedHyphenation=1))
    s.add(s["Cell"].clone("CellBold", fontName=BOLD))
    s.add(s["Cell"].clone("CellCompact", fontSize=9.5, leading=12))  # a date fits its column
    s.add(s["CellCompact"].clone("CellCompactBold", fontName=BOLD))
    s.add(s["Body"].clone("Bullet", leftIndent=5 * mm, bulletIndent=1 * mm))
    s.add(s["Body"].clone("Quote", fontName="DejaVuSans-Oblique", leftIndent=8 * mm,
                          rightIndent=8 * mm, fontSize=11.5, leading=15))
    s.add(s["Small"].clone("Footnote", fontSize=8.5, leading=11))
    s.add(s["Body"].clone("Profile", fontSize=9.5, leading=12.5, spaceAfter=1.5 * mm))
    s.add(s["Title"].clone("CoverTitle", fontSize=30, leading=36, spaceAfter=6 * mm))
    s.add(s["Subtitle"].clone("CoverSub", fontSize=16, leading=21, textColor=MUTED))
    toc0 = s["Body"].clone("TOC0", fontName=BOLD, spaceBefore=2 * mm, leftIndent=0)
    toc1 = s["Body"].clone("TOC1", leftIndent=6 * mm, spaceAfter=0)
    return s, [toc0, toc1]


class _Heading(Paragraph):
    """A heading that goes to the table of contents and the bookmarks."""

    def __init__(self, label: str, style, level: int, key: str, chapter: str | None = None):
        super().__init__(text(label), style)
        self.toc = (level, legible(label), key, chapter)


class _Doc(BaseDocTemplate):
    def __init__(self, buffer, guide: Guide, progress: Progress | None):
        super().__init__(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=24 * mm,
            bottomMargin=20 * mm, title=f"Guide de capitalisation — {guide.campaign_name}",
            author=AUTHOR, subject=f"Démarche {guide.campaign_name}", creator="Ruralités",
            lang="fr-FR", keywords=["ESS", "participation", "communes rurales"])
        self.guide, self.progress = guide, progress
        self.total_pages: int | None = None
        self.chapter = ""
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            PageTemplate("cover", [frame], onPageEnd=self._cover_page),
            PageTemplate("body", [frame], onPageEnd=self._page),
        ])

    def build(self, flowables, **kwargs) -> None:
        self.chapter = ""
        super().build(flowables, **kwargs)
        self.total_pages = self.page

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 — reportlab's name
        toc = getattr(flowable, "toc", None)
        if toc is None:
            return
        level, label, key, chapter = toc
        if chapter is not None:
            self.chapter = chapter
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(label, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, esc(label), self.page, key))

    def _cover_page(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, A4[1] - 14 * mm, A4[0], 14 * mm, stroke=0, fill=1)
        canvas.restoreState()

    def _page(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FAMILY, 8.5)
        canvas.setFillColor(MUTED)
        top = A4[1] - 14 * mm
        canvas.drawString(MARGIN, top, legible(self.guide.campaign_name)[:70])
        canvas.drawRightString(A4[0] - MARGIN, top, legible(self.chapter)[:70])
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, top - 2 * mm, A4[0] - MARGIN, top - 2 * mm)
        total = f" / {self.total_pages}" if self.total_pages else ""
        canvas.drawCentredString(A4[0] / 2, 11 * mm, f"Page {doc.page}{total}")
        canvas.restoreState()


# ---- parts ---------------------------------------------------------------------------------


def _table(rows: Sequence[Sequence[Any]], widths: Sequence[float], s, *,
           header: bool = True, compact: bool = False) -> Table:
    """A ruled table; `compact` (many narrow columns) sets a smaller type and less padding."""
    cell, bold = ("CellCompact", "CellCompactBold") if compact else ("Cell", "CellBold")
    data = [[para(value, s[bold] if header and r == 0 else s[cell])
             if not isinstance(value, Flowable) else value for value in row]
            for r, row in enumerate(rows)]
    table = Table(data, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    side = 4 if compact else 6
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), side),
        ("RIGHTPADDING", (0, 0), (-1, -1), side),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    table.setStyle(TableStyle(commands))
    return table


def _chart(chart: Chart, width: float, s) -> Flowable:
    data = charts.png(chart)
    height = width * charts.height_inches(chart) / charts.WIDTH_INCHES
    image = Image(io.BytesIO(data), width=width, height=height)
    return KeepTogether([para(chart.title, s["Heading2"]), image,
                         para(chart.caption, s["Caption"])])


def _bullets(lines: Sequence[str], s) -> list[Flowable]:
    return [Paragraph(text(line), s["Bullet"], bulletText="•") for line in lines]


def _cover(guide: Guide, s) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 40 * mm),
                             para("Guide de capitalisation", s["CoverSub"]),
                             para(guide.campaign_name, s["CoverTitle"]),
                             para("La méthode, le parcours de chaque commune et ce que nous en "
                                  "avons appris", s["Subtitle"]), Spacer(1, 12 * mm)]
    if guide.cover_image:
        picture = Image(io.BytesIO(guide.cover_image))
        scale = min(170 * mm / picture.imageWidth, 75 * mm / picture.imageHeight)
        picture.drawWidth, picture.drawHeight = (picture.imageWidth * scale,
                                                 picture.imageHeight * scale)
        picture.hAlign = "LEFT"
        story += [picture, Spacer(1, 8 * mm)]
    else:
        story.append(Spacer(1, 8 * mm))
    rows = [("Pôles ESS", ", ".join(guide.poles) or "—"), ("Période", guide.period),
            ("Financeur", guide.funder or "—"),
            ("Communes", ", ".join(c.nom for c in guide.communes) or "—"),
            ("Édité le", fr.long_date(guide.made_on))]
    label = s["CellBold"].clone("CoverLabel", textColor=ACCENT)
    story.append(_table([(para(k, label), v) for k, v in rows], [40 * mm, 120 * mm], s,
                        header=False))
    if guide.is_demo:
        story += [Spacer(1, 8 * mm), para("Démarche de démonstration : personnes, dates et "
                                          "réponses sont fictives.", s["Small"])]
    return story + [NextPageTemplate("body"), PageBreak()]


def _contents(s, toc_styles) -> list[Flowable]:
    toc = TableOfContents(levelStyles=toc_styles, dotsMinLevel=0)
    return [para("Sommaire", s["Chapter"]), toc, PageBreak()]


def _method(guide: Guide, width: float, s) -> list[Flowable]:
    story: list[Flowable] = [_Heading(CHAPTERS["method"], s["Chapter"], 0, "method",
                                      CHAPTERS["method"])]
    if guide.description:
        story += paragraphs(guide.description, s["Body"])
    story.append(para("Les trois phases", s["Part"]))
    for title, body in METHOD_TEXT:
        story += [para(title, s["Heading2"]), para(body, s["Body"])]
    story += [para("Qui fait quoi", s["Part"]),
              _table([("Qui", "Ce qu'ils font"), *ROLES], [45 * mm, width - 45 * mm], s)]
    story.append(para("Le calendrier suivi", s["Part"]))
    column = (width - 38 * mm) / len(CALENDAR_HEADINGS)
    rows = [("Commune", *CALENDAR_HEADINGS)]
    rows += [(row.nom, *(fr.short_date(d) if d else "—" for d in row.days))
             for row in guide.calendar]
    story.append(_table(rows, [38 * mm] + [column] * len(CALENDAR_HEADINGS), s, compact=True))
    methods = sorted({c.vote.method_label for c in guide.communes if c.vote})
    tools = [
        "Un questionnaire, le même sur tablette, en ligne et sur papier (en annexe)"
        + (f" : « {guide.survey.title('fr')} »" if guide.survey else "") + ".",
        "Des soirées d'écoute, de restitution et des soirées inspirantes avec des témoins.",
        "Un vote pour classer les thèmes" + (" (" + ", ".join(methods) + ")" if methods else "")
        + " ; le logiciel ne tranche jamais une égalité, la salle décide.",
        "Une orientation vers des dispositifs d'accompagnement, choisis avec la commune et "
        "suivis dans le temps.",
    ]
    story += [para("Les outils", s["Part"]), *_bullets(tools, s),
              para(PRIVACY_NOTE + " Aucune coordonnée personnelle ne figure dans ce guide.",
                   s["Small"])]
    return story + [PageBreak()]


def _figures(guide: Guide, width: float, s) -> list[Flowable]:
    story: list[Flowable] = [_Heading(CHAPTERS["figures"], s["Chapter"], 0, "figures",
                                      CHAPTERS["figures"])]
    story.append(_table([("Chiffre", "Valeur"), *((f.label, f.value) for f in guide.facts)],
                        [60 * mm, width - 60 * mm], s))
    story.append(Spacer(1, 4 * mm))
    story += [_chart(chart, width, s) for chart in guide.charts]
    return story + [PageBreak()]


def _participation_line(c: CommuneChapter) -> str:
    if c.responses == 0:
        return "Aucune réponse au questionnaire pour l'instant."
    line = count_text(c.responses, "réponse") + " au questionnaire"
    if c.share is not None and c.population:
        line += f", soit {fr.percent(c.share)} des {fr.number(c.population)} habitants"
    return line + "."


def _profile(c: CommuneChapter, s) -> list[Flowable]:
    """One compact paragraph per profile question: each answer with its count ("< 5")."""
    story: list[Flowable] = []
    for q in c.profile:
        cells = [f"{cell.label} : " + (str(SUPPRESSED) if cell.count is SUPPRESSED
                                        else fr.number(cell.count)
                                        + (f" ({fr.percent(cell.share)})"
                                           if cell.share is not None else ""))
                 for cell in q.cells if cell.count != 0]
        if cells:
            story.append(Paragraph(f"<b>{text(q.label)}</b> — " + text(" · ".join(cells)),
                                   s["Profile"]))
    return story


def _commune(c: CommuneChapter, width: float, s) -> list[Flowable]:
    key = f"commune-{c.code_insee}"
    story: list[Flowable] = [_Heading(f"{c.nom} ({c.code_insee})", s["Commune"], 1, key,
                                      f"{CHAPTERS['communes']} — {c.nom}")]
    story.append(para(f"{fr.inhabitants(c.population)} — étape atteinte : {c.phase_label}.",
                      s["Small"]))
    if c.short:
        story += [para(c.where_why, s["Body"])]
    story.append(para("Le parcours", s["Part"]))
    if c.steps:
        story.append(_table([("Date", "Étape"), *((fr.short_date(st.day), st.text)
                                                   for st in c.steps)],
                            [27 * mm, width - 27 * mm], s))
    else:
        story.append(para("Aucune étape enregistrée.", s["Body"]))
    if not c.short:
        story += [para("La participation", s["Part"]), para(_participation_line(c), s["Body"]),
                  para("Par canal : " + " ; ".join(f"{f.label} : {f.value}"
                                                  for f in c.channels) + ".", s["Body"])]
        if c.profile:
            story.append(para("Qui a répondu", s["Heading2"]))
            story += _profile(c, s)
        story.append(para("Les idées", s["Part"]))
        story.append(para(f"{fr.plural(c.ideas, 'idée')} recueillie(s).", s["Body"]))
        if c.cloud_texts:
            png = wordcloud.render_png(list(c.cloud_texts), *CLOUD_SIZE,
                                       min_count=c.cloud_min_count)
            story.append(KeepTogether([
                Image(io.BytesIO(png), width=width, height=width * CLOUD_SIZE[1] / CLOUD_SIZE[0]),
                para(f"Nuage de mots des idées de {c.nom} : plus un mot est grand, plus il "
                     f"revient souvent (seuls les mots cités au moins {c.cloud_min_count} fois "
                     "y figurent, pour que personne ne soit reconnu).", s["Caption"])]))
        if c.themes:
            story.append(para("Les thèmes qui reviennent le plus", s["Heading2"]))
            for t in c.themes:
                story.append(Paragraph(
                    f"<b>{text(t.label)}</b> — {fr.plural(t.ideas, 'idée')}", s["Bullet"],
                    bulletText="•"))
                story += [para(f"« {e} »", s["Footnote"].clone("Ex", leftIndent=9 * mm))
                          for e in t.examples]
        if c.vote:
            v = c.vote
            story += [para("Le vote", s["Part"]), para(v.how, s["Body"]),
                      Paragraph(f"<b>{text(v.sentence)}</b>", s["Body"])]
            if v.ranking:
                story.append(_table([("Rang", "Thème", "Score"), *v.ranking],
                                    [16 * mm, width - 66 * mm, 50 * mm], s))
            if v.chart:
                story.append(_chart(v.chart, width, s))
            story.append(para(v.terms, s["Footnote"]))
    if c.chosen_theme or c.inspiring or c.orientation:
        story.append(para("Le thème choisi et la suite", s["Part"]))
    if c.chosen_theme:
        story.append(Paragraph(f"Thème choisi : <b>{text(c.chosen_theme)}</b>, "
                               f"{text(c.chosen_how)}.", s["Body"]))
    if c.inspiring:
        story += [para("Soirée(s) inspirante(s)", s["Heading2"]), *_bullets(c.inspiring, s)]
    if c.witnesses:
        story += [para("Témoins entendus", s["Heading2"]), *_bullets(c.witnesses, s)]
    if c.orientation:
        story += [para("Orientation et suivi", s["Heading2"]), *_bullets(c.orientation, s)]
        story.append(para("Groupe d'habitants intéressés : "
                          + count_text(c.group_size, "personne"), s["Body"]))
    if not c.short:
        day = f" ({fr.long_date(c.next_step_day)})" if c.next_step_day else ""
        story.append(para(f"La suite : {c.next_step}{day}.", s["Body"]))
    if c.next_text:
        story += [para(narrative.NEXT_TITLE, s["Part"]), *paragraphs(c.next_text, s["Body"])]
    return story + [PageBreak()]


def _synthesis(guide: Guide, s) -> list[Flowable]:
    story: list[Flowable] = [_Heading(CHAPTERS["synthesis"], s["Chapter"], 0, "synthesis",
                                      CHAPTERS["synthesis"])]
    for key, title in narrative.SECTIONS.items():
        body = guide.sections.get(key, "")
        story.append(_Heading(title, s["Part"], 1, f"section-{key}"))
        story += paragraphs(body, s["Body"]) if body.strip() else [
            para("Cette partie n'a pas encore été rédigée.", s["Small"])]
    return story + [PageBreak()]


def _testimonies(guide: Guide, s) -> list[Flowable]:
    story: list[Flowable] = [_Heading(CHAPTERS["testimonies"], s["Chapter"], 0, "testimonies",
                                      CHAPTERS["testimonies"])]
    if not guide.quotes:
        story.append(para("Aucun témoignage recueilli avec l'accord de son auteur·rice.",
                          s["Small"]))
    for q in guide.quotes:
        who = q.author + (f" — {q.commune}" if q.commune else "")
        story.append(KeepTogether([*paragraphs(f"« {q.text} »", s["Quote"]),
                                   para(who, s["Body"].clone("Who", leftIndent=8 * mm,
                                                            fontName=BOLD)),
                                   para(q.consent.capitalize(), s["Footnote"].clone(
                                       "Consent", leftIndent=8 * mm)),
                                   Spacer(1, 3 * mm)]))
    return story + [PageBreak()]


def _annex(guide: Guide, width: float, s) -> list[Flowable]:
    story: list[Flowable] = [_Heading(CHAPTERS["annex"], s["Chapter"], 0, "annex",
                                      CHAPTERS["annex"])]
    if guide.survey is None:
        return story + [para("Aucun questionnaire n'a encore été rempli.", s["Body"])]
    story.append(para("Le questionnaire tel qu'il a été imprimé pour les habitants (version la "
                      "plus récente).", s["Small"]))
    return story + questionnaire_flowables(guide.survey, width)


def story(guide: Guide, width: float, progress: Progress | None = None) -> list[Flowable]:
    """The flowables of the guide; `width` is the text width (the frame's, padding removed)."""
    s, toc_styles = _styles()
    parts = _cover(guide, s) + _contents(s, toc_styles)
    if guide.wants("method"):
        parts += _method(guide, width, s)
    if guide.wants("figures"):
        parts += _figures(guide, width, s)
    if guide.wants("communes") and guide.communes:
        parts.append(_Heading(CHAPTERS["communes"], s["Chapter"], 0, "communes",
                              CHAPTERS["communes"]))
        parts.append(para("Un chapitre par commune : son parcours, la participation, les idées, "
                          "le vote, le thème choisi et la suite.", s["Body"]))
        for n, c in enumerate(guide.communes):
            if progress:
                progress(0.93 + 0.05 * n / len(guide.communes), f"Mise en page : {c.nom}")
            parts += _commune(c, width, s)
    if guide.wants("synthesis"):
        parts += _synthesis(guide, s)
    if guide.wants("testimonies"):
        parts += _testimonies(guide, s)
    if guide.wants("annex"):
        parts += _annex(guide, width, s)
    if isinstance(parts[-1], PageBreak):
        parts.pop()
    return parts


def render_pdf(guide: Guide, progress: Progress | None = None) -> bytes:
    """The guide as PDF bytes."""
    buffer = io.BytesIO()
    doc = _Doc(buffer, guide, progress)
    doc.multiBuild(story(guide, doc.width - 12, progress))  # frames pad 6 points a side
    return buffer.getvalue()
