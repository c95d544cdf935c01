"""Results of the listening phase, for one commune or a whole campaign: participation (how many
answered, what share of the inhabitants, by channel, by evening, by day), the profile of the
respondents and, for every question, an aggregate suited to its type (ruralites.results_questions).

Counting happens in SQL: one GROUP BY over the responses (commune, channel, evening, survey
version, hour) and one over the answers (question, distinct stored value; free texts counted per
question), whatever the number of responses; Python then only reads a few hundred distinct rows. Every query is limited to the
participations the viewer may see (`participation_scope`): a mayor only ever gets their communes.

Small-population privacy: every breakdown cell describing 1 to 4 people is `SUPPRESSED` ("< 5"),
on screen and in exports. Free-text answers are for staff only: mayors never see them (there is
no per-campaign setting to allow it, which would need a new column).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import Text, case, cast, func, literal_column, null, select
from sqlalchemy.orm import Session

from ruralites.auth import Viewer, participation_scope
from ruralites.errors import UserError
from ruralites.models import (
    Answer,
    Campaign,
    Commune,
    Idea,
    Participation,
    Response,
    SurveyVersion,
)
from ruralites.models import Survey as SurveyRow
from ruralites.results.disclosure import FREE_TEXT_HIDDEN, can_see_free_text
from ruralites.results.questions import QuestionResult, aggregate, merge_labels
from ruralites.results.turnout import Groups, Part, Turnout, response_groups, turnout_figures
from ruralites.surveys import Question, Survey, other_key
from ruralites.surveys import store as survey_store
from ruralites.text import fold

PROFILE_SECTIONS = ("profil", "profile")


class ResultsError(UserError):
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



# ---- what the viewer may see -------------------------------------------------------------------


def _parts(session: Session, viewer: Viewer, scope: Scope) -> list[Part]:
    stmt = (
        select(Participation.id, Commune.code_insee, Commune.nom, Commune.population,
               Participation.phase, Campaign.name, Campaign.is_demo)
        .join(Commune, Commune.code_insee == Participation.commune_code)
        .join(Campaign, Campaign.id == Participation.campaign_id)
        .where(participation_scope(viewer), Campaign.slug == scope.campaign_slug)
        .order_by(Commune.nom, Participation.id)
    )
    if scope.participation_id is not None:
        stmt = stmt.where(Participation.id == scope.participation_id)
    found = [Part(*row) for row in session.execute(stmt)]
    if not found:
        raise ResultsNotFoundError(
            "Aucun résultat à montrer : cette commune ou cette démarche ne fait pas partie de "
            "celles que vous suivez.")
    return found


# ---- questionnaires ----------------------------------------------------------------------------

_parsed: dict[str, Survey] = {}  # content hash -> definition (a version never changes)


def _surveys(session: Session, groups: Groups) -> list[tuple[SurveyRef, dict[int, Survey]]]:
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
                   text_keys: list[str]) -> tuple[dict[str, Counter], Counter]:
    """({question id: {distinct value: people}}, {free-text key: texts}) in one pass over the
    answers: one GROUP BY (question, value), where every free text counts as the same value.

    No filter on the question ids: measured on 600,000 answers (benchmarks/dashboard.py), one
    pass with the CASE is faster than two queries, or than letting SQLite look the answers up
    by (response, question) for each wanted question."""
    value = cast(Answer.value, Text)
    if text_keys:
        value = case((Answer.question_id.in_(text_keys), null()), else_=value)
    stmt = (
        select(Answer.question_id, value, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(Response.participation_id.in_(pids), Response.survey_version_id.in_(version_ids))
        # by position: PostgreSQL would see the CASE's parameters twice as different expressions
        .group_by(literal_column("1"), literal_column("2"))
    )
    counts: dict[str, Counter] = defaultdict(Counter)
    texts: Counter = Counter()
    for question_id, text, n in session.execute(stmt):
        if text is None:
            texts[question_id] += n
            continue
        decoded = json.loads(text)
        counts[question_id][tuple(decoded) if isinstance(decoded, list) else decoded] += n
    return counts, texts


def _questions(session: Session, pids: list[int], versions: dict[int, Survey],
               per_version: Counter) -> tuple[QuestionResult, ...]:
    specs = _specs(versions, per_version)
    counts, texts = _answer_counts(session, pids, list(versions), list(_text_keys(specs)))
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


def results(session: Session, viewer: Viewer, scope: Scope, survey_slug: str | None = None, *,
            questions: bool = True) -> Results:
    """Everything the results screen shows for `scope`, as the viewer may see it. The questions
    are those of `survey_slug`, or of the questionnaire most answered in the scope; with
    `questions=False` they are left out (the participation figures alone cost a query over the
    responses, not over every answer)."""
    parts = _parts(session, viewer, scope)
    pids = [p.id for p in parts]
    groups = response_groups(session, pids)
    whole = scope.participation_id is None
    figures = turnout_figures(session, parts, groups, whole)
    answered = _surveys(session, groups)
    chosen = next((item for item in answered if item[0].slug == survey_slug),
                  answered[0] if answered else None)
    found: tuple[QuestionResult, ...] = ()
    profile: tuple[str, ...] = ()
    if chosen is not None:
        if questions:
            found = _questions(session, pids, chosen[1], groups.total(3))
        profile = _profile_ids(next(iter(chosen[1].values())))
    return Results(
        scope=scope, title=parts[0].campaign_name if whole else parts[0].nom,
        campaign_name=parts[0].campaign_name, is_demo=parts[0].is_demo,
        communes=tuple(p.nom for p in parts), turnout=figures,
        surveys=tuple(ref for ref, _ in answered), survey=chosen[0] if chosen else None,
        questions=found, profile_ids=profile, free_text_visible=can_see_free_text(viewer),
    )


def free_texts(session: Session, viewer: Viewer, scope: Scope,
               survey_slug: str | None = None) -> list[FreeText]:
    """Every free-text answer of the scope (texts typed after "Autre" included), newest first,
    exactly as typed: the screen shows them as plain text. Staff only."""
    if not can_see_free_text(viewer):
        raise FreeTextHiddenError(FREE_TEXT_HIDDEN)
    parts = _parts(session, viewer, scope)
    pids = [p.id for p in parts]
    answered = _surveys(session, response_groups(session, pids))
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
        .order_by(Response.submitted_at.desc(), Response.id, Answer.question_id)
    )
    found = []
    for key, value, nom in session.execute(stmt):
        question = specs[keys[key]].question
        label = question.label() + (" — Autre (précisez)" if key != keys[key] else "")
        if isinstance(value, str) and value.strip():
            found.append(FreeText(keys[key], label, nom, value))
    return found


def search(texts: list[FreeText], query: str) -> list[FreeText]:
    """The texts containing every word of `query`, ignoring case and accents."""
    words = fold(query).split()
    if not words:
        return list(texts)
    return [t for t in texts if all(w in fold(t.text) for w in words)]


def idea_texts(session: Session, viewer: Viewer, scope: Scope) -> list[str]:
    """The texts of the ideas of the scope (merged duplicates left out), for the word cloud."""
    pids = [p.id for p in _parts(session, viewer, scope)]
    stmt = (select(Idea.text).where(Idea.participation_id.in_(pids), Idea.merged_into_id.is_(None))
            .order_by(Idea.created_at, Idea.id))
    return list(session.scalars(stmt))

