"""The guide's account of a vote in which no ballot was typed in: the room chose its theme
another way, and the guide says so instead of "the vote could not be counted"."""

from datetime import date

from sqlalchemy import select

from ruralites import guide
from ruralites.auth import SYSTEM
from ruralites.models import Campaign
from ruralites.voting import theme_choice, votes
from tests.integration.restitution_setup import listening_commune


def _chapter(db, setup):
    with db.read() as s:
        slug = s.scalar(select(Campaign.slug).where(Campaign.id == setup.campaign_id))
        built = guide.build_guide(s, SYSTEM, slug, communes=["22366"], chapters=["communes"])
    [chapter] = built.communes
    return chapter


def test_a_theme_chosen_by_the_room_without_ballots_is_told_plainly(db):
    setup = listening_commune(db)
    with db.write() as s:
        info = votes.create_vote(s, SYSTEM, setup.participation_id, method="borda",
                                 theme_ids=[setup.themes[slug] for slug in (
                                     "jardin-partage", "commerce-cafe", "lieu-de-rencontre")])
        theme_choice.record_decision(s, SYSTEM, setup.participation_id,
                                     theme_id=setup.themes["jardin-partage"], decided_by="room",
                                     decided_on=date(2019, 5, 23), vote_id=info.id)
    vote = _chapter(db, setup).vote
    assert vote.sentence == ("Aucun bulletin n'a été saisi : le thème « Jardin partagé » a été "
                             "choisi sans vote écrit, par l'assemblée des habitants (la salle).")
    assert "dépouiller" not in vote.sentence and vote.ranking == ()
