"""How the values of Aides-territoires map onto the project's vocabulary.

The tables live in ``data/aides_territoires_mapping.yaml`` so that staff can extend them: steps
to stages, audiences to carriers, aid types to offers, categories to themes, and perimeter
names that are not one place of the commune referential (a pays) to official codes.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from ruralites.errors import UserError
from ruralites.orientation import territory as territories
from ruralites.orientation.territory import Territory, TerritoryError
from ruralites.orientation.vocabulary import CARRIERS, DATA_DIR, OFFERS, STAGES, theme_labels
from ruralites.text import fold

MAPPING_FILE = DATA_DIR / "aides_territoires_mapping.yaml"

_ALL = "all"


class AidesTerritoiresError(UserError, ValueError):
    """A file (or mapping) that cannot be imported at all; the message is for users, in French."""


def fold_key(value: str) -> str:
    """The form mapping keys are compared in: folded, single spaces, " / " between parts."""
    return " / ".join(" ".join(fold(part).split()) for part in value.split("/"))


@dataclass(frozen=True, slots=True)
class AidMapping:
    """The mapping tables of ``aides_territoires_mapping.yaml``, keys already folded.

    A value of ``None`` means every value of the vocabulary (``all`` in the file)."""

    stages: Mapping[str, tuple[str, ...] | None]
    carriers: Mapping[str, tuple[str, ...] | None]
    offer: Mapping[str, tuple[str, ...] | None]
    themes: Mapping[str, tuple[str, ...] | None]
    perimeters: Mapping[str, Territory]

    def theme_of(self, category: str) -> tuple[str, ...] | None | bool:
        """The themes of a category, trying its theme when the category is not listed;
        False when neither is known."""
        parts = fold_key(category).split(" / ")
        for n in range(len(parts), 0, -1):
            prefix = " / ".join(parts[:n])
            if prefix in self.themes:
                return self.themes[prefix]
        return False


_TABLES = {
    "mobilization_steps": ("stages", STAGES),
    "targeted_audiences": ("carriers", CARRIERS),
    "aid_types": ("offer", OFFERS),
    "categories": ("themes", None),  # theme slugs, checked against themes.yaml
}


def load_mapping(path: Path | str = MAPPING_FILE) -> AidMapping:
    """Read and check a mapping file; AidesTerritoiresError names the table and the key."""
    path = Path(path)
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise AidesTerritoiresError(f"{name} : fichier illisible ou YAML invalide") from None
    if not isinstance(data, dict):
        raise AidesTerritoiresError(f"{name} : attendu des tables (clé : valeur)")
    tables: dict[str, dict[str, tuple[str, ...] | None]] = {}
    for table, (attr, vocabulary) in _TABLES.items():
        allowed = vocabulary if vocabulary is not None else theme_labels()
        rows = data.get(table) or {}
        if not isinstance(rows, dict):
            raise AidesTerritoiresError(f"{name}, table « {table} » : attendu « valeur : [...] »")
        mapped: dict[str, tuple[str, ...] | None] = {}
        for key, values in rows.items():
            where = f"{name}, table « {table} », ligne « {key} »"
            if values == _ALL:
                mapped[fold_key(str(key))] = None
                continue
            if not isinstance(values, list):
                raise AidesTerritoiresError(f"{where} : attendu une liste, ou « all »")
            unknown = [str(v) for v in values if v not in allowed]
            if unknown:
                raise AidesTerritoiresError(
                    f"{where} : valeur inconnue {', '.join(f'« {v} »' for v in unknown)} "
                    f"(valeurs admises : {', '.join(allowed)})"
                )
            mapped[fold_key(str(key))] = tuple(values)
        tables[attr] = mapped
    perimeters: dict[str, Territory] = {}
    for key, value in (data.get("perimeters") or {}).items():
        try:
            found = territories.from_data(value)
        except TerritoryError as exc:
            raise AidesTerritoiresError(
                f"{name}, table « perimeters », ligne « {key} » : {exc}"
            ) from None
        perimeters[fold_key(str(key))] = found
    return AidMapping(perimeters=perimeters, **tables)


@functools.cache
def mapping() -> AidMapping:
    """The shipped mapping, loaded once per process."""
    return load_mapping(MAPPING_FILE)
