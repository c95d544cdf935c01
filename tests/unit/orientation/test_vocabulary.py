"""The closed vocabularies agree with the database's check constraints, and a territory typed
by staff is read the way they mean it."""

from __future__ import annotations

import pytest

from ruralites.models import FOLLOW_UP_KINDS, PROJECT_CARRIERS, PROJECT_STAGES, SCHEME_SOURCES
from ruralites.orientation import FOLLOW_UP, territory
from ruralites.orientation.territory import TerritoryError
from ruralites.orientation.vocabulary import CARRIERS, SOURCES, STAGES


def test_the_models_check_the_same_values_the_domain_offers():
    assert PROJECT_STAGES == tuple(STAGES)
    assert PROJECT_CARRIERS == tuple(CARRIERS)
    assert FOLLOW_UP_KINDS == tuple(FOLLOW_UP)
    assert SCHEME_SOURCES == SOURCES


@pytest.mark.parametrize(
    ("typed", "label", "codes"),
    [
        ("France", "France", {}),  # the whole country
        ("bretagne", "Bretagne", {"regions": {"53"}}),  # a région, any case
        ("Côtes d'Armor", "Côtes-d'Armor", {"departements": {"22"}}),  # hyphens do not matter
        ("22, 29", "Côtes-d'Armor, Finistère", {"departements": {"22", "29"}}),  # codes
        ("Lannion-Trégor Communauté", "CA Lannion-Trégor Communauté",
         {"epcis": {"200065928"}}),  # an EPCI without its legal form
        ("Plufur", "Plufur", {"communes": {"22238"}}),  # a commune with a unique name
    ],
)
def test_a_typed_territory_is_placed_with_the_referential(typed, label, codes):
    found = territory.from_text(typed)
    assert found.label == label
    for field in ("regions", "departements", "epcis", "communes"):
        assert getattr(found, field) == frozenset(codes.get(field, set()))
    assert found.france == (typed == "France")
    assert territory.from_json(territory.to_json(found)) == found


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "territoire vide"),
        ("Atlantide, 22", "lieu inconnu : « Atlantide »"),
        ("99", "lieu inconnu : « 99 »"),  # no such département
    ],
)
def test_an_unknown_place_is_refused_naming_it(typed, message):
    with pytest.raises(TerritoryError, match=message):
        territory.from_text(typed)
