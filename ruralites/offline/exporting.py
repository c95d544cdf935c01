"""Export a campaign's data, or one evening's, as a bundle.

An evening's data is what belongs to its commune and either names the evening or was made on
its day (Europe/Paris): tablets at an evening answer through the commune's link, which does not
name the evening. Its registrations are the evening's own. Volunteers name no evening and keep
only the month they were recorded in (contact details are kept apart from answers): those of the
commune recorded in the evening's month go with it."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, true
from sqlalchemy.orm import Session, selectinload

from ruralites import access, campaigns, fr
from ruralites.auth import Viewer
from ruralites.listening.responses import contact_month
from ruralites.models import (
    Answer,
    Ballot,
    Commune,
    Evening,
    Idea,
    Participation,
    Registration,
    Response,
    SurveyVersion,
    Theme,
    Volunteer,
    Vote,
    idea_themes,
)
from ruralites.offline import format as bundle_format
from ruralites.offline import records as rec
from ruralites.offline.format import BundleError

KINDS = ("responses", "ideas", "ballots", "registrations", "volunteers")


def _window(column, evening: Evening | None, evening_column=None):
    """Rows of the evening: naming it, or (naming none) made on its day."""
    if evening is None:
        return true()
    day = fr.local(evening.starts_at).date()
    start, end = fr.paris_to_utc(day, time(0)), fr.paris_to_utc(day + timedelta(days=1), time(0))
    on_the_day = and_(column >= start, column < end)
    if evening_column is None:
        return on_the_day
    return or_(evening_column == evening.id, and_(evening_column.is_(None), on_the_day))


def _month(evening: Evening | None):
    """Volunteers of the evening's month: they keep the first day of their month only
    (`listening.contact_month`)."""
    if evening is None:
        return true()
    start = contact_month(evening.starts_at)
    end = contact_month(start + timedelta(days=32))
    return and_(Volunteer.created_at >= start, Volunteer.created_at < end)


def export_bundle(session: Session, viewer: Viewer, campaign_slug: str,
                  evening_id: int | None = None) -> bytes:
    """The bundle's bytes for a campaign, or for one of its evenings."""
    access.check(viewer.role, "offline")
    campaign = campaigns.campaign_for(session, viewer, campaign_slug, edit=True)
    refs = rec.Refs.load(session, campaign.id)
    evening = None
    if evening_id is not None:
        evening = session.get(Evening, evening_id)
        if evening is None or evening.participation_id not in refs.communes:
            raise BundleError(f"La soirée n° {evening_id} n'est pas une soirée de la démarche "
                              f"« {campaign.name} ».")
    pids = [evening.participation_id] if evening else sorted(refs.communes)

    responses = list(session.scalars(
        select(Response).where(Response.participation_id.in_(pids),
                               _window(Response.submitted_at, evening, Response.evening_id))
        .order_by(Response.submitted_at, Response.id)))
    answers: dict[Any, dict[str, Any]] = {r.id: {} for r in responses}
    for response_id, question, value in session.execute(
            select(Answer.response_id, Answer.question_id, Answer.value)
            .where(Answer.response_id.in_(list(answers))).order_by(Answer.id)):
        answers[response_id][question] = value
    ideas = list(session.scalars(
        select(Idea).where(Idea.participation_id.in_(pids),
                           _window(Idea.created_at, evening, Idea.evening_id))
        .order_by(Idea.created_at, Idea.id)))
    tags: dict[Any, list[str]] = {i.id: [] for i in ideas}
    for idea_id, theme_id in session.execute(
            select(idea_themes.c.idea_id, idea_themes.c.theme_id)
            .where(idea_themes.c.idea_id.in_(list(tags)))):
        tags[idea_id].append(refs.themes[theme_id])
    ballots = list(session.scalars(
        select(Ballot).join(Vote, Vote.id == Ballot.vote_id)
        .where(Vote.participation_id.in_(pids),
               _window(Ballot.submitted_at, evening, Vote.evening_id))
        .order_by(Ballot.submitted_at, Ballot.id)))
    registrations = list(session.scalars(
        select(Registration).join(Evening, Evening.id == Registration.evening_id)
        .where(Evening.participation_id.in_(pids),
               Evening.id == evening.id if evening else true())
        .order_by(Registration.registered_at, Registration.id)))
    volunteers = list(session.scalars(
        select(Volunteer).where(Volunteer.participation_id.in_(pids), _month(evening))
        .order_by(Volunteer.created_at, Volunteer.id)))

    rows = {
        "responses": [rec.response_record(r, answers[r.id], refs) for r in responses],
        "ideas": [rec.idea_record(i, tags[i.id], refs) for i in ideas],
        "ballots": [rec.ballot_record(b, refs) for b in ballots],
        "registrations": [rec.registration_record(g, refs) for g in registrations],
        "volunteers": [rec.volunteer_record(v, refs) for v in volunteers],
    }
    # What the receiver needs to place those rows.
    evening_ids = {evening.id} if evening else set(refs.evenings)
    evening_ids |= {x.evening_id for x in responses + ideas if x.evening_id}
    evening_ids |= {g.evening_id for g in registrations}
    vote_ids = {b.vote_id for b in ballots}
    vote_ids |= set(session.scalars(select(Vote.id).where(
        Vote.participation_id.in_(pids), Vote.evening_id == evening.id if evening else true())))
    votes = list(session.scalars(select(Vote).where(Vote.id.in_(vote_ids))
                                 .options(selectinload(Vote.options)).order_by(Vote.id)))
    evening_ids |= {v.evening_id for v in votes if v.evening_id}
    evenings = list(session.scalars(select(Evening).where(Evening.id.in_(evening_ids))
                                    .order_by(Evening.starts_at, Evening.id)))
    theme_refs = {t for i in ideas for t in tags[i.id]}
    theme_refs |= {ref for v in votes for ref in (refs.themes[o.theme_id] for o in v.options)}
    theme_refs |= {refs.themes[e.theme_id] for e in evenings if e.theme_id}
    theme_refs |= {refs.themes[t] for t in session.scalars(
        select(Theme.id).where(Theme.campaign_id == campaign.id))}
    by_ref = {ref: i for i, ref in refs.themes.items()}
    themes = [session.get(Theme, by_ref[ref]) for ref in sorted(theme_refs)]
    version_ids = sorted({r.survey_version_id for r in responses})
    versions = list(session.scalars(select(SurveyVersion).where(SurveyVersion.id.in_(version_ids))
                                    .options(selectinload(SurveyVersion.survey))
                                    .order_by(SurveyVersion.id)))
    participations = list(session.scalars(
        select(Participation).where(Participation.id.in_(pids)).order_by(Participation.id)))

    payload = {
        "exported_at": rec.when(fr.utcnow()),
        "scope": {"campaign": campaign.slug,
                  "evening": rec.evening_record(evening, refs) if evening else None},
        "campaign": {
            "slug": campaign.slug, "name": campaign.name, "funder": campaign.funder,
            "call_name": campaign.call_name, "description": campaign.description,
            "starts_on": rec.when(campaign.starts_on), "ends_on": rec.when(campaign.ends_on),
            "status": campaign.status, "is_demo": bool(campaign.is_demo),
            "poles": [{"slug": p.slug, "name": p.name, "territory": p.territory}
                      for p in sorted(campaign.poles, key=lambda p: p.slug)],
        },
        "communes": [_commune(session.get(Commune, p.commune_code)) for p in participations],
        "participations": [{"commune": p.commune_code, "phase": p.phase,
                            "phase_since": rec.when(p.phase_since),
                            "invited_on": rec.when(p.invited_on)} for p in participations],
        "themes": [{"ref": rec.theme_ref(t.campaign_id, t.slug), "label": t.label,
                    "description": t.description, "keywords": list(t.keywords or [])}
                   for t in themes],
        "survey_versions": [{"survey": v.survey.slug, "title": v.survey.title,
                             "version": v.content_hash, "definition": v.definition}
                            for v in versions],
        "evenings": [rec.evening_record(e, refs) for e in evenings],
        "votes": [rec.vote_record(v, refs) for v in votes],
        **rows,
    }
    return bundle_format.dumps(payload)


def _commune(c: Commune) -> dict[str, Any]:
    return {"code_insee": c.code_insee, "nom": c.nom, "departement": c.departement,
            "code_epci": c.code_epci, "nom_epci": c.nom_epci, "population": c.population}


def file_name(campaign_slug: str, evening_id: int | None = None) -> str:
    day = fr.today_in_france().isoformat()
    scope = f"-soiree-{evening_id}" if evening_id is not None else ""
    return f"{campaign_slug}{scope}-{day}{bundle_format.SUFFIX}"
