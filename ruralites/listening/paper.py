"""Printing numbered paper questionnaires: each commune's sheet numbers continue from one
printing to the next.

A sheet code (``22366-0042-E``, `ruralites.surveys.sheets`) is entered once: the data-entry
screen refuses a sheet already entered. So a second printing that started again at 1 would hand
out codes the first one used, and their answers would be refused at entry. Each printing is
recorded (`PaperPrintRun`), and the next one starts after the highest number ever printed or
entered for the commune, whatever the campaign: the page's and the CLI's "first sheet number"
default to it. Staff may still choose a number (to reprint lost sheets, say); `plan` then says
which numbers were printed before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr
from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.models import PaperPrintRun, Participation, Response
from ruralites.surveys.sheets import MAX_SHEET_NUMBER, check_sheet_code, sheet_codes

MAX_COPIES = 500  # sheets in one PDF (one printing)


@dataclass(frozen=True)
class PrintPlan:
    """The sheets of one printing, and what it overlaps among the commune's earlier sheets."""

    commune_code: str
    first_number: int
    codes: tuple[str, ...]
    already_printed: tuple[int, int] | None  # (first, last) numbers printed before, if any
    already_printed_at: datetime | None = None

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.codes) - 1

    def warning(self) -> str | None:
        """French, for staff: the numbers this printing repeats, or None."""
        if self.already_printed is None:
            return None
        first, last = self.already_printed
        numbers = f"La feuille n° {first}" if first == last else f"Les feuilles n° {first} à {last}"
        when = f" le {fr.date_time(self.already_printed_at)}" if self.already_printed_at else ""
        return (f"{numbers} ont déjà été imprimée{'s' if first != last else ''}{when}. Une même "
                "feuille n'est saisie qu'une fois : ne distribuez pas les deux exemplaires.")


def next_number(session: Session, commune_code: str) -> int:
    """The first sheet number of the commune's next printing: one after the highest number
    printed or entered for it, whatever the campaign."""
    printed = session.scalar(
        select(func.max(PaperPrintRun.first_number + PaperPrintRun.sheet_count - 1))
        .where(PaperPrintRun.commune_code == commune_code)) or 0
    return min(MAX_SHEET_NUMBER, max(printed, _highest_entered(session, commune_code)) + 1)


def _highest_entered(session: Session, commune_code: str) -> int:
    """The highest printed sheet number already entered for the commune (sheets numbered by
    hand, without a code, do not count)."""
    codes = session.scalars(
        select(Response.sheet_code)
        .join(Participation, Participation.id == Response.participation_id)
        .where(Participation.commune_code == commune_code,
               Response.sheet_code.like(f"{commune_code}-%"))).all()
    highest = 0
    for code in codes:
        try:
            highest = max(highest, int(check_sheet_code(code).split("-")[1]))
        except ValueError:  # a hand-written number that happens to start like a code
            continue
    return highest


def plan(session: Session, viewer: Viewer, participation_id: int, *, copies: int,
         first_number: int | None = None) -> PrintPlan:
    """The codes of a printing of `copies` sheets for a commune (staff of its campaign), from
    `first_number` or, by default, where the last printing stopped."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    return _plan(session, participation.commune_code, copies, first_number)


def plan_for_commune(session: Session, commune_code: str, *, copies: int,
                     first_number: int | None = None) -> PrintPlan:
    """The same for the command line, which may print for any commune of the referential."""
    return _plan(session, commune_code, copies, first_number)


def _plan(session: Session, commune_code: str, copies: int, first_number: int | None) -> PrintPlan:
    if not 1 <= copies <= MAX_COPIES:
        raise UserError(f"De 1 à {MAX_COPIES} exemplaires par impression : faites plusieurs "
                        "impressions pour davantage.")
    start = next_number(session, commune_code) if first_number is None else first_number
    try:
        codes = tuple(sheet_codes(commune_code, start, copies))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    last = start + copies - 1
    overlap = session.execute(
        select(func.min(PaperPrintRun.first_number),
               func.max(PaperPrintRun.first_number + PaperPrintRun.sheet_count - 1),
               func.min(PaperPrintRun.printed_at))
        .where(PaperPrintRun.commune_code == commune_code,
               PaperPrintRun.first_number <= last,
               PaperPrintRun.first_number + PaperPrintRun.sheet_count - 1 >= start)).one()
    repeated = None
    if overlap[0] is not None:
        repeated = (max(start, overlap[0]), min(last, overlap[1]))
    return PrintPlan(commune_code, start, codes, repeated, overlap[2] if repeated else None)


def record(session: Session, viewer: Viewer, printing: PrintPlan, survey_slug: str) -> None:
    """Remember a printing, so that the next one continues after it. Call it when the PDF is
    handed over (downloaded or written)."""
    session.add(PaperPrintRun(
        commune_code=printing.commune_code, survey_slug=survey_slug[:80],
        first_number=printing.first_number, sheet_count=len(printing.codes),
        printed_by=viewer.user_id, printed_at=fr.utcnow()))
    session.flush()


def file_name(printing: PrintPlan) -> str:
    """``questionnaire-22366-0031-0060.pdf``: the sheets a file holds, in its name."""
    return f"questionnaire-{printing.commune_code}-{printing.first_number:04d}-{printing.last_number:04d}.pdf"

