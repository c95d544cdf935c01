"""The fiche commune on a mayor's home page."""

from tests.integration.restitution_setup import listening_commune
from tests.pages.conftest import logged_in_app, texts

PREPARE = "Préparer la fiche commune (PDF)"


def test_a_mayor_prepares_and_downloads_the_fiche_of_their_commune(demo_db):
    app = logged_in_app(demo_db, role="mayor", username="maire.tremel", communes=["22366"]).run()
    assert "Fiche pour le conseil municipal" in texts(app)
    [prepare] = [b for b in app.button if b.label == PREPARE]
    prepare.click()
    app.run()
    assert not app.exception and not app.error
    labels = [d.proto.label for d in app.get("download_button")]
    assert labels.count("Télécharger la fiche commune") == 1


def test_no_fiche_is_offered_before_the_listening(app_db):
    listening_commune(app_db)  # Plufur is only validated by its council
    app = logged_in_app(app_db, role="mayor", username="maire.plufur", communes=["22238"]).run()
    assert "Plufur" in texts(app)
    assert "Fiche pour le conseil municipal" not in texts(app)
    assert not [b for b in app.button if b.label == PREPARE]
