"""The vote reached through a phone or tablet link (AppTest, through app.py's routing)."""

from sqlalchemy import select

from ruralites.auth import SYSTEM
from ruralites.models import Ballot
from ruralites.voting import votes
from tests.integration.restitution_setup import listening_commune
from tests.pages.conftest import make_app, texts


def _vote_link(db, method="approval"):
    setup = listening_commune(db)
    t = setup.themes
    with db.write() as s:
        info = votes.create_vote(s, SYSTEM, setup.participation_id, method=method,
                                 theme_ids=[t["jardin-partage"], t["commerce-cafe"], t["aines"]])
        return info, votes.create_link(s, SYSTEM, info.id)


def _open(token, mode=None):
    app = make_app()
    app.query_params["k"] = token
    if mode:
        app.query_params["mode"] = mode
    return app.run()


def test_a_phone_votes_once_and_is_not_offered_another_ballot(app_db):
    info, token = _vote_link(app_db)
    app = _open(token)
    assert "À vous de voter !" in texts(app) and "Trémel" in texts(app)
    assert "Cochez tous les thèmes qui vous conviennent" in texts(app)
    assert not app.sidebar.button  # no menu, no logout
    next(c for c in app.checkbox if c.label == "Commerce, café").check()
    next(b for b in app.button if b.label == "Valider mon vote ✓").click()
    app.run()
    assert "Votre vote est bien enregistré." in texts(app)
    assert not [b for b in app.button if b.label == "Bulletin suivant"]
    with app_db.read() as s:
        [ballot] = s.scalars(select(Ballot).where(Ballot.vote_id == info.id))
        assert ballot.channel == "online"


def test_a_closed_vote_says_so_and_takes_no_ballot(app_db):
    info, token = _vote_link(app_db)
    with app_db.write() as s:
        votes.set_status(s, SYSTEM, info.id, "closed")
    app = _open(token, mode="tablette")
    assert "Le vote est clos" in texts(app)
    assert not [b for b in app.button if b.label == "Valider mon vote ✓"]


def test_a_tablet_ranking_starts_with_the_first_choice(app_db):
    _, token = _vote_link(app_db, method="borda")
    app = _open(token, mode="tablette")
    assert "Touchez votre premier choix" in texts(app)
    next(b for b in app.button if b.label == "Aînés").click()
    app.run()
    assert "Touchez votre deuxième choix" in texts(app)
    assert not [b for b in app.button if b.label == "Aînés"]  # a rank is never given twice
