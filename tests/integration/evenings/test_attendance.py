"""After the evening: who came, which witnesses spoke, what came out of it; the first inspiring
evening held moves the commune to `inspiring`, and mayors read who spoke (no contact)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from ruralites import evenings
from ruralites.errors import UserError
from ruralites.models import Participation, PhaseTransition
from tests.integration.evenings.evening_setup import NOW, clock, plan, theme_chosen  # noqa: F401
from tests.integration.evenings.test_witnesses import add_witness

AFTER = NOW + timedelta(days=30)  # the evenings planned below are over


@pytest.fixture
def tremel(db, clock):  # noqa: F811
    return theme_chosen(db)


def _register(db, tremel, evening_id, *names):
    ids = {}
    with db.write() as s:
        for n, name in enumerate(names):
            evenings.add_registration(s, tremel.staff, evening_id, name=name,
                                      now=NOW + timedelta(minutes=n))
        for r in evenings.registrations_for(s, tremel.staff, evening_id):
            ids[r.name] = r.id
    return ids


def _phase(db, tremel):
    with db.read() as s:
        p = s.get(Participation, tremel.participation_id)
        steps = s.scalars(select(PhaseTransition).where(
            PhaseTransition.participation_id == p.id).order_by(PhaseTransition.id)).all()
        return p.phase, steps[-1]


def test_ticks_and_a_head_count_with_walk_ins_are_recorded(db, tremel):
    evening = plan(db, tremel, capacity=None)
    ids = _register(db, tremel, evening.id, "Anne", "Bruno", "Chloé")
    with db.write() as s:
        stored = evenings.record_attendance(s, tremel.staff, evening.id,
                                            present={ids["Anne"], ids["Chloé"]}, count=9, now=AFTER)
    with db.read() as s:
        found = evenings.evening_info(s, tremel.staff, evening.id)
        rows = evenings.registrations_for(s, tremel.staff, evening.id)
    assert (stored, found.attendance, found.ticked) == (9, 9, 2)
    assert [(r.name, r.attended) for r in rows] == [("Anne", True), ("Bruno", False), ("Chloé", True)]


def test_without_a_count_the_ticks_are_the_attendance(db, tremel):
    evening = plan(db, tremel)
    ids = _register(db, tremel, evening.id, "Anne", "Bruno")
    with db.write() as s:
        assert evenings.record_attendance(s, tremel.staff, evening.id, present=set(ids.values()),
                                          now=AFTER) == 2


@pytest.mark.parametrize(("count", "now", "message"), [
    # fewer people counted than ticked on the list
    (1, AFTER, "^2 personnes sont cochées présente\\(s\\) sur la liste, mais le total indiqué "
               "est 1"),
    # the evening has not taken place yet
    (5, NOW, "^La soirée n'a pas encore eu lieu \\(prévue jeudi 12 mars 2026 à 20\u00a0h\\)"),
])
def test_an_attendance_that_cannot_be_right_is_refused_and_nothing_changes(
        db, tremel, count, now, message):
    evening = plan(db, tremel)
    ids = _register(db, tremel, evening.id, "Anne", "Bruno")
    with pytest.raises(UserError, match=message), db.write() as s:
        evenings.record_attendance(s, tremel.staff, evening.id, present=set(ids.values()),
                                   count=count, now=now)
    with db.read() as s:
        found = evenings.evening_info(s, tremel.staff, evening.id)
    assert (found.attendance, found.ticked, found.held_at) == (None, 0, None)
    assert _phase(db, tremel)[0] == "theme_chosen"


def test_the_first_inspiring_evening_held_moves_the_commune_to_inspiring(db, tremel):
    first = plan(db, tremel)
    second = plan(db, tremel, day=date(2026, 3, 19))
    assert _phase(db, tremel)[0] == "theme_chosen"  # planning is not enough
    with db.write() as s:
        evenings.record_attendance(s, tremel.staff, first.id, count=24, now=AFTER)
    phase, step = _phase(db, tremel)
    assert (phase, step.from_phase, step.to_phase) == ("inspiring", "theme_chosen", "inspiring")
    assert step.at == first.starts_at and step.reason == "Soirée inspirante du 12/03/2026"
    assert step.user_id == tremel.staff.user_id
    with db.write() as s:
        evenings.record_attendance(s, tremel.staff, second.id, count=18, now=AFTER)
    assert _phase(db, tremel)[1].id == step.id  # moved once


def test_a_listening_evening_held_moves_nobody(db, tremel):
    evening = plan(db, tremel, kind="listening", participation_id=tremel.other_participation_id)
    with db.write() as s:
        evenings.record_attendance(s, tremel.staff, evening.id, count=40, now=AFTER)
        assert s.get(Participation, tremel.other_participation_id).phase == "validated"


def test_witnesses_who_confirmed_spoke_and_the_mayor_reads_them_without_contact(db, tremel):
    evening = plan(db, tremel)
    came = add_witness(db, tremel, "Maëlle Guégan", "La Cale Commune", "Bar-épicerie associatif",
                       email="maelle@example.org")
    absent = add_witness(db, tremel, "Loïc Prigent", None, "Tiers-lieu rural")
    with db.write() as s:
        evenings.invite_witness(s, tremel.staff, evening.id, came, confirmed=True)
        evenings.invite_witness(s, tremel.staff, evening.id, absent)
        evenings.record_outcome(s, tremel.staff, evening.id, outcome="Un groupe de 8 habitants "
                                "veut visiter La Cale Commune.", now=AFTER)
    with db.read() as s:
        found = evenings.evening_info(s, tremel.staff, evening.id)
        heard = evenings.witnesses_heard(s, tremel.mayor)
        assert evenings.witnesses_heard(s, tremel.other_mayor) == []
    assert [(w.name, w.spoke) for w in found.speakers] == [("Loïc Prigent", False),
                                                          ("Maëlle Guégan", True)]
    assert found.outcome.startswith("Un groupe de 8")
    assert [(h.commune_name, h.name, h.organisation, h.project_title) for h in heard] == [
        ("Trémel", "Maëlle Guégan", "La Cale Commune", "Bar-épicerie associatif")]
    assert not any(hasattr(h, "email") or hasattr(h, "phone") for h in heard)
    assert _phase(db, tremel)[0] == "inspiring"
