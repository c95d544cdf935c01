"""Demo restitution and choice: after listening, each commune of *Ruralités en Trégor* tags its
ideas, merges the ideas said word for word several times, holds a restitution evening with a
vote (a different method in each commune, 20–60 ballots for villages of 400–800 inhabitants)
and records the theme of the reference case:

- Plufur: hiking paths (with the village centre, which came second) — ranking, Borda;
  the municipal council confirms a week later;
- Plounérin: a multi-activity shop — dots, mostly counted on the board, a few tablets;
- Trémel: an intergenerational multi-activity meeting place — majority judgment on tablets
  and phones;
- Saint-Michel-en-Grève: landscape works — approval, paper ballots entered one by one;
- Botsorhel: a shared garden — ranking, Schulze.

Ballots are invented but plausible and seeded; every id derives from the commune, so loading
twice adds nothing. Communes not yet in the listening phase (no answers loaded) are left alone.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import fr, ideas, phases
from ruralites.auth import SYSTEM
from ruralites.demo import listening as demo_listening
from ruralites.models import Ballot, Campaign, Evening, Idea, Participation, ThemeChoice, Vote
from ruralites.voting import GRADES, theme_choice, votes
from ruralites.voting.counting import StoredBallot
from ruralites.voting.counting import count as count_ballots

NAMESPACE = uuid.UUID("6b8f4a52-2f0e-4c55-9a51-0d7c3b1e9e07")


@dataclass(frozen=True)
class DemoVote:
    code_insee: str
    method: str
    shortlist: tuple[str, ...]  # theme slugs; the first is the one the commune chose
    appeal: tuple[float, ...]  # how much the room likes each theme, same order
    tablets: int  # ballots on tablets and phones
    paper: int  # paper ballots entered one by one
    board_voters: int  # people whose dots were counted on the board
    decided_by: str  # "room" or "council"
    days_to_decision: int
    notes: str
    postits: tuple[str, ...]  # post-its of the restitution evening
    max_dots: int | None = None


DEMO_VOTES = (
    DemoVote("22238", "borda",
             ("chemins-randonnee", "centre-bourg", "paysage-patrimoine", "lieu-de-rencontre",
              "commerce-cafe"), (5.0, 3.6, 2.0, 1.6, 1.2), 18, 16, 0, "council", 7,
             "Vote de la soirée de restitution confirmé par le conseil municipal, qui y associe "
             "l'aménagement du centre-bourg, arrivé deuxième.",
             ("Un sentier qui relie la chapelle au bourg", "Des bancs sur la place de l'église",
              "Un circuit de randonnée balisé pour les familles")),
    DemoVote("22227", "dots",
             ("commerce-cafe", "alimentation-locale", "lieu-de-rencontre", "mobilite", "services"),
             (5.0, 2.6, 1.8, 1.0, 1.2), 11, 0, 30, "room", 0,
             "Un commerce multi-activités : épicerie, dépôt de pain, bar et relais colis.",
             ("Une épicerie qui fasse aussi café", "Vendre les légumes des fermes voisines",
              "Un relais colis au bourg"), max_dots=3),
    DemoVote("22366", "majority",
             ("lieu-de-rencontre", "aines", "enfance-jeunesse", "commerce-cafe", "culture"),
             (1.6, 0.6, 0.5, 0.2, -0.1), 38, 0, 0, "room", 0,
             "Un lieu de rencontre intergénérationnel et multi-activités.",
             ("Une salle où les anciens apprennent l'informatique avec les jeunes",
              "Un lieu ouvert le samedi pour les familles", "Des jeux de société le dimanche")),
    DemoVote("22319", "approval",
             ("paysage-patrimoine", "chemins-randonnee", "environnement", "centre-bourg",
              "culture"), (0.8, 0.5, 0.45, 0.3, 0.25), 0, 27, 0, "room", 0,
             "Travaux paysagers : entrée du bourg, abords de l'église et vue sur la baie.",
             ("Planter des haies le long de la route de la côte",
              "Un belvédère sur la Lieue de Grève", "Fleurir l'entrée du bourg")),
    DemoVote("29014", "schulze",
             ("jardin-partage", "alimentation-locale", "lieu-de-rencontre", "environnement"),
             (5.0, 2.2, 1.8, 1.4), 14, 9, 0, "room", 0,
             "Un jardin partagé près de l'école, avec un compost collectif.",
             ("Un jardin partagé avec l'école", "Un coin de compost au bourg",
              "Une grainothèque à la mairie")),
)


def _id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def load_choice(session: Session, campaign: Campaign) -> bool:
    """Tag, merge, vote and choose in every commune of the demo campaign that has reached the
    listening phase. Idempotent; returns True if anything was added."""
    meetings = {c.code_insee: c for c in demo_listening.COMMUNES}
    changed = False
    for spec in DEMO_VOTES:
        participation = session.scalar(select(Participation).where(
            Participation.campaign_id == campaign.id,
            Participation.commune_code == spec.code_insee))
        if participation is None or not phases.allows(participation.phase, "vote"):
            continue
        listening = meetings[spec.code_insee]
        changed |= _restitution(session, participation, spec, listening.public_meeting,
                                listening.place)
    session.flush()
    return changed


def _evening_at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=fr.PARIS).astimezone(UTC)


def _restitution(session: Session, participation: Participation, spec: DemoVote, day: date,
                 place: str) -> bool:
    pid = participation.id
    evening = _evening(session, participation, spec, day, place)
    slugs = {t.slug: t.id for t in ideas.themes_for_campaign(session, participation.campaign_id)}
    added = 0
    for n, text in enumerate(spec.postits):
        idea_id = _id(spec.code_insee, "postit", n)
        if session.get(Idea, idea_id) is None:
            ideas.add_idea(session, SYSTEM, pid, text, "postit", evening_id=evening.id,
                           idea_id=idea_id, at=_evening_at(day, 20, 10 + n))
            added += 1
    added += ideas.merge_identical(session, SYSTEM, pid)
    added += ideas.apply_suggestions(session, SYSTEM, pid)
    vote = session.scalar(select(Vote).where(Vote.participation_id == pid))
    if vote is None:
        info = votes.create_vote(
            session, SYSTEM, pid, theme_ids=[slugs[s] for s in spec.shortlist],
            method=spec.method, max_dots=spec.max_dots, evening_id=evening.id,
            title=f"Priorisation des thèmes — soirée de restitution du {fr.short_date(day)}",
            at=_evening_at(day, 20, 30))
        vote = session.get(Vote, info.id)
        added += 1
    added += _ballots(session, vote, spec, day, slugs)
    if session.scalar(select(ThemeChoice.id).where(ThemeChoice.participation_id == pid)) is None:
        decided_on = day + timedelta(days=spec.days_to_decision)
        theme_choice.record_decision(session, SYSTEM, pid, theme_id=slugs[spec.shortlist[0]],
                              decided_by=spec.decided_by, decided_on=decided_on, vote_id=vote.id,
                              notes=spec.notes, today=date(2019, 12, 31))
        choice = session.scalar(select(ThemeChoice).where(ThemeChoice.participation_id == pid))
        choice.recorded_at = _evening_at(decided_on, 22)
        added += 1
    return added > 0


def _evening(session: Session, participation: Participation, spec: DemoVote, day: date,
             place: str) -> Evening:
    evening = session.scalar(select(Evening).where(Evening.participation_id == participation.id,
                                                   Evening.kind == "restitution"))
    if evening is None:
        voters = spec.tablets + spec.paper + spec.board_voters
        evening = Evening(participation_id=participation.id, kind="restitution",
                          title="Soirée de restitution et choix d'une thématique",
                          starts_at=_evening_at(day, 20), place=place,
                          attendance=voters + voters // 5)
        session.add(evening)
        session.flush()
    return evening


def _ballots(session: Session, vote: Vote, spec: DemoVote, day: date, slugs: dict[str, int]) -> int:
    """The evening's ballots, made once; a seed is searched so that the room's favourite comes
    first, as it did (the search is deterministic, so every load makes the same ballots)."""
    if session.scalar(select(Ballot.id).where(Ballot.vote_id == vote.id).limit(1)) is not None:
        return 0
    ids = [str(slugs[s]) for s in spec.shortlist]
    labels = {str(o.theme_id): o.theme.label for o in vote.options}
    for attempt in range(50):
        rows = _made_ballots(random.Random(f"{spec.code_insee}:{attempt}"), spec, ids, day)
        counting = count_ballots(spec.method, labels, [StoredBallot(r["content"], r["weight"],
                                                                    r["is_totals"], "")
                                                       for r in rows], max_dots=spec.max_dots)
        if counting.result and counting.result.winners == [labels[ids[0]]]:
            break
    for n, row in enumerate(rows):
        session.add(Ballot(id=_id(spec.code_insee, "ballot", n), vote_id=vote.id, **row))
    session.flush()
    return len(rows)


def _made_ballots(rng: random.Random, spec: DemoVote, ids: list[str], day: date) -> list[dict]:
    def moment() -> datetime:
        return _evening_at(day, 20, 35) + timedelta(minutes=rng.randint(0, 50),
                                                    seconds=rng.randint(0, 59))

    rows = []
    for n in range(spec.tablets + spec.paper):
        channel = "paper" if n >= spec.tablets else rng.choices(["tablet", "online"], [3, 1])[0]
        rows.append({"channel": channel, "content": {"marks": _marks(rng, spec, ids)},
                     "weight": 1, "is_totals": False, "submitted_at": moment()})
    if spec.board_voters:
        totals = dict.fromkeys(ids, 0)
        for _ in range(spec.board_voters):
            for key, dots in _marks(rng, spec, ids).items():
                totals[key] += dots
        rows.append({"channel": "paper", "content": {"totals": totals}, "weight": spec.board_voters,
                     "is_totals": True, "submitted_at": _evening_at(day, 21, 40)})
    return rows


def _marks(rng: random.Random, spec: DemoVote, ids: list[str]) -> dict[str, int]:
    weights = dict(zip(ids, spec.appeal, strict=True))
    if spec.method == "dots":
        marks: dict[str, int] = {}
        for key in rng.choices(ids, weights=spec.appeal, k=spec.max_dots or 3):
            marks[key] = marks.get(key, 0) + 1
        return marks
    if spec.method == "approval":
        return {key: 1 for key in ids if rng.random() < weights[key]} or {ids[0]: 1}
    if spec.method == "majority":
        # A grade around the theme's appeal: 0 = Excellent … 6 = À rejeter.
        return {key: min(len(GRADES) - 1, max(0, round(3 - weights[key] + rng.gauss(0, 1.3))))
                for key in ids}
    order: list[str] = []  # a ranking: themes drawn one by one, the liked ones first
    left = list(ids)
    for _ in range(rng.choice([3, len(ids), len(ids)])):
        key = rng.choices(left, weights=[weights[k] for k in left])[0]
        order.append(key)
        left.remove(key)
    return {key: rank for rank, key in enumerate(order, start=1)}
