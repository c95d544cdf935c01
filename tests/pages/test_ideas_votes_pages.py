"""The ideas, vote and projection pages, driven through Streamlit's AppTest."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from ruralites import ideas
from ruralites.auth import SYSTEM
from ruralites.models import Ballot, Idea, Participation, Vote
from ruralites.ui.session import TOKEN_KEY
from ruralites.voting import votes
from tests.integration.restitution_setup import listening_commune
from tests.pages.conftest import logged_in_app, page_app, texts


@pytest.fixture
def listening(app_db):
    setup = listening_commune(app_db)
    with app_db.write() as s:
        ideas.apply_suggestions(s, SYSTEM, setup.participation_id)
    return setup


def _token(db, role="staff", username="anne", communes=None) -> str:
    return logged_in_app(db, role=role, username=username, communes=communes).session_state[TOKEN_KEY]


def _button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def _pick(app: AppTest, participation_id: int) -> AppTest:
    commune = next(sb for sb in app.selectbox if sb.label == "Commune")
    if commune.value != participation_id:
        commune.set_value(participation_id)
        app.run()
    return app


def _ideas_page(db, participation_id: int) -> AppTest:
    return _pick(page_app("pages.ideas.render", _token(db)).run(), participation_id)


def test_staff_type_in_a_post_it_and_see_it_verbatim_with_suggested_themes(app_db, listening):
    app = _ideas_page(app_db, listening.participation_id)
    assert not app.exception
    assert "Idées 6" in texts(app)
    text = "Un **jardin** <i>partagé</i> près du lavoir"
    next(t for t in app.text_area if t.label.startswith("Idée, besoin ou envie")).input(text)
    next(r for r in app.radio if r.label == "Source").set_value("idea_box")
    _button(app, "Ajouter l'idée").click()
    app.run()
    assert "Idée ajoutée. Thèmes suggérés : Jardin partagé" in texts(app)
    with app_db.read() as s:
        stored = s.scalar(select(Idea).where(Idea.source == "idea_box"))
        assert stored.text == text  # verbatim: neither Markdown nor HTML
    table = app.dataframe[0].value
    assert text in list(table["Idée"])


def test_staff_accept_the_suggestions_and_merge_identical_ideas(app_db):
    setup = listening_commune(app_db)  # nothing tagged yet
    app = _ideas_page(app_db, setup.participation_id)
    _button(app, "Accepter les suggestions pour ces 5 idée(s)").click()
    app.run()
    assert "5 idée(s) étiquetée(s) avec les thèmes suggérés." in texts(app)
    _button(app, "Fusionner les idées identiques").click()
    app.run()
    assert "1 groupe(s) d'idées identiques fusionné(s)" in texts(app)
    with app_db.read() as s:
        assert ideas.summary(s, SYSTEM, setup.participation_id).ideas == 5


def test_a_commune_still_waiting_for_its_council_cannot_be_picked(app_db, listening):
    app = _ideas_page(app_db, listening.participation_id)
    options = next(sb for sb in app.selectbox if sb.label == "Commune").options
    assert any("Trémel" in o for o in options) and any("Plufur" in o for o in options)
    app = page_app("pages.votes.render", _token(app_db, username="anne2")).run()
    options = next(sb for sb in app.selectbox if sb.label == "Commune").options
    assert [o for o in options if "Plufur" in o] == []  # validated only: no vote yet


def _votes_page(db, username="anne") -> AppTest:
    return page_app("pages.votes.render", _token(db, username=username)).run()  # Trémel only


def test_staff_create_a_vote_enter_paper_ballots_and_record_the_choice(app_db, listening):
    t = listening.themes
    app = _votes_page(app_db)
    assert not app.exception
    shortlist = next(m for m in app.multiselect if m.label == "Thèmes soumis au vote")
    shortlist.set_value([t["jardin-partage"], t["commerce-cafe"], t["lieu-de-rencontre"]])
    next(r for r in app.radio if r.label == "Méthode").set_value("approval")
    _button(app, "Créer le vote").click()
    app.run()
    assert "Vote créé (vote par approbation)" in texts(app)
    for label in ("Jardin partagé", "Lieu de rencontre"):
        next(c for c in app.checkbox if c.label == label).check()
    next(n for n in app.number_input if n.label == "Nombre de bulletins identiques").set_value(3)
    _button(app, "Enregistrer le bulletin").click()
    app.run()
    assert "3 bulletin(s) papier enregistré(s)." in texts(app)
    next(c for c in app.checkbox if c.label == "Commerce, café").check()
    _button(app, "Enregistrer le bulletin").click()
    app.run()
    shown = texts(app)
    assert "1 (ex æquo)" in shown and "3 approbation(s)" in shown  # the ranking shows the tie
    decision = next(sb for sb in app.selectbox if sb.label == "Thème retenu")
    assert decision.value is None  # Jardin and Lieu are tied: the room decides
    assert "Égalité en tête entre « Jardin partagé », « Lieu de rencontre »" in shown
    decision.set_value(t["lieu-de-rencontre"])
    _button(app, "Enregistrer la décision").click()
    app.run()
    assert "Décision enregistrée : « Lieu de rencontre »" in texts(app)
    with app_db.read() as s:
        assert s.get(Participation, listening.participation_id).phase == "theme_chosen"
        assert s.scalar(select(func.count()).select_from(Ballot)) == 2


def test_a_spoilt_paper_ballot_can_be_kept_as_refused(app_db, listening):
    t = listening.themes
    with app_db.write() as s:
        votes.create_vote(s, SYSTEM, listening.participation_id, method="dots", max_dots=2,
                          theme_ids=[t["jardin-partage"], t["commerce-cafe"], t["aines"]])
    app = _votes_page(app_db)
    next(n for n in app.number_input if n.label == "Jardin partagé" and n.key.startswith("paper-")).set_value(3)
    _button(app, "Enregistrer le bulletin").click()
    app.run()
    assert "3 gommettes posées alors que 2 au plus sont permises." in texts(app)
    _button(app, "Enregistrer comme bulletin refusé").click()
    app.run()
    assert "Bulletin refusé enregistré" in texts(app)
    refused = [str(tb.value) for tb in app.table if "Raison" in str(tb.value)]
    assert refused and "3 gommettes posées" in refused[0]


def test_board_totals_are_entered_with_the_number_of_voters(app_db, listening):
    t = listening.themes
    with app_db.write() as s:
        info = votes.create_vote(s, SYSTEM, listening.participation_id, method="dots", max_dots=3,
                                 theme_ids=[t["jardin-partage"], t["commerce-cafe"], t["aines"]])
    app = _votes_page(app_db)
    next(n for n in app.number_input if n.label == "Nombre de votants au tableau").set_value(10)
    for label, total in (("Jardin partagé", 17), ("Commerce, café", 9)):
        next(n for n in app.number_input if n.label == label and n.key.startswith("totals-")).set_value(total)
    _button(app, "Enregistrer les totaux").click()
    app.run()
    assert "Totaux du tableau enregistrés (10 votant(s))." in texts(app)
    with app_db.read() as s:
        [ballot] = s.scalars(select(Ballot).where(Ballot.vote_id == info.id))
        assert (ballot.is_totals, ballot.weight) == (True, 10)
    assert "Bulletins comptés 10" in texts(app)


def test_a_mayor_reads_the_theme_their_commune_chose_and_nothing_else(demo_db):
    token = _token(demo_db, role="mayor", username="maire.tremel", communes=["22366"])
    app = page_app("pages.votes.render_mayor", token).run()
    shown = texts(app)
    assert "Thématique choisie : « Lieu de rencontre »" in shown
    assert "Lieu de rencontre" in str(app.table[0].value)  # the vote behind it, read-only
    assert not [b for b in app.button]  # nothing to change
    for other in ("Botsorhel", "Plufur", "Plounérin", "Saint-Michel"):
        assert other not in shown
    staff_page = page_app("pages.votes.render", token).run()
    assert "Accès réservé" in texts(staff_page)


@pytest.mark.parametrize("path", ["pages.ideas.render", "pages.votes.render",
                                  "pages.projection.render", "pages.votes.render_mayor"])
def test_an_anonymous_visitor_reaches_none_of_these_pages(app_db, path):
    app = page_app(path, "").run()
    assert "Accès réservé" in texts(app)
    assert not app.button


def test_the_projection_shows_the_key_figures_and_the_top_themes(demo_db):
    app = page_app("pages.projection.render", _token(demo_db)).run()
    with demo_db.read() as s:
        _pick(app, s.scalar(select(Participation.id).where(Participation.commune_code == "22366")))
    next(r for r in app.radio if r.label == "Le QR code ouvre").set_value("none")
    _button(app, "Lancer la projection").click()
    app.run()
    assert not app.exception
    shown = texts(app) + "\n".join(t.value for t in app.text)
    assert ": ce que vous nous avez dit" in shown
    assert "Les thèmes qui reviennent le plus" in shown
    assert "Réponses" in shown and "Part des habitants" in shown and "Idées exprimées" in shown
    assert "Thème choisi :" in shown
    with demo_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Vote)) == 5  # nothing created
    _button(app, "Quitter la projection").click()
    app.run()
    assert "Projection de la restitution" in texts(app)
