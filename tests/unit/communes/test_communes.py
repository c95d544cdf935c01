"""The official communes referential: look-up by code, name, postal code and EPCI.

These tests read the shipped file (ruralites/data/communes_france.csv.gz); the figures they
check (populations, EPCI membership) are those of that file.
"""

import dataclasses

import pytest

from ruralites import communes
from ruralites.communes import CommuneInfo, Referential, UnknownCommuneError

TREMEL = "22366"
BOTSORHEL = "29014"
SAINT_MICHEL_EN_GREVE = "22319"
PLUFUR = "22238"
PLOUNERIN = "22227"
LANNION_TREGOR = "200065928"
MORLAIX_COMMUNAUTE = "242900835"


def codes(found: list[CommuneInfo]) -> list[str]:
    return [commune.code_insee for commune in found]


# -- normalise_name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trémel", "tremel"),  # accent stripped, lower case
        ("PLOUNÉRIN", "plounerin"),  # upper case with accent
        ("Saint-Michel-en-Grève", "saint michel en greve"),  # hyphens become spaces
        ("St-Michel-en-Grève", "saint michel en greve"),  # "St" is "Saint"
        ("st. michel en greve", "saint michel en greve"),  # abbreviation dot dropped
        ("Ste-Anne-d'Auray", "sainte anne d auray"),  # "Ste" is "Sainte", apostrophe splits
        ("Sainte-Anne-d’Auray", "sainte anne d auray"),  # typographic apostrophe too
        ("Vandœuvre-lès-Nancy", "vandoeuvre les nancy"),  # ligature spelled out
        ("  Île   de  Bréhat ", "ile de brehat"),  # capital accent, extra spaces collapsed
        ("Saintes", "saintes"),  # a word that merely starts with "saint" is left alone
        ("---", ""),  # nothing but punctuation
    ],
)
def test_normalise_name_compares_names_as_people_type_them(text, expected):
    assert communes.normalise_name(text) == expected


# -- get -------------------------------------------------------------------------------------


def test_get_returns_every_field_of_the_commune():
    tremel = communes.get(TREMEL)

    assert tremel == CommuneInfo(
        code_insee="22366",
        nom="Trémel",
        departement="22",
        nom_departement="Côtes-d'Armor",
        region="53",
        nom_region="Bretagne",
        code_epci=LANNION_TREGOR,
        nom_epci="CA Lannion-Trégor Communauté",
        population=409,
        codes_postaux=("22310",),
    )
    assert tremel.label == "Trémel (22366)"


def test_get_accepts_corsican_codes_in_lower_case_and_surrounding_spaces():
    assert communes.get(" 2a004 ").nom == "Ajaccio"


def test_commune_info_cannot_be_modified():
    with pytest.raises(dataclasses.FrozenInstanceError):
        communes.get(TREMEL).population = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        # well-formed but no such commune
        (
            "99999",
            "Code commune inconnu : « 99999 ». Vérifiez le code INSEE (5 caractères, ex. 22366).",
        ),
        ("2A999", "Code commune inconnu : « 2A999 »"),  # Corsican form, unknown number
        ("abc", "Code commune invalide : « abc »"),  # letters
        ("223660", "Code commune invalide : « 223660 »"),  # six digits
        ("2C001", "Code commune invalide : « 2C001 »"),  # only 2A and 2B are Corsican
        ("", "Code commune manquant"),  # nothing typed
        ("   ", "Code commune manquant"),  # only spaces
    ],
)
def test_get_refuses_an_unknown_or_malformed_code_with_a_french_message(code, message):
    with pytest.raises(UnknownCommuneError) as caught:
        communes.get(code)

    assert str(caught.value).startswith(message)


def test_unknown_commune_error_is_a_lookup_error():
    with pytest.raises(LookupError):
        communes.get("99999")


