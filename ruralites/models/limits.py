"""Every value fits its column, checked in the domain the same way on SQLite and PostgreSQL.

SQLite stores a 100,000-character name in a VARCHAR(200); PostgreSQL refuses it with a
`DataError` whose message carries every parameter of the statement (a password hash, for a new
account). So nothing reaches the database unchecked: a `before_flush` hook checks every object
the ORM writes, and the few bulk inserts call `check_row`. Names (of people, organisations,
communes, campaigns) also refuse control characters, which nobody types and which can hide or
reorder what a screen shows."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, Table, event, inspect
from sqlalchemy.orm import Session

from ruralites.errors import UserError

# What a user reads for a column (its name in the forms); other columns are named plainly.
LABELS = {
    "username": "Identifiant", "display_name": "Nom affiché", "name": "Nom", "nom": "Nom",
    "email": "Courriel", "phone": "Téléphone", "contact": "Contact", "contact_name": "Nom du contact",
    "contact_role": "Fonction du contact", "contact_email": "Courriel du contact",
    "contact_phone": "Téléphone du contact", "organisation": "Structure",
    "project_title": "Titre du projet", "title": "Titre", "place": "Lieu", "funder": "Financeur",
    "call_name": "Nom de l'appel", "territory": "Territoire", "sheet_code": "Numéro de feuille",
    "number": "Numéro", "filename": "Nom du fichier", "label": "Libellé", "slug": "Identifiant court",
    "decided_by": "Décidé par", "nom_epci": "Intercommunalité", "summary": "Résumé",
}
# Columns that hold a name: no control characters.
NAME_COLUMNS = frozenset({"username", "display_name", "name", "nom", "contact_name",
                          "organisation", "decided_by", "nom_epci", "funder", "call_name"})
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


class ValueTooLongError(UserError, ValueError):
    """A value longer than its column allows (French message: which field, how long)."""


class ControlCharacterError(UserError, ValueError):
    """A name holding a control character."""


def label(column: str) -> str:
    return LABELS.get(column, f"Le champ « {column} »")


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS for ch in value)


def check_name(value: str | None, what: str = "Nom") -> None:
    """Refuse a name with a control character (a line break, a tab, a bidi override…)."""
    if value and has_control_characters(value):
        raise ControlCharacterError(
            f"{what} : caractère invisible ou de contrôle refusé (retour à la ligne, tabulation, "
            "inversion du sens du texte…). Tapez le nom sur une seule ligne.")


def check_length(value: Any, limit: int | None, what: str) -> None:
    if limit is not None and isinstance(value, str) and len(value) > limit:
        raise ValueTooLongError(
            f"{what} : {limit} caractères au plus ({len(value):,} saisis).".replace(",", "\u202f"))


def check_row(table: Table, values: Mapping[str, Any]) -> None:
    """Check the values of one row about to be inserted into `table`."""
    for name, value in values.items():
        column = table.columns.get(name)
        if column is None or not isinstance(value, str):
            continue
        if isinstance(column.type, String) and column.type.length is not None:
            check_length(value, column.type.length, label(name))
            if name in NAME_COLUMNS:
                check_name(value, label(name))


@event.listens_for(Session, "before_flush")
def _check_before_flush(session: Session, _context, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        state = inspect(obj)
        table = getattr(state.mapper, "local_table", None)
        if not isinstance(table, Table):
            continue
        changed = {}
        for attr in state.mapper.column_attrs:
            history = state.attrs[attr.key].history
            if history.added:
                for column in attr.columns:
                    changed[column.name] = history.added[0]
        check_row(table, changed)
