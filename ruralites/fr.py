"""French forms of numbers, percentages, sizes, plurals and dates. Pure.

Times are stored in UTC and shown in Europe/Paris. Numbers follow French typography: a narrow
no-break space between thousands ("1 234"), a decimal comma ("3,5"), a narrow no-break space
before "%" ("12 %"). `utcnow()` is the one clock of the app: a test that needs a fixed instant
patches `ruralites.fr.utcnow`, and every "today in France" follows.

    >>> number(1234.5, 1)
    '1\u202f234,5'
    >>> percent(0.125)
    '13\u202f%'
    >>> plural(2, "réponse")
    '2 réponses'
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
NBSP = "\u00a0"  # no-break space: between an hour and its "h"
NNBSP = "\u202f"  # narrow no-break space: the French "espace fine insécable"


def utcnow() -> datetime:
    return datetime.now(UTC)


def today_in_france() -> date:
    """Today's date in Paris (at 23:30 UTC in winter it is already tomorrow there)."""
    return local(utcnow()).date()


# ---- numbers -----------------------------------------------------------------------------------


def number(value: float | int, digits: int | None = None, *, trim: bool = False) -> str:
    """1234.5 -> "1 234,5" (narrow no-break spaces between thousands, decimal comma). Without
    `digits`, a whole number has none and another up to two, trailing zeros dropped (2.5 ->
    "2,5"). With `trim`, trailing zeros of the decimals go: 2.50 -> "2,5", 3.00 -> "3"."""
    if digits is None:
        digits, trim = (0, False) if float(value).is_integer() else (2, True)
    # Half up, as people round (12,5 -> 13), not Python's half to even.
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", NNBSP).replace(".", ",")


def percent(share: float | None, digits: int = 0) -> str:
    """A share (0.125) as a French percentage: "13 %" (or "12,5 %" with one digit). A share
    above zero that would round to 0 reads "moins de 1 %"."""
    if share is None:
        return "—"
    if 0 < share * 100 < 0.5 * 10 ** -digits:
        return f"moins de 1{NNBSP}%" if digits == 0 else f"moins de {number(10 ** -digits, digits)}{NNBSP}%"
    return f"{number(share * 100, digits)}{NNBSP}%"


def size(size_bytes: int) -> str:
    """A file size as people read it: "850 octets", "12 Ko", "3,4 Mo"."""
    if size_bytes < 1024:
        return f"{size_bytes} octets"
    if size_bytes < 1024 * 1024:
        return f"{round(size_bytes / 1024)}{NNBSP}Ko"
    return f"{number(size_bytes / (1024 * 1024), 1)}{NNBSP}Mo"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """2 -> "2 réponses"; French takes the singular for 0 and 1 ("0 réponse", "1 réponse")."""
    word = singular if abs(count) < 2 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def inhabitants(population: int | None) -> str:
    return f"{number(population)} hab." if population else "population inconnue"


# ---- dates -------------------------------------------------------------------------------------


def local(moment: datetime) -> datetime:
    return moment.astimezone(PARIS)


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = local(value).date()
    return value.strftime("%d/%m/%Y")


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = local(value).date()
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def date_time(value: datetime | None) -> str:
    if value is None:
        return "—"
    moment = local(value)
    return f"{short_date(moment)} à {moment:%H:%M}"


def day_date(value: date | datetime | None) -> str:
    """The day as a poster says it: "jeudi 1er mars 2026" (Paris date for a moment)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = local(value).date()
    return f"{DAYS[value.weekday()]} {long_date(value)}"


def clock(value: datetime) -> str:
    """The hour in Paris as French writes it: "20 h", "18 h 30" (no-break spaces)."""
    moment = local(value)
    text = f"{moment.hour}{NBSP}h"
    return text + (f"{NBSP}{moment.minute:02d}" if moment.minute else "")


def long_date_time(value: datetime | None) -> str:
    """"jeudi 1er mars 2026 à 20 h" (Paris time)."""
    if value is None:
        return "—"
    return f"{day_date(value)} à {clock(value)}"


def paris_to_utc(day: date, at: time) -> datetime:
    """A date and an hour read on a clock in France, as the UTC moment stored."""
    return datetime.combine(day, at, tzinfo=PARIS).astimezone(UTC)
