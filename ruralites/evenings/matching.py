"""Which witnesses to invite to a commune's inspiring evening, ranked, each with its reasons in
French. Pure: the candidates come from `witnesses.propose`.

Never proposed: a witness with no consent recorded, an expired consent, or a consent to be
listed only (not contacted). The result says how many were left out and why.

The rest are ranked by a score whose parts are the reasons shown:

| part | points | why |
| --- | --- | --- |
| the project is on the commune's theme | +100 | theme fit comes first: one off the theme is listed apart |
| from another EPCI | +30 | the method asks for witnesses from *other* territories; same EPCI: 0 and flagged |
| nearness | +20 same département, +10 elsewhere in Brittany (22, 29, 35, 56), 0 beyond | people come more easily, and know the same schemes |
| similar scale | +15 / +5 / 0, and +5 or −10 for the budget | see below |
| already heard in, or invited to, this commune | −60 | the room has heard them; ranks them after the others |

Scale rule. A commune has no budget yet when it plans its inspiring evening, so its size stands
for the scale of what it can carry: the population of the witness's project commune is compared
with the commune's. Within a factor of 2: "comparable" (+15); within 4: "assez proche" (+5);
beyond: flagged. The budget band adds +5 when it is within reach of a commune under 2,000
inhabitants (up to 200,000 €) and −10 when it is above 200,000 € for such a commune. Unknown
sizes or budgets add nothing and say nothing.

Ties: by name (folded), then id, so the order never depends on the database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ruralites import fr, text
from ruralites.evenings import consent
from ruralites.evenings.common import BUDGET_LABELS

BRITTANY = ("22", "29", "35", "56")
SMALL_COMMUNE = 2000
THEME_FIT, OTHER_EPCI, SAME_DEPARTEMENT, BRITTANY_POINTS = 100, 30, 20, 10
SIMILAR_SIZE, CLOSE_SIZE = 15, 5
BUDGET_WITHIN_REACH, BUDGET_TOO_BIG = 5, -10
ALREADY_HERE = -60
AFFORDABLE_BANDS = ("lt10k", "10-50k", "50-200k")


@dataclass(frozen=True)
class Target:
    """The commune an evening is for, and its chosen theme."""

    theme_slug: str
    theme_label: str
    commune_code: str
    commune_name: str
    code_epci: str | None
    nom_epci: str | None
    departement: str
    population: int | None


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    organisation: str | None
    project_title: str
    theme_slugs: frozenset[str]
    commune_name: str | None
    code_epci: str | None
    nom_epci: str | None
    departement: str | None
    nom_departement: str | None
    population: int | None
    budget_band: str | None
    consent_on: date | None
    consent_until: date | None
    consent_scope: str | None
    heard_here: tuple[date, ...] = ()  # evenings of this commune where they spoke
    invited_here: tuple[date, ...] = ()  # evenings of this commune they are invited to


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    rank: int
    score: int
    fits_theme: bool
    reasons: tuple[str, ...]  # what speaks for them
    warnings: tuple[str, ...]  # what ranks them lower


@dataclass(frozen=True)
class LeftOut:
    candidate: Candidate
    state: str  # "missing", "expired" or "listed_only" (see `consent.state`)
    why: str


@dataclass(frozen=True)
class Matching:
    target: Target
    proposed: tuple[Match, ...]  # on the theme, best first
    other_themes: tuple[Match, ...]  # consenting, but on other themes
    excluded: tuple[LeftOut, ...] = field(default=())

    def excluded_summary(self) -> str | None:
        """"2 témoins écartés, jamais proposés — sans consentement enregistré : 1 ;
        consentement expiré : 1." """
        if not self.excluded:
            return None
        counts = Counter(x.state for x in self.excluded)
        parts = [f"{EXCLUDED_LABELS[state]} : {counts[state]}" for state in EXCLUDED_LABELS
                 if counts[state]]
        total = len(self.excluded)
        head = fr.plural(total, "témoin écarté", "témoins écartés")
        return f"{head}, jamais {'proposé' if total == 1 else 'proposés'} — " + " ; ".join(parts) + "."


