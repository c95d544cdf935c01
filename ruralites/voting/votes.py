"""Votes (priorisation) over the themes of a commune.

Staff shortlist 3 to 8 themes (`shortlist_candidates` proposes them) and choose a method;
ballots come from tablets and phones (a vote kiosk link) and from paper (`voting.ballots`).
Results are counted by the pure methods of `voting.methods` through `voting.counting`; a tie
for first is reported. The choice itself is recorded by `voting.decision`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ruralites import campaigns, fr, ideas
from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.listening import kiosk
from ruralites.models import (
    Ballot,
    Participation,
    ThemeChoice,
    Vote,
    VoteOption,
    utcnow,
)
from ruralites.voting.base import METHOD_KIND, Result
from ruralites.voting.counting import Counting, Refused, StoredBallot
from ruralites.voting.counting import count as count_ballots
from ruralites.voting.methods import Robustness

# The methods staff choose from (plurality is shown beside them for comparison, never alone).
METHODS = {
    "dots": "Gommettes (chacun répartit N gommettes, cumul permis)",
    "approval": "Vote par approbation (chacun coche les thèmes qui lui conviennent)",
    "borda": "Classement — méthode de Borda (avec contrôle de Condorcet)",
    "schulze": "Classement — méthode de Schulze (Condorcet)",
    "majority": "Jugement majoritaire (une mention par thème)",
}
SHORT_LABELS = {
    "dots": "gommettes", "approval": "vote par approbation", "borda": "classement (Borda)",
    "schulze": "classement (Schulze)", "majority": "jugement majoritaire",
}
MIN_THEMES, MAX_THEMES = 3, 8
DEFAULT_SHORTLIST = 5  # the themes most ideas point to, proposed to the room
MAX_DOTS = 10
STATUS_LABELS = {"draft": "En préparation", "open": "Ouvert", "closed": "Clos"}
CHANNEL_LABELS = {"tablet": "Tablette", "online": "Téléphone / en ligne", "paper": "Papier"}
DECIDERS = {
    "room": "l'assemblée des habitants (la salle)",
    "council": "le conseil municipal",
}


class VoteError(UserError):
    """A vote rule refused something; str() is a French message."""


class VoteClosedError(VoteError):
    pass


def suggested_dots(themes: int) -> int:
    """Usual guidance: about one dot per 3 to 5 themes, at least 2 so that a person can weigh."""
    return max(2, ceil(themes / 3))


# ---- creating and reading votes ----------------------------------------------------------------


@dataclass(frozen=True)
class OptionRow:
    theme_id: int
    label: str
    description: str | None


@dataclass(frozen=True)
class VoteInfo:
    id: int
    participation_id: int
    commune_name: str
    title: str
    method: str
    max_dots: int | None
    status: str
    created_at: datetime
    closed_at: datetime | None
    options: tuple[OptionRow, ...]
    ballots: int = 0  # stored ballots, identical ones and board voters included

    @property
    def kind(self) -> str:
        return METHOD_KIND[self.method]

    @property
    def method_label(self) -> str:
        return SHORT_LABELS.get(self.method, self.method)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def labels(self) -> dict[str, str]:
        """Theme id (as text, as ballots store it) -> label, in the vote's order."""
        return {str(o.theme_id): o.label for o in self.options}

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def vote_info(session: Session, vote: Vote) -> VoteInfo:
    participation = session.get(Participation, vote.participation_id)
    counted = session.scalar(select(func.coalesce(func.sum(Ballot.weight), 0))
                             .where(Ballot.vote_id == vote.id)) or 0
    return VoteInfo(
        id=vote.id, participation_id=vote.participation_id,
        commune_name=participation.commune.nom, title=vote.title, method=vote.method,
        max_dots=vote.max_dots, status=vote.status, created_at=vote.created_at,
        closed_at=vote.closed_at,
        options=tuple(OptionRow(o.theme_id, o.theme.label, o.theme.description)
                      for o in vote.options),
        ballots=int(counted),
    )


