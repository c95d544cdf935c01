"""The official list of French communes (the referential), and the rows a campaign copies from it."""

from ruralites.communes.official import (
    DATA_FILE,
    CommuneInfo,
    Referential,
    UnknownCommuneError,
    by_epci,
    by_postal_code,
    epcis,
    get,
    normalise_name,
    referential,
    search,
)
from ruralites.communes.store import (
    ensure_commune,
    ensure_pole,
)

__all__ = [
    "CommuneInfo",
    "DATA_FILE",
    "Referential",
    "UnknownCommuneError",
    "by_epci",
    "by_postal_code",
    "ensure_commune",
    "ensure_pole",
    "epcis",
    "get",
    "normalise_name",
    "referential",
    "search",
]
