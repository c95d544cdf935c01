"""The rows copied from the referential when a campaign first uses a commune, and the pôles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites.communes import official
from ruralites.models import Commune, Pole


def ensure_pole(session: Session, slug: str, name: str, territory: str | None = None) -> Pole:
    pole = session.scalar(select(Pole).where(Pole.slug == slug))
    if pole is None:
        pole = Pole(slug=slug, name=name, territory=territory)
        session.add(pole)
        session.flush()
    return pole


def ensure_commune(session: Session, code_insee: str) -> Commune:
    """The commune's row, copied from the official referential the first time it is used."""
    info = official.get(code_insee)  # raises UnknownCommuneError with a French message
    commune = session.get(Commune, info.code_insee)
    if commune is None:
        commune = Commune(
            code_insee=info.code_insee, nom=info.nom, departement=info.departement,
            code_epci=info.code_epci or None, nom_epci=info.nom_epci or None,
            population=info.population,
        )
        session.add(commune)
        session.flush()
    return commune