def load_vote(session: Session, vote_id: int) -> Vote | None:
    return session.scalar(select(Vote).where(Vote.id == vote_id).options(
        selectinload(Vote.options).selectinload(VoteOption.theme)))


def create_vote(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    *,
    theme_ids: Sequence[int],
    method: str,
    max_dots: int | None = None,
    title: str | None = None,
    evening_id: int | None = None,
    at: datetime | None = None,
) -> VoteInfo:
    """A new open vote. Needs the listening phase (or later) and ideas to vote on."""
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    campaigns.check_allows(participation, "vote")
    if ideas.count_ideas(session, participation.id) == 0:
        raise VoteError(
            f"Aucune idée n'est encore enregistrée pour {participation.commune.nom} : un vote "
            "porte sur ce que les habitants ont exprimé. Saisissez d'abord les idées "
            "(réponses, post-it, boîte à idées)."
        )
    if method not in METHODS:
        raise VoteError(f"Méthode inconnue « {method} » : choisissez parmi "
                        f"{', '.join(SHORT_LABELS.values())}.")
    wanted = list(theme_ids)
    if len(set(wanted)) != len(wanted):
        raise VoteError("Un même thème figure deux fois dans la liste : retirez le doublon.")
    if not MIN_THEMES <= len(wanted) <= MAX_THEMES:
        raise VoteError(f"Retenez de {MIN_THEMES} à {MAX_THEMES} thèmes pour le vote "
                        f"({len(wanted)} choisis).")
    visible = {t.id: t for t in ideas.themes_for_campaign(session, participation.campaign_id)}
    if any(theme_id not in visible for theme_id in wanted):
        raise VoteError("Un des thèmes choisis n'existe pas pour cette démarche : rechargez la "
                        "page.")
    if method == "dots":
        max_dots = max_dots if max_dots is not None else suggested_dots(len(wanted))
        if isinstance(max_dots, bool) or not isinstance(max_dots, int) or not 1 <= max_dots <= MAX_DOTS:
            raise VoteError(f"Nombre de gommettes par personne : de 1 à {MAX_DOTS}.")
    else:
        max_dots = None
    title = campaigns.clean_text(title, 200, "Titre du vote") or (
        f"Priorisation des thèmes — {participation.commune.nom}")
    vote = Vote(participation_id=participation.id, title=title, method=method,
                max_dots=max_dots, status="open", evening_id=evening_id,
                created_at=at or utcnow())
    vote.options = [VoteOption(theme_id=theme_id, position=position)
                    for position, theme_id in enumerate(wanted, start=1)]
    session.add(vote)
    session.flush()
    return vote_info(session, load_vote(session, vote.id))


def votes_for(session: Session, viewer: Viewer, participation_id: int) -> list[VoteInfo]:
    """The commune's votes, newest first."""
    campaigns.participation_for(session, viewer, participation_id)
    found = session.scalars(select(Vote).where(Vote.participation_id == participation_id)
                            .options(selectinload(Vote.options).selectinload(VoteOption.theme))
                            .order_by(Vote.created_at.desc(), Vote.id.desc()))
    return [vote_info(session, vote) for vote in found]


def vote_for(session: Session, viewer: Viewer, vote_id: int, *, edit: bool = False) -> VoteInfo:
    vote = load_vote(session, vote_id)
    if vote is None:
        raise VoteError("Vote introuvable.")
    campaigns.participation_for(session, viewer, vote.participation_id, edit=edit)
    return vote_info(session, vote)


def vote_for_link(session: Session, context: kiosk.KioskContext) -> VoteInfo:
    """The vote a kiosk link opens (the link was resolved by `kiosk.resolve`)."""
    vote = load_vote(session, context.vote_id) if context.vote_id else None
    if vote is None or vote.participation_id != context.participation_id:
        raise kiosk.LinkError("Ce lien ne mène à aucun vote. Demandez un nouveau lien à "
                              "l'équipe d'animation.")
    return vote_info(session, vote)


