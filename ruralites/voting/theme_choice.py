"""The choice of one theme: who decided (the room or the council), when, which theme and why;
recording it closes the vote and moves the participation to `theme_chosen` through
`campaigns.move`. A tie for first is left to the room, never settled by the software."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr, ideas
from ruralites.auth import Viewer
from ruralites.models import Theme, ThemeChoice, Vote, utcnow
from ruralites.voting.votes import DECIDERS, VoteError, load_vote, results


@dataclass(frozen=True)
class DecisionInfo:
    participation_id: int
    theme_id: int
    theme_label: str
    decided_by: str  # in words
    decided_on: date
    notes: str | None
    vote_id: int | None
    vote_title: str | None


def decider_label(decided_by: str) -> str:
    return DECIDERS.get(decided_by, decided_by)


def _choice(session: Session, participation_id: int) -> ThemeChoice | None:
    return session.scalar(select(ThemeChoice).where(ThemeChoice.participation_id == participation_id))


def decision_for(session: Session, viewer: Viewer, participation_id: int) -> DecisionInfo | None:
    """The commune's chosen theme, if the choice is recorded (mayors may read it)."""
    campaigns.participation_for(session, viewer, participation_id)
    choice = _choice(session, participation_id)
    if choice is None:
        return None
    theme = session.get(Theme, choice.theme_id)
    vote = session.get(Vote, choice.vote_id) if choice.vote_id else None
    return DecisionInfo(participation_id, theme.id, theme.label, decider_label(choice.decided_by),
                        choice.decided_on, choice.notes, choice.vote_id,
                        vote.title if vote else None)


def record_decision(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    *,
    theme_id: int,
    decided_by: str,
    decided_on: date,
    vote_id: int | None = None,
    notes: str | None = None,
    today: date | None = None,
) -> DecisionInfo:
    """Record who chose which theme and when; closes the vote and moves the participation to
    `theme_chosen`. A theme that is not first in the vote (or is one of several tied first)
    may be chosen: the room decides, not the software; choosing another theme than the vote's
    clear winner needs a note saying why."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    campaigns.check_allows(participation, "choose_theme")
    existing = _choice(session, participation.id)
    if existing is not None:
        label = session.get(Theme, existing.theme_id).label
        raise VoteError(f"La thématique de {participation.commune.nom} est déjà choisie : "
                        f"« {label} », le {fr.short_date(existing.decided_on)}.")
    decided_by = (decided_by or "").strip()
    if not decided_by:
        raise VoteError("Indiquez qui a décidé : l'assemblée des habitants ou le conseil "
                        "municipal.")
    decided_by = campaigns.clean_text(decided_by, 200, "Qui a décidé") or ""
    if decided_on is None:
        raise VoteError("Indiquez la date de la décision.")
    if decided_on > (today or fr.today_in_france()):
        raise VoteError(f"La date de la décision ({decided_on:%d/%m/%Y}) est dans le futur.")
    notes = campaigns.clean_text(notes, 5000, "Notes")
    visible = {t.id: t for t in ideas.themes_for_campaign(session, participation.campaign_id)}
    if theme_id not in visible:
        raise VoteError("Thème inconnu pour cette démarche : choisissez parmi les thèmes "
                        "proposés.")
    vote = None
    if vote_id is not None:
        vote = load_vote(session, vote_id)
        if vote is None or vote.participation_id != participation.id:
            raise VoteError("Ce vote n'est pas celui de cette commune.")
        if theme_id not in {o.theme_id for o in vote.options}:
            raise VoteError(f"« {visible[theme_id].label} » n'était pas soumis à ce vote : "
                            "choisissez un des thèmes du vote, ou enregistrez la décision sans "
                            "vote.")
        counted = results(session, viewer, vote_id)
        if counted.result and not notes and visible[theme_id].label not in counted.winners:
            raise VoteError(
                f"« {visible[theme_id].label} » n'est pas en tête du vote "
                f"({', '.join(counted.winners)}) : indiquez dans les notes pourquoi ce choix."
            )
    theme_label = visible[theme_id].label
    choice = ThemeChoice(participation_id=participation.id, theme_id=theme_id,
                         vote_id=vote.id if vote else None, decided_by=decided_by,
                         decided_on=decided_on, notes=notes)
    session.add(choice)
    participation.chosen_theme_id = theme_id
    at = _evening_of(decided_on)
    if vote is not None and vote.status != "closed":
        vote.status, vote.closed_at = "closed", at
    reason = f"Thématique choisie : « {theme_label} », par {decider_label(decided_by)}"
    campaigns.move(session, participation, "theme_chosen", user_id=viewer.user_id,
                   reason=reason + (f" (vote « {vote.title} »)" if vote else ""), at=at)
    session.flush()
    return decision_for(session, viewer, participation.id)


def _evening_of(day: date) -> datetime:
    """That day at 21:00 in France (a public evening), never later than now."""
    moment = datetime.combine(day, time(21, 0), tzinfo=fr.PARIS).astimezone(UTC)
    return min(moment, utcnow())
