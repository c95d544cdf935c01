"""The demo campaign *Ruralités en Trégor* (DESIGN.md §1), loaded idempotently.

Dates follow the public record (method.md): Plufur announced at the mayor's New Year wishes on
26 January 2019, public meetings in Plufur (28 March), Plounérin (18 April) and Trémel
(25 April 2019). Council numbers, votes and the other dates are plausible inventions, and the
campaign is flagged `is_demo` so every screen can say so. Each step checks what is already
there, so `ruralites demo load` twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns
from ruralites.db import Database
from ruralites.models import Campaign

SLUG = "ruralites-en-tregor"
NAME = "Ruralités en Trégor"
DEMO_NOTICE = "Données de démonstration : dates, délibérations et réponses sont fictives mais plausibles."


@dataclass(frozen=True)
class DemoCommune:
    code_insee: str
    invited_on: date
    volunteered_on: date
    council_on: date
    council_number: str
    votes: tuple[int, int, int]  # for, against, abstentions
    project: str  # what the commune eventually carried (the reference case)


COMMUNES = (
    DemoCommune("22238", date(2019, 1, 7), date(2019, 1, 26), date(2019, 2, 8), "2019-004",
                (11, 0, 0), "chemins de randonnée et aménagement du centre-bourg"),
    DemoCommune("22227", date(2019, 1, 7), date(2019, 1, 21), date(2019, 2, 15), "2019-07",
                (13, 0, 1), "commerce multi-activités"),
    DemoCommune("22366", date(2019, 1, 7), date(2019, 1, 28), date(2019, 2, 22), "2019-009",
                (9, 0, 1), "lieu de rencontre intergénérationnel et multi-activités"),
    DemoCommune("22319", date(2019, 1, 7), date(2019, 2, 4), date(2019, 3, 5), "2019-012",
                (10, 0, 1), "travaux paysagers"),
    DemoCommune("29014", date(2019, 1, 14), date(2019, 2, 11), date(2019, 3, 12), "2019-015",
                (8, 1, 2), "jardin partagé"),
)


def _at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _campaign(session: Session) -> Campaign:
    existing = session.scalar(select(Campaign).where(Campaign.slug == SLUG))
    if existing is not None:
        return existing
    poles = [
        campaigns.ensure_pole(session, "adess-ouest-cotes-d-armor", "ADESS Ouest-Côtes-d'Armor",
                              "Pays du Trégor-Goëlo"),
        campaigns.ensure_pole(session, "adess-pays-de-morlaix", "ADESS Pays de Morlaix",
                              "Pays de Morlaix"),
    ]
    return campaigns.create_campaign(
        session, slug=SLUG, name=NAME, poles=poles, is_demo=True,
        funder="Région Bretagne",
        call_name="Appel à projets inter-territorialités (démonstration)",
        description=(
            "Faire émerger, avec les habitants, un projet collectif dans des communes de moins "
            "de 2 000 habitants, aux confins des Côtes-d'Armor et du Finistère. " + DEMO_NOTICE
        ),
        starts_on=date(2019, 1, 7), ends_on=date(2020, 6, 30), status="closed",
    )


def _phase1(session: Session, campaign: Campaign) -> None:
    present = {p.commune_code for p in campaign.participations}
    for c in COMMUNES:
        if c.code_insee in present:
            continue
        participation = campaigns.add_commune(
            session, campaign, c.code_insee, invited_on=c.invited_on, at=_at(c.invited_on, 9)
        )
        participation.contact_role = "Maire"
        campaigns.record_answer(session, participation, volunteers=True, at=_at(c.volunteered_on),
                                reason="Réponse favorable du maire à l'appel des pôles ESS")
        votes_for, against, abstentions = c.votes
        campaigns.record_decision(
            session, participation, session_date=c.council_on, number=c.council_number,
            votes_for=votes_for, votes_against=against, abstentions=abstentions,
            today=date(2019, 12, 31), at=_at(c.council_on, 20),
        )


def load(db: Database) -> bool:
    """Load (or complete) the demo campaign. Returns True if anything was added."""
    with db.write() as session:
        before = _fingerprint(session)
        campaign = _campaign(session)
        _phase1(session, campaign)
        session.flush()
        return _fingerprint(session) != before


def _fingerprint(session: Session) -> tuple:
    campaign = session.scalar(select(Campaign).where(Campaign.slug == SLUG))
    if campaign is None:
        return ()
    return tuple(sorted((p.commune_code, p.phase, len(p.transitions)) for p in campaign.participations))
