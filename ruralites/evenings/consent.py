"""A witness's consent: to be listed in the catalogue, or also to be contacted by the pôles, from
a date until an expiry. Pure.

Only a witness who agreed to be contacted, and whose consent has not expired, may be proposed
for an evening or invited to one. A consent recorded without an expiry lasts three years (what
the pôles ask of people listed in their directories); staff may write another date."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from ruralites import fr
from ruralites.evenings.common import EveningError

DEFAULT_CONSENT_YEARS = 3

# The states of a witness's consent, and what each means for the pôles.
STATE_LABELS = {
    "valid": "consentement valide",
    "listed_only": "accepte de figurer au catalogue, pas d'être contacté·e",
    "missing": "sans consentement enregistré",
    "expired": "consentement expiré",
}


class HasConsent(Protocol):
    name: str
    consent_on: date | None
    consent_until: date | None
    consent_scope: str | None


def default_expiry(consent_on: date) -> date:
    """Three years after the consent (29 February gives 28 February)."""
    try:
        return consent_on.replace(year=consent_on.year + DEFAULT_CONSENT_YEARS)
    except ValueError:
        return consent_on.replace(year=consent_on.year + DEFAULT_CONSENT_YEARS, day=28)


def state(witness: HasConsent, today: date) -> str:
    """`valid`, `listed_only`, `missing` or `expired`."""
    if witness.consent_on is None:
        return "missing"
    until = witness.consent_until or default_expiry(witness.consent_on)
    if until < today:
        return "expired"
    return "valid" if witness.consent_scope == "contacted" else "listed_only"


def why_not(witness: HasConsent, today: date) -> str | None:
    """Why this witness may not be proposed nor contacted, in French; None if they may."""
    found = state(witness, today)
    if found == "missing":
        return "aucun consentement enregistré"
    if found == "expired":
        until = witness.consent_until or default_expiry(witness.consent_on)
        return f"consentement expiré le {fr.short_date(until)}"
    if found == "listed_only":
        return "a accepté de figurer au catalogue, pas d'être contacté·e"
    return None


def check_can_be_invited(witness: HasConsent, today: date) -> None:
    reason = why_not(witness, today)
    if reason is not None:
        raise EveningError(f"{witness.name} ne peut pas être invité·e : {reason}. Recueillez "
                           "d'abord son accord pour être contacté·e, puis notez-le dans sa fiche.")


def describe(witness: HasConsent, today: date) -> str:
    """The consent as the catalogue shows it: "consentement valide jusqu'au 01/03/2029"."""
    found = state(witness, today)
    if found == "missing":
        return STATE_LABELS[found]
    until = witness.consent_until or default_expiry(witness.consent_on)
    if found == "expired":
        return f"consentement expiré le {fr.short_date(until)}"
    return f"{STATE_LABELS[found]} jusqu'au {fr.short_date(until)}"
