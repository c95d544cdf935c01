"""Official list of French communes: look-up by INSEE code, postal code, name and EPCI.

Pure Python over the shipped file ``data/communes_france.csv.gz`` (INSEE Code officiel
géographique assembled by Etalab, see ``data/README.md``). The file is read once per process by
:func:`referential`; every search afterwards works on indexes built at load time, so a query
never normalises the 35,000 names again.

Example::

    >>> from ruralites import communes
    >>> communes.get("22366").label
    'Trémel (22366)'
    >>> [c.code_insee for c in communes.search("st michel en greve", limit=1)]
    ['22319']
"""

from __future__ import annotations

import bisect
import csv
import functools
import gzip
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ruralites.errors import UserError
from ruralites.text import words

__all__ = [
    "DATA_FILE",
    "CommuneInfo",
    "Referential",
    "UnknownCommuneError",
    "by_epci",
    "by_postal_code",
    "epcis",
    "get",
    "normalise_name",
    "referential",
    "search",
]

DATA_FILE = Path(__file__).parents[1] / "data" / "communes_france.csv.gz"

# An INSEE commune code: five digits, or 2A/2B (Corsica) followed by three digits.
_CODE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
# The beginning of a code being typed: "223", "2A0".
_PARTIAL_CODE_RE = re.compile(r"^(?:\d{1,4}|2[AB]\d{0,2})$")
# A label as produced by CommuneInfo.label, fed back into search: "Trémel (22366)".
_LABEL_RE = re.compile(r"\((\w{5})\)\s*$")
_COLUMNS = (
    "code_insee",
    "nom",
    "departement",
    "nom_departement",
    "region",
    "nom_region",
    "code_epci",
    "nom_epci",
    "population",
    "codes_postaux",
)
# The regional extract described in data/README.md may come without the région columns.
_OPTIONAL_COLUMNS = frozenset({"region", "nom_region"})

# "St" and "Saint" (and "Ste" and "Sainte") are the same word in a commune name.
_TOKEN_ALIASES = {"st": "saint", "ste": "sainte"}
# Legal-form words that open most EPCI names ("CA Lannion-Trégor Communauté").
_EPCI_FORMS = ("cc ", "ca ", "cu ", "metropole ")


def normalise_name(text: str) -> str:
    """Return ``text`` in the form names are compared in.

    Lower case, accents stripped, ligatures spelled out, hyphens, apostrophes and any other
    punctuation turned into single spaces; "st"/"saint" and "ste"/"sainte" become one token
    each ("saint", "sainte")::

        >>> normalise_name("Saint-Michel-en-Grève")
        'saint michel en greve'
        >>> normalise_name("  ST  michel-EN-greve ")
        'saint michel en greve'
    """
    return " ".join(_TOKEN_ALIASES.get(token, token) for token in words(text))


@dataclass(frozen=True, slots=True)
class CommuneInfo:
    """One current commune as listed in the Code officiel géographique."""

    code_insee: str
    nom: str
    departement: str
    nom_departement: str
    region: str
    nom_region: str
    code_epci: str  # "" for the few communes outside any EPCI (islands, overseas collectivities)
    nom_epci: str
    population: int  # municipal population; 0 when the source gives none
    codes_postaux: tuple[str, ...]

    @property
    def label(self) -> str:
        """Name and INSEE code, unambiguous for people: ``"Trémel (22366)"``."""
        return f"{self.nom} ({self.code_insee})"


class UnknownCommuneError(UserError, LookupError):
    """Raised when a code names no commune; ``str(exc)`` is a French message for users."""

    def __init__(self, code: object, message: str | None = None) -> None:
        self.code = code
        if message is None:
            message = (
                f"Code commune inconnu : « {code} ». "
                "Vérifiez le code INSEE (5 caractères, ex. 22366)."
            )
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


def _clean_code(code: str) -> str:
    return code.strip().upper()


