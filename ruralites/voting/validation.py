"""Checking ballots before they are counted: ranks read as an order, grades by name or index,
dots within the limit; a refused ballot says why. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from typing import Any

from ruralites.voting.base import (
    APPROVAL,
    BALLOT_KINDS,
    DOTS,
    GRADED,
    RANKING,
    Ballot,
    BallotError,
    BallotLike,
    Counted,
    NoBallotsError,
    Refusal,
    VotingError,
)
from ruralites.voting.majority import GRADES, grade_index


def check_ballot(
    ballot: BallotLike,
    kind: str,
    shortlist: Sequence[str],
    *,
    max_dots: int | None = None,
    grades: Sequence[str] = GRADES,
) -> Counted:
    """Validate one ballot of `kind`; raise `BallotError` with the reason it is refused."""
    if kind not in BALLOT_KINDS:
        raise VotingError(f"Type de bulletin inconnu : {kind}.")
    ballot = ballot if isinstance(ballot, Ballot) else Ballot(ballot)
    if isinstance(ballot.count, bool) or not isinstance(ballot.count, int) or ballot.count < 1:
        raise BallotError(f"Nombre de bulletins identiques invalide : « {ballot.count} ».")
    marks = dict.fromkeys(ballot.marks, 1) if isinstance(ballot.marks, Set) else ballot.marks
    unknown = [theme for theme in marks if theme not in shortlist]
    if unknown:
        raise BallotError(f"Thème non retenu pour ce vote : « {shorten(unknown[0], 60)} ».")
    if not marks:
        raise BallotError("Bulletin vide.")
    if kind == GRADED:
        return Counted(_check_grades(marks, shortlist, grades), ballot.count)
    values = {theme: _whole_number(theme, value) for theme, value in marks.items()}
    if kind == RANKING:
        return Counted(_check_ranks(values, len(shortlist)), ballot.count)
    if kind == APPROVAL:
        wrong = [theme for theme, value in values.items() if value not in (0, 1)]
        if wrong:
            raise BallotError(f"Approbation de « {wrong[0]} » : mettez 1 (oui) ou 0 (non).")
    spent = sum(values.values())
    if spent == 0:
        raise BallotError("Bulletin vide.")
    if kind == DOTS and max_dots is not None and spent > max_dots:
        raise BallotError(f"{spent} gommettes posées alors que {max_dots} au plus sont permises.")
    return Counted({theme: value for theme, value in values.items() if value}, ballot.count)


def shorten(value: object, limit: int = 30) -> str:
    """A value as quoted in a message: a 5,000-digit cell is not printed whole."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} caractères)".replace(
        ",", "\u202f")


def _whole_number(theme: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BallotError(f"« {shorten(value)} » pour « {shorten(theme)} » n'est pas un nombre "
                          "entier.")
    if value < 0:
        raise BallotError(f"Valeur négative ({value}) pour « {theme} ».")
    return value


def _check_ranks(ranks: dict[str, int], themes: int) -> dict[str, int]:
    seen: dict[int, str] = {}
    for theme, rank in ranks.items():
        if not 1 <= rank <= themes:
            raise BallotError(f"Rang {rank} pour « {theme} » : donnez un rang de 1 à {themes}.")
        if rank in seen:
            raise BallotError(f"Rang {rank} donné deux fois (« {seen[rank]} » et « {theme} »).")
        seen[rank] = theme
    order = sorted(ranks, key=ranks.__getitem__)
    return {theme: position for position, theme in enumerate(order, start=1)}


def _check_grades(marks: Mapping[str, Any], shortlist: Sequence[str], grades: Sequence[str]):
    checked: dict[str, int] = {}
    for theme, value in marks.items():
        index = grade_index(value, grades)
        if index is None:
            raise BallotError(
                f"Mention inconnue « {value} » pour « {theme} » : choisissez parmi "
                f"{', '.join(grades)}."
            )
        checked[theme] = index
    return {theme: checked.get(theme, len(grades) - 1) for theme in shortlist}


def sort_ballots(
    ballots: Iterable[BallotLike], kind: str, shortlist: Sequence[str], **options: Any
) -> tuple[list[Counted], list[Refusal]]:
    """Split ballots into counted ones and refusals (where, reason); options as `check_ballot`."""
    counted: list[Counted] = []
    refused: list[Refusal] = []
    for position, ballot in enumerate(ballots, start=1):
        ballot = ballot if isinstance(ballot, Ballot) else Ballot(ballot)
        try:
            counted.append(check_ballot(ballot, kind, shortlist, **options))
        except BallotError as error:
            where = ballot.line if ballot.line is not None else position
            weight = ballot.count if isinstance(ballot.count, int) and ballot.count > 0 else 1
            refused.append(Refusal(where, str(error), weight))
    return counted, refused


# Every method goes through prepare_ballots: the limit holds for the CLI, the app and any caller.
MAX_THEMES = 50  # Schulze compares every pair: 50 themes stay instant; 400 took 30 s, 1,500 never ended


def prepare_ballots(ballots: Iterable[BallotLike], kind: str, shortlist: Sequence[str], **options: Any):
    themes = list(shortlist)
    if not themes:
        raise VotingError("Aucun thème retenu : ajoutez au moins un thème avant de voter.")
    if len(themes) > MAX_THEMES:
        raise VotingError(f"{len(themes)} thèmes : un vote en compte {MAX_THEMES} au plus "
                          "(regroupez-les avant de voter).")
    if len(set(themes)) < len(themes):
        raise VotingError("Un même thème figure deux fois dans la liste des thèmes retenus.")
    counted, refused = sort_ballots(ballots, kind, themes, **options)
    if not counted:
        detail = ""
        if refused:
            first = refused[0]
            detail = f" ({len(refused)} bulletin(s) refusé(s), dont : {first.reason})"
        raise NoBallotsError(
            f"Aucun bulletin valable à dépouiller{detail} : vérifiez les bulletins saisis."
        )
    return themes, counted, refused
