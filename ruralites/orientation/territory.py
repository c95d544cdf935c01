"""Where a support scheme applies, and whether it covers a given commune.

A territory is France, or a union of régions, départements, EPCIs and communes, all by their
official codes so that the commune referential answers "does it contain this commune?" and
"how near is it?" (the commune's EPCI is nearer than its département, its région, France).
Names (a perimeter "Côtes-d'Armor" from Aides-territoires, "bretagne" in the catalogue) are
resolved to codes here, with the same referential.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ruralites import communes
from ruralites.errors import UserError
from ruralites.text import words

# How near a territory is to a commune when it contains it; higher is nearer.
NEAR_COMMUNE, NEAR_EPCI, NEAR_DEPARTEMENT, NEAR_REGION, NEAR_FRANCE = 4, 3, 2, 1, 0

_FRANCE_NAMES = frozenset({"france", "france entiere", "national"})
# Legal-form words that open an EPCI's name, in the referential or as people write it.
_EPCI_FORMS = (
    "communaute de communes",
    "communaute d agglomeration",
    "communaute urbaine",
    "cc",
    "ca",
    "cu",
)
_LEADING_ARTICLES = ("du", "de la", "de l", "des", "de", "d")
_PARENTHESES = re.compile(r"\([^)]*\)")


@dataclass(frozen=True, slots=True)
class Territory:
    """Where a scheme applies. ``label`` is the French text shown to staff."""

    label: str
    france: bool = False
    regions: frozenset[str] = frozenset()
    departements: frozenset[str] = frozenset()
    epcis: frozenset[str] = frozenset()
    communes: frozenset[str] = frozenset()
    # A perimeter name that the referential could not place: it contains no commune for sure.
    unresolved: bool = False

    def nearness(self, commune: communes.CommuneInfo) -> int | None:
        """How near the territory is to the commune (NEAR_*), or None when it excludes it."""
        if commune.code_insee in self.communes:
            return NEAR_COMMUNE
        if commune.code_epci and commune.code_epci in self.epcis:
            return NEAR_EPCI
        if commune.departement in self.departements:
            return NEAR_DEPARTEMENT
        if commune.region in self.regions:
            return NEAR_REGION
        if self.france:
            return NEAR_FRANCE
        return None

    def contains(self, commune: communes.CommuneInfo) -> bool:
        return self.nearness(commune) is not None

    def place_of(self, commune: communes.CommuneInfo) -> str:
        """The name of the part of the territory that holds the commune, for a reason:
        « Côtes-d'Armor » for a scheme of several départements; the label otherwise."""
        level = self.nearness(commune)
        return {
            NEAR_COMMUNE: commune.nom,
            NEAR_EPCI: commune.nom_epci,
            NEAR_DEPARTEMENT: commune.nom_departement,
            NEAR_REGION: commune.nom_region,
            NEAR_FRANCE: "France",
        }.get(level, self.label)


FRANCE = Territory(label="France", france=True)


class TerritoryError(UserError, ValueError):
    """A territory that names no known place; the message is for users, in French."""


@dataclass(frozen=True, slots=True)
class _Places:
    """Names and codes of the places of the commune referential, indexed once."""

    region_by_name: Mapping[str, str]
    region_names: Mapping[str, str]
    departement_by_name: Mapping[str, str]
    departement_names: Mapping[str, str]
    epci_by_name: Mapping[str, tuple[str, ...]]
    epci_names: Mapping[str, str]
    commune_by_name: Mapping[str, tuple[str, ...]]


def _key(name: str) -> str:
    return " ".join(words(name))


def _epci_keys(name: str) -> set[str]:
    """The ways an EPCI's name is written: « CA Lannion-Trégor Communauté »,
    « Lannion-Trégor Communauté », « Communauté de communes du Kreiz-Breizh »."""
    key = _key(_PARENTHESES.sub(" ", name))
    keys = {key, _key(name)}
    for form in _EPCI_FORMS:
        if key.startswith(form + " "):
            bare = key[len(form) + 1 :]
            keys.add(bare)
            for article in _LEADING_ARTICLES:
                if bare.startswith(article + " "):
                    keys.add(bare[len(article) + 1 :])
    return keys