class Referential:
    """The communes and the indexes that make each look-up fast.

    Build it from any iterable of :class:`CommuneInfo` (tests use a handful) or from the shipped
    CSV with :meth:`from_csv`; most callers want the shared instance from :func:`referential`.
    """

    def __init__(self, communes: Iterable[CommuneInfo]) -> None:
        self._communes: tuple[CommuneInfo, ...] = tuple(communes)
        self._names: list[str] = [normalise_name(c.nom) for c in self._communes]
        self._by_code: dict[str, int] = {}
        self._by_postal: dict[str, list[int]] = {}
        self._by_epci: dict[str, list[int]] = {}
        self._exact: dict[str, list[int]] = {}
        for idx, commune in enumerate(self._communes):
            self._by_code[commune.code_insee] = idx
            for postal in commune.codes_postaux:
                self._by_postal.setdefault(postal, []).append(idx)
            if commune.code_epci:
                self._by_epci.setdefault(commune.code_epci, []).append(idx)
            self._exact.setdefault(self._names[idx], []).append(idx)
        # Communes in ranking order: population desc, then name, then code. Every search
        # below returns matches in this order within a tier.
        self._ranked: list[int] = sorted(
            range(len(self._communes)),
            key=lambda i: (
                -self._communes[i].population,
                self._names[i],
                self._communes[i].code_insee,
            ),
        )
        self._rank: list[int] = [0] * len(self._ranked)
        for rank, idx in enumerate(self._ranked):
            self._rank[idx] = rank
        # One line per commune, in ranking order: str.find scans them in C and the first hits
        # are the best ranked, so a query stops as soon as it has enough (see _scan).
        self._name_lines = _Lines([self._names[i] for i in self._ranked])
        self._code_lines = _Lines(
            [
                " ".join((self._communes[i].code_insee, *self._communes[i].codes_postaux))
                for i in self._ranked
            ]
        )
        self._epcis: list[tuple[str, str, int]] = sorted(
            (
                (code, self._communes[idxs[0]].nom_epci, len(idxs))
                for code, idxs in self._by_epci.items()
            ),
            key=lambda row: (normalise_name(row[1]), row[0]),
        )
        self._epci_names: list[str] = [normalise_name(name) for _, name, _ in self._epcis]

    @classmethod
    def from_csv(cls, path: Path | str = DATA_FILE) -> Referential:
        """Read the communes file (gzip-compressed when its name ends in ``.gz``)."""
        path = Path(path)
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            return cls(_read_communes(handle))

    def __len__(self) -> int:
        return len(self._communes)

    def __iter__(self) -> Iterator[CommuneInfo]:
        return iter(self._communes)

    def __contains__(self, code_insee: object) -> bool:
        return isinstance(code_insee, str) and _clean_code(code_insee) in self._by_code

    # -- look-ups by code ----------------------------------------------------------------

    def get(self, code_insee: str) -> CommuneInfo:
        """The commune with this INSEE code; :class:`UnknownCommuneError` otherwise."""
        if not isinstance(code_insee, str) or not code_insee.strip():
            raise UnknownCommuneError(
                code_insee,
                "Code commune manquant. Saisissez un code INSEE de 5 caractères (ex. 22366).",
            )
        code = _clean_code(code_insee)
        if not _CODE_RE.match(code):
            raise UnknownCommuneError(
                code_insee,
                f"Code commune invalide : « {code_insee.strip()} ». Un code INSEE compte "
                "5 caractères : 5 chiffres, ou 2A/2B suivi de 3 chiffres en Corse "
                "(ex. 22366, 2A004).",
            )
        try:
            return self._communes[self._by_code[code]]
        except KeyError:
            raise UnknownCommuneError(code) from None

    def by_postal_code(self, code: str) -> list[CommuneInfo]:
        """Communes served by this postal code, sorted by name; ``[]`` if none."""
        return self._sorted_by_name(self._by_postal.get(code.strip(), []))

    def by_epci(self, code_epci: str, max_population: int | None = None) -> list[CommuneInfo]:
        """Communes of an EPCI sorted by name, keeping those of at most ``max_population``."""
        idxs = self._by_epci.get(code_epci.strip(), [])
        if max_population is not None:
            idxs = [i for i in idxs if self._communes[i].population <= max_population]
        return self._sorted_by_name(idxs)

    # -- search ----------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[CommuneInfo]:
        """Communes matching what a person typed, best first, at most ``limit``.

        A code (``22366``, ``2A004``) matches the INSEE code first, then the postal code; the
        beginning of a code (``223``) matches codes starting with it. Anything else is a
        name: exact matches first, then names starting with the text, then names containing
        every typed word; within each group the most populated commune comes first. A label
        fed back (``"Trémel (22366)"``) finds that commune.
        """
        if limit <= 0 or not text or not text.strip():
            return []
        label = _LABEL_RE.search(text)
        if label and _CODE_RE.match(label.group(1).upper()):
            text = label.group(1)
        code = _clean_code(text)
        if _CODE_RE.match(code):
            found = self._search_code(code)
        elif _PARTIAL_CODE_RE.match(code):
            found = self._scan(self._code_lines, [code], limit, set(), "word_start")
        else:
            found = self._search_name(normalise_name(text), limit)
        return [self._communes[i] for i in found[:limit]]

    def _search_code(self, code: str) -> list[int]:
        found = [self._by_code[code]] if code in self._by_code else []
        by_postal = sorted(self._by_postal.get(code, []), key=self._rank.__getitem__)
        return found + [i for i in by_postal if i not in found]

    def _search_name(self, query: str, limit: int) -> list[int]:
        if not query:
            return []
        found = sorted(self._exact.get(query, []), key=self._rank.__getitem__)[:limit]
        seen = set(found)
        words = query.split()
        # Within "contains every word", words that open a word of the name ("michel en" in
        # Saint-Michel-en-Grève) rank above words found inside one ("en" in Maurienne).
        for needles, mode in (([query], "line_start"), (words, "word_start"), (words, "")):
            more = self._scan(self._name_lines, needles, limit - len(found), seen, mode)
            found += more
            seen.update(more)
        return found

    def _scan(
        self, lines: _Lines, needles: list[str], wanted: int, exclude: set[int], mode: str = ""
    ) -> list[int]:
        """The first ``wanted`` communes, in ranking order, whose line contains every needle.

        ``mode`` "line_start": the (single) needle must open the line; "word_start": each
        needle must open a space-separated word of the line; "": anywhere in the line.
        """
        if wanted <= 0:
            return []
        # Each line starts with a space (see _Lines), so "opens a word" is " " + needle and
        # "opens the line" is "\n " + needle: plain substrings, found by str.find in C.
        prefix = {"line_start": "\n ", "word_start": " ", "": ""}[mode]
        patterns = {prefix + n for n in needles}
        # Follow the rarest pattern through the text; check the others on each line it hits.
        lead = min(patterns, key=lines.occurrences) if len(patterns) > 1 else patterns.pop()
        others = [n for n in patterns if n != lead]
        text = lines.text
        found: list[int] = []
        pos = 0
        while len(found) < wanted:
            hit = text.find(lead, pos)
            if hit < 0:
                break
            line = lines.line_of(hit + len(prefix))
            pos = lines.starts[line + 1]
            idx = self._ranked[line]
            if idx in exclude:
                continue
            if others:
                content = text[lines.starts[line] : pos - 1]
                if not all(n in content for n in others):
                    continue
            found.append(idx)
        return found

    # -- EPCI ------------------------------------------------------------------------------

    def epcis(self, text: str = "", limit: int = 20) -> list[tuple[str, str, int]]:
        """EPCIs as ``(code_epci, nom_epci, number of communes)``, searched by name or code.

        With no text, the first ``limit`` by name. Otherwise exact name first, then names
        starting with the text (with or without the legal form: "lannion" finds
        "CA Lannion-Trégor Communauté"), then names containing every word; ties by name.
        """
        if limit <= 0:
            return []
        text = text.strip()
        if not text:
            return self._epcis[:limit]
        if text.isdigit():
            return [row for row in self._epcis if row[0] == text][:limit]
        query = normalise_name(text)
        if not query:
            return []
        words = query.split()
        tiers: tuple[list[int], list[int], list[int]] = ([], [], [])
        for pos, name in enumerate(self._epci_names):
            if name == query:
                tiers[0].append(pos)
            elif name.startswith(query) or _without_legal_form(name).startswith(query):
                tiers[1].append(pos)
            elif all(word in name for word in words):
                tiers[2].append(pos)
        return [self._epcis[pos] for tier in tiers for pos in tier][:limit]

    def _sorted_by_name(self, idxs: Iterable[int]) -> list[CommuneInfo]:
        ordered = sorted(idxs, key=lambda i: (self._names[i], self._communes[i].code_insee))
        return [self._communes[i] for i in ordered]


