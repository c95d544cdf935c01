"""The demo orientation: each commune of *Ruralités en Trégor* oriented to schemes that fit its
theme, with a project, a group and some follow-up; loading twice changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ruralites import demo, orientation
from ruralites.auth import SYSTEM
from ruralites.demo.orientation import load_orientation
from ruralites.models import (
    Campaign,
    Orientation,
    OrientationStep,
    Participation,
    PhaseTransition,
    Project,
    Volunteer,
)

CHOSEN = {
    "22227": ["pole-ess", "tag-ideateur", "bouge-ton-coq", "1000-cafes", "france-active-bretagne"],
    "29014": ["pole-ess", "vert-le-jardin"],  # a shared garden
    "22366": ["pole-ess", "caf-espace-de-vie-sociale", "tag-incubateur"],  # a meeting place
    "22319": ["pole-ess", "breizh-bocage", "leader"],  # landscape works
    "22238": ["pole-ess", "pdipr-cotes-darmor", "bruded"],  # hiking trails
}


@pytest.fixture
def demo_db(db):
    demo.load(db)
    return db


def _files(db):
    with db.read() as s:
        return {p.commune_code: orientation.orientation_file(s, SYSTEM, p.id)
                for p in s.scalars(select(Participation))}


def test_each_commune_is_oriented_to_schemes_that_fit_its_theme(demo_db):
    files = _files(demo_db)
    assert {code: [c.slug for c in f.chosen] for code, f in files.items()} == CHOSEN
    for code, file in files.items():
        assert file.commune.phase == "oriented", code
        assert file.chosen[0].rank == 1  # the pôle ESS first, as recommended
        assert 4 <= file.group_size <= 8 and all(p.consent_version for p in file.group)
        assert any(c.steps for c in file.chosen)
    plounerin = files["22227"]
    assert plounerin.project.stage == "idea" and plounerin.project.carrier == "informal_group"
    france_active = plounerin.chosen[-1]
    assert france_active.rank is None and france_active.reasons[0].startswith("hors recommandation")
    leader = files["22319"].chosen[-1]
    assert leader.status == "Abandonné" and "budget communal" in leader.steps[-1].note


def test_loading_the_demo_again_changes_nothing(demo_db):
    def snapshot():
        with demo_db.read() as s:
            return tuple(s.scalar(select(func.count()).select_from(m)) for m in
                         (Orientation, OrientationStep, Project, Volunteer, PhaseTransition))

    before = snapshot()
    assert demo.load(demo_db) is False
    with demo_db.write() as s:
        assert load_orientation(s, s.scalar(select(Campaign))) is False
    assert snapshot() == before
