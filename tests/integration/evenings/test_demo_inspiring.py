"""The demo's inspiring evenings: fictional witnesses from other EPCIs, one evening per commune
on its chosen theme after the choice, registrations, attendance, the move to `inspiring`; and
loading twice changes nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import demo, evenings, fr
from ruralites.auth import SYSTEM
from ruralites.demo.inspiring import FICTION, WITNESSES
from ruralites.models import (
    Evening,
    KioskLink,
    Participation,
    PhaseTransition,
    Registration,
    ThemeChoice,
    Witness,
)


@pytest.fixture
def demo_db(db):
    demo.load(db)
    return db


def _snapshot(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m))
                     for m in (Evening, Registration, Witness, KioskLink))


def test_the_witnesses_are_fictional_and_from_outside_the_demo_communes_epcis(demo_db):
    with demo_db.read() as s:
        rows = evenings.search(s, SYSTEM, today=date(2026, 12, 1))
        demo_epcis = {p.commune.code_epci for p in s.scalars(select(Participation))}
    assert len(rows) == len(WITNESSES) == 13
    themes = {slug for r in rows for slug in r.fields.themes}
    assert {"lieu-de-rencontre", "commerce-cafe", "jardin-partage", "paysage-patrimoine",
            "chemins-randonnee"} <= themes
    for r in rows:
        assert r.fields.notes.startswith(FICTION)
        assert r.fields.email.endswith("@example.org")
        assert r.departement in ("22", "29", "35", "56") and r.code_epci not in demo_epcis
    states = sorted(r.consent_state for r in rows)
    assert states == ["expired"] + ["valid"] * 12  # one kept to show it is never proposed


def test_each_commune_held_one_inspiring_evening_on_its_theme_and_moved_to_inspiring(demo_db):
    with demo_db.read() as s:
        found = evenings.evenings_for(s, SYSTEM, kind="inspiring")
        assert len(found) == 5
        for e in found:
            p = s.get(Participation, e.participation_id)
            choice = s.scalar(select(ThemeChoice).where(ThemeChoice.participation_id == p.id))
            assert e.theme_id == p.chosen_theme_id
            assert fr.local(e.starts_at).date() > choice.decided_on
            assert [w.spoke for w in e.speakers] == [True, True]
            assert e.registered >= 20 and 0 < e.ticked <= e.attendance
            moved = s.scalar(select(PhaseTransition).where(
                PhaseTransition.participation_id == p.id, PhaseTransition.to_phase == "inspiring"))
            assert moved.from_phase == "theme_chosen" and moved.at == e.starts_at
            assert p.phase == "oriented"  # the demo's orientation comes after the evening
    tremel = next(e for e in found if e.commune_name == "Trémel")
    assert (tremel.capacity, tremel.registered, tremel.waiting) == (30, 30, 3)


def test_loading_the_demo_again_changes_nothing(demo_db):
    before = _snapshot(demo_db)
    assert demo.load(demo_db) is False
    assert _snapshot(demo_db) == before