@functools.cache
def _places() -> _Places:
    regions: dict[str, str] = {}
    departements: dict[str, str] = {}
    epci_names: dict[str, str] = {}
    communes_by_name: defaultdict[str, list[str]] = defaultdict(list)
    for commune in communes.referential():
        if commune.region and commune.nom_region:
            regions[commune.region] = commune.nom_region
        departements[commune.departement] = commune.nom_departement
        if commune.code_epci:
            epci_names[commune.code_epci] = commune.nom_epci
        communes_by_name[_key(commune.nom)].append(commune.code_insee)
    epci_by_name: defaultdict[str, set[str]] = defaultdict(set)
    for code, name in epci_names.items():
        for key in _epci_keys(name):
            epci_by_name[key].add(code)
    return _Places(
        region_by_name={_key(name): code for code, name in regions.items()},
        region_names=regions,
        departement_by_name={_key(name): code for code, name in departements.items()},
        departement_names=departements,
        epci_by_name={key: tuple(sorted(codes)) for key, codes in epci_by_name.items()},
        epci_names=epci_names,
        commune_by_name={key: tuple(codes) for key, codes in communes_by_name.items()},
    )


def region_code(name: str) -> str | None:
    """« Bretagne » -> "53"; None if no région has that name."""
    return _places().region_by_name.get(_key(name))


def resolve_name(name: str) -> Territory | None:
    """The territory a place name means: France, a région, a département, an EPCI, or a
    commune whose name no other commune shares; None when it is none of these (or is
    ambiguous). Case, accents, hyphens and the EPCI's legal form do not matter."""
    key = _key(name)
    if not key:
        return None
    places = _places()
    if key in _FRANCE_NAMES:
        return FRANCE
    if code := places.region_by_name.get(key):
        return Territory(label=places.region_names[code], regions=frozenset({code}))
    if code := places.departement_by_name.get(key):
        return Territory(label=places.departement_names[code], departements=frozenset({code}))
    for candidate in _epci_keys(name):
        codes = places.epci_by_name.get(candidate, ())
        if len(codes) == 1:
            return Territory(label=places.epci_names[codes[0]], epcis=frozenset(codes))
    codes = places.commune_by_name.get(key, ())
    if len(codes) == 1:
        return Territory(label=communes.get(codes[0]).nom, communes=frozenset(codes))
    return None


def from_codes(
    *,
    regions: Iterable[str] = (),
    departements: Iterable[str] = (),
    epcis: Iterable[str] = (),
    communes_: Iterable[str] = (),
    label: str = "",
) -> Territory:
    """A territory from official codes, each checked against the referential; its label,
    when not given, lists the places' names. Raises TerritoryError on an unknown code."""
    places = _places()
    parts: list[str] = []
    checked: dict[str, frozenset[str]] = {}
    for field, codes, names, what in (
        ("regions", regions, places.region_names, "code de région"),
        ("departements", departements, places.departement_names, "code de département"),
        ("epcis", epcis, places.epci_names, "code d'EPCI"),
    ):
        codes = [str(code).strip() for code in codes]
        unknown = [code for code in codes if code not in names]
        if unknown:
            raise TerritoryError(f"{what} inconnu : {', '.join(unknown)}")
        checked[field] = frozenset(codes)
        parts += [names[code] for code in codes]
    commune_codes = [str(code).strip() for code in communes_]
    for code in commune_codes:
        try:
            parts.append(communes.get(code).nom)
        except communes.UnknownCommuneError as exc:
            raise TerritoryError(str(exc)) from None
    if not parts:
        raise TerritoryError("aucun lieu indiqué")
    return Territory(
        label=label or ", ".join(parts),
        regions=checked["regions"],
        departements=checked["departements"],
        epcis=checked["epcis"],
        communes=frozenset(commune_codes),
    )