class _Lines:
    """Strings, each prefixed by a space, joined by newlines; with where each line starts."""

    __slots__ = ("_counts", "starts", "text")

    def __init__(self, lines: list[str]) -> None:
        # The leading newline and spaces let "\n " and " " mark the start of any line and word.
        self.text = "\n" + "".join(f" {line}\n" for line in lines)
        self.starts: list[int] = []
        offset = 1
        for line in lines:
            self.starts.append(offset)
            offset += len(line) + 2
        self.starts.append(offset)
        self._counts: dict[str, int] = {}

    def occurrences(self, needle: str) -> int:
        """How often ``needle`` occurs; remembered, as people retype the same words."""
        count = self._counts.get(needle)
        if count is None:
            if len(self._counts) > 10_000:
                self._counts.clear()
            count = self._counts[needle] = self.text.count(needle)
        return count

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1


def _without_legal_form(normalised_epci_name: str) -> str:
    for form in _EPCI_FORMS:
        if normalised_epci_name.startswith(form):
            return normalised_epci_name[len(form) :]
    return normalised_epci_name


def _read_communes(handle: Iterable[str]) -> Iterator[CommuneInfo]:
    rows = csv.reader(handle)
    header = next(rows, [])
    col = {name: pos for pos, name in enumerate(header)}
    missing = [name for name in _COLUMNS if name not in col and name not in _OPTIONAL_COLUMNS]
    if missing:
        raise ValueError(f"communes file lacks columns: {', '.join(missing)}")
    if tuple(header) != _COLUMNS:
        rows = ([row[col[name]] if name in col else "" for name in _COLUMNS] for row in rows)
    for code, nom, dep, nom_dep, region, nom_region, epci, nom_epci, pop, postaux in rows:
        yield CommuneInfo(
            code, nom, dep, nom_dep, region, nom_region, epci, nom_epci,
            int(pop) if pop else 0, tuple(postaux.split()),
        )  # fmt: skip


