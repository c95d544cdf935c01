"""The support-scheme catalogue (data/dispositifs.yaml): every entry is valid, and a broken
entry is refused with a French message naming the file, the line, the entry and the field."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from ruralites import communes
from ruralites.orientation.catalogue import (
    CATALOGUE_FILE,
    SchemeError,
    by_slug,
    catalogue,
    load_catalogue,
    parse_scheme,
)
from ruralites.orientation.vocabulary import CARRIERS, LIMITS, OFFERS, STAGES, theme_labels

BOTSORHEL, PLOUNERIN, PONTIVY, MELLIONNEC, CARHAIX = (
    "29014", "22227", "56178", "22146", "29024",
)  # fmt: skip


def test_shipped_catalogue_loads_one_valid_entry_per_row_of_the_reference():
    schemes = load_catalogue(CATALOGUE_FILE)  # raises SchemeError on any invalid entry
    assert len(schemes) == 38
    assert sorted(s.row for s in schemes) == list(range(1, 39))
    assert len({s.slug for s in schemes}) == 38


@pytest.mark.parametrize("scheme", catalogue(), ids=lambda s: s.slug)
def test_every_catalogue_entry_is_complete(scheme):
    assert scheme.operator.strip()
    assert scheme.name.strip() and scheme.description.strip()
    assert scheme.offer and set(scheme.offer) <= set(OFFERS)
    assert set(scheme.stages) <= set(STAGES)
    assert set(scheme.carriers) <= set(CARRIERS)
    assert scheme.all_themes or (scheme.themes and set(scheme.themes) <= set(theme_labels()))
    assert set(scheme.limits) <= set(LIMITS)
    assert scheme.source_urls
    assert scheme.checked_on == dt.date(2026, 12, 1)  # the day the rows were transcribed
    assert scheme.confidence in {"confirmed", "partial", "unverified"}
    assert scheme.source == "catalogue"
    if scheme.recommendable:
        assert scheme.stages and scheme.carriers


@pytest.mark.parametrize(
    ("slug", "reason_starts"),
    [
        ("oxalis", "Aucun établissement d'Oxalis trouvé en Bretagne"),  # row 10
        ("france-services", "Guichet de services publics"),  # row 23
        ("cpie", "Aucun rôle trouvé des CPIE"),  # row 38
        ("aap-inter-territorialites", "Aucune description publique trouvée"),  # row 20
    ],
)
def test_entries_of_no_use_for_orientation_stay_with_their_reason(slug, reason_starts):
    scheme = by_slug(catalogue(), slug)
    assert not scheme.recommendable
    assert scheme.not_for_orientation.startswith(reason_starts)


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        # row 8: the DLA serves employer structures only
        ("dla", {"limits": ("employer_only",), "stages": ("development",)}),
        # row 26: communes under 3,500, no café or a threatened one, the maire applies
        ("1000-cafes", {"population_under": 3500,
                        "limits": ("no_cafe_or_threatened", "mayor_applies", "vacant_building",
                                   "call_period")}),
        # row 14: Cigales want mature projects
        ("cigales-bretagne", {"limits": ("mature_project",)}),
        # row 32: no decorative hedges
        ("breizh-bocage", {"limits": ("no_decorative_hedges",)}),
        # row 29: youth groups in communes under 15,000 of Côtes-d'Armor and Finistère
        ("msa-appel-projets-jeunes", {"population_under": 15000,
                                      "limits": ("youth_group", "call_period"),
                                      "carriers": ("informal_group",)}),
        # row 1: the pôle ESS is the first contact, for every carrier and theme
        ("pole-ess", {"role": "first_contact", "all_themes": True,
                      "carriers": tuple(CARRIERS)}),
        # row 3: the TAg idéateur is the emergence step
        ("tag-ideateur", {"role": "emergence", "stages": ("idea",)}),
    ],  # fmt: skip
)
def test_published_limits_are_machine_readable(slug, expected):
    scheme = by_slug(catalogue(), slug)
    for field, value in expected.items():
        assert getattr(scheme, field) == value, field


@pytest.mark.parametrize(
    ("code", "inside"),
    [
        (PONTIVY, True),  # Pontivy Communauté
        (MELLIONNEC, True),  # Kreiz-Breizh, in the Pays du Centre Ouest Bretagne
        (CARHAIX, True),  # Poher Communauté, in the Pays COB
        (BOTSORHEL, False),  # Morlaix Communauté: not in Coopératerre's territory
        (PLOUNERIN, False),  # Lannion-Trégor Communauté
    ],
)
def test_cooperaterre_is_limited_to_its_centre_bretagne_epcis(code, inside):
    territory = by_slug(catalogue(), "cooperaterre").territory
    assert territory.contains(communes.get(code)) is inside


def _entry(**changes):
    entry = {
        "slug": "jardin-test",
        "name": "Jardin d'essai",
        "operator": "Association d'essai",
        "description": "Un dispositif écrit pour les tests.",
        "offer": ["advice"],
        "stages": ["idea"],
        "carriers": ["informal_group"],
        "themes": ["jardin-partage"],
        "territory": "bretagne",
        "source_urls": ["example.org/jardin"],
        "checked_on": "2026-12-01",
        "confidence": "confirmed",
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # no operator: the field is named and the fix is said
        ({"operator": ""}, "dispositif « jardin-test », champ « operator » : vide ; ce champ "
                           "est obligatoire : indiquez qui porte le dispositif"),
        ({"operator": None}, "champ « operator » : vide"),  # key missing altogether
        ({"stages": ["emergence"]}, "champ « stages » : valeur inconnue « emergence » "
                                    "(valeurs admises : idea, structuring, creation, development)"),
        ({"carriers": ["mairie"]}, "champ « carriers » : valeur inconnue « mairie »"),
        ({"themes": ["potager"]}, "champ « themes » : thématique inconnue « potager »"),
        ({"themes": []}, "champ « themes » : une liste non vide de thématiques, ou « all »"),
        ({"offer": ["money"]}, "champ « offer » : valeur inconnue « money »"),
        ({"offer": []}, "champ « offer » : liste vide"),
        ({"checked_on": "2026-13-45"}, "champ « checked_on » : date invalide « 2026-13-45 »"),
        ({"checked_on": "01/12/2026"}, "champ « checked_on » : date invalide « 01/12/2026 »"),
        ({"confidence": "✔"}, "champ « confidence » : valeur inconnue « ✔ »"),
        ({"limits": ["no_cafe"]}, "champ « limits » : valeur inconnue « no_cafe »"),
        ({"territory": "Atlantide"}, "champ « territory » : « Atlantide » n'est ni « france »"),
        ({"territory": ["99"]}, "champ « territory » : code de département inconnu : 99"),
        ({"territory": {"epcis": ["123"]}}, "champ « territory » : code d'EPCI inconnu : 123"),
        ({"population_under": -5}, "champ « population_under » : un nombre entier"),
        ({"slug": "Jardin Test"}, "champ « slug » : « Jardin Test » : lettres minuscules"),
        ({"operater": "typo"}, "champ « operater » : champ inconnu (faute de frappe ?)"),
        ({"source_urls": []}, "champ « source_urls » : aucune source"),
        ({"stages": []}, "champ « stages » : liste vide"),  # only excluded entries may
    ],  # fmt: skip
)
def test_broken_catalogue_entry_is_refused_naming_entry_and_field(changes, message):
    with pytest.raises(SchemeError) as caught:
        parse_scheme(_entry(**changes), source="catalogue")
    assert message in str(caught.value)


def test_entry_flagged_not_for_orientation_may_have_no_stage_or_carrier():
    scheme = parse_scheme(
        _entry(stages=[], carriers=[], not_for_orientation="Aucune source fiable."),
        source="catalogue",
    )
    assert not scheme.recommendable


def test_staff_entry_needs_no_source_or_date_but_an_operator():
    scheme = parse_scheme(
        _entry(description=None, source_urls=None, checked_on=None, confidence=None),
        source="staff",
    )
    assert (scheme.source, scheme.confidence, scheme.checked_on) == ("staff", "confirmed", None)
    with pytest.raises(SchemeError, match="champ « operator » : vide"):
        parse_scheme(_entry(operator="  "), source="staff")


def test_every_problem_of_an_entry_is_listed_at_once():
    with pytest.raises(SchemeError) as caught:
        parse_scheme(_entry(operator="", stages=["later"], themes=["x"]), source="catalogue")
    fields = [p.split("champ « ")[1].split(" »")[0] for p in caught.value.problems]
    assert fields == ["operator", "stages", "themes"]


def test_broken_catalogue_file_names_file_line_and_entry(tmp_path):
    path = tmp_path / "dispositifs.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            schemes:
              - slug: bon
                name: Bon
                operator: Quelqu'un
                description: Valide.
                offer: [advice]
                stages: [idea]
                carriers: all
                themes: all
                territory: france
                source_urls: [example.org]
                checked_on: 2026-12-01
                confidence: confirmed
              - slug: sans-operateur
                name: Sans opérateur
                description: Invalide.
                offer: [advice]
                stages: [idea]
                carriers: all
                themes: all
                territory: france
                source_urls: [example.org]
                checked_on: 2026-02-30
                confidence: confirmed
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(SchemeError) as caught:
        load_catalogue(path)
    assert caught.value.problems == [
        "dispositifs.yaml, ligne 14, dispositif « sans-operateur », champ « operator » : vide ; "
        "ce champ est obligatoire : indiquez qui porte le dispositif (ex. « Région Bretagne »)",
        "dispositifs.yaml, ligne 14, dispositif « sans-operateur », champ « checked_on » : date "
        "invalide « 2026-02-30 » (format AAAA-MM-JJ, ex. 2026-12-01)",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("schemes: []\n", "dispositifs.yaml : la liste « schemes » est vide"),  # 0 entries
        ("autre: 1\n", "dispositifs.yaml : attendu une clé « schemes »"),
        ("schemes: [\n  - a\n", "dispositifs.yaml, ligne"),  # not YAML
        ("schemes:\n  - slug: a\n  - slug: a\n", "champ « name » : vide"),
    ],
)
def test_catalogue_file_that_cannot_be_used_is_refused(tmp_path, content, message):
    path = tmp_path / "dispositifs.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SchemeError) as caught:
        load_catalogue(path)
    assert message in str(caught.value)


def test_two_entries_with_one_slug_are_refused(tmp_path):
    entry = textwrap.dedent(
        """\
          - slug: double
            name: Double
            operator: Quelqu'un
            description: Deux fois.
            offer: [advice]
            stages: [idea]
            carriers: all
            themes: all
            territory: france
            source_urls: [example.org]
            checked_on: 2026-12-01
            confidence: confirmed
        """
    )
    path = tmp_path / "dispositifs.yaml"
    path.write_text("schemes:\n" + entry + entry, encoding="utf-8")
    with pytest.raises(SchemeError, match="champ « slug » : déjà utilisé par le dispositif n° 1"):
        load_catalogue(path)
