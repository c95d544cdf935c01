"""The demo's restitution: tagged ideas, one vote per commune with plausible ballots, and the
theme each commune of the reference case chose."""

from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import demo, ideas, phases
from ruralites.auth import SYSTEM
from ruralites.demo.choice import load_choice
from ruralites.models import Ballot, Campaign, Idea, Participation, ThemeChoice, Vote
from ruralites.voting import votes
from tests.integration.restitution_setup import listening_commune

CHOSEN = {
    "22366": "lieu-de-rencontre",  # Trémel: an intergenerational multi-activity meeting place
    "29014": "jardin-partage",  # Botsorhel: a shared garden
    "22319": "paysage-patrimoine",  # Saint-Michel-en-Grève: landscape works
    "22238": "chemins-randonnee",  # Plufur: hiking paths (and the village centre)
    "22227": "commerce-cafe",  # Plounérin: a multi-activity shop
}


@pytest.fixture
def demo_db(db):
    demo.load(db)
    return db


def _snapshot(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m))
                     for m in (Idea, Vote, Ballot, ThemeChoice))


def test_each_commune_chose_the_theme_of_the_reference_case_in_spring_2019(demo_db):
    with demo_db.read() as s:
        participations = list(s.scalars(select(Participation)))
        assert len(participations) == 5  # the five communes of the reference case
        for p in participations:
            choice = s.scalar(select(ThemeChoice).where(ThemeChoice.participation_id == p.id))
            # The demo goes on to inspiring evenings and orientation: the choice stays in the
            # history, on the day it was made.
            assert phases.PATH.index(p.phase) >= phases.PATH.index("theme_chosen")
            assert p.chosen_theme.slug == CHOSEN[p.commune_code]
            assert choice.theme_id == p.chosen_theme_id
            assert date(2019, 3, 20) <= choice.decided_on <= date(2019, 6, 20)
            step = next(t for t in p.transitions if t.to_phase == "theme_chosen")
            assert step.at.date() == choice.decided_on


def test_each_commune_voted_once_with_its_own_method_and_a_plausible_turnout(demo_db):
    with demo_db.read() as s:
        methods = set()
        participations = list(s.scalars(select(Participation)))
        assert len(participations) == 5  # the five communes of the reference case
        for p in participations:
            [info] = votes.votes_for(s, SYSTEM, p.id)
            found = votes.results(s, SYSTEM, info.id)
            methods.add(info.method)
            assert 20 <= info.ballots <= 60 and info.status == "closed"
            assert found.refused == []
            chosen = p.chosen_theme.label
            assert found.winners == [chosen], p.commune.nom  # the room followed its vote
    assert methods == {"dots", "approval", "borda", "schulze", "majority"}


def test_the_demo_ideas_are_tagged_and_repeated_ones_merged(demo_db):
    with demo_db.read() as s:
        participations = list(s.scalars(select(Participation)))
        assert len(participations) == 5  # the five communes of the reference case
        for p in participations:
            found = ideas.summary(s, SYSTEM, p.id)
            assert found.mentions > found.ideas  # "Des transports" said by many counts once
            assert found.untagged <= found.ideas // 4
            assert p.chosen_theme.label in [c.label for c in found.by_theme]


def test_loading_the_choice_again_changes_nothing(demo_db):
    before = _snapshot(demo_db)
    with demo_db.write() as s:
        assert load_choice(s, s.scalar(select(Campaign))) is False
    assert _snapshot(demo_db) == before


def test_communes_still_waiting_for_their_answers_are_left_alone(db):
    setup = listening_commune(db)  # Trémel listening, Plufur only validated
    with db.write() as s:
        load_choice(s, s.get(Campaign, setup.campaign_id))
    with db.read() as s:
        plufur = s.get(Participation, setup.other_participation_id)
        assert plufur.phase == "validated"
        assert s.scalar(select(func.count()).select_from(Vote).where(
            Vote.participation_id == plufur.id)) == 0
