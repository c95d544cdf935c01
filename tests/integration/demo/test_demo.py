"""The demo campaign Ruralités en Trégor."""

from sqlalchemy import func, select

from ruralites import demo
from ruralites.auth import SYSTEM
from ruralites.campaigns import board
from ruralites.models import Campaign, CouncilDecision, PhaseTransition


def _counts(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Campaign, PhaseTransition, CouncilDecision))


def test_demo_loads_the_five_communes_of_the_reference_case_marked_as_demo(db):
    assert demo.load(db) is True
    with db.read() as s:
        rows = board(s, SYSTEM, demo.SLUG)
        campaign = s.scalar(select(Campaign).where(Campaign.slug == "ruralites-en-tregor"))
        assert campaign.is_demo and campaign.name == "Ruralités en Trégor"
        assert sorted(p.name for p in campaign.poles) == ["ADESS Ouest-Côtes-d'Armor", "ADESS Pays de Morlaix"]
    assert sorted(r.code_insee for r in rows) == ["22227", "22238", "22319", "22366", "29014"]


def test_loading_the_demo_twice_changes_nothing(db):
    demo.load(db)
    before = _counts(db)
    assert demo.load(db) is False
    assert _counts(db) == before


def test_demo_history_starts_in_january_2019_with_plufur_announced_on_26_january(db):
    demo.load(db)
    with db.read() as s:
        steps = s.scalars(select(PhaseTransition).order_by(PhaseTransition.at)).all()
        first = steps[0].at
        plufur = [t for t in steps if t.participation.commune_code == "22238" and t.to_phase == "volunteered"]
    assert (first.year, first.month) == (2019, 1)
    assert plufur[0].at.date().isoformat() == "2019-01-26"
