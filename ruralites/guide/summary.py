"""The *fiche commune*: one A4 page a mayor prints for the conseil municipal. Built from the same
parts as the guide's commune chapter (`collect.commune_chapter`), in plain French: how many took
part, the themes that came up most with a few ideas, the vote in one sentence, the theme chosen,
the next step with its date and the pôle's contact. The method's own terms go in a footnote.

Who may download it is decided here (`check_summary`), for the home page and the CLI alike."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from ruralites import access, evenings, fr, phases
from ruralites.auth import Viewer
from ruralites.campaigns import views as campaign_views
from ruralites.guide import collect
from ruralites.guide.content import CommuneChapter
from ruralites.guide.narrative import GuideError
from ruralites.guide.pdf import para, text
from ruralites.pdf.styles import ACCENT, MUTED, RULE, stylesheet
from ruralites.results import PRIVACY_NOTE

# From the listening on, there is something to tell the council.
SUMMARY_PHASES = ("listening", "theme_chosen", "inspiring", "oriented")
MARGIN = 16 * mm


def summary_available(phase: str) -> bool:
    return phase in SUMMARY_PHASES


def check_summary(viewer: Viewer, file: campaign_views.CommuneFile) -> None:
    """Staff and the commune's own élu·es (the scope already chose the file) may download the
    fiche once the commune has started listening to its inhabitants."""
    access.check(viewer.role, "commune_summary")
    if not summary_available(file.phase):
        raise GuideError(
            f"La fiche de {file.nom} sera disponible dès que les habitants auront commencé à "
            f"répondre (étape actuelle : {phases.label(file.phase)}).")


@dataclass(frozen=True)
class CommuneSummary:
    campaign_name: str
    is_demo: bool
    chapter: CommuneChapter
    contacts: tuple[str, ...]
    made_on: date


def commune_summary(session, viewer: Viewer, campaign_slug: str, code_insee: str
                    ) -> CommuneSummary:
    access.check(viewer.role, "commune_summary")
    files = [f for f in campaign_views.commune_files(session, viewer, campaign_slug)
             if f.code_insee == code_insee.strip()]
    if not files:
        raise GuideError(f"La commune {code_insee} ne fait pas partie de la démarche "
                         f"« {campaign_slug} », ou vous ne la suivez pas.")
    file = files[0]
    check_summary(viewer, file)
    chapter = collect.commune_chapter(
        session, viewer, file, None, evenings.witnesses_heard(session, viewer),
        evenings.coming_evenings(session, viewer), {})
    _names, contacts = collect.campaign_poles(session, viewer, campaign_slug)
    return CommuneSummary(file.campaign_name, file.is_demo, chapter, contacts,
                          fr.today_in_france())


def _story(summary: CommuneSummary, examples: int) -> list[Flowable]:
    s = stylesheet(10.5)
    s["Heading1"].spaceBefore, s["Heading1"].spaceAfter = 3.5 * mm, 1.2 * mm
    bullet = s["Body"].clone("B", leftIndent=5 * mm, bulletIndent=1 * mm, spaceAfter=0.8 * mm)
    example = s["Small"].clone("E", leftIndent=9 * mm, spaceAfter=0.3 * mm)
    c = summary.chapter
    story: list[Flowable] = [
        para(f"Fiche commune — {c.nom}", s["Title"]),
        para(f"{summary.campaign_name} · pour le conseil municipal · établie le "
             f"{fr.long_date(summary.made_on)}", s["Small"]),
    ]
    if summary.is_demo:
        story.append(para("Démarche de démonstration : les chiffres sont fictifs.", s["Small"]))
    answered = ("Aucun·e habitant·e n'a encore répondu au questionnaire" if c.responses == 0
                else collect.count_text(c.responses, "habitant·e", "habitant·es")
                + " ont répondu au questionnaire"
                + (f", soit {fr.percent(c.share)} de la population" if c.share is not None
                   else ""))
    story += [para("Qui a participé", s["Heading1"]),
              para(f"{answered} ; idées recueillies : {fr.number(c.ideas)}.", s["Body"])]
    if c.themes:
        story.append(para("Les thèmes qui reviennent le plus", s["Heading1"]))
        for t in c.themes[:4]:
            story.append(Paragraph(f"<b>{text(t.label)}</b> — {fr.plural(t.ideas, 'idée')}",
                                   bullet, bulletText="•"))
            story += [para(f"« {e} »", example) for e in t.examples[:examples]]
    story.append(para("Le vote des habitants", s["Heading1"]))
    if c.vote:
        story.append(Paragraph(text(c.vote.sentence) + "<super>1</super>", s["Body"]))
    else:
        story.append(para("Pas encore de vote.", s["Body"]))
    story.append(para("Le thème choisi", s["Heading1"]))
    story.append(Paragraph(f"<b>{text(c.chosen_theme)}</b>, {text(c.chosen_how)}."
                           if c.chosen_theme else text("Pas encore choisi."), s["Body"]))
    story.append(para("La suite", s["Heading1"]))
    when = f" — {fr.long_date(c.next_step_day)}" if c.next_step_day else ""
    story.append(para(f"{c.next_step}{when}.", s["Body"]))
    story.append(para("Votre contact", s["Heading1"]))
    story += [para(line, s["Body"]) for line in summary.contacts] or [
        para("Le pôle ESS qui anime la démarche.", s["Body"])]
    notes = []
    if c.vote:
        notes.append(f"1. {c.vote.terms} {c.vote.how}")
    notes.append(PRIVACY_NOTE)
    foot = s["Small"].clone("Foot", fontSize=8, leading=10, textColor=MUTED)
    story += [Spacer(1, 5 * mm), _Rule()] + [para(n, foot) for n in notes]
    return story


class _Rule(Flowable):
    def wrap(self, width, height):
        self.width = width
        return width, 2 * mm

    def draw(self):
        self.canv.setStrokeColor(RULE)
        self.canv.line(0, 1 * mm, 50 * mm, 1 * mm)


def render_summary_pdf(summary: CommuneSummary) -> bytes:
    """The fiche as PDF bytes, on one page (fewer example ideas if need be)."""
    for examples in (2, 1, 0):
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
            bottomMargin=MARGIN, title=f"Fiche commune — {summary.chapter.nom}",
            author="Ruralités — pôles ESS", subject=summary.campaign_name, creator="Ruralités",
            lang="fr-FR")
        doc.build(_story(summary, examples), onFirstPage=_top_band)
        if doc.page == 1:
            break
    return buffer.getvalue()


def _top_band(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.rect(0, A4[1] - 6 * mm, A4[0], 6 * mm, stroke=0, fill=1)
    canvas.restoreState()
