"""Results of the listening phase, for one commune or a whole campaign: participation (how many
answered, what share of the inhabitants, by channel, by evening, by day), the profile of the
respondents and, for every question, an aggregate suited to its type (ruralites.results_questions).

Counting happens in SQL: one GROUP BY over the responses (commune, channel, evening, survey
version, hour) and one over the answers (question, distinct stored value), whatever the number of
responses; Python then only reads a few hundred distinct rows. Every query is limited to the
participations the viewer may see (`participation_scope`): a mayor only ever gets their communes.

Small-population privacy: every breakdown cell describing 1 to 4 people is `SUPPRESSED` ("< 5"),
on screen and in exports. Free-text answers are for staff only: mayors never see them (there is
no per-campaign setting to allow it, which would need a new column).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Text, cast, func, literal_column, select
from sqlalchemy.orm import Session

from ruralites import phases, survey_store
from ruralites.auth import Viewer, participation_scope
from ruralites.models import (
    Answer,
    Campaign,
    Commune,
    Evening,
    Idea,
    Participation,
    Response,
    SurveyVersion,
)
from ruralites.models import Survey as SurveyRow
from ruralites.results_questions import (
    SUPPRESSED,
    Cell,
    Count,
    QuestionResult,
    aggregate,
    merge_labels,
    protect,
)
from ruralites.surveys import Question, Survey, other_key
from ruralites.timefmt import local, short_date

CHANNEL_LABELS = {"tablet": "Tablette", "online": "En ligne", "paper": "Papier"}
PROFILE_SECTIONS = ("profil", "profile")
NO_EVENING = "Hors soirée"
FREE_TEXT_HIDDEN = ("Les réponses libres ne sont pas montrées aux élu·es : elles peuvent permettre "
                    "de reconnaître la personne qui les a écrites.")


class ResultsError(Exception):
    """str() is a French message for users."""


class ResultsNotFoundError(ResultsError):
    pass


class FreeTextHiddenError(ResultsError):
    pass


@dataclass(frozen=True)
class Scope:
    """What the results describe: one commune's participation, or every commune of a campaign
    the viewer may see (`participation_id` None)."""

    campaign_slug: str
    participation_id: int | None = None


@dataclass(frozen=True)
class CommuneFigure:
    participation_id: int
    code_insee: str
    nom: str
    population: int | None
    responses: Count
    share: float | None  # of the inhabitants; None when unknown or suppressed


@dataclass(frozen=True)
class DayCount:
    day: date  # in Europe/Paris
    count: Count


@dataclass(frozen=True)
class Turnout:
    responses: int
    population: int | None  # inhabitants of the communes collecting answers
    share: float | None  # responses / population
    by_channel: tuple[Cell, ...]
    by_evening: tuple[Cell, ...]
    by_day: tuple[DayCount, ...]
    by_commune: tuple[CommuneFigure, ...]  # only for a whole campaign
    first_at: datetime | None
    last_at: datetime | None


@dataclass(frozen=True)
class SurveyRef:
    slug: str
    title: str
    responses: int


@dataclass(frozen=True)
class Results:
    scope: Scope
    title: str  # the commune, or the campaign
    campaign_name: str
    is_demo: bool
    communes: tuple[str, ...]  # names of the communes described
    turnout: Turnout
    surveys: tuple[SurveyRef, ...]  # every questionnaire answered in the scope, most answered first
    survey: SurveyRef | None  # the one whose questions are below
    questions: tuple[QuestionResult, ...]
    profile_ids: tuple[str, ...]  # the single-choice questions describing who answered
    free_text_visible: bool

    @property
    def profile(self) -> tuple[QuestionResult, ...]:
        return tuple(q for q in self.questions if q.id in self.profile_ids)

    @property
    def other_questions(self) -> tuple[QuestionResult, ...]:
        return tuple(q for q in self.questions if q.id not in self.profile_ids)


@dataclass(frozen=True)
class FreeText:
    question_id: str
    question: str
    commune: str
    text: str


def can_see_free_text(viewer: Viewer) -> bool:
    """Staff read free-text answers; mayors never do (see the module's docstring)."""
    return viewer.is_staff


# ---- what the viewer may see -------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    id: int
    code_insee: str
    nom: str
    population: int | None
    phase: str
    campaign_name: str
    is_demo: bool


def _parts(session: Session, viewer: Viewer, scope: Scope) -> list[_Part]:
    stmt = (
        select(Participation.id, Commune.code_insee, Commune.nom, Commune.population,
               Participation.phase, Campaign.name, Campaign.is_demo)
        .join(Commune, Commune.code_insee == Participation.commune_code)
        .join(Campaign, Campaign.id == Participation.campaign_id)
        .where(participation_scope(viewer), Campaign.slug == scope.campaign_slug)
        .order_by(Commune.nom)
    )
    if scope.participation_id is not None:
        stmt = stmt.where(Participation.id == scope.participation_id)
    found = [_Part(*row) for row in session.execute(stmt)]
    if not found:
        raise ResultsNotFoundError(
            "Aucun résultat à montrer : cette commune ou cette démarche ne fait pas partie de "
            "celles que vous suivez.")
    return found


# ---- participation -----------------------------------------------------------------------------


def _hour_bucket(session: Session):
    """The UTC hour of a response as text ('2019-04-25 18'): days in France are made of whole
    UTC hours, so counting by hour in SQL then by French day in Python is exact. Literal
    formats (not bound parameters) so that PostgreSQL sees the same expression in GROUP BY."""
    column = Response.submitted_at
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime(literal_column("'%Y-%m-%d %H'"), column)
    return func.to_char(func.timezone(literal_column("'UTC'"), column),
                        literal_column("'YYYY-MM-DD HH24'"))


@dataclass(frozen=True)
class _Groups:
    """Responses counted by (participation, channel, evening, survey version, UTC hour)."""

    rows: list[tuple[int, str, int | None, int, str, int]]

    def total(self, index: int) -> Counter:
        counts: Counter = Counter()
        for row in self.rows:
            counts[row[index]] += row[5]
        return counts


def _response_groups(session: Session, pids: list[int]) -> _Groups:
    hour = _hour_bucket(session).label("hour")
    stmt = (
        select(Response.participation_id, Response.channel, Response.evening_id,
               Response.survey_version_id, hour, func.count())
        .where(Response.participation_id.in_(pids))
        .group_by(Response.participation_id, Response.channel, Response.evening_id,
                  Response.survey_version_id, hour)
    )
    return _Groups([tuple(row) for row in session.execute(stmt)])


def _turnout(session: Session, parts: list[_Part], groups: _Groups, whole_campaign: bool) -> Turnout:
    total = sum(row[5] for row in groups.rows)
    per_part = groups.total(0)
    collecting = [p for p in parts
                  if phases.allows(p.phase, "collect_answers") or per_part[p.id]]
    population = sum(p.population for p in collecting if p.population) or None
    channels = groups.total(1)
    by_channel = tuple(Cell(label, protect(channels[c]),
                            channels[c] / total if total and protect(channels[c]) is not SUPPRESSED
                            else None, c)
                       for c, label in CHANNEL_LABELS.items())
    hours = groups.total(4)
    days: Counter = Counter()
    for hour, n in hours.items():
        moment = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
        days[local(moment).date()] += n
    by_commune = ()
    if whole_campaign:
        by_commune = tuple(
            CommuneFigure(p.id, p.code_insee, p.nom, p.population, protect(per_part[p.id]),
                          per_part[p.id] / p.population
                          if p.population and protect(per_part[p.id]) is not SUPPRESSED else None)
            for p in parts)
    first = min(hours) if hours else None
    last = max(hours) if hours else None
    return Turnout(
        responses=total, population=population,
        share=total / population if population else None,
        by_channel=by_channel, by_evening=_by_evening(session, groups.total(2), total),
        by_day=tuple(DayCount(day, protect(n)) for day, n in sorted(days.items())),
        by_commune=by_commune,
        first_at=datetime.strptime(first, "%Y-%m-%d %H").replace(tzinfo=UTC) if first else None,
        last_at=datetime.strptime(last, "%Y-%m-%d %H").replace(tzinfo=UTC) if last else None,
    )


def _by_evening(session: Session, counts: Counter, total: int) -> tuple[Cell, ...]:
    ids = [i for i in counts if i is not None]
    evenings = session.execute(
        select(Evening.id, Evening.title, Evening.starts_at).where(Evening.id.in_(ids))
        .order_by(Evening.starts_at)
    ).all() if ids else []
    cells = []
    for evening_id, title, starts_at in evenings:
        n = counts[evening_id]
        cells.append(Cell(f"{short_date(starts_at)} — {title}", protect(n),
                          n / total if protect(n) is not SUPPRESSED else None, evening_id))
    if counts.get(None):
        n = counts[None]
        cells.append(Cell(NO_EVENING, protect(n), n / total if protect(n) is not SUPPRESSED
                          else None, None))
    return tuple(cells)


# ---- questionnaires ----------------------------------------------------------------------------

_parsed: dict[str, Survey] = {}  # content hash -> definition (a version never changes)


def _surveys(session: Session, groups: _Groups) -> list[tuple[SurveyRef, dict[int, Survey]]]:
    """Each questionnaire answered, with its versions (newest first) and response counts."""
    per_version = groups.total(3)
    if not per_version:
        return []
    rows = session.execute(
        select(SurveyVersion.id, SurveyVersion.content_hash, SurveyRow.slug, SurveyRow.title)
        .join(SurveyRow, SurveyRow.id == SurveyVersion.survey_id)
        .where(SurveyVersion.id.in_(list(per_version)))
        .order_by(SurveyVersion.id.desc())
    ).all()
    found: dict[str, tuple[str, int, dict[int, Survey]]] = {}
    for version_id, content_hash, slug, title in rows:
        if content_hash not in _parsed:
            _parsed[content_hash] = survey_store.stored_version(session, version_id)
        _title, n, versions = found.setdefault(slug, (title, 0, {}))
        versions[version_id] = _parsed[content_hash]
        found[slug] = (title, n + per_version[version_id], versions)
    ordered = sorted(found.items(), key=lambda item: (-item[1][1], item[0]))
    return [(SurveyRef(slug, title, n), versions) for slug, (title, n, versions) in ordered]


@dataclass
class _Spec:
    question: Question  # from the newest version that has it
    section: str
    versions: list[Question]
    asked: int = 0


def _specs(versions: dict[int, Survey], per_version: Counter) -> dict[str, _Spec]:
    """Questions of every version, newest definition first (its order, type and labels)."""
    specs: dict[str, _Spec] = {}
    for version_id, survey in versions.items():  # newest first
        titles = {s.id: s.title() for s in survey.sections}
        for question in survey.questions():
            if question.personal:
                continue
            spec = specs.setdefault(question.id, _Spec(question, titles[question.section], []))
            spec.versions.append(question)
            spec.asked += per_version[version_id]
    return specs


def _profile_ids(survey: Survey) -> tuple[str, ...]:
    section = next((s for s in survey.sections if s.id in PROFILE_SECTIONS), survey.sections[0])
    return tuple(q.id for q in section.questions if q.type == "single_choice" and not q.personal)


def _text_keys(specs: dict[str, _Spec]) -> dict[str, str]:
    """Answer key of every free text -> its question id (texts typed after "Autre" included)."""
    keys = {}
    for qid, spec in specs.items():
        if spec.question.is_text:
            keys[qid] = qid
        if any(q.other for q in spec.versions):
            keys[other_key(qid)] = qid
    return keys


def _answer_counts(session: Session, pids: list[int], version_ids: list[int],
                   question_ids: list[str]) -> dict[str, Counter]:
    """{question id: {distinct value: people}}: one GROUP BY over the answers."""
    value = cast(Answer.value, Text)
    stmt = (
        select(Answer.question_id, value, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(Response.participation_id.in_(pids), Response.survey_version_id.in_(version_ids),
               Answer.question_id.in_(question_ids))
        .group_by(Answer.question_id, value)
    )
    counts: dict[str, Counter] = defaultdict(Counter)
    for question_id, text, n in session.execute(stmt):
        decoded = json.loads(text)
        counts[question_id][tuple(decoded) if isinstance(decoded, list) else decoded] += n
    return counts


def _text_counts(session: Session, pids: list[int], version_ids: list[int],
                 keys: list[str]) -> Counter:
    if not keys:
        return Counter()
    stmt = (
        select(Answer.question_id, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(Response.participation_id.in_(pids), Response.survey_version_id.in_(version_ids),
               Answer.question_id.in_(keys))
        .group_by(Answer.question_id)
    )
    return Counter(dict(session.execute(stmt).tuples().all()))


def _questions(session: Session, pids: list[int], versions: dict[int, Survey],
               per_version: Counter) -> tuple[QuestionResult, ...]:
    specs = _specs(versions, per_version)
    text_keys = _text_keys(specs)
    closed = [qid for qid, spec in specs.items() if not spec.question.is_text]
    counts = _answer_counts(session, pids, list(versions), closed) if closed else {}
    texts = _text_counts(session, pids, list(versions), list(text_keys))
    found = []
    for qid, spec in specs.items():
        if spec.question.is_text:
            found.append(QuestionResult(
                id=qid, type=spec.question.type, label=spec.question.label(),
                section=spec.section, answered=texts.get(qid, 0), asked=spec.asked))
        else:
            found.append(aggregate(
                spec.question, counts.get(qid, {}), asked=spec.asked, section=spec.section,
                labels=merge_labels(spec.versions), other_texts=texts.get(other_key(qid), 0)))
    return tuple(found)


# ---- the results -------------------------------------------------------------------------------


def results(session: Session, viewer: Viewer, scope: Scope, survey_slug: str | None = None) -> Results:
    """Everything the results screen shows for `scope`, as the viewer may see it. The questions
    are those of `survey_slug`, or of the questionnaire most answered in the scope."""
    parts = _parts(session, viewer, scope)
    pids = [p.id for p in parts]
    groups = _response_groups(session, pids)
    whole = scope.participation_id is None
    turnout = _turnout(session, parts, groups, whole)
    answered = _surveys(session, groups)
    chosen = next((item for item in answered if item[0].slug == survey_slug),
                  answered[0] if answered else None)
    questions: tuple[QuestionResult, ...] = ()
    profile: tuple[str, ...] = ()
    if chosen is not None:
        questions = _questions(session, pids, chosen[1], groups.total(3))
        profile = _profile_ids(next(iter(chosen[1].values())))
    return Results(
        scope=scope, title=parts[0].campaign_name if whole else parts[0].nom,
        campaign_name=parts[0].campaign_name, is_demo=parts[0].is_demo,
        communes=tuple(p.nom for p in parts), turnout=turnout,
        surveys=tuple(ref for ref, _ in answered), survey=chosen[0] if chosen else None,
        questions=questions, profile_ids=profile, free_text_visible=can_see_free_text(viewer),
    )


def free_texts(session: Session, viewer: Viewer, scope: Scope,
               survey_slug: str | None = None) -> list[FreeText]:
    """Every free-text answer of the scope (texts typed after "Autre" included), newest first,
    exactly as typed: the screen shows them as plain text. Staff only."""
    if not can_see_free_text(viewer):
        raise FreeTextHiddenError(FREE_TEXT_HIDDEN)
    parts = _parts(session, viewer, scope)
    pids = [p.id for p in parts]
    answered = _surveys(session, _response_groups(session, pids))
    chosen = next((item for item in answered if item[0].slug == survey_slug),
                  answered[0] if answered else None)
    if chosen is None:
        return []
    specs = _specs(chosen[1], Counter())
    keys = _text_keys(specs)
    stmt = (
        select(Answer.question_id, Answer.value, Commune.nom)
        .join(Response, Response.id == Answer.response_id)
        .join(Participation, Participation.id == Response.participation_id)
        .join(Commune, Commune.code_insee == Participation.commune_code)
        .where(Response.participation_id.in_(pids), Response.survey_version_id.in_(list(chosen[1])),
               Answer.question_id.in_(list(keys)))
        .order_by(Response.submitted_at.desc(), Answer.question_id)
    )
    found = []
    for key, value, nom in session.execute(stmt):
        question = specs[keys[key]].question
        label = question.label() + (" — Autre (précisez)" if key != keys[key] else "")
        if isinstance(value, str) and value.strip():
            found.append(FreeText(keys[key], label, nom, value))
    return found


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search(texts: list[FreeText], query: str) -> list[FreeText]:
    """The texts containing every word of `query`, ignoring case and accents."""
    words = _folded(query or "").split()
    if not words:
        return list(texts)
    return [t for t in texts if all(w in _folded(t.text) for w in words)]


def idea_texts(session: Session, viewer: Viewer, scope: Scope) -> list[str]:
    """The texts of the ideas of the scope (merged duplicates left out), for the word cloud."""
    pids = [p.id for p in _parts(session, viewer, scope)]
    stmt = (select(Idea.text).where(Idea.participation_id.in_(pids), Idea.merged_into_id.is_(None))
            .order_by(Idea.created_at, Idea.id))
    return list(session.scalars(stmt))

