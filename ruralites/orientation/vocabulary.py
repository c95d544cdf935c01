"""The closed vocabularies of orientation: offers, stages, carriers, confidence, limit flags.

Each value is an English identifier stored in data and code; its French label is what users
read. The theme slugs come from the shipped theme catalogue (``data/themes.yaml``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from types import MappingProxyType

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
THEMES_FILE = DATA_DIR / "themes.yaml"

OFFERS = MappingProxyType({
    "advice": "conseil et accompagnement",
    "training": "formation",
    "incubation": "incubation",
    "funding": "financement",
    "legal_hosting": "portage juridique",
    "network": "mise en réseau",
})

# In the order a project goes through them.
STAGES = MappingProxyType({
    "idea": "idée",
    "structuring": "structuration",
    "creation": "création",
    "development": "développement",
})

CARRIERS = MappingProxyType({
    "informal_group": "collectif d'habitants",
    "association": "association",
    "commune": "commune ou intercommunalité",
    "cooperative": "coopérative (Scop, SCIC)",
    "entrepreneur": "entrepreneur",
})

CONFIDENCE = MappingProxyType({
    "confirmed": "confirmé par les sources",
    "partial": "en partie déduit ou ancien",
    "unverified": "non vérifié",
})

# Roles that the recommendation rules treat apart (see rules.py).
ROLES = MappingProxyType({
    "first_contact": "premier contact pour tout porteur de projet",
    "emergence": "accompagnement de l'émergence (stade de l'idée)",
})

# Limits the sources publish. A "rule" limit is applied by the recommendation itself; a
# "check" limit cannot be known from the data, so staff are asked to check it.
RULE_LIMITS = MappingProxyType({
    "employer_only": (
        "réservé aux structures employeuses (au moins un salarié) : pas aux collectifs "
        "informels ni aux associations sans salarié"
    ),
    "employer_association": "une association doit être employeuse (au moins un salarié)",
})
CHECK_LIMITS = MappingProxyType({
    "mature_project": "projet mûr : étude de marché faite et budget établi",
    "no_cafe_or_threatened": "commune sans café, ou dont le café est menacé de fermeture",
    "mayor_applies": "la candidature est déposée par le maire",
    "vacant_building": "un local vacant adapté doit être identifié",
    "no_decorative_hedges": "pas de haies décoratives ; 50 m de linéaire au minimum",
    "youth_group": "un groupe d'au moins 3 jeunes de 12-13 à 22 ans",
    "selected_communes_only": "réservé aux communes retenues dans le programme",
    "cae_members_only": "réservé aux entrepreneurs-salariés d'une CAE",
    "co_financing_needed": "un cofinancement et une avance de trésorerie sont nécessaires",
    "call_period": "appel périodique, une édition doit être ouverte",
    "volunteers_and_premises": (
        "10 à 15 bénévoles pour démarrer (2 h par mois chacun) et un local fourni par la "
        "commune"
    ),
    "no_tiers_lieu_nearby": "pas d'autre tiers-lieu à moins de 20 minutes",
    "epci_envelope": (
        "enveloppe gérée par l'intercommunalité (convention avec la Région) : s'adresser à "
        "l'EPCI"
    ),
})
LIMITS = MappingProxyType({**RULE_LIMITS, **CHECK_LIMITS})

SOURCES = ("catalogue", "aides-territoires", "staff")


@functools.cache
def theme_labels(path: Path = THEMES_FILE) -> MappingProxyType[str, str]:
    """Theme slug -> the label inhabitants read, from the shipped theme catalogue."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return MappingProxyType({t["slug"]: t["label"] for t in data.get("themes", [])})


def theme_phrase(slug: str, label: str | None = None) -> str:
    """How a theme reads inside a sentence: « Commerce, café » -> « commerce, café »."""
    text = label or theme_labels().get(slug, slug)
    return text[:1].lower() + text[1:]

