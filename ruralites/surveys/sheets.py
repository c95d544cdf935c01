"""Sheet codes: each printed paper questionnaire gets its own short code, e.g. ``22366-0042-E``.

The code is the commune's INSEE code, the sheet's number and a check letter, printed at the top
of each page; the paper data-entry screen reads it back with `check_sheet_code` and so can
refuse the same sheet twice. Pure: no PDF here.
"""

from __future__ import annotations

import re

# 23 letters (a prime) without I, L and O, which read as 1 and 0: a weighted sum modulo 23
# catches every single mistyped character and every swap of two neighbours.
CHECK_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"
_COMMUNE = re.compile(r"^(?:\d{2}|2[AB])\d{3}$", re.ASCII)
_CODE = re.compile(r"^((?:\d{2}|2[AB])\d{3})-?(\d{4,6})-?([A-Z])$", re.ASCII)
MAX_SHEET_NUMBER = 999_999


def _check_letter(commune_code: str, number: str) -> str:
    total = sum(weight * int(char, 36)
                for weight, char in enumerate(commune_code + number, start=1))
    return CHECK_LETTERS[total % len(CHECK_LETTERS)]


def sheet_codes(commune_code: str, start: int, count: int) -> list[str]:
    """`count` sheet codes numbered from `start`: ``22366-0042-E`` (commune, number, check).

    Raises `ValueError` (French message) for a malformed commune code or numbers out of range.
    """
    commune = commune_code.strip().upper()
    if not _COMMUNE.match(commune):
        raise ValueError(f"Code commune mal formé : « {commune_code} ». Il faut le code INSEE "
                         "à 5 caractères, par exemple 22366.")
    if start < 1 or count < 0 or start + count - 1 > MAX_SHEET_NUMBER:
        raise ValueError(f"Les numéros de feuille vont de 1 à {MAX_SHEET_NUMBER} : "
                         f"impossible de numéroter {count} feuille(s) à partir de {start}.")
    codes = []
    for number in range(start, start + count):
        digits = f"{number:04d}"
        codes.append(f"{commune}-{digits}-{_check_letter(commune, digits)}")
    return codes


def check_sheet_code(text: str) -> str:
    """The canonical form of a typed sheet code; `ValueError` (French) if it is not valid.

    Case, spaces and dashes are forgiven, and O, I, L typed for 0, 1 in the digits too.

    >>> check_sheet_code(" 22366 0O42 e")
    '22366-0042-E'
    """
    compact = re.sub(r"[\s\u00a0\u202f]+", "", str(text)).upper()
    if not compact:
        raise ValueError("Code de feuille vide : recopiez le code imprimé en haut à droite de "
                         "la feuille, par exemple 22366-0042-E.")
    compact = re.sub("[\u2010-\u2015\u2212_]", "-", compact)
    match = _CODE.match(compact[:-1].translate(str.maketrans("OIL", "011")) + compact[-1:])
    if not match or int(match.group(2)) == 0:
        raise ValueError(f"Code de feuille mal formé : « {text} ». Il s'écrit comme 22366-0042-E "
                         "(code de la commune, numéro de la feuille, lettre de contrôle), en "
                         "haut à droite de chaque page.")
    commune, digits, letter = match.groups()
    number = f"{int(digits):04d}"  # 00042 is 0042
    if _check_letter(commune, number) != letter:
        raise ValueError(f"Code de feuille incorrect : « {text} ». La lettre de contrôle ne "
                         "correspond pas : un chiffre a sans doute été mal recopié. Relisez le "
                         "code en haut de la feuille.")
    return f"{commune}-{number}-{letter}"


MAX_SHEET_LENGTH = 40  # the column's length (responses.sheet_code)


def normalise_sheet(text: str | None, commune_code: str) -> str:
    """A paper sheet's code as typed by staff: a printed code (22366-0042-E) is checked with its
    control letter and must belong to this commune; a number written by hand on a questionnaire
    printed without codes is kept as typed (upper case)."""
    text = (text or "").strip()
    if not text:
        raise ValueError("Indiquez le numéro de la feuille, pour ne jamais la saisir deux fois.")
    if len(text) > MAX_SHEET_LENGTH:
        raise ValueError(f"Numéro de feuille trop long : {MAX_SHEET_LENGTH} caractères au plus "
                         f"({len(text)} saisis).")
    if sum(ch.isalnum() for ch in text) < 9:  # a short hand-written number
        return text.upper()
    code = check_sheet_code(text)
    if not code.startswith(f"{commune_code}-"):
        raise ValueError(f"La feuille {code} appartient à la commune {code[:5]}, pas à celle-ci "
                         f"({commune_code}) : vérifiez la commune choisie.")
    return code
