"""Which support schemes to recommend for a commune's project, ranked, and why. Pure.

The rules, from the reference compilation's notes on orienting people:

- the pôle ESS (a scheme with the role ``first_contact``) is always recommended first, as the
  first contact of any project, whatever its stage, carrier or theme;
- for an informal group at the idea stage, the published pathway goes through the pôle ESS and
  the TAg idéateur (role ``emergence``), which come next;
- a scheme flagged as not for orientation, whose submission deadline has passed (it is listed
  as expired), or whose territory does not contain the commune is never recommended;
- published limits are applied: the DLA serves employer structures only, 1000 cafés only
  communes under 3,500 inhabitants; limits the data cannot tell (a café still open, a mature
  project…) are shown for staff to check;
- the others must fit the stage, the carrier and the theme, and are ranked by fit: a scheme
  made for the theme before one open to all themes, then the scheme made for fewer stages,
  then for fewer kinds of carrier, then the nearest territory (the commune's EPCI, its
  département, its région, France), then the surest source; ties are broken by slug, so the
  order never depends on the order the schemes come in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ruralites import communes, fr
from ruralites.errors import UserError
from ruralites.orientation.catalogue import Scheme
from ruralites.orientation.vocabulary import (
    CARRIERS,
    CHECK_LIMITS,
    CONFIDENCE,
    STAGES,
    theme_labels,
    theme_phrase,
)

# Why a scheme is left out, most decisive first; an exclusion's `kind` is its first reason's.
EXCLUSION_KINDS = (
    "not_for_orientation", "expired", "territory", "population", "employer", "carrier", "stage",
    "theme",
)  # fmt: skip
_CONFIDENCE_ORDER = {key: pos for pos, key in enumerate(CONFIDENCE)}


class OrientationError(UserError, ValueError):
    """A recommendation asked with missing or unknown input; the message is for users."""


@dataclass(frozen=True, slots=True)
class Recommendation:
    rank: int
    slug: str
    name: str
    operator: str
    source: str  # catalogue, aides-territoires, staff
    reasons: tuple[str, ...]  # French phrases: "étape : création", "à vérifier : …"
    scheme: Scheme

    def to_dict(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "slug": self.slug,
            "name": self.name,
            "operator": self.operator,
            "source": self.source,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class Exclusion:
    slug: str
    name: str
    why: str  # French: every reason, the most decisive first
    kind: str  # EXCLUSION_KINDS
    scheme: Scheme

    @property
    def expired(self) -> bool:
        return self.kind == "expired"

    def to_dict(self) -> dict[str, object]:
        return {"slug": self.slug, "name": self.name, "why": self.why}


@dataclass(frozen=True, slots=True)
class Orientation:
    commune: communes.CommuneInfo
    theme: str
    stage: str
    carrier: str
    employer: bool
    today: dt.date
    recommended: tuple[Recommendation, ...]
    excluded: tuple[Exclusion, ...]  # expired first, then by kind and slug

    @property
    def expired(self) -> tuple[Exclusion, ...]:
        return tuple(e for e in self.excluded if e.expired)

    def to_dict(self) -> dict[str, object]:
        """The shape printed by ``ruralites orientation recommend --format json``."""
        return {
            "commune": self.commune.code_insee,
            "theme": self.theme,
            "stage": self.stage,
            "carrier": self.carrier,
            "recommended": [r.to_dict() for r in self.recommended],
            "excluded": [e.to_dict() for e in self.excluded],
        }


@dataclass(frozen=True, slots=True)
class _Project:
    commune: communes.CommuneInfo
    theme: str
    theme_text: str
    stage: str
    carrier: str
    employer: bool
    today: dt.date

    @property
    def emergence(self) -> bool:
        """An informal group with an idea: the pôle ESS and the TAg idéateur come first."""
        return self.stage == "idea" and self.carrier == "informal_group"


def recommend(
    commune: communes.CommuneInfo | str,
    theme: str | None,
    stage: str,
    carrier: str,
    *,
    employer: bool = False,
    today: dt.date,
    schemes: Iterable[Scheme],
    theme_label: str | None = None,
) -> Orientation:
    """Rank the schemes for a project and say why; list the others with why not.

    ``commune`` is a CommuneInfo or an INSEE code; ``theme`` the slug of the chosen theme
    (``theme_label`` names a theme that is not in the shipped catalogue); ``stage`` one of
    idea, structuring, creation, development; ``carrier`` one of informal_group, association,
    commune, cooperative, entrepreneur; ``employer`` whether the carrier employs someone;
    ``schemes`` the catalogue, the imported and the staff schemes together.
    """
    project = _project(commune, theme, stage, carrier, employer, today, theme_label)
    schemes = list(schemes)
    seen: set[str] = set()
    for scheme in schemes:
        if scheme.slug in seen:
            raise OrientationError(
                f"Deux dispositifs portent l'identifiant « {scheme.slug} » : renommez l'un "
                "des deux avant de demander une recommandation."
            )
        seen.add(scheme.slug)

    ranked: list[tuple[tuple, Scheme, list[str]]] = []
    excluded: list[Exclusion] = []
    for scheme in schemes:
        failures, reasons, key = _assess(scheme, project)
        if failures:
            failures.sort(key=lambda f: EXCLUSION_KINDS.index(f[0]))
            excluded.append(Exclusion(
                slug=scheme.slug,
                name=scheme.name,
                why=" ; ".join(why for _, why in failures),
                kind=failures[0][0],
                scheme=scheme,
            ))  # fmt: skip
        else:
            ranked.append((key, scheme, reasons))
    ranked.sort(key=lambda item: item[0])
    excluded.sort(key=lambda e: (EXCLUSION_KINDS.index(e.kind), e.slug))
    return Orientation(
        commune=project.commune,
        theme=project.theme,
        stage=project.stage,
        carrier=project.carrier,
        employer=project.employer,
        today=project.today,
        recommended=tuple(
            Recommendation(
                rank=rank,
                slug=scheme.slug,
                name=scheme.name,
                operator=scheme.operator,
                source=scheme.source,
                reasons=tuple(reasons),
                scheme=scheme,
            )
            for rank, (_, scheme, reasons) in enumerate(ranked, start=1)
        ),
        excluded=tuple(excluded),
    )


def _project(commune, theme, stage, carrier, employer, today, theme_label) -> _Project:
    if isinstance(commune, str):
        try:
            commune = communes.get(commune)
        except communes.UnknownCommuneError as exc:
            raise OrientationError(str(exc)) from None
    if not isinstance(theme, str) or not theme.strip():
        raise OrientationError(
            f"Aucune thématique choisie pour {commune.nom} : la recommandation part de la "
            "thématique retenue par les habitants. Faites d'abord choisir une thématique."
        )
    theme = theme.strip()
    if stage not in STAGES:
        raise OrientationError(
            f"Étape du projet inconnue « {stage} » : choisissez parmi "
            f"{', '.join(STAGES.values())}."
        )
    if carrier not in CARRIERS:
        raise OrientationError(
            f"Porteur du projet inconnu « {carrier} » : choisissez parmi "
            f"{', '.join(CARRIERS.values())}."
        )
    if not isinstance(today, dt.date):
        raise TypeError("today must be a date")
    if isinstance(today, dt.datetime):
        today = today.date()
    label = theme_label or theme_labels().get(theme)
    return _Project(
        commune=commune,
        theme=theme,
        theme_text=theme_phrase(theme, label),
        stage=stage,
        carrier=carrier,
        # An informal group employs no one, whatever was ticked.
        employer=bool(employer) and carrier != "informal_group",
        today=today,
    )


def _labels(keys: Iterable[str], vocabulary) -> str:
    return ", ".join(vocabulary.get(key, key) for key in keys) or "aucun"


def _assess(scheme: Scheme, project: _Project) -> tuple[list[tuple[str, str]], list[str], tuple]:
    """Failures (kind, why), reasons, and the ranking key of one scheme for the project."""
    commune = project.commune
    failures: list[tuple[str, str]] = []
    reasons: list[str] = []
    first_contact = scheme.role == "first_contact"
    pathway = scheme.role == "emergence" and project.emergence

    if scheme.not_for_orientation:
        # Nothing else matters: say only this.
        why = scheme.not_for_orientation.rstrip(" .")
        if why[1:2].islower():
            why = why[0].lower() + why[1:]
        return [("not_for_orientation", f"écarté de l'orientation : {why}")], [], ()
    deadline = scheme.submission_deadline
    if deadline is not None and deadline < project.today:
        failures.append(("expired", f"expiré : date limite dépassée ({fr.short_date(deadline)})"))

    nearness = scheme.territory.nearness(commune)
    if scheme.territory.unresolved:
        failures.append((
            "territory",
            f"territoire : périmètre « {scheme.territory.label} » non reconnu, impossible de "
            f"vérifier qu'il couvre {commune.nom}",
        ))
    elif nearness is None:
        failures.append((
            "territory",
            f"territoire : {scheme.territory.label} ne couvre pas {commune.nom} "
            f"({commune.nom_departement})",
        ))

    if first_contact:
        reasons.append("premier contact : accueil et orientation de tout porteur de projet")
    elif pathway:
        reasons.append(
            "collectif d'habitants au stade de l'idée : le parcours publié passe par le pôle "
            "ESS puis le TAg idéateur"
        )

    # The first contact is there whatever the project; the others must fit it.
    if not first_contact:
        _check_fit(scheme, project, failures)

    if scheme.covers_theme(project.theme):
        reasons.append("thème : tous thèmes" if scheme.all_themes
                       else f"thème : {project.theme_text}")  # fmt: skip
    if project.stage in scheme.stages:
        reasons.append(f"étape : {STAGES[project.stage]}")
    if project.carrier in scheme.carriers:
        carrier = CARRIERS[project.carrier]
        if project.employer and {"employer_only", "employer_association"} & set(scheme.limits):
            carrier += " (structure employeuse)"
        reasons.append(f"porteur : {carrier}")
    if nearness is not None:
        reasons.append(f"territoire : {scheme.territory.place_of(commune)}")
    if scheme.population_under is not None and commune.population:
        reasons.append(
            f"population : {fr.number(commune.population)} habitants, moins de "
            f"{fr.number(scheme.population_under)}"
        )
    if deadline is not None:
        reasons.append(f"date limite : {fr.short_date(deadline)}")
    reasons += [f"à vérifier : {CHECK_LIMITS[flag]}" for flag in scheme.limits
                if flag in CHECK_LIMITS]  # fmt: skip
    if scheme.confidence != "confirmed":
        note = f" ({scheme.confidence_note})" if scheme.confidence_note else ""
        reasons.append(f"fiabilité : {CONFIDENCE[scheme.confidence]}{note}")

    group = 0 if first_contact else 1 if pathway else 2
    key = (
        group,
        0 if (scheme.themes and project.theme in scheme.themes) else 1,
        len(scheme.stages),
        len(scheme.carriers),
        -(nearness if nearness is not None else -1),
        _CONFIDENCE_ORDER.get(scheme.confidence, len(_CONFIDENCE_ORDER)),
        scheme.slug,
    )
    return failures, reasons, key


def _check_fit(scheme: Scheme, project: _Project, failures: list[tuple[str, str]]) -> None:
    commune = project.commune
    limit = scheme.population_under
    if limit is not None and commune.population >= limit:
        failures.append((
            "population",
            f"population : réservé aux communes de moins de {fr.number(limit)} habitants "
            f"({commune.nom} en compte {fr.number(commune.population)})",
        ))
    if "employer_only" in scheme.limits and not project.employer:
        failures.append((
            "employer",
            "porteur : réservé aux structures employeuses (au moins un salarié), pas aux "
            "collectifs informels ni aux structures sans salarié",
        ))
    if ("employer_association" in scheme.limits and project.carrier == "association"
            and not project.employer):  # fmt: skip
        failures.append(("employer", "porteur : une association doit être employeuse "
                                     "(au moins un salarié)"))  # fmt: skip
    if project.carrier not in scheme.carriers:
        failures.append((
            "carrier",
            f"porteur : {CARRIERS[project.carrier]} non admis "
            f"(admis : {_labels(scheme.carriers, CARRIERS)})",
        ))
    if project.stage not in scheme.stages:
        failures.append((
            "stage",
            f"étape : {STAGES[project.stage]} non couverte "
            f"(couvre : {_labels(scheme.stages, STAGES)})",
        ))
    if not scheme.covers_theme(project.theme):
        covered = ", ".join(theme_phrase(t) for t in scheme.themes) or "aucune thématique"
        failures.append((
            "theme",
            f"thème : {project.theme_text} non couvert (couvre : {covered})",
        ))
