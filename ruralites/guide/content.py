"""The guide's content model: plain, frozen data built from the domain's own read functions
(`ruralites.guide.collect`), then drawn by the PDF and the DOCX renderers alike. Nothing here
is formatted for one medium; every count describing people is already a `results.Count`
(1 to 4 people shown "< 5")."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

from ruralites.results import Count, QuestionResult
from ruralites.surveys import Survey


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: `value` draws it, `text` is written at its end. A hidden count is
    drawn grey and hatched up to 4 and labelled "< 5", as on screen."""

    label: str
    value: float
    text: str
    hidden: bool = False


@dataclass(frozen=True)
class Chart:
    key: str  # stable name ("participation", "vote-22366"…)
    title: str
    caption: str  # what the chart says, in words: the PDF is not tagged
    x_label: str
    bars: tuple[Bar, ...]

    def digest(self) -> str:
        """A hash of what the chart draws: the key of its cached image."""
        data = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Step:
    day: date
    text: str


@dataclass(frozen=True)
class ThemeLine:
    label: str
    ideas: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class VoteSummary:
    title: str
    method_label: str
    how: str  # the method in plain French
    ballots: Count
    sentence: str  # the result in one plain sentence
    ranking: tuple[tuple[str, str, str], ...]  # (rank, theme, score in words)
    terms: str  # the method's own terms, for a footnote
    chart: Chart | None


@dataclass(frozen=True)
class CommuneChapter:
    code_insee: str
    nom: str
    population: int | None
    phase: str
    phase_label: str
    short: bool  # stopped early, or never past phase 1: a short chapter
    where_why: str  # for a short chapter: where it stopped (or stands) and why
    steps: tuple[Step, ...]
    responses: Count
    share: float | None
    channels: tuple[Fact, ...]
    profile: tuple[QuestionResult, ...]
    cloud_texts: tuple[str, ...]
    cloud_min_count: int
    ideas: int
    themes: tuple[ThemeLine, ...]
    vote: VoteSummary | None
    chosen_theme: str | None
    chosen_how: str
    inspiring: tuple[str, ...]  # one line per inspiring evening
    witnesses: tuple[str, ...]  # "name (organisation) — project": never a contact
    orientation: tuple[str, ...]  # one line per scheme chosen, with its follow-up
    group_size: Count
    next_step: str
    next_step_day: date | None
    next_text: str  # the staff-written "what happened next"


@dataclass(frozen=True)
class CalendarRow:
    nom: str
    days: tuple[date | None, ...]  # validated, first answers, theme chosen, inspiring, oriented


@dataclass(frozen=True)
class Quote:
    text: str
    author: str
    commune: str | None
    consent: str  # "accord donné le … (oral, soirée du …)"


@dataclass(frozen=True)
class Guide:
    slug: str
    campaign_name: str
    poles: tuple[str, ...]
    pole_contacts: tuple[str, ...]  # "name — e-mail" of the pôles (organisations, not people)
    funder: str | None
    period: str
    description: str | None
    is_demo: bool
    made_on: date
    calendar: tuple[CalendarRow, ...]
    facts: tuple[Fact, ...]
    charts: tuple[Chart, ...]
    communes: tuple[CommuneChapter, ...]
    sections: dict[str, str]  # staff-written, campaign-wide (key -> text)
    quotes: tuple[Quote, ...]
    survey: Survey | None  # the questionnaire answered, for the annex
    chapters: frozenset[str] = field(default_factory=frozenset)  # which parts to print
    cover_image: bytes | None = None  # PNG checked by `narrative.check_image`

    def wants(self, chapter: str) -> bool:
        return not self.chapters or chapter in self.chapters


CHAPTERS = {  # part key -> title, in print order
    "method": "La méthode",
    "figures": "La démarche en chiffres",
    "communes": "Les communes",
    "synthesis": "Synthèse et enseignements",
    "testimonies": "Témoignages",
    "annex": "Annexe : le questionnaire",
}
CALENDAR_HEADINGS = ("Validée par le conseil", "Premières réponses", "Thème choisi",
                     "Soirée inspirante", "Orientée")
