"""Home page for each role."""

from tests.integration.evenings.evening_setup import theme_chosen
from tests.integration.restitution_setup import listening_commune
from tests.pages.conftest import logged_in_app, page_app, texts

FIVE = ("Trémel (22366)", "Botsorhel (29014)", "Saint-Michel-en-Grève (22319)", "Plufur (22238)",
        "Plounérin (22227)")


def test_admin_without_campaigns_is_offered_the_demo_and_loads_it(app_db):
    app = logged_in_app(app_db).run()
    assert "Aucune démarche pour l'instant." in texts(app)
    [load] = [b for b in app.button if b.label == "Charger la démarche de démonstration"]
    load.click()
    app.run()
    shown = texts(app)
    assert "Ruralités en Trégor" in shown and "Démarche de démonstration" in shown
    for commune in FIVE:
        assert commune in shown


def test_staff_home_says_what_needs_doing_next(app_db):
    listening_commune(app_db)  # Trémel listening, Plufur validated
    app = logged_in_app(app_db, role="staff", username="anim").run()
    shown = texts(app)
    assert "À faire ensuite" in shown
    assert "**Restitution, vote et choix d'une thématique attendus** : Trémel" in shown
    assert "**Premières réponses au questionnaire attendues** : Plufur" in shown


def test_staff_home_says_when_the_demo_campaign_has_gone_to_its_end(demo_db):
    app = logged_in_app(demo_db, role="staff", username="anim").run()
    shown = texts(app)
    assert "Démarche menée à son terme" in shown  # every commune oriented
    assert "À faire ensuite" not in shown


def test_a_commune_that_chose_its_theme_leads_staff_to_the_evenings_page(app_db):
    theme_chosen(app_db)
    app = logged_in_app(app_db, role="staff", username="anim").run()
    assert "Soirée inspirante à organiser" in texts(app)
    [link] = [p for p in app.get("page_link") if p.proto.label == "Organiser une soirée inspirante"]
    assert link.proto.page == "soirees"


def test_a_mayor_sees_only_their_commune_its_phase_and_next_step(demo_db):
    app = logged_in_app(demo_db, role="mayor", username="maire.tremel", communes=["22366"]).run()
    shown = texts(app)
    assert "Trémel" in shown and "Phase actuelle : 🧭 Orientée" in shown
    assert "Orientation du projet" in shown and "#### Pôle ESS" in shown
    for other in ("Botsorhel", "Plufur", "Plounérin", "Saint-Michel"):
        assert other not in shown
    assert not [b for b in app.button if b.label == "Charger la démarche de démonstration"]


def test_a_mayor_cannot_reach_the_accounts_page(demo_db):
    app = logged_in_app(demo_db, role="mayor", username="maire.tremel", communes=["22366"]).run()
    assert "Comptes" not in [p for p in texts(app).splitlines()]
    page = page_app("pages.users.render", app.session_state["ruralites_token"]).run()
    assert "Accès réservé" in texts(page)