def set_status(session: Session, viewer: Viewer, vote_id: int, status: str) -> VoteInfo:
    """Close a vote (no more ballots) or open it again."""
    if status not in ("open", "closed"):
        raise VoteError(f"État de vote inconnu : « {status} ».")
    info = vote_for(session, viewer, vote_id, edit=True)
    vote = session.get(Vote, vote_id)
    if status == "open" and session.scalar(select(ThemeChoice.id).where(
            ThemeChoice.participation_id == info.participation_id)) is not None:
        raise VoteError("La thématique est déjà choisie : ce vote ne peut plus être rouvert.")
    vote.status = status
    vote.closed_at = utcnow() if status == "closed" else None
    session.flush()
    return vote_info(session, load_vote(session, vote_id))


def create_link(session: Session, viewer: Viewer, vote_id: int, *, pin: str | None = None) -> str:
    """A tablet/phone link for an open vote; returns the token (shown once)."""
    info = vote_for(session, viewer, vote_id, edit=True)
    if not info.is_open:
        raise VoteClosedError("Ce vote est clos : rouvrez-le avant de créer un lien.")
    return kiosk.create_link(session, viewer, participation_id=info.participation_id,
                             vote_id=vote_id, pin=pin)


# ---- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteResults:
    info: VoteInfo
    counting: Counting
    by_channel: dict[str, int]  # ballots per channel (identical ones and board voters included)
    totals_entries: int

    @property
    def result(self) -> Result | None:
        return self.counting.result

    @property
    def robustness(self) -> Robustness | None:
        return self.counting.robustness

    @property
    def refused(self) -> list[Refused]:
        return self.counting.refused

    @property
    def tie_for_first(self) -> bool:
        return self.result is not None and len(self.result.winners) > 1

    @property
    def winners(self) -> list[str]:
        return list(self.result.winners) if self.result else []


def _where(ballot: Ballot) -> str:
    when = fr.date_time(ballot.submitted_at)
    if ballot.is_totals:
        return f"totaux du tableau saisis le {when}"
    what = {"paper": "bulletin papier", "tablet": "bulletin sur tablette",
            "online": "bulletin en ligne"}.get(ballot.channel, "bulletin")
    return f"{what} du {when}" + (f" (× {ballot.weight})" if ballot.weight > 1 else "")


def results(session: Session, viewer: Viewer, vote_id: int) -> VoteResults:
    """The count of a vote with its method, the comparison with other methods, refusals."""
    info = vote_for(session, viewer, vote_id)
    rows = list(session.scalars(select(Ballot).where(Ballot.vote_id == vote_id)
                                .order_by(Ballot.submitted_at, Ballot.id)))
    stored = [StoredBallot(b.content, b.weight, b.is_totals, _where(b)) for b in rows]
    counting = count_ballots(info.method, info.labels, stored, max_dots=info.max_dots)
    by_channel: dict[str, int] = {}
    for b in rows:
        by_channel[b.channel] = by_channel.get(b.channel, 0) + b.weight
    return VoteResults(info, counting, by_channel, sum(1 for b in rows if b.is_totals))


@dataclass(frozen=True)
class Candidate:
    """A theme that may go to the vote, with how many ideas point to it."""

    theme_id: int
    label: str
    ideas: int


def shortlist_candidates(session: Session, viewer: Viewer, participation_id: int
                         ) -> tuple[list[Candidate], list[int]]:
    """Every theme of the commune's campaign, those with the most ideas first (then by name),
    and the ones proposed by default: up to DEFAULT_SHORTLIST that have ideas."""
    themes = ideas.themes_for(session, viewer, participation_id)
    counts = {c.theme_id: c.ideas for c in ideas.summary(session, viewer, participation_id).by_theme}
    themes.sort(key=lambda t: (-counts.get(t.id, 0), ideas.normalise(t.label)))
    candidates = [Candidate(t.id, t.label, counts.get(t.id, 0)) for t in themes]
    default = [c.theme_id for c in candidates if c.ideas][:DEFAULT_SHORTLIST]
    return candidates, default
