"""A small campaign brought to the listening phase, for the ideas and votes tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ruralites import auth, campaigns, communes, ideas
from ruralites.auth import SYSTEM
from ruralites.models import Participation

IDEAS = (
    "Un café associatif pour se retrouver",
    "Un jardin partagé près de l'école",
    "Des chemins de randonnée balisés",
    "Un café pour se retrouver le matin",
    "Un JARDIN PARTAGE près de l'école !",
    "Le calme",
)
POSTITS_AT = datetime(2019, 3, 28, 19, 0, tzinfo=UTC)  # typed in after a listening evening


@dataclass(frozen=True)
class Setup:
    campaign_id: int
    participation_id: int
    other_participation_id: int  # Plufur, same campaign, still only validated
    themes: dict[str, int]  # slug -> id


def listening_commune(db, *, code: str = "22366", with_ideas: bool = True) -> Setup:
    """Trémel validated by its council and in the listening phase, with a few post-its;
    Plufur validated only. The theme catalogue is loaded."""
    with db.write() as s:
        pole = communes.ensure_pole(s, "adess", "ADESS Ouest-Côtes-d'Armor")
        campaign = campaigns.create_campaign(s, name="Ruralités test", poles=[pole])
        made = []
        for insee in (code, "22238"):
            p = campaigns.add_commune(s, campaign, insee, invited_on=date(2019, 1, 7))
            campaigns.record_answer(s, p, volunteers=True, answered_on=date(2019, 1, 20),
                                    today=date(2019, 12, 31))
            campaigns.record_decision(s, p, session_date=date(2019, 2, 1), number="1",
                                      votes_for=9, votes_against=0, abstentions=0,
                                      today=date(2019, 12, 31))
            made.append(p)
        campaigns.move(s, made[0], "listening", reason="Premières réponses")
        if with_ideas:
            # One minute apart: "oldest first" must not hang on the wall clock only moving on.
            for n, text in enumerate(IDEAS):
                ideas.add_idea(s, SYSTEM, made[0].id, text, "postit",
                               at=POSTITS_AT + timedelta(minutes=n))
        themes = {t.slug: t.id for t in ideas.themes_for_campaign(s, campaign.id)}
        return Setup(campaign.id, made[0].id, made[1].id, themes)


def mayor_of(db, code: str, username: str = "maire") -> auth.Viewer:
    with db.write() as s:
        user = auth.create_user(s, username=username, display_name="Maire", role="mayor",
                                password="un-mot-de-passe-solide", commune_codes=[code])
        return auth.viewer_for(user)


def staff_of_other_pole(db) -> auth.Viewer:
    with db.write() as s:
        pole = communes.ensure_pole(s, "autre-pole", "Un autre pôle")
        user = auth.create_user(s, username="autre", display_name="Autre", role="staff",
                                password="un-mot-de-passe-solide", pole_id=pole.id)
        return auth.viewer_for(user)


def phase(db, participation_id: int) -> str:
    with db.read() as s:
        return s.get(Participation, participation_id).phase
