"""Recommendation rules: which support schemes a commune's project is oriented to, and why.

Each case is a row: the project (commune, theme, stage, carrier, employer), what must be
recommended (in that relative order), what must be excluded and why, as staff read it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest

from ruralites import communes
from ruralites.orientation import OrientationError, by_slug, catalogue, parse_scheme, recommend
from ruralites.orientation.aides_territoires import read_export

TODAY = dt.date(2026, 12, 1)
PLOUNERIN, BOTSORHEL, TREMEL, PLUFUR = "22227", "29014", "22366", "22238"
YFFINIAC = "22389"  # 5,074 inhabitants in the shipped referential
PAGE = Path(__file__).resolve().parents[2] / "fixtures" / "aides-territoires" / (
    "page-bretagne.json"
)


@pytest.fixture(scope="module")
def imported():
    return tuple(aid.scheme for aid in read_export(PAGE).aids)


def _slugs(orientation):
    return [r.slug for r in orientation.recommended]


def _why(orientation, slug):
    return next(e.why for e in orientation.excluded if e.slug == slug)


def _reasons(orientation, slug):
    return next(r.reasons for r in orientation.recommended if r.slug == slug)


CASES = [
    # A multi-activity shop in Plounérin, an idea carried by an informal group of inhabitants:
    # the pôle ESS first, then the TAg idéateur (the published emergence pathway), then the
    # schemes made for shops; the DLA is out (no employer, and not at the idea stage).
    pytest.param(
        (PLOUNERIN, "commerce-cafe", "idea", "informal_group", False),
        ["pole-ess", "tag-ideateur", "bouge-ton-coq", "1000-cafes"],
        {"dla": "porteur : réservé aux structures employeuses (au moins un salarié), pas aux "
                "collectifs informels ni aux structures sans salarié",
         "tag-revelateur": "porteur : collectif d'habitants non admis (admis : association, "
                           "commune ou intercommunalité)",
         "france-active-bretagne": "porteur : collectif d'habitants non admis"},
        id="shop-idea-informal-group",
    ),
    # The same shop carried by an association that employs someone, at development stage:
    # the DLA is recommended, right after the pôle ESS (made for that one stage).
    pytest.param(
        (PLOUNERIN, "commerce-cafe", "development", "association", True),
        ["pole-ess", "dla", "france-active-bretagne"],
        {"tag-ideateur": "étape : développement non couverte (couvre : idée)"},
        id="shop-development-employer-association",
    ),
    # The same association without any employee: no DLA, no France Active.
    pytest.param(
        (PLOUNERIN, "commerce-cafe", "development", "association", False),
        ["pole-ess", "urscop-ouest"],
        {"dla": "porteur : réservé aux structures employeuses",
         "france-active-bretagne": "porteur : une association doit être employeuse"},
        id="shop-development-association-without-employee",
    ),
    # 1000 cafés: Trémel has about 400 inhabitants, it may apply (staff check the café).
    pytest.param(
        (TREMEL, "commerce-cafe", "creation", "commune", False),
        ["pole-ess", "1000-cafes"],
        {},
        id="1000-cafes-commune-of-400",
    ),
    # 1000 cafés: Yffiniac has more than 5,000 inhabitants, it may not.
    pytest.param(
        (YFFINIAC, "commerce-cafe", "creation", "commune", False),
        ["pole-ess", "bouge-ton-coq"],
        {"1000-cafes": "population : réservé aux communes de moins de 3\u202f500 habitants "
                       "(Yffiniac en compte 5\u202f074)"},
        id="1000-cafes-commune-of-5000",
    ),
    # A shared garden in Botsorhel (Finistère): Vert le Jardin has an antenna in Finistère;
    # Coopératerre only works in Centre-Bretagne.
    pytest.param(
        (BOTSORHEL, "jardin-partage", "idea", "informal_group", False),
        ["pole-ess", "tag-ideateur", "vert-le-jardin"],
        {"cooperaterre": "territoire : Pontivy Communauté, Loudéac Communauté et Pays du Centre "
                         "Ouest Bretagne ne couvre pas Botsorhel (Finistère)",
         "oxalis": "écarté de l'orientation : aucun établissement d'Oxalis trouvé en Bretagne"},
        id="shared-garden-botsorhel",
    ),
    # Hiking trails in Plufur, carried by the commune: the Côtes-d'Armor PDIPR.
    pytest.param(
        (PLUFUR, "chemins-randonnee", "structuring", "commune", False),
        ["pole-ess", "pdipr-cotes-darmor", "bruded"],
        {"ehop": "thème : chemins et randonnée non couvert (couvre : mobilité)"},
        id="trails-plufur-commune",
    ),
    # The pôle ESS is the first contact whatever the project, even when it is not at its stage.
    pytest.param(
        (TREMEL, "logement", "development", "entrepreneur", False),
        ["pole-ess"],
        {"habitat-participatif-ouest": "porteur : entrepreneur non admis ; étape : "
                                       "développement non couverte"},
        id="first-contact-whatever-the-stage",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("project", "recommended", "excluded"), CASES)
def test_catalogue_recommendations(project, recommended, excluded):
    commune, theme, stage, carrier, employer = project
    result = recommend(commune, theme, stage, carrier, employer=employer, today=TODAY,
                       schemes=catalogue())  # fmt: skip
    slugs = _slugs(result)
    assert slugs[: 1] == ["pole-ess"]
    positions = [slugs.index(slug) for slug in recommended]  # ValueError if one is missing
    assert positions == sorted(positions), slugs
    for slug, why in excluded.items():
        assert slug not in slugs
        assert why.split(" ; ")[0] in _why(result, slug)
        for part in why.split(" ; ")[1:]:
            assert part in _why(result, slug)


@pytest.mark.parametrize(
    ("slug", "reasons"),
    [
        # the pôle: why it is first, then what fits
        ("pole-ess", ("premier contact : accueil et orientation de tout porteur de projet",
                      "thème : tous thèmes", "étape : idée",
                      "porteur : collectif d'habitants", "territoire : Bretagne")),
        # the idéateur: the published pathway; territory: the TAg of the commune's département
        ("tag-ideateur", ("collectif d'habitants au stade de l'idée : le parcours publié passe "
                          "par le pôle ESS puis le TAg idéateur",
                          "thème : tous thèmes", "étape : idée",
                          "porteur : collectif d'habitants", "territoire : Côtes-d'Armor")),
        # 1000 cafés: the population rule, and what staff must check themselves
        ("1000-cafes", ("thème : commerce, café", "étape : idée",
                        "porteur : collectif d'habitants", "territoire : France",
                        "population : 798 habitants, moins de 3\u202f500",
                        "à vérifier : commune sans café, ou dont le café est menacé de "
                        "fermeture",
                        "à vérifier : la candidature est déposée par le maire",
                        "à vérifier : un local vacant adapté doit être identifié",
                        "à vérifier : appel périodique, une édition doit être ouverte")),
    ],  # fmt: skip
)
def test_each_recommendation_says_why(slug, reasons):
    result = recommend(PLOUNERIN, "commerce-cafe", "idea", "informal_group", today=TODAY,
                       schemes=catalogue())  # fmt: skip
    assert _reasons(result, slug) == reasons


def test_shared_garden_in_finistere_is_covered_by_the_finistere_antenna():
    result = recommend(BOTSORHEL, "jardin-partage", "idea", "informal_group", today=TODAY,
                       schemes=catalogue())  # fmt: skip
    assert _reasons(result, "vert-le-jardin") == (
        "thème : jardin partagé", "étape : idée", "porteur : collectif d'habitants",
        "territoire : Finistère",
    )  # fmt: skip


def test_employer_association_reason_says_it_employs():
    result = recommend(PLOUNERIN, "commerce-cafe", "development", "association", employer=True,
                       today=TODAY, schemes=catalogue())  # fmt: skip
    assert "porteur : association (structure employeuse)" in _reasons(result, "dla")


# -- imported and staff schemes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "outcome", "text"),
    [
        # "Bretagne", deadline ahead: recommended, with its deadline
        ("at-101", "recommended", "date limite : 31/03/2027"),
        ("at-101", "recommended", "territoire : Bretagne"),
        # "Côtes-d'Armor" for a Côtes-d'Armor commune
        ("at-102", "recommended", "territoire : Côtes-d'Armor"),
        # the EPCI of the commune
        ("at-105", "recommended", "territoire : CA Lannion-Trégor Communauté"),
        # "Finistère" for a Côtes-d'Armor commune: out, and why
        ("at-103", "excluded", "territoire : Finistère ne couvre pas Plounérin (Côtes-d'Armor)"),
        # deadline passed: listed as expired
        ("at-106", "expired", "expiré : date limite dépassée (30/06/2026)"),
        # an unknown perimeter can contain no commune for sure
        ("at-109", "excluded", "territoire : périmètre « Pays des Trois Rivières » non reconnu, "
                               "impossible de vérifier qu'il couvre Plounérin"),
        # an unreadable deadline: never recommended until corrected
        ("at-111", "excluded", "écarté de l'orientation : date limite illisible dans "
                               "Aides-territoires (« 20270331 »)"),
    ],  # fmt: skip
)
def test_imported_schemes_respect_territory_and_deadline(imported, slug, outcome, text):
    result = recommend(PLOUNERIN, "commerce-cafe", "creation", "commune", today=TODAY,
                       schemes=catalogue() + imported)  # fmt: skip
    if outcome == "recommended":
        recommendation = next(r for r in result.recommended if r.slug == slug)
        assert recommendation.source == "aides-territoires"
        assert text in recommendation.reasons
    else:
        assert slug not in _slugs(result)
        assert text in _why(result, slug)
        assert (slug in [e.slug for e in result.expired]) is (outcome == "expired")


def test_nearer_territory_ranks_first_when_fit_is_equal(imported):
    # at-105 (the commune's EPCI) and at-102 (its département) fit alike: the EPCI comes first
    result = recommend(PLOUNERIN, "commerce-cafe", "creation", "commune", today=TODAY,
                       schemes=catalogue() + imported)  # fmt: skip
    slugs = _slugs(result)
    assert slugs.index("at-105") < slugs.index("at-102")


def test_deadline_on_the_day_itself_is_still_open(imported):
    last_day = dt.date(2027, 3, 31)  # at-101's deadline
    result = recommend(PLOUNERIN, "commerce-cafe", "creation", "commune", today=last_day,
                       schemes=imported)  # fmt: skip
    assert "at-101" in _slugs(result)
    after = recommend(PLOUNERIN, "commerce-cafe", "creation", "commune",
                      today=last_day + dt.timedelta(days=1), schemes=imported)  # fmt: skip
    assert "at-101" in [e.slug for e in after.expired]


def test_staff_scheme_for_the_local_pole_comes_before_the_generic_one():
    adess = parse_scheme(
        {
            "slug": "adess-ouest-cotes-darmor",
            "name": "ADESS Ouest Côtes-d'Armor",
            "operator": "ADESS Ouest Côtes-d'Armor",
            "offer": ["advice", "network"],
            "stages": ["idea"],
            "carriers": "all",
            "themes": "all",
            "territory": {"epcis": ["200065928"]},
            "role": "first_contact",
        },
        source="staff",
    )
    result = recommend(PLOUNERIN, "commerce-cafe", "development", "commune", today=TODAY,
                       schemes=(*catalogue(), adess))  # fmt: skip
    assert _slugs(result)[:2] == ["adess-ouest-cotes-darmor", "pole-ess"]
    assert result.recommended[0].source == "staff"
    assert "territoire : CA Lannion-Trégor Communauté" in result.recommended[0].reasons


def test_order_does_not_depend_on_the_order_schemes_come_in(imported):
    schemes = list(catalogue() + imported)
    expected = recommend(PLOUNERIN, "commerce-cafe", "creation", "commune", today=TODAY,
                         schemes=schemes).to_dict()  # fmt: skip
    for seed in range(5):
        shuffled = schemes[:]
        random.Random(seed).shuffle(shuffled)
        again = recommend(PLOUNERIN, "commerce-cafe", "creation", "commune", today=TODAY,
                          schemes=shuffled)  # fmt: skip
        assert again.to_dict() == expected


def test_ties_are_broken_by_slug():
    base = by_slug(catalogue(), "bouge-ton-coq")
    twins = [dataclasses.replace(base, slug=slug, name=slug) for slug in ("zz-b", "aa-a", "mm")]
    result = recommend(PLOUNERIN, "commerce-cafe", "idea", "commune", today=TODAY,
                       schemes=twins)  # fmt: skip
    assert _slugs(result) == ["aa-a", "mm", "zz-b"]


def test_json_shape_is_the_one_the_cli_prints():
    result = recommend(PLOUNERIN, "commerce-cafe", "idea", "informal_group", today=TODAY,
                       schemes=catalogue())  # fmt: skip
    data = result.to_dict()
    assert list(data) == ["commune", "theme", "stage", "carrier", "recommended", "excluded"]
    assert (data["commune"], data["theme"], data["stage"], data["carrier"]) == (
        PLOUNERIN, "commerce-cafe", "idea", "informal_group")  # fmt: skip
    assert data["recommended"][0] == {
        "rank": 1,
        "slug": "pole-ess",
        "name": "Pôles de développement de l'économie sociale et solidaire (pôles ESS)",
        "operator": by_slug(catalogue(), "pole-ess").operator,
        "source": "catalogue",
        "reasons": list(result.recommended[0].reasons),
    }
    assert [r["rank"] for r in data["recommended"]] == list(range(1, len(data["recommended"]) + 1))
    assert set(data["excluded"][0]) == {"slug", "name", "why"}


# -- bad requests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        # no chosen theme: refused, the commune is named
        ({"theme": None}, "Aucune thématique choisie pour Plounérin : la recommandation part de "
                          "la thématique retenue par les habitants."),
        ({"theme": "  "}, "Aucune thématique choisie pour Plounérin"),
        ({"stage": "launch"}, "Étape du projet inconnue « launch » : choisissez parmi idée, "
                              "structuration, création, développement."),
        ({"carrier": "mairie"}, "Porteur du projet inconnu « mairie »"),
        ({"commune": "99999"}, "Code commune inconnu : « 99999 »."),
    ],  # fmt: skip
)
def test_bad_request_is_refused_in_french(arguments, message):
    request = {"commune": PLOUNERIN, "theme": "commerce-cafe", "stage": "idea",
               "carrier": "informal_group"} | arguments  # fmt: skip
    with pytest.raises(OrientationError) as caught:
        recommend(**request, today=TODAY, schemes=catalogue())
    assert message in str(caught.value)


def test_two_schemes_with_one_slug_are_refused():
    pole = by_slug(catalogue(), "pole-ess")
    with pytest.raises(OrientationError, match="Deux dispositifs portent l'identifiant"):
        recommend(PLOUNERIN, "commerce-cafe", "idea", "informal_group", today=TODAY,
                  schemes=[pole, pole])  # fmt: skip


def test_commune_may_be_given_as_its_referential_row():
    commune = communes.get(TREMEL)
    by_code = recommend(TREMEL, "aines", "idea", "association", today=TODAY, schemes=catalogue())
    by_row = recommend(commune, "aines", "idea", "association", today=TODAY, schemes=catalogue())
    assert by_code.to_dict() == by_row.to_dict()
