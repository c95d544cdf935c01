"""Staff plan every kind of evening from one place; the phase gates, the theme of an inspiring
evening, its date after the theme was chosen, and who may see or change what."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ruralites import evenings
from ruralites.errors import UserError
from ruralites.models import Evening, Participation
from tests.integration.evenings.evening_setup import NOW, clock, paris, plan, theme_chosen  # noqa: F401


@pytest.fixture
def tremel(db, clock):  # noqa: F811
    return theme_chosen(db)


def _count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Evening))


def test_an_inspiring_evening_is_on_the_chosen_theme_at_the_paris_hour_typed(db, tremel):
    found = plan(db, tremel, title="Des lieux qui rassemblent")
    assert (found.kind_label, found.title, found.theme_label) == (
        "Soirée inspirante", "Des lieux qui rassemblent", "Lieu de rencontre")
    assert found.starts_at.hour == 19  # 20:00 in Paris is 19:00 UTC in March (winter time)
    assert found.when == "jeudi 12 mars 2026 à 20\u00a0h"
    assert (found.capacity, found.places_left, found.registered) == (30, 30, 0)


def test_an_inspiring_evening_dated_before_the_theme_was_chosen_is_refused(db, tremel):
    with pytest.raises(UserError) as refused:
        plan(db, tremel, day=date(2026, 2, 19))
    assert str(refused.value) == (
        "La soirée inspirante serait le 19/02/2026, avant le choix de la thématique de Trémel "
        "(le 20/02/2026) : choisissez une date après ce choix.")
    assert _count(db) == 0
    assert plan(db, tremel, day=date(2026, 2, 20)).theme_label == "Lieu de rencontre"


@pytest.mark.parametrize(("kind", "message"), [
    # Plufur is only validated by its council: no vote yet, let alone a theme
    ("inspiring", "Impossible d'organiser une soirée inspirante : la commune est en phase "
                  "« Validée par le conseil » ; il faut d'abord l'étape « Thématique choisie »"),
    ("restitution", "Impossible d'organiser une soirée de restitution : la commune est en phase "
                    "« Validée par le conseil » ; il faut d'abord l'étape « Écoute des habitants »"),
])
def test_each_kind_of_evening_needs_its_phase(db, tremel, kind, message):
    with pytest.raises(UserError, match=message):
        plan(db, tremel, kind=kind, participation_id=tremel.other_participation_id)
    listening = plan(db, tremel, kind="listening", participation_id=tremel.other_participation_id)
    assert (listening.title, listening.theme_label) == ("Soirée d'écoute des habitants", None)


@pytest.mark.parametrize("who", ["other_staff", "mayor"])
def test_only_staff_of_the_communes_campaign_plan_its_evenings(db, tremel, who):
    with pytest.raises(UserError), db.write() as s:
        evenings.plan_evening(s, getattr(tremel, who), tremel.participation_id, kind="inspiring",
                              starts_at=paris(date(2026, 3, 12), 20))
    assert _count(db) == 0


def test_a_hundred_thousand_characters_of_notes_are_refused_and_nothing_is_stored(db, tremel):
    with pytest.raises(UserError, match=r"^Notes : 5000 caractères au plus \(100000 saisis\)\.$"):
        plan(db, tremel, notes="x" * 100_000)
    assert _count(db) == 0


def test_html_emoji_and_formulas_in_an_evenings_texts_are_kept_verbatim(db, tremel):
    found = plan(db, tremel, title="Café <b>&</b> 🎲", place="=cmd()|' /C calc'!A0",
                 notes="<script>alert(1)</script>")
    assert (found.title, found.place, found.notes) == (
        "Café <b>&</b> 🎲", "=cmd()|' /C calc'!A0", "<script>alert(1)</script>")


def test_a_capacity_never_drops_below_the_people_who_have_a_place(db, tremel):
    evening = plan(db, tremel, capacity=2)
    for name in ("Anne", "Bruno", "Chloé"):
        with db.write() as s:
            evenings.add_registration(s, tremel.staff, evening.id, name=name, now=NOW)
    change = dict(starts_at=evening.starts_at, place="Salle", title=None, notes=None)
    with pytest.raises(UserError, match="^2 personnes ont déjà une place : la capacité ne peut "
                                        "pas descendre sous 2"), db.write() as s:
        evenings.update_evening(s, tremel.staff, evening.id, capacity=1, **change)
    with db.write() as s:
        promoted = evenings.update_evening(s, tremel.staff, evening.id, capacity=3, **change)
    assert promoted == ["Chloé"]  # the first waiting gets the new place


def test_an_evening_with_registrations_cannot_be_deleted(db, tremel):
    kept, empty = plan(db, tremel), plan(db, tremel, day=date(2026, 3, 19))
    with db.write() as s:
        evenings.add_registration(s, tremel.staff, kept.id, name="Anne", now=NOW)
    with pytest.raises(UserError, match="^1 personne est inscrite à cette soirée"), \
            db.write() as s:
        evenings.delete_evening(s, tremel.staff, kept.id)
    with db.write() as s:
        evenings.delete_evening(s, tremel.staff, empty.id)
    assert _count(db) == 1


def test_a_mayor_lists_only_their_communes_evenings_without_the_staff_notes(db, tremel):
    plan(db, tremel, notes="Clé de la salle chez le voisin")
    plan(db, tremel, kind="listening", participation_id=tremel.other_participation_id)
    with db.read() as s:
        mine = evenings.evenings_for(s, tremel.mayor)
        theirs = evenings.evenings_for(s, tremel.other_mayor)
        staff = evenings.evenings_for(s, tremel.staff)
        outsider = evenings.evenings_for(s, tremel.other_staff)
    assert [(e.commune_name, e.notes) for e in mine] == [("Trémel", None)]
    assert [e.notes for e in staff if e.commune_name == "Trémel"] == ["Clé de la salle chez le voisin"]
    assert [e.commune_name for e in theirs] == ["Plufur"]
    assert sorted(e.commune_name for e in staff) == ["Plufur", "Trémel"]
    assert outsider == []


def test_a_mayor_reads_the_coming_evenings_of_their_commune_only(db, tremel):
    past = plan(db, tremel, day=date(2026, 2, 25))
    coming = plan(db, tremel, day=NOW.date() + timedelta(days=10))
    with db.read() as s:
        found = evenings.coming_evenings(s, tremel.mayor)
        assert evenings.coming_evenings(s, tremel.other_mayor) == []
        assert s.get(Participation, tremel.participation_id).phase == "theme_chosen"
    assert [(e.commune_name, e.theme_label, e.place) for e in found] == [
        ("Trémel", "Lieu de rencontre", "Salle des fêtes")]
    assert found[0].starts_at == coming.starts_at != past.starts_at
