"""A commune's orientation, stored: its project and group, the recommendation made from them,
the schemes chosen (through the phase gate or a kept override) and their follow-up."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import campaigns, orientation
from ruralites.models import Orientation, OrientationStep, PhaseTransition, Volunteer
from ruralites.orientation import OrientationError
from tests.integration.orientation.conftest import (
    TODAY,
    hold_inspiring_evening,
    mayor_of,
    phase,
)
from tests.integration.restitution_setup import staff_of_other_pole


def _project(db, chosen, stage="idea", carrier="informal_group", employer=False):
    with db.write() as s:
        return orientation.save_project(s, chosen.staff, chosen.participation_id, stage=stage,
                                        carrier=carrier, employer=employer,
                                        summary="Un commerce multi-activités au bourg")


def _recommend(db, viewer, pid):
    with db.read() as s:
        return orientation.recommend_for(s, viewer, pid, today=TODAY)


def _orient(db, chosen, slug="pole-ess", *, why="Premier accueil du groupe", day=date(2019, 11, 20),
            override=None, viewer=None):
    with db.write() as s:
        return orientation.record_orientation(
            s, viewer or chosen.staff, chosen.participation_id, scheme_slug=slug, why=why,
            chosen_on=day, override_reason=override, today=TODAY)


def _count(db, model):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


# -- the recommendation --------------------------------------------------------------------------


def test_a_recommendation_for_a_commune_with_no_theme_is_refused_in_french(db, chosen):
    with pytest.raises(OrientationError, match="Plufur n'a pas encore choisi sa thématique"):
        _recommend(db, chosen.staff, chosen.listening_id)


def test_a_recommendation_needs_the_project_described_first(db, chosen):
    with pytest.raises(OrientationError, match="Le projet de Plounérin n'est pas encore décrit"):
        _recommend(db, chosen.staff, chosen.participation_id)


def test_an_informal_group_with_an_idea_goes_to_the_pole_then_the_tag_ideateur(db, chosen):
    _project(db, chosen)
    found = _recommend(db, chosen.staff, chosen.participation_id)
    assert found.theme == "commerce-cafe" and found.stage == "idea"
    assert [r.slug for r in found.recommended[:2]] == ["pole-ess", "tag-ideateur"]
    assert {"bouge-ton-coq", "1000-cafes"} <= {r.slug for r in found.recommended}
    dla = next(e for e in found.excluded if e.slug == "dla")
    assert dla.why.startswith("porteur : réservé aux structures employeuses")


def test_an_employer_association_in_development_is_offered_the_dla(db, chosen):
    _project(db, chosen, stage="development", carrier="association", employer=True)
    found = _recommend(db, chosen.staff, chosen.participation_id)
    assert found.recommended[0].slug == "pole-ess"
    assert "dla" in {r.slug for r in found.recommended}


def test_an_informal_group_never_counts_as_an_employer(db, chosen):
    project = _project(db, chosen, carrier="informal_group", employer=True)
    assert project.employer is False


def test_a_project_needs_a_chosen_theme(db, chosen):
    with db.write() as s, pytest.raises(OrientationError, match="pas encore choisi sa thématique"):
        orientation.save_project(s, chosen.staff, chosen.listening_id, stage="idea",
                                 carrier="commune")


# -- recording the orientation -------------------------------------------------------------------


def test_without_an_inspiring_evening_orienting_is_refused_unless_staff_say_why(db, chosen):
    _project(db, chosen)
    with pytest.raises(OrientationError, match="Aucune soirée inspirante n'a eu lieu à Plounérin"):
        _orient(db, chosen)
    assert phase(db, chosen.participation_id) == "theme_chosen"
    assert _count(db, Orientation) == 0


def test_an_override_reason_is_kept_and_the_commune_is_oriented(db, chosen):
    _project(db, chosen)
    reason = "Les témoins sont venus à la réunion publique de restitution"
    found = _orient(db, chosen, override=reason)
    assert found.override_reason == reason and found.rank == 1
    assert phase(db, chosen.participation_id) == "oriented"
    with db.read() as s:
        steps = campaigns.history(s, chosen.staff, chosen.participation_id)
    assert [(t.to_phase, t.reason) for t in steps[-2:]] == [
        ("inspiring", f"Sans soirée inspirante, sur décision du pôle : {reason}"),
        ("oriented", "Orientation vers « Pôle ESS »"),
    ]


def test_after_an_inspiring_evening_no_override_is_needed_or_kept(db, chosen):
    _project(db, chosen)
    hold_inspiring_evening(db, chosen.participation_id)
    found = _orient(db, chosen, override="inutile")
    assert found.override_reason == ""
    assert phase(db, chosen.participation_id) == "oriented"
    second = _orient(db, chosen, "tag-ideateur", why="Passer de l'idée au projet")
    assert second.rank == 2 and second.reasons[0].startswith("collectif d'habitants au stade")
    with db.read() as s:
        assert s.scalar(select(func.count(PhaseTransition.id)).where(
            PhaseTransition.to_phase == "oriented")) == 1


@pytest.mark.parametrize(
    ("slug", "kw", "message"),
    [
        # the DLA serves employer structures only: no override for an informal group
        ("dla", {}, "« DLA – Dispositif local d'accompagnement » ne peut pas être retenu pour "
                    "Plounérin : porteur : réservé aux structures employeuses"),
        # a scheme set aside by the catalogue itself
        ("oxalis", {}, "ne peut pas être retenu pour Plounérin : écarté de l'orientation"),
        # a scheme that does not exist
        ("inconnu", {}, "Aucun dispositif « inconnu » dans le catalogue."),
        # no why
        ("pole-ess", {"why": "  "}, "Indiquez pourquoi ce dispositif"),
        # a date in the future
        ("pole-ess", {"day": date(2027, 1, 1)}, r"La date de l'orientation \(01/01/2027\) est "
                                                "dans le futur."),
        # before the theme was chosen
        ("pole-ess", {"day": date(2019, 4, 1)}, r"précède le choix de la thématique \(02/05/2019\)"),
    ],
)
def test_a_bad_orientation_is_refused_and_nothing_is_stored(db, chosen, slug, kw, message):
    _project(db, chosen)
    hold_inspiring_evening(db, chosen.participation_id)
    with pytest.raises(OrientationError, match=message):
        _orient(db, chosen, slug, **kw)
    assert _count(db, Orientation) == 0
    assert phase(db, chosen.participation_id) == "inspiring"


def test_a_scheme_outside_the_recommendation_may_be_chosen_with_what_the_rules_said(db, chosen):
    _project(db, chosen)
    hold_inspiring_evening(db, chosen.participation_id)
    found = _orient(db, chosen, "france-active-bretagne",
                    why="Financer l'aménagement du local quand l'association sera créée")
    assert found.rank is None
    assert found.reasons[0].startswith("hors recommandation : porteur : collectif d'habitants "
                                       "non admis")


def test_the_same_scheme_twice_is_refused(db, chosen):
    _project(db, chosen)
    hold_inspiring_evening(db, chosen.participation_id)
    _orient(db, chosen)
    with pytest.raises(OrientationError, match="« Pôle ESS » est déjà retenu pour Plounérin"):
        _orient(db, chosen)


# -- follow-up -----------------------------------------------------------------------------------


def _step(db, chosen, orientation_id, kind, day, note=None):
    with db.write() as s:
        return orientation.add_follow_up(s, chosen.staff, orientation_id, kind=kind,
                                         happened_on=day, note=note, today=TODAY)


def test_the_follow_up_reads_in_date_order_and_keeps_why_a_project_was_abandoned(db, chosen):
    _project(db, chosen)
    hold_inspiring_evening(db, chosen.participation_id)
    oriented = _orient(db, chosen, "1000-cafes", why="Plus aucun café au bourg")
    _step(db, chosen, oriented.id, "application_filed", date(2020, 1, 10), "Dossier du maire")
    _step(db, chosen, oriented.id, "contacted", date(2019, 11, 25), "Appel à Groupe SOS")
    _step(db, chosen, oriented.id, "contacted", date(2019, 11, 25), "Appel à Groupe SOS")  # twice
    with pytest.raises(OrientationError, match="Indiquez pourquoi le projet est abandonné"):
        _step(db, chosen, oriented.id, "abandoned", date(2020, 3, 1))
    _step(db, chosen, oriented.id, "abandoned", date(2020, 3, 1),
          "Le local vacant a été vendu à un particulier")
    with db.read() as s:
        file = orientation.orientation_file(s, chosen.staff, chosen.participation_id)
    (chosen_scheme,) = file.chosen
    assert [(st.label, st.note) for st in chosen_scheme.steps] == [
        ("Premier contact pris", "Appel à Groupe SOS"),
        ("Dossier déposé", "Dossier du maire"),
        ("Abandonné", "Le local vacant a été vendu à un particulier"),
    ]
    assert chosen_scheme.status == "Abandonné"
    assert chosen_scheme.steps[0].recorded_by == "Anne Animatrice"


@pytest.mark.parametrize(
    ("kind", "day", "message"),
    [
        ("granted", date(2020, 1, 1), "Étape de suivi inconnue « granted »"),  # not a step
        ("contacted", date(2019, 11, 1), r"précède l'orientation vers ce dispositif \(20/11/2019\)"),
        ("contacted", date(2027, 1, 1), "est dans le futur"),
    ],
)
def test_a_bad_follow_up_step_is_refused(db, chosen, kind, day, message):
    _project(db, chosen)
    hold_inspiring_evening(db, chosen.participation_id)
    oriented = _orient(db, chosen)
    with pytest.raises(OrientationError, match=message):
        _step(db, chosen, oriented.id, kind, day)
    assert _count(db, OrientationStep) == 0


# -- the group, and who sees what ----------------------------------------------------------------


def test_an_inhabitant_without_consent_is_not_recorded(db, chosen):
    with db.write() as s, pytest.raises(OrientationError, match="Lou n'a pas donné son accord"):
        orientation.add_volunteer(s, chosen.staff, chosen.participation_id, name="Lou",
                                  email="lou@example.org", consent=False)
    assert _count(db, Volunteer) == 0


def test_an_inhabitant_is_kept_with_the_consent_text_and_version(db, chosen):
    with db.write() as s:
        orientation.add_volunteer(s, chosen.staff, chosen.participation_id, name="Lou Le Goff",
                                  email="lou@example.org", interests="Tenir l'épicerie le samedi",
                                  consent=True, source="inspiring_evening")
    with db.read() as s:
        (person,) = orientation.volunteers_for(s, chosen.staff, chosen.participation_id)
    assert person.consent_text == orientation.CONSENT_TEXT
    assert person.consent_version == orientation.CONSENT_VERSION
    assert person.source_label == "soirée inspirante"


def test_a_mayor_reads_the_orientation_and_the_group_size_but_no_contact(db, chosen):
    _project(db, chosen)
    with db.write() as s:
        orientation.add_volunteer(s, chosen.staff, chosen.participation_id, name="Lou",
                                  email="lou@example.org", consent=True)
    _orient(db, chosen, override="Témoins venus à la restitution")
    mayor = mayor_of(db, "22227")
    with db.read() as s:
        file = orientation.orientation_file(s, mayor, chosen.participation_id)
    assert file.group_size == 1 and file.group == () and file.other_contacts == ()
    assert [c.short_name for c in file.chosen] == ["Pôle ESS"]
    with pytest.raises(campaigns.NotAllowedError):
        _orient(db, chosen, "tag-ideateur", viewer=mayor)


def test_a_mayor_or_another_pole_cannot_reach_another_commune(db, chosen):
    other_mayor = mayor_of(db, "22238", username="maire-plufur")
    for viewer in (other_mayor, staff_of_other_pole(db)):
        with db.read() as s, pytest.raises(campaigns.CampaignNotFoundError):
            orientation.orientation_file(s, viewer, chosen.participation_id)
