"""A commune that has chosen its theme, for the orientation tests: Plounérin chose « Commerce,
café » (decided by the room, no vote); Plufur, in the same campaign, is still listening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from ruralites import auth, campaigns
from ruralites.auth import SYSTEM
from ruralites.models import Participation
from ruralites.voting import theme_choice
from tests.integration.restitution_setup import listening_commune, mayor_of

PASSWORD = "un-mot-de-passe-solide"
CHOSEN_ON = date(2019, 5, 2)
TODAY = date(2026, 12, 2)


@dataclass(frozen=True)
class Chosen:
    participation_id: int
    listening_id: int  # Plufur: no theme yet
    staff: auth.Viewer


@pytest.fixture
def chosen(db) -> Chosen:
    setup = listening_commune(db, code="22227")
    with db.write() as s:
        theme_choice.record_decision(s, SYSTEM, setup.participation_id,
                              theme_id=setup.themes["commerce-cafe"], decided_by="room",
                              decided_on=CHOSEN_ON, notes="Un commerce multi-activités",
                              today=TODAY)
        user = auth.create_user(s, username="anne", display_name="Anne Animatrice",
                                password=PASSWORD, role="staff")
        staff = auth.viewer_for(user)
    return Chosen(setup.participation_id, setup.other_participation_id, staff)


def hold_inspiring_evening(db, participation_id: int) -> None:
    """What the evenings package will do after the first inspiring evening."""
    with db.write() as s:
        campaigns.move(s, s.get(Participation, participation_id), "inspiring",
                       reason="Soirée inspirante du 14/11/2019")


def phase(db, participation_id: int) -> str:
    with db.read() as s:
        return s.get(Participation, participation_id).phase


__all__ = ["CHOSEN_ON", "TODAY", "Chosen", "hold_inspiring_evening", "mayor_of", "phase"]