@functools.cache
def referential() -> Referential:
    """The shipped communes, loaded on first use and shared by the whole process."""
    # Streamlit serves sessions from several threads: the lock makes concurrent first calls
    # wait for one load instead of each reading the file.
    with _LOAD_LOCK:
        return _load_shipped()


_LOAD_LOCK = threading.Lock()


@functools.cache
def _load_shipped() -> Referential:
    return Referential.from_csv(DATA_FILE)


def get(code_insee: str) -> CommuneInfo:
    """The commune with this INSEE code; :class:`UnknownCommuneError` otherwise."""
    return referential().get(code_insee)


def search(text: str, limit: int = 20) -> list[CommuneInfo]:
    """Communes matching a name or a code, best first (see :meth:`Referential.search`)."""
    return referential().search(text, limit)


def by_postal_code(code: str) -> list[CommuneInfo]:
    """Communes served by a postal code, sorted by name."""
    return referential().by_postal_code(code)


def by_epci(code_epci: str, max_population: int | None = None) -> list[CommuneInfo]:
    """Communes of an EPCI sorted by name, optionally at most ``max_population`` inhabitants."""
    return referential().by_epci(code_epci, max_population)


def epcis(text: str = "", limit: int = 20) -> list[tuple[str, str, int]]:
    """EPCIs ``(code_epci, nom_epci, number of communes)`` matching ``text``, best first."""
    return referential().epcis(text, limit)
