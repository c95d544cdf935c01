"""The stored support schemes: the shipped catalogue synced, Aides-territoires imports updated
by their id (never stored twice, plain text only), staff entries and edits kept as overrides."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ruralites import campaigns, orientation
from ruralites.auth import SYSTEM
from ruralites.models import SupportScheme
from ruralites.orientation import SchemeError, SchemeFields, schemes
from ruralites.orientation.aides_territoires import (
    AidesTerritoiresError,
    parse_export,
    read_export,
)
from tests.integration.orientation.conftest import TODAY, hold_inspiring_evening, mayor_of

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "aides-territoires"


def _count(db, **where):
    with db.read() as s:
        stmt = select(func.count(SupportScheme.id))
        for column, value in where.items():
            stmt = stmt.where(getattr(SupportScheme, column) == value)
        return s.scalar(stmt)


def _import(db, data, viewer=SYSTEM):
    result = parse_export(json.dumps(data)) if not isinstance(data, Path) else read_export(data)
    with db.write() as s:
        return orientation.import_aids(s, viewer, result)


def _get(db, slug):
    with db.read() as s:
        return orientation.get_scheme(s, slug)


RECORD = {
    "id": 9001, "slug": "cafes-de-village", "name": "Cafés de village",
    "financers": ["Conseil départemental des Côtes-d'Armor"],
    "description": "<p>Aide au <b>café</b> du bourg.</p><script>document.location='https://x'</script>",
    "eligibility": "<ul><li>Commune de moins de 2 000 habitants</li></ul>",
    "contact": "<p>Écrire à <a href='mailto:cafes@example.org'>l'équipe</a></p>",
    "perimeter": "Côtes-d'Armor", "mobilization_steps": ["Réflexion / conception"],
    "targeted_audiences": ["Commune"], "aid_types": ["Subvention"],
    "categories": ["Économie locale et circuits courts / Commerces et services"],
    "submission_deadline": "2027-03-31", "origin_url": "https://example.org/cafes",
    "date_updated": "2026-11-20T10:00:00+01:00",
}


# -- the shipped catalogue -----------------------------------------------------------------------


def test_the_shipped_catalogue_is_in_the_database_once_after_upgrade(db):
    assert _count(db, source="catalogue") == len(orientation.catalogue()) == 38
    with db.write() as s:
        assert schemes.sync_shipped_catalogue(s) is None  # unchanged files: nothing parsed
        assert orientation.sync_catalogue(s) == schemes.SyncReport(0, 0, 0)
    assert _count(db) == 38


def test_a_catalogue_update_keeps_staff_edits_and_retires_what_left_the_file(db):
    pole = _get(db, "pole-ess")
    with db.write() as s:
        orientation.save_scheme(s, SYSTEM, dataclasses.replace(
            orientation.fields_of(pole.scheme), contact="ADESS : 02 61 91 00 99"), slug="pole-ess")
    shipped = orientation.catalogue()
    changed = [dataclasses.replace(x, description="Nouvelle description") if x.slug == "pole-ess"
               else x for x in shipped if x.slug != "cpie"]
    with db.write() as s:
        report = orientation.sync_catalogue(s, changed)
    assert report == schemes.SyncReport(added=0, updated=1, retired=1)
    after = _get(db, "pole-ess")
    assert after.scheme.description == "Nouvelle description"
    assert after.scheme.contact == "ADESS : 02 61 91 00 99" and after.overridden == ("contact",)
    assert _get(db, "cpie").retired
    with db.read() as s:
        assert "cpie" not in {r.slug for r in orientation.list_schemes(s)}


# -- Aides-territoires ---------------------------------------------------------------------------


def test_an_export_is_stored_and_a_reimport_updates_by_id_without_duplicates(db):
    first = _import(db, FIXTURES / "page-bretagne.json")
    assert (first.created, first.updated, first.unchanged) == (10, 0, 0)
    again = _import(db, FIXTURES / "page-bretagne.json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert _count(db, source="aides-territoires") == 10

    edited = json.loads((FIXTURES / "page-bretagne.json").read_text(encoding="utf-8"))
    record = next(r for r in edited["results"] if isinstance(r, dict) and r.get("id") == 101)
    record["name"] = "Soutien aux commerces ruraux (édition 2027)"
    record["submission_deadline"] = "2027-12-31"
    third = _import(db, edited)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 9)
    assert _count(db, source="aides-territoires") == 10
    stored = _get(db, "at-101")
    assert stored.scheme.name == "Soutien aux commerces ruraux (édition 2027)"
    assert stored.scheme.submission_deadline == date(2027, 12, 31)
    assert third.summary.endswith("Enregistrées : 0 nouvelle(s), 1 mise(s) à jour, "
                                  "9 inchangée(s).")


def test_html_is_stored_as_plain_text_without_the_script(db):
    _import(db, [RECORD])
    stored = _get(db, "at-9001")
    assert stored.scheme.description == "Aide au café du bourg."
    assert stored.scheme.conditions.startswith("- Commune de moins de 2 000 habitants")
    assert stored.scheme.contact == "Écrire à l'équipe (cafes@example.org)"
    with db.read() as s:
        row = s.scalar(select(SupportScheme).where(SupportScheme.slug == "at-9001"))
    assert "<" not in json.dumps(row.imported, ensure_ascii=False)
    assert "document.location" not in json.dumps(row.imported)


def test_a_staff_edit_of_an_imported_aid_survives_a_reimport(db):
    _import(db, [RECORD])
    stored = _get(db, "at-9001")
    with db.write() as s:
        orientation.save_scheme(s, SYSTEM, dataclasses.replace(
            orientation.fields_of(stored.scheme), short_name="Cafés 22"), slug="at-9001")
    _import(db, [{**RECORD, "name": "Cafés de village 2027"}])
    after = _get(db, "at-9001")
    assert (after.scheme.name, after.scheme.short_name) == ("Cafés de village 2027", "Cafés 22")
    with db.write() as s:
        reverted = orientation.revert_scheme(s, SYSTEM, "at-9001")
    assert reverted.scheme.short_name == "Cafés de village 2027" and reverted.overridden == ()


def test_a_record_without_operator_is_kept_with_a_placeholder_and_a_remark(db):
    outcome = _import(db, [{k: v for k, v in RECORD.items() if k != "financers"}])
    assert outcome.created == 1
    assert _get(db, "at-9001").scheme.operator == "Porteur non précisé (Aides-territoires)"
    assert "ni porteur (financers) ni instructeur (instructors) indiqué" in \
        outcome.result.reports[0].message


def test_records_missing_their_id_or_name_are_reported_and_the_others_stored(db):
    outcome = _import(db, [RECORD, {"name": "Sans identifiant"}, {"id": 9002}])
    assert outcome.created == 1
    assert [r.imported for r in outcome.result.reports] == [True, False, False]
    assert "identifiant « id » manquant" in outcome.result.reports[1].message
    assert "nom « name » manquant ou vide" in outcome.result.reports[2].message


def test_a_file_that_is_not_json_is_refused_and_nothing_stored_is_lost(db):
    _import(db, [RECORD])
    with pytest.raises(AidesTerritoiresError, match="Ce fichier n'est pas du JSON lisible"):
        _import(db, FIXTURES / "pas-du-json.json")
    assert _count(db, source="aides-territoires") == 1


def test_only_staff_import_or_edit_schemes(db):
    mayor = mayor_of(db, "22227")
    with pytest.raises(campaigns.NotAllowedError):
        _import(db, [RECORD], viewer=mayor)
    with db.write() as s, pytest.raises(campaigns.NotAllowedError):
        orientation.save_scheme(s, mayor, SchemeFields(name="X", operator="Y"))


def test_a_scheme_whose_perimeter_excludes_the_commune_is_excluded_with_why(db, chosen):
    _import(db, FIXTURES / "page-bretagne.json")
    with db.write() as s:
        orientation.save_project(s, chosen.staff, chosen.participation_id, stage="idea",
                                 carrier="commune")
        found = orientation.recommend_for(s, chosen.staff, chosen.participation_id, today=TODAY)
    why = {e.slug: e.why for e in found.excluded}
    assert why["at-103"].startswith("territoire : Finistère ne couvre pas Plounérin")
    assert why["at-106"].startswith("expiré : date limite dépassée (30/06/2026)")
    assert "at-101" in {r.slug for r in found.recommended}


# -- staff entries --------------------------------------------------------------------------------


FIELDS = SchemeFields(
    name="Fonds <local> & solidaire", operator="Communauté de communes & associations",
    description="Petites aides au démarrage", offer=("funding",), stages=("idea", "structuring"),
    carriers=("informal_group", "association"), all_themes=True, territory="22, 29",
    source_urls="https://example.org/fonds",
)


def test_a_staff_entry_is_stored_and_recommended_where_it_fits(db, chosen):
    with db.write() as s:
        record = orientation.save_scheme(s, chosen.staff, FIELDS)
    assert record.slug == "fonds-local-solidaire" and record.scheme.source == "staff"
    assert record.scheme.territory.departements == frozenset({"22", "29"})
    with db.write() as s:
        orientation.save_project(s, chosen.staff, chosen.participation_id, stage="idea",
                                 carrier="informal_group")
        found = orientation.recommend_for(s, chosen.staff, chosen.participation_id, today=TODAY)
    mine = next(r for r in found.recommended if r.slug == "fonds-local-solidaire")
    assert mine.source == "staff" and mine.name == "Fonds <local> & solidaire"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # no operator: refused, saying which field in French
        ({"operator": " "}, "champ « opérateur » : vide ; ce champ est obligatoire"),
        # a place the referential does not know
        ({"territory": "Atlantide"}, "champ « territoire » : lieu inconnu : « Atlantide »"),
        # no stage at all
        ({"stages": ()}, "champ « étapes » : liste vide"),
    ],
)
def test_a_bad_staff_entry_is_refused_with_every_problem(db, change, message):
    with db.write() as s, pytest.raises(SchemeError, match=message):
        orientation.save_scheme(s, SYSTEM, dataclasses.replace(FIELDS, **change))
    assert _count(db, source="staff") == 0


def test_an_expired_staff_entry_is_listed_as_expired_and_cannot_be_chosen(db, chosen):
    with db.write() as s:
        orientation.save_scheme(s, chosen.staff, dataclasses.replace(
            FIELDS, submission_deadline=date(2026, 1, 31)))
        orientation.save_project(s, chosen.staff, chosen.participation_id, stage="idea",
                                 carrier="informal_group")
    hold_inspiring_evening(db, chosen.participation_id)
    with db.read() as s:
        found = orientation.recommend_for(s, chosen.staff, chosen.participation_id, today=TODAY)
        record = orientation.get_scheme(s, "fonds-local-solidaire")
    assert [e.slug for e in found.expired] == ["fonds-local-solidaire"]
    assert record.state(TODAY) == "expiré le 31/01/2026"
    with db.write() as s, pytest.raises(orientation.OrientationError, match="expiré"):
        orientation.record_orientation(s, chosen.staff, chosen.participation_id,
                                       scheme_slug="fonds-local-solidaire", why="Financer",
                                       chosen_on=date(2019, 11, 20), today=TODAY)


def test_the_catalogue_can_be_searched_and_filtered(db):
    with db.read() as s:
        records = orientation.list_schemes(s)
    found = orientation.filter_records(records, search="cafe", stage="idea", carrier="commune")
    assert [r.slug for r in found] == ["1000-cafes"]
    jardins = orientation.filter_records(records, theme="jardin-partage", source="catalogue")
    assert {"vert-le-jardin", "cooperaterre"} <= {r.slug for r in jardins}
