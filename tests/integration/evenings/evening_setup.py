"""A campaign where Trémel has chosen its theme, for the evenings and witnesses tests; the clock
pinned so that the evenings planned are still to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pytest

from ruralites import auth, communes, fr
from ruralites.auth import SYSTEM
from ruralites.models import Campaign
from ruralites.voting import theme_choice
from tests.integration.restitution_setup import listening_commune

PASSWORD = "un-mot-de-passe-solide"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
CHOSEN_ON = date(2026, 2, 20)


@dataclass(frozen=True)
class Commune:
    participation_id: int
    other_participation_id: int  # Plufur, same campaign, validated only
    theme_id: int
    themes: dict[str, int]
    staff: auth.Viewer  # of the campaign's pôle
    other_staff: auth.Viewer  # of another pôle
    mayor: auth.Viewer  # of Trémel
    other_mayor: auth.Viewer  # of Plufur


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return fr.paris_to_utc(day, time(hour, minute))


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(fr, "utcnow", lambda: NOW)
    return NOW


def theme_chosen(db) -> Commune:
    """Trémel has chosen « Lieu de rencontre » on 20 February 2026; Plufur is validated."""
    setup = listening_commune(db, with_ideas=False)
    theme_id = setup.themes["lieu-de-rencontre"]
    with db.write() as s:
        theme_choice.record_decision(s, SYSTEM, setup.participation_id, theme_id=theme_id,
                                     decided_by="room", decided_on=CHOSEN_ON, today=NOW.date())
        pole = s.get(Campaign, setup.campaign_id).poles[0]
        other = communes.ensure_pole(s, "autre-pole", "Un autre pôle")
        for username, role, pole_id, codes in (
            ("anne", "staff", pole.id, None), ("autre", "staff", other.id, None),
            ("maire.tremel", "mayor", None, ["22366"]), ("maire.plufur", "mayor", None, ["22238"]),
        ):
            auth.create_user(s, username=username, display_name=username.title(), role=role,
                             password=PASSWORD, pole_id=pole_id, commune_codes=codes)
    viewer = {name: auth.login(db, name, PASSWORD).viewer
              for name in ("anne", "autre", "maire.tremel", "maire.plufur")}
    return Commune(setup.participation_id, setup.other_participation_id, theme_id, setup.themes,
                   viewer["anne"], viewer["autre"], viewer["maire.tremel"], viewer["maire.plufur"])


def plan(db, commune: Commune, *, day: date = date(2026, 3, 12), capacity: int | None = 30,
         kind: str = "inspiring", participation_id: int | None = None,
         place: str = "Salle des fêtes", **options):
    from ruralites import evenings

    with db.write() as s:
        return evenings.plan_evening(
            s, commune.staff, participation_id or commune.participation_id, kind=kind,
            starts_at=paris(day, 20), place=place, capacity=capacity, **options)

