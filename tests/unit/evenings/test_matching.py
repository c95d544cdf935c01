"""The matching rules as a table: each row a witness scored for Trémel (409 inhabitants, CA
Lannion-Trégor Communauté, Côtes-d'Armor) on « Lieu de rencontre », with the reasons a
person reads."""

from datetime import date

import pytest

from ruralites.evenings.matching import Candidate, Target, rank, score

TODAY = date(2026, 3, 2)
TREMEL = Target("lieu-de-rencontre", "Lieu de rencontre", "22366", "Trémel", "200065928",
                "CA Lannion-Trégor Communauté", "22", 409)
LTC = ("200065928", "CA Lannion-Trégor Communauté")
GP3A = ("200067981", "CA Guingamp-Paimpol Agglomération de l'Armor à l'Argoat")
MONTS = ("200067197", "CC Monts d'Arrée Communauté")


def witness(n: int = 1, *, themes=("lieu-de-rencontre",), commune=("Lohuec", *GP3A, "22",
            "Côtes-d'Armor", 245), budget=None, consent_on=date(2025, 9, 1), until=None,
            scope="contacted", heard=(), invited=(), name=None) -> Candidate:
    commune_name, code_epci, nom_epci, dep, nom_dep, population = commune or (None,) * 6
    return Candidate(n, name or f"Témoin {n}", None, "Projet", frozenset(themes), commune_name,
                     code_epci, nom_epci, dep, nom_dep, population, budget, consent_on, until,
                     scope if consent_on else None, tuple(heard), tuple(invited))


CASES = [
    # on the theme, another EPCI of the same département, a commune of comparable size: the best
    (witness(), 165, ["projet sur le thème « Lieu de rencontre »",
                      f"vient d'un autre EPCI ({GP3A[1]})",
                      "même département (Lohuec, Côtes-d'Armor)",
                      "commune de taille comparable (245 hab. contre 409 hab.)"], []),
    # same EPCI as Trémel: no points for the territory, and the method's rule is said
    (witness(commune=("Plufur", *LTC, "22", "Côtes-d'Armor", 529)), 135,
     ["projet sur le thème « Lieu de rencontre »", "même département (Plufur, Côtes-d'Armor)",
      "commune de taille comparable (529 hab. contre 409 hab.)"],
     [f"même EPCI que Trémel ({LTC[1]}) : la méthode demande un témoin d'un autre territoire"]),
    # elsewhere in Brittany, a commune a bit more than twice as big: fewer points
    (witness(commune=("Berrien", *MONTS, "29", "Finistère", 943)), 145,
     ["projet sur le thème « Lieu de rencontre »", f"vient d'un autre EPCI ({MONTS[1]})",
      "en Bretagne (Berrien, Finistère)", "commune de taille assez proche (943 hab. contre 409 hab.)"],
     []),
    # outside Brittany, in a town: flagged twice
    (witness(commune=("Mayenne", "245300330", "CC Mayenne Communauté", "53", "Mayenne", 12900)),
     130, ["projet sur le thème « Lieu de rencontre »", "vient d'un autre EPCI (CC Mayenne Communauté)"],
     ["hors de Bretagne (Mayenne, Mayenne)",
      "commune de taille très différente (12\u202f900 hab. contre 409 hab.)"]),
    # a budget within reach of a village adds a little
    (witness(budget="10-50k"), 170, ["projet sur le thème « Lieu de rencontre »",
                                     f"vient d'un autre EPCI ({GP3A[1]})",
                                     "même département (Lohuec, Côtes-d'Armor)",
                                     "commune de taille comparable (245 hab. contre 409 hab.)",
                                     "budget à la portée d'une petite commune (de 10 000 à 50 000 €)"],
     []),
    # a budget above 200,000 € is of another scale for a village
    (witness(budget="gt1m"), 155, None, ["budget d'une autre échelle (plus d'un million d'euros)"]),
    # the project's commune unknown: territory to check, no points for it
    (witness(commune=None), 100, ["projet sur le thème « Lieu de rencontre »"],
     ["commune du projet non renseignée : territoire à vérifier"]),
    # off the theme: listed apart, whatever else
    (witness(themes=("jardin-partage",)), 65, None,
     ["ne porte pas sur le thème « Lieu de rencontre »"]),
    # already heard in Trémel: ranks after the others
    (witness(heard=[date(2025, 6, 12)]), 105, None,
     ["déjà entendu·e à Trémel (soirée du 12/06/2025)"]),
    # already invited to an evening of Trémel not yet held
    (witness(invited=[date(2026, 3, 12)]), 105, None,
     ["déjà invité·e à une soirée de Trémel (le 12/03/2026)"]),
]


@pytest.mark.parametrize(("candidate", "points", "reasons", "warnings"), CASES)
def test_each_witness_is_scored_with_its_reasons(candidate, points, reasons, warnings):
    found, found_reasons, found_warnings = score(TREMEL, candidate)
    assert found == points
    if reasons is not None:
        assert found_reasons == reasons
    assert found_warnings == warnings


EXCLUDED = [
    # no consent recorded
    (witness(consent_on=None), "missing", "aucun consentement enregistré"),
    # consent given on 1 March 2023 without an end: three years, over on 1 March 2026
    (witness(consent_on=date(2023, 3, 1)), "expired", "consentement expiré le 01/03/2026"),
    # an explicit end already passed
    (witness(until=date(2026, 1, 31)), "expired", "consentement expiré le 31/01/2026"),
    # agreed to be listed, not to be contacted
    (witness(scope="listed"), "listed_only",
     "a accepté de figurer au catalogue, pas d'être contacté·e"),
]


@pytest.mark.parametrize(("candidate", "state", "why"), EXCLUDED)
def test_a_witness_whose_consent_does_not_allow_it_is_never_proposed(candidate, state, why):
    found = rank(TREMEL, [candidate], TODAY)
    assert found.proposed == found.other_themes == ()
    assert [(x.state, x.why) for x in found.excluded] == [(state, why)]


def test_consent_ending_today_still_allows_it():
    found = rank(TREMEL, [witness(until=TODAY)], TODAY)
    assert len(found.proposed) == 1


def test_the_ranking_puts_the_theme_first_then_the_score_then_the_name():
    candidates = [
        witness(1, name="Zoé", themes=("jardin-partage",)),
        witness(2, name="Yann", commune=("Plufur", *LTC, "22", "Côtes-d'Armor", 529)),
        witness(3, name="Élodie"),
        witness(4, name="Anne"),  # same score as Élodie: by folded name
        witness(5, name="Bruno", consent_on=None),
        witness(6, name="Chloé", scope="listed"),
        witness(7, name="Denis", consent_on=date(2020, 1, 1)),
    ]
    found = rank(TREMEL, candidates, TODAY)
    assert [m.candidate.name for m in found.proposed] == ["Anne", "Élodie", "Yann"]
    assert [m.rank for m in found.proposed] == [1, 2, 3]
    assert [m.candidate.name for m in found.other_themes] == ["Zoé"]
    assert found.excluded_summary() == (
        "3 témoins écartés, jamais proposés — sans consentement enregistré : 1 ; consentement "
        "expiré : 1 ; accord pour figurer au catalogue seulement, pas pour être contacté : 1.")


def test_nothing_left_out_says_nothing():
    assert rank(TREMEL, [witness()], TODAY).excluded_summary() is None


def test_one_witness_left_out_is_said_in_the_singular():
    found = rank(TREMEL, [witness(consent_on=date(2020, 1, 1))], TODAY)
    assert found.excluded_summary() == "1 témoin écarté, jamais proposé — consentement expiré : 1."