# -- search by name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_first"),
    [
        ("tremel", TREMEL),  # lower case, accent left out
        ("Trémel", TREMEL),  # official spelling
        ("TRÉMEL", TREMEL),  # upper case with accent
        ("PLOUNERIN", PLOUNERIN),  # upper case, accent left out
        ("plounérin", PLOUNERIN),  # accent typed
        ("  plufur  ", PLUFUR),  # surrounding spaces
        ("botsorhel", BOTSORHEL),  # a Finistère commune
        ("Saint-Michel-en-Grève", SAINT_MICHEL_EN_GREVE),  # official name with hyphens
        ("saint michel en greve", SAINT_MICHEL_EN_GREVE),  # spaces instead of hyphens
        ("st michel en greve", SAINT_MICHEL_EN_GREVE),  # "St" for "Saint"
        ("St-Michel-en-Grève", SAINT_MICHEL_EN_GREVE),  # "St" with hyphens and accent
        ("ST MICHEL EN GREVE", SAINT_MICHEL_EN_GREVE),  # shouted
        ("Ste Anne d'Auray", "56263"),  # "Ste" for "Sainte", apostrophe
        ("sainte-anne-d’auray", "56263"),  # typographic apostrophe
        ("plestin les greves", "22194"),  # Plestin-les-Grèves without hyphens
        ("vandoeuvre les nancy", "54547"),  # œ typed as "oe"
        ("ile de brehat", "22016"),  # Île-de-Bréhat, capital accent left out
        ("plouner", PLOUNERIN),  # the beginning of the name
        ("michel greve", SAINT_MICHEL_EN_GREVE),  # some of the words
        ("greve michel", SAINT_MICHEL_EN_GREVE),  # words in another order
        ("Trémel (22366)", TREMEL),  # a label shown by the app, typed back
    ],
)
def test_search_finds_a_commune_however_its_name_is_typed(text, expected_first):
    assert codes(communes.search(text))[0] == expected_first


def test_search_puts_an_exact_name_before_longer_names_even_if_smaller():
    found = communes.search("plou", limit=3)

    assert found[0].label == "Plou (18181)"
    assert all(c.nom.startswith("Plou") for c in found)
    assert found[1].population > found[0].population


def test_search_ranks_communes_of_the_same_name_by_population():
    found = communes.search("Saint-Denis", limit=5)

    homonyms = [c for c in found if c.nom == "Saint-Denis"]
    assert len(homonyms) >= 4
    assert found[: len(homonyms)] == homonyms
    populations = [c.population for c in homonyms]
    assert populations == sorted(populations, reverse=True)


def test_search_puts_names_starting_with_the_text_before_names_containing_it():
    found = communes.search("plestin", limit=5)

    assert found[0].nom == "Plestin-les-Grèves"


def test_search_prefers_whole_words_to_words_found_inside_others():
    found = communes.search("michel-en", limit=20)

    names = [c.nom for c in found]
    assert "Saint-Michel-en-Grève" in names
    # "en" only appears inside "Maurienne": listed, but after the "…-Michel-en-…" communes.
    assert names.index("Saint-Michel-de-Maurienne") > names.index("Saint-Michel-en-Grève")


def test_search_returns_at_most_limit_communes():
    assert len(communes.search("saint", limit=7)) == 7
    assert communes.search("saint", limit=0) == []


@pytest.mark.parametrize(
    "text",
    [
        "",  # nothing typed
        "   ",  # only spaces
        "-'-",  # only punctuation
        "zzzqqq",  # no commune has this in its name
    ],
)
def test_search_returns_nothing_when_nothing_matches(text):
    assert communes.search(text) == []


# -- search by code --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22366", TREMEL),  # INSEE code
        ("29014", BOTSORHEL),  # Finistère INSEE code
        ("2B033", "2B033"),  # Corsican INSEE code (Bastia)
        ("2b033", "2B033"),  # typed in lower case
        ("22780", PLOUNERIN),  # postal code, shared with Loguivy-Plougras and others
        ("29650", BOTSORHEL),  # postal code, shared with Guerlesquin and others
    ],
)
def test_search_finds_a_commune_by_code(text, expected):
    assert expected in codes(communes.search(text))


def test_search_by_code_lists_the_insee_match_then_the_communes_of_that_postal_code():
    found = communes.search("22310")

    # 22310 is the INSEE code of Saint-Laurent and the postal code of Plestin-les-Grèves,
    # Plufur, Tréduder and Trémel.
    assert found[0].nom == "Saint-Laurent"
    assert {c.nom for c in found[1:]} == {"Plestin-les-Grèves", "Plufur", "Tréduder", "Trémel"}
    assert found[1].nom == "Plestin-les-Grèves"  # the most populated of them


def test_search_by_the_beginning_of_a_code_lists_communes_whose_code_starts_with_it():
    found = communes.search("2231", limit=10)

    assert found
    assert all(
        any(code.startswith("2231") for code in (c.code_insee, *c.codes_postaux)) for c in found
    )


