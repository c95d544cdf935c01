"""The witnesses catalogue: one row per witness and project, the project's territory from the
referential, consent rules, search by theme, territory and words, and proposals for a commune."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ruralites import evenings
from ruralites.errors import UserError
from ruralites.evenings import WitnessFields
from ruralites.models import Witness
from tests.integration.evenings.evening_setup import NOW, clock, plan, theme_chosen  # noqa: F401

VALID = date(2025, 9, 1)


def add_witness(db, commune, name, organisation, title, *, code="29054", themes=("lieu-de-rencontre",),
                consent_on=VALID, scope="contacted", **extra) -> int:
    with db.write() as s:
        return evenings.save_witness(s, commune.staff, WitnessFields(
            name=name, organisation=organisation, project_title=title, commune_code=code,
            themes=themes, consent_on=consent_on, consent_scope=scope if consent_on else None,
            **extra), today=NOW.date())


@pytest.fixture
def tremel(db, clock):  # noqa: F811
    return theme_chosen(db)


def _count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Witness))


def test_a_witness_knows_the_territory_of_their_project_from_the_referential(db, tremel):
    witness_id = add_witness(db, tremel, "Maëlle Guégan", "La Cale Commune", "Bar-épicerie",
                             code="56006")
    with db.read() as s:
        found = evenings.witness_for(s, tremel.staff, witness_id, today=NOW.date())
    assert (found.commune_name, found.departement, found.nom_departement, found.nom_epci) == (
        "Augan", "56", "Morbihan", "CC de l'Oust à Brocéliande")
    assert found.consent_text == "consentement valide jusqu'au 01/09/2028"  # three years
    assert found.theme_labels == ("Lieu de rencontre",)


def test_the_same_witness_and_project_typed_again_is_refused(db, tremel):
    add_witness(db, tremel, "Maëlle Guégan", "La Cale Commune", "Bar-épicerie")
    with pytest.raises(UserError, match="^Maëlle Guégan figure déjà au catalogue pour ce projet"):
        add_witness(db, tremel, "MAELLE guegan", "la cale commune", "Bar épicerie !")
    add_witness(db, tremel, "Maëlle Guégan", "La Cale Commune", "Fête des récoltes")
    assert _count(db) == 2


@pytest.mark.parametrize(("change", "message"), [
    ({"commune_code": "99999"}, "^Code commune inconnu : « 99999 »"),
    ({"themes": ("cuisine",)}, "^Thème inconnu : « cuisine »"),
    ({"consent_on": date(2026, 3, 3)}, r"^La date du consentement \(03/03/2026\) est dans le futur"),
    ({"consent_scope": None}, "^Précisez ce que le témoin a accepté"),
    ({"description": "x" * 100_000}, "^Description du projet : 5\u202f000 caractères au plus"),
    ({"year": 2031}, r"^Année du projet : entre 1950 et 2026 \(2031 saisi\)"),
])
def test_a_witness_entry_that_cannot_be_kept_says_why(db, tremel, change, message):
    fields = dict(name="Loïc", organisation=None, project_title="Tiers-lieu", commune_code="29054",
                  consent_on=VALID, consent_scope="contacted") | change
    with pytest.raises(UserError, match=message), db.write() as s:
        evenings.save_witness(s, tremel.staff, WitnessFields(**fields), today=NOW.date())
    assert _count(db) == 0


def test_search_by_theme_territory_and_folded_words(db, tremel):
    add_witness(db, tremel, "Maëlle Guégan", "La Cale Commune", "Bar-ÉPICERIE associatif",
                code="56006", themes=("commerce-cafe",))
    add_witness(db, tremel, "Loïc Prigent", None, "Jardin des Possibles", code="29054",
                themes=("jardin-partage",))
    with db.read() as s:
        def names(**filters):
            return [w.name for w in evenings.search(s, tremel.staff, **filters)]

        assert names(query="epicerie") == ["Maëlle Guégan"]
        assert names(query="possibles jardin") == ["Loïc Prigent"]
        assert names(theme="jardin-partage") == ["Loïc Prigent"]
        assert names(territory="56") == ["Maëlle Guégan"]
        assert names() == ["Loïc Prigent", "Maëlle Guégan"]
        with pytest.raises(UserError):
            evenings.search(s, tremel.mayor)


def test_a_witness_without_valid_consent_is_never_invited(db, tremel):
    evening = plan(db, tremel)
    expired = add_witness(db, tremel, "Anne Expirée", None, "Projet A",
                          consent_on=date(2022, 1, 10))
    missing = add_witness(db, tremel, "Bruno Sansaccord", None, "Projet B", consent_on=None)
    listed = add_witness(db, tremel, "Chloé Catalogue", None, "Projet C", scope="listed")
    for witness_id, why in ((expired, "consentement expiré le 10/01/2025"),
                            (missing, "aucun consentement enregistré"),
                            (listed, "a accepté de figurer au catalogue, pas d'être contacté·e")):
        with pytest.raises(UserError, match=f"ne peut pas être invité·e : {why}"), \
                db.write() as s:
            evenings.invite_witness(s, tremel.staff, evening.id, witness_id, today=NOW.date())
    with db.read() as s:
        assert evenings.evening_info(s, tremel.staff, evening.id).speakers == ()


def test_proposals_rank_the_catalogue_for_the_commune_and_count_those_left_out(db, tremel):
    # Trémel (22366) is in Lannion-Trégor Communauté, Côtes-d'Armor.
    add_witness(db, tremel, "Same EPCI", None, "Café de Plufur", code="22238")
    add_witness(db, tremel, "Finistère", None, "Tiers-lieu de Berrien", code="29007")
    add_witness(db, tremel, "Lohuec", None, "Maison des habitants", code="22132")
    add_witness(db, tremel, "Off theme", None, "Jardin", code="22132", themes=("jardin-partage",))
    add_witness(db, tremel, "Expired", None, "Vieux projet", consent_on=date(2021, 5, 1))
    add_witness(db, tremel, "No consent", None, "Projet", consent_on=None)
    with db.read() as s:
        found = evenings.propose(s, tremel.staff, tremel.participation_id, today=NOW.date())
    assert [m.candidate.name for m in found.proposed] == ["Lohuec", "Finistère", "Same EPCI"]
    assert [m.candidate.name for m in found.other_themes] == ["Off theme"]
    assert found.proposed[-1].warnings[0].startswith("même EPCI que Trémel")
    assert found.excluded_summary() == ("2 témoins écartés, jamais proposés — sans "
                                        "consentement enregistré : 1 ; consentement expiré : 1.")


def test_a_witness_already_heard_in_the_commune_ranks_after_the_others(db, tremel):
    heard = add_witness(db, tremel, "Heard", None, "Tiers-lieu", code="22132")
    add_witness(db, tremel, "Fresh", None, "Autre tiers-lieu", code="29007")
    evening = plan(db, tremel)
    with db.write() as s:
        evenings.invite_witness(s, tremel.staff, evening.id, heard, confirmed=True,
                                today=NOW.date())
        evenings.record_outcome(s, tremel.staff, evening.id, outcome=None,
                                now=NOW + timedelta(days=30))
    with db.read() as s:
        found = evenings.propose(s, tremel.staff, tremel.participation_id, today=NOW.date())
    assert [m.candidate.name for m in found.proposed] == ["Fresh", "Heard"]
    assert "déjà entendu·e à Trémel (soirée du 12/03/2026)" in found.proposed[1].warnings