def from_data(value: object) -> Territory:
    """A territory written in a data file:

    - ``france``, or the name of a région (``bretagne``) or of a département;
    - a list of département codes (``["22", "29"]``);
    - a mapping with any of ``regions``, ``departements``, ``epcis``, ``communes`` (lists of
      codes) and an optional ``label``.
    """
    if isinstance(value, str):
        found = resolve_name(value)
        if found is None or not (found.france or found.regions or found.departements):
            raise TerritoryError(
                f"« {value} » n'est ni « france », ni le nom d'une région ou d'un département ; "
                "pour plusieurs départements, donnez une liste de codes (ex. [\"22\", \"29\"])"
            )
        return found
    if isinstance(value, list):
        return from_codes(departements=value)
    if isinstance(value, dict):
        allowed = {"regions", "departements", "epcis", "communes", "label"}
        extra = sorted(set(value) - allowed)
        if extra:
            raise TerritoryError(
                f"clé inconnue : {', '.join(extra)} (attendu : {', '.join(sorted(allowed))})"
            )
        lists = {key: value.get(key) or [] for key in allowed - {"label"}}
        for key, codes in lists.items():
            if not isinstance(codes, list):
                raise TerritoryError(f"« {key} » doit être une liste de codes")
        label = value.get("label") or ""
        if not isinstance(label, str):
            raise TerritoryError("« label » doit être un texte")
        return from_codes(
            regions=lists["regions"],
            departements=lists["departements"],
            epcis=lists["epcis"],
            communes_=lists["communes"],
            label=label.strip(),
        )
    raise TerritoryError("attendu « france », un nom de région, une liste ou un tableau de codes")


def unresolved(name: str) -> Territory:
    """A perimeter that no place of the referential matches: it contains no commune."""
    return Territory(label=name, unresolved=True)


_CODE = re.compile(r"^(?:\d{2,3}|2[ab])$", re.IGNORECASE)


def from_text(text: str) -> Territory:
    """A territory typed by staff: « France », a région, a département, an EPCI or a commune by
    name, or département codes; several separated by commas (« 22, 29 », « Bretagne,
    Loire-Atlantique »). Raises TerritoryError naming what was not found."""
    parts = [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]
    if not parts:
        raise TerritoryError(
            "territoire vide : indiquez « France », une région, un département, une "
            "intercommunalité ou des codes de départements (ex. « 22, 29 »)"
        )
    found: list[Territory] = []
    unknown: list[str] = []
    for part in parts:
        if _CODE.match(part):
            try:
                found.append(from_codes(departements=[part.upper()]))
            except TerritoryError:
                unknown.append(part)
            continue
        place = resolve_name(part)
        if place is None:
            unknown.append(part)
        else:
            found.append(place)
    if unknown:
        raise TerritoryError(
            f"lieu inconnu : {', '.join(f'« {u} »' for u in unknown)} (ex. « Bretagne », "
            "« Côtes-d'Armor », « 22, 29 », « Lannion-Trégor Communauté »)"
        )
    if len(found) == 1:
        return found[0]
    return Territory(
        label=", ".join(place.label for place in found),
        france=any(place.france for place in found),
        regions=frozenset().union(*(place.regions for place in found)),
        departements=frozenset().union(*(place.departements for place in found)),
        epcis=frozenset().union(*(place.epcis for place in found)),
        communes=frozenset().union(*(place.communes for place in found)),
    )


def to_json(territory: Territory) -> dict[str, object]:
    """The territory as stored in the database (JSON): codes sorted, flags explicit."""
    return {
        "label": territory.label,
        "france": territory.france,
        "regions": sorted(territory.regions),
        "departements": sorted(territory.departements),
        "epcis": sorted(territory.epcis),
        "communes": sorted(territory.communes),
        "unresolved": territory.unresolved,
    }


def from_json(data: Mapping[str, object]) -> Territory:
    """The territory stored by `to_json` (codes are trusted: they were checked when stored)."""
    return Territory(
        label=str(data.get("label") or ""),
        france=bool(data.get("france")),
        regions=frozenset(data.get("regions") or ()),
        departements=frozenset(data.get("departements") or ()),
        epcis=frozenset(data.get("epcis") or ()),
        communes=frozenset(data.get("communes") or ()),
        unresolved=bool(data.get("unresolved")),
    )
