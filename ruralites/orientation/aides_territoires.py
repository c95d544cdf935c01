"""Import an export of Aides-territoires, the State's public catalogue of aid schemes.

A pôle exports a search result as JSON: either a page of the API (``{"count", "next",
"previous", "results": [...]}``) or a bare list of records. Each record is read into an
:class:`ImportedAid` (plain text, never HTML) with the :class:`~.catalogue.Scheme` it stands
for in the recommendation (``source="aides-territoires"``). The values of Aides-territoires
(steps, audiences, aid types, categories) are mapped with ``data/aides_territoires_mapping.yaml``;
the perimeter is placed with the commune referential.

Nothing here raises for one bad record: each record gets a :class:`RecordReport` with its
problems in French, and the valid records are returned. Only a file that cannot be read at all
(too large, not JSON, neither shape) raises :class:`AidesTerritoiresError`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ruralites.orientation.aides_territoires_mapping import (
    MAPPING_FILE,
    AidesTerritoiresError,
    AidMapping,
    load_mapping,
    mapping,
)
from ruralites.orientation.aides_territoires_records import (
    ImportedAid,
    RecordReport,
    read_record,
)

__all__ = [
    "MAPPING_FILE",
    "MAX_BYTES",
    "AidMapping",
    "AidesTerritoiresError",
    "ImportResult",
    "ImportedAid",
    "RecordReport",
    "load_mapping",
    "mapping",
    "parse_export",
    "read_export",
]

MAX_BYTES = 25 * 1024 * 1024  # a whole national search exported at once stays well below


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import read: the aids to store (by ``id``) and a report for every record."""

    aids: tuple[ImportedAid, ...]
    reports: tuple[RecordReport, ...]  # one per record of the file, in file order
    declared_count: int | None = None  # "count" of an API page: records of the whole search
    notes: tuple[str, ...] = ()  # remarks about the file as a whole

    @property
    def problems(self) -> tuple[RecordReport, ...]:
        """The reports worth showing: records refused or imported with remarks."""
        return tuple(r for r in self.reports if r.problems or not r.imported)

    @property
    def summary(self) -> str:
        read = len(self.reports)
        refused = sum(1 for r in self.reports if not r.imported)
        remarks = sum(1 for r in self.reports if r.imported and r.problems)
        text = f"{_count(read, 'fiche lue', 'fiches lues')} : {len(self.aids)} importée(s)"
        if refused:
            text += f", {refused} non importée(s)"
        if remarks:
            text += f", {_count(remarks, 'fiche importée', 'fiches importées')} avec remarques"
        return text + "."


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# -- files ------------------------------------------------------------------------------------

_SHAPE_HELP = (
    "attendu une page de l'API Aides-territoires ({\"count\", \"next\", \"previous\", "
    "\"results\": [...]}) ou une liste de fiches [...]. Exportez à nouveau la recherche au "
    "format JSON depuis Aides-territoires."
)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")


def _too_large(size: int, max_bytes: int) -> AidesTerritoiresError:
    return AidesTerritoiresError(
        f"Le fichier pèse {_megabytes(size)} Mo ; au-delà de {_megabytes(max_bytes)} Mo il est "
        "refusé. Exportez une recherche plus ciblée (par territoire ou par thème), ou "
        "découpez-la en plusieurs fichiers."
    )


def parse_export(
    data: bytes | str, *, tables: AidMapping | None = None, max_bytes: int = MAX_BYTES
) -> ImportResult:
    """Read an export held in memory (the bytes of an uploaded file, or its text)."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "replace"))
    if size > max_bytes:
        raise _too_large(size, max_bytes)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AidesTerritoiresError(
                "Ce fichier n'est pas un texte UTF-8 : ce n'est pas un export JSON "
                "d'Aides-territoires."
            ) from None
    if not data.strip():
        raise AidesTerritoiresError("Le fichier est vide.")
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise AidesTerritoiresError(
            f"Ce fichier n'est pas du JSON lisible (erreur ligne {exc.lineno}, colonne "
            f"{exc.colno}). Exportez à nouveau la recherche au format JSON depuis "
            "Aides-territoires."
        ) from None
    except RecursionError:
        raise AidesTerritoiresError(
            "Ce fichier JSON est trop imbriqué pour être un export d'Aides-territoires."
        ) from None
    return _read_document(document, tables or mapping())


def read_export(
    path: Path | str, *, tables: AidMapping | None = None, max_bytes: int = MAX_BYTES
) -> ImportResult:
    """Read an export file; its size is checked before anything is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        data = path.read_bytes()
    except FileNotFoundError:
        raise AidesTerritoiresError(f"Fichier introuvable : {path.name}") from None
    except IsADirectoryError:
        raise AidesTerritoiresError(f"{path.name} est un dossier, pas un fichier.") from None
    except OSError:
        raise AidesTerritoiresError(f"Impossible de lire le fichier {path.name}.") from None
    return parse_export(data, tables=tables, max_bytes=max_bytes)


def _read_document(document: object, tables: AidMapping) -> ImportResult:
    notes: list[str] = []
    declared: int | None = None
    if isinstance(document, list):
        records = document
    elif isinstance(document, dict) and isinstance(document.get("results"), list):
        records = document["results"]
        count = document.get("count")
        if isinstance(count, int) and not isinstance(count, bool):
            declared = count
        if document.get("next"):
            notes.append(
                f"Ce fichier n'est qu'une page de la recherche ({len(records)} fiche(s) sur "
                f"{declared if declared is not None else '?'}) : exportez et importez aussi les "
                "pages suivantes."
            )
    elif isinstance(document, dict) and "id" in document and "name" in document:
        raise AidesTerritoiresError(
            "Ce fichier contient une seule fiche et non une liste de fiches : " + _SHAPE_HELP
        )
    else:
        raise AidesTerritoiresError("Ce fichier JSON n'a pas la forme attendue : " + _SHAPE_HELP)
    if not records:
        notes.append("Le fichier ne contient aucune fiche.")

    aids: dict[str, ImportedAid] = {}
    reports: list[RecordReport] = []
    where: dict[str, int] = {}  # id -> index of its report
    for position, raw in enumerate(records, start=1):
        aid, report = read_record(raw, position, tables)
        if aid is not None:
            if aid.id in where:
                earlier = reports[where[aid.id]]
                reports[where[aid.id]] = RecordReport(
                    earlier.position, earlier.aid_id, earlier.name, False,
                    (*earlier.problems,
                     f"remplacée par la fiche n° {position}, qui porte le même id"),
                )  # fmt: skip
            where[aid.id] = len(reports)
            aids.pop(aid.id, None)
            aids[aid.id] = aid
        reports.append(report)
    return ImportResult(
        aids=tuple(aids.values()),
        reports=tuple(reports),
        declared_count=declared,
        notes=tuple(notes),
    )