EXCLUDED_LABELS = {
    "missing": "sans consentement enregistré",
    "expired": "consentement expiré",
    "listed_only": "accord pour figurer au catalogue seulement, pas pour être contacté",
}


def _size(population: int | None) -> str:
    return fr.inhabitants(population)


def score(target: Target, c: Candidate) -> tuple[int, list[str], list[str]]:
    """The score of one consenting candidate, with reasons and warnings in French."""
    points, reasons, warnings = 0, [], []
    if target.theme_slug in c.theme_slugs:
        points += THEME_FIT
        reasons.append(f"projet sur le thème « {target.theme_label} »")
    else:
        warnings.append(f"ne porte pas sur le thème « {target.theme_label} »")
    if c.code_epci is None or c.departement is None:
        warnings.append("commune du projet non renseignée : territoire à vérifier")
    else:
        if target.code_epci and c.code_epci == target.code_epci:
            warnings.append(f"même EPCI que {target.commune_name} ({c.nom_epci}) : la méthode "
                            "demande un témoin d'un autre territoire")
        else:
            points += OTHER_EPCI
            reasons.append(f"vient d'un autre EPCI ({c.nom_epci})")
        where = f"{c.commune_name}, {c.nom_departement or c.departement}"
        if c.departement == target.departement:
            points += SAME_DEPARTEMENT
            reasons.append(f"même département ({where})")
        elif c.departement in BRITTANY:
            points += BRITTANY_POINTS
            reasons.append(f"en Bretagne ({where})")
        else:
            warnings.append(f"hors de Bretagne ({where})")
    points += _scale(target, c, reasons, warnings)
    for day in c.heard_here:
        points += ALREADY_HERE
        warnings.append(f"déjà entendu·e à {target.commune_name} (soirée du {fr.short_date(day)})")
    for day in c.invited_here:
        points += ALREADY_HERE
        warnings.append(f"déjà invité·e à une soirée de {target.commune_name} "
                        f"(le {fr.short_date(day)})")
    return points, reasons, warnings


def _scale(target: Target, c: Candidate, reasons: list[str], warnings: list[str]) -> int:
    points = 0
    if target.population and c.population:
        ratio = max(target.population, c.population) / min(target.population, c.population)
        sizes = f"{_size(c.population)} contre {_size(target.population)}"
        if ratio <= 2:
            points += SIMILAR_SIZE
            reasons.append(f"commune de taille comparable ({sizes})")
        elif ratio <= 4:
            points += CLOSE_SIZE
            reasons.append(f"commune de taille assez proche ({sizes})")
        else:
            warnings.append(f"commune de taille très différente ({sizes})")
    small = target.population is not None and target.population < SMALL_COMMUNE
    if c.budget_band and small:
        budget = BUDGET_LABELS[c.budget_band]
        if c.budget_band in AFFORDABLE_BANDS:
            points += BUDGET_WITHIN_REACH
            reasons.append(f"budget à la portée d'une petite commune ({budget})")
        else:
            points += BUDGET_TOO_BIG
            warnings.append(f"budget d'une autre échelle ({budget})")
    return points


def rank(target: Target, candidates: Sequence[Candidate], today: date) -> Matching:
    """Rank the candidates for the target; leave out those whose consent does not allow it."""
    excluded, scored = [], []
    for c in candidates:
        why = consent.why_not(c, today)
        if why is not None:
            excluded.append(LeftOut(c, consent.state(c, today), why))
            continue
        points, reasons, warnings = score(target, c)
        scored.append((points, c, reasons, warnings))
    scored.sort(key=lambda s: (-s[0], text.fold(s[1].name), s[1].id))
    matches = [Match(c, n, points, target.theme_slug in c.theme_slugs, tuple(r), tuple(w))
               for n, (points, c, r, w) in enumerate(scored, start=1)]
    excluded.sort(key=lambda x: (text.fold(x.candidate.name), x.candidate.id))
    return Matching(target, tuple(m for m in matches if m.fits_theme),
                    tuple(m for m in matches if not m.fits_theme), tuple(excluded))
