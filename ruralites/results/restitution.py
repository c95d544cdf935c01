"""What the restitution screen shows a village hall: how many answered (and what share of the
inhabitants), how many ideas, the themes that come up most with an example or two, the texts of
the word cloud, and the vote in progress or the theme chosen. Plain data; no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr, ideas
from ruralites.auth import Viewer
from ruralites.models import Response
from ruralites.voting import theme_choice, votes


@dataclass(frozen=True)
class VoteProgress:
    title: str
    ballots: int
    is_open: bool


@dataclass(frozen=True)
class Restitution:
    commune: str
    population: int | None
    responses: int
    ideas: int  # a merged group of ideas counts once
    mentions: int
    top_themes: list[ideas.ThemeCount]
    cloud_texts: list[str]
    vote: VoteProgress | None
    chosen_theme: str | None

    @property
    def share(self) -> float | None:
        """Responses as a share of the inhabitants (0–1), when the population is known."""
        return self.responses / self.population if self.population else None

    @property
    def share_text(self) -> str:
        return fr.percent(self.share)


def restitution(session: Session, viewer: Viewer, participation_id: int, *, top: int = 4,
                examples: int = 2, vote_id: int | None = None) -> Restitution:
    participation = campaigns.participation_for(session, viewer, participation_id)
    answered = session.scalar(select(func.count(Response.id))
                              .where(Response.participation_id == participation_id)) or 0
    found = ideas.summary(session, viewer, participation_id, examples=examples)
    progress = None
    if vote_id is not None:
        info = votes.vote_for(session, viewer, vote_id)
        progress = VoteProgress(info.title, info.ballots, info.is_open)
    decision = theme_choice.decision_for(session, viewer, participation_id)
    return Restitution(
        commune=participation.commune.nom, population=participation.commune.population,
        responses=answered, ideas=found.ideas, mentions=found.mentions,
        top_themes=found.by_theme[:top],
        cloud_texts=ideas.cloud_texts(session, viewer, participation_id),
        vote=progress, chosen_theme=decision.theme_label if decision else None,
    )