def test_by_postal_code_lists_every_commune_served_sorted_by_name():
    found = communes.by_postal_code("22310")

    assert [c.label for c in found] == [
        "Plestin-les-Grèves (22194)",
        "Plufur (22238)",
        "Tréduder (22350)",
        "Trémel (22366)",
    ]


def test_by_postal_code_returns_nothing_for_an_unknown_postal_code():
    assert communes.by_postal_code("00000") == []


# -- EPCI ------------------------------------------------------------------------------------


def test_by_epci_lists_the_communes_of_lannion_tregor_communaute():
    found = codes(communes.by_epci(LANNION_TREGOR))

    assert {TREMEL, SAINT_MICHEL_EN_GREVE, PLUFUR, PLOUNERIN} <= set(found)
    assert BOTSORHEL not in found


def test_botsorhel_belongs_to_morlaix_communaute():
    assert BOTSORHEL in codes(communes.by_epci(MORLAIX_COMMUNAUTE))
    assert communes.get(BOTSORHEL).nom_epci == "CA Morlaix Communauté"


def test_by_epci_sorts_communes_by_name_ignoring_accents():
    found = communes.by_epci(LANNION_TREGOR)

    keys = [communes.normalise_name(c.nom) for c in found]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("max_population", "kept", "left_out"),
    [
        (None, {TREMEL, PLOUNERIN, "22113"}, set()),  # no threshold: Lannion included
        (1500, {TREMEL, PLOUNERIN}, {"22113"}),  # small rural communes only
        (500, {TREMEL}, {PLOUNERIN}),  # Plounérin has 798 inhabitants
        (409, {TREMEL}, {PLOUNERIN}),  # the threshold itself is kept (Trémel: 409)
        (408, set(), {TREMEL}),  # one below it is not
    ],
)
def test_by_epci_keeps_communes_up_to_a_population_threshold(max_population, kept, left_out):
    found = communes.by_epci(LANNION_TREGOR, max_population=max_population)

    found_codes = set(codes(found))
    assert kept <= found_codes
    assert not left_out & found_codes
    if max_population is not None:
        assert all(c.population <= max_population for c in found)


def test_by_epci_returns_nothing_for_an_unknown_epci():
    assert communes.by_epci("000000000") == []


@pytest.mark.parametrize(
    ("text", "expected_code"),
    [
        ("lannion", LANNION_TREGOR),  # name without its legal form "CA"
        ("Lannion-Trégor", LANNION_TREGOR),  # with hyphen and accent
        ("tregor", LANNION_TREGOR),  # a word inside the name
        ("CA Morlaix Communauté", MORLAIX_COMMUNAUTE),  # full official name
        ("morlaix", MORLAIX_COMMUNAUTE),  # lower case, no legal form
        (MORLAIX_COMMUNAUTE, MORLAIX_COMMUNAUTE),  # SIREN code of the EPCI
    ],
)
def test_epcis_finds_an_epci_by_name_or_code(text, expected_code):
    assert communes.epcis(text)[0][0] == expected_code


def test_epcis_counts_the_communes_of_each_epci():
    code, name, count = communes.epcis("Lannion-Trégor Communauté")[0]

    assert (code, name) == (LANNION_TREGOR, "CA Lannion-Trégor Communauté")
    assert count == len(communes.by_epci(LANNION_TREGOR))


def test_epcis_without_text_lists_epcis_by_name_up_to_limit():
    listed = communes.epcis(limit=5)

    assert len(listed) == 5
    keys = [communes.normalise_name(name) for _, name, _ in listed]
    assert keys == sorted(keys)


def test_epcis_returns_nothing_when_no_name_matches():
    assert communes.epcis("zzzqqq") == []


# -- the referential -------------------------------------------------------------------------


def test_referential_is_loaded_once_and_holds_every_commune():
    assert communes.referential() is communes.referential()
    assert len(communes.referential()) == 34_969
    assert TREMEL in communes.referential()


def test_a_referential_can_be_built_from_a_few_communes():
    def commune(code: str, nom: str, population: int) -> CommuneInfo:
        return CommuneInfo(
            code, nom, "22", "Côtes-d'Armor", "53", "Bretagne", "", "", population, ()
        )

    small = Referential(
        [commune("22001", "Saint-Martin", 100), commune("22002", "Saint-Martin", 900)]
    )

    assert codes(small.search("st martin")) == ["22002", "22001"]
    assert small.get("22001").population == 100
