"""The results page with AppTest on the demo campaign: staff and mayors, tab by tab."""

import json

import pytest
from sqlalchemy import select

from ruralites.models import Participation
from ruralites.ui.results_view import TAB_KEY
from tests.pages.conftest import logged_in_app, page_app, texts

OTHERS = ("Botsorhel", "Plufur", "Plounérin", "Saint-Michel")


def _opener(db, **user):
    """Log the user in once; each call opens the results page on a tab."""
    token = logged_in_app(db, **user).session_state["ruralites_token"]

    def open_tab(tab=None):
        app = page_app("pages.results.render", token)
        if tab:
            app.session_state[TAB_KEY] = tab
        return app.run()

    return open_tab


def _charts(app) -> list[str]:
    """What each plotly chart would draw (AppTest runs no JavaScript: read the figures)."""
    return [json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
            for chart in app.get("plotly_chart")]


def _metric(app, label):
    return next(m.value for m in app.metric if m.label == label)


@pytest.fixture
def staff(demo_db):
    return _opener(demo_db, role="staff", username="anim")


@pytest.fixture
def mayor(demo_db):
    return _opener(demo_db, role="mayor", username="maire.tremel", communes=["22366"])


def test_staff_see_the_key_figures_and_participation_of_the_whole_campaign(staff):
    app = staff()
    assert not app.exception
    shown = texts(app)
    assert "Résultats de l'écoute" in shown
    assert app.selectbox[1].options[0] == "Toute la démarche (5 communes)"
    for heading in ("Par commune", "Par canal", "Par soirée", "Au fil du temps"):
        assert heading in shown
    assert int(_metric(app, "Réponses").replace("\u202f", "")) > 0
    assert _metric(app, "Part des habitants").endswith("%")
    charts = _charts(app)
    assert len(charts) == 4 and all(name in charts[0] for name in ("Trémel", *OTHERS))
    assert "Les effectifs de 1 à 4 personnes sont remplacés par « < 5 »" in shown


def test_staff_see_a_chart_titled_by_each_question(staff):
    app = staff("Questions")
    shown = texts(app)
    for label in ("Venez-vous souvent dans le bourg ?",
                  "Vous sentez-vous seul ou seule ?",
                  "Voulez-vous aider pour un projet de la commune ?"):
        assert label in shown
    assert "Moyenne" in [m.label for m in app.metric]  # the scale question
    assert any("Tous les jours ou presque" in chart for chart in _charts(app))


def test_the_profile_tab_shows_who_answered(staff):
    app = staff("Profil des répondants")
    assert "Quel âge avez-vous ?" in texts(app)
    assert any("De 60 à 74 ans" in chart for chart in _charts(app))


def test_staff_read_and_search_free_texts_as_plain_text(staff, demo_db):
    app = staff("Réponses libres")
    everything = [t.value for t in app.text]
    assert everything and not app.exception
    app.text_input(key="results_search").input("EPICERIE").run()
    found = [t.value for t in app.text]
    assert found and all("épicerie" in t.lower() for t in found)
    assert "réponse(s) sur" in texts(app)


def test_a_mayor_sees_only_their_commune(mayor, demo_db):
    app = mayor()
    assert not app.exception
    shown = texts(app)
    assert "Les résultats de votre commune" in shown and "Communes : Trémel" in shown
    for other in OTHERS:
        assert other not in shown
    with demo_db.read() as s:
        pid = s.scalar(select(Participation.id).where(Participation.commune_code == "22366"))
    from ruralites import results
    from ruralites.auth import SYSTEM

    with demo_db.read() as s:
        tremel = results.results(s, SYSTEM, results.Scope("ruralites-en-tregor", pid))
    assert _metric(app, "Réponses") == str(tremel.turnout.responses)
    assert "Par commune" not in shown  # one commune: no comparison chart


def test_free_texts_are_hidden_from_mayors(mayor):
    app = mayor("Réponses libres")
    assert "Les réponses libres ne sont pas montrées aux élu·es" in texts(app)
    assert not app.text  # not a single answer
    questions = mayor("Questions")
    assert "ne sont pas montrées aux élu·es" in texts(questions)


def test_the_export_tab_offers_xlsx_and_csv(staff):
    app = staff("Exporter")
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Télécharger en XLSX (Excel, LibreOffice)", "Télécharger en CSV"]


def test_the_word_cloud_is_an_image(staff):
    app = staff("Nuage de mots")
    assert not app.exception
    [image] = app.get("image")
    assert "idée(s)" in str(image.proto)
