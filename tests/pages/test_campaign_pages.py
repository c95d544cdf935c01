"""The phase-1 screens, driven as staff and mayors would (AppTest, real SQLite database)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from ruralites import auth, campaigns, communes, fr
from ruralites.fr import today_in_france
from ruralites.ui.widgets import md
from tests.pages.conftest import PASSWORD, page_app
from tests.pages.conftest import texts as _texts

SLUG = "ruralites-test"


def token(db, role="staff", username="anim", communes=None) -> str:
    with db.write() as s:
        auth.create_user(s, username=username, display_name="Anne Animatrice", password=PASSWORD,
                         role=role, commune_codes=communes)
    return auth.login(db, username, PASSWORD).token


@pytest.fixture
def campaign_db(app_db):
    """A campaign with Trémel (volunteer) and Plufur (invited)."""
    with app_db.write() as s:
        pole = communes.ensure_pole(s, "adess", "ADESS Ouest-Côtes-d'Armor")
        campaign = campaigns.create_campaign(s, name="Ruralités test", slug=SLUG, poles=[pole],
                                             starts_on=date(2025, 1, 6))
        tremel = campaigns.add_commune(s, campaign, "22366", invited_on=date(2025, 1, 6))
        campaigns.record_answer(s, tremel, volunteers=True, answered_on=date(2025, 1, 20))
        campaigns.add_commune(s, campaign, "22238", invited_on=date(2025, 1, 6))
    return app_db


def texts(app) -> str:
    """What the page shows, with every table cell in full (pandas truncates wide tables)."""
    return _texts(app) + "\n" + "\n".join(t.value.to_csv(sep="|") for t in app.table)


def button(app, label):
    (found,) = [b for b in app.button if b.label == label]
    return found


# ---- Démarches ---------------------------------------------------------------------------------


def test_staff_create_a_campaign_run_by_two_poles(app_db):
    app = page_app("pages.campaigns.render", token(app_db)).run()
    assert "Aucune démarche pour l'instant" in texts(app)
    app.text_input(key="new_campaign_name").input("Ruralités 2026")
    app.text_input(key="new_campaign_new_poles").input("ADESS Ouest-Côtes-d'Armor ; Pôle ESS du pays de Morlaix")
    app.text_input(key="new_campaign_funder").input("Région Bretagne")
    button(app, "Créer la démarche").click()
    app.run()
    shown = texts(app)
    assert "Démarche « Ruralités 2026 » créée." in shown
    assert "ADESS Ouest-Côtes-d'Armor, Pôle ESS du pays de Morlaix" in shown
    assert not app.exception


def test_a_campaign_name_typed_with_markdown_is_shown_as_typed(app_db):
    app = page_app("pages.campaigns.render", token(app_db)).run()
    app.text_input(key="new_campaign_name").input("**Trégor** [clic](http://x.example) <b>")
    app.text_input(key="new_campaign_new_poles").input("ADESS")
    button(app, "Créer la démarche").click()
    app.run()
    (table,) = app.table
    assert list(table.value.index) == [md("**Trégor** [clic](http://x.example) <b>")]
    assert md("**Trégor** [clic](http://x.example) <b>") in [s.value for s in app.success][0]


def test_a_campaign_without_a_name_or_pole_is_refused_in_french(app_db):
    app = page_app("pages.campaigns.render", token(app_db)).run()
    button(app, "Créer la démarche").click()
    app.run()
    assert "Donnez un nom à la démarche." in texts(app)
    app.text_input(key="new_campaign_name").input("Sans pôle")
    button(app, "Créer la démarche").click()
    app.run()
    assert "Choisissez au moins un pôle porteur de la démarche." in texts(app)


def test_staff_edit_the_chosen_campaign(campaign_db):
    app = page_app("pages.campaigns.render", token(campaign_db)).run()
    app.text_input(key=f"edit_{SLUG}_funder").input("Fondation de France")
    app.selectbox(key=f"edit_{SLUG}_status").set_value("closed")
    button(app, "Enregistrer les modifications").click()
    app.run()
    shown = texts(app)
    assert "Démarche « Ruralités test » enregistrée." in shown and "Terminée" in shown


def test_the_end_before_the_start_is_refused(campaign_db):
    app = page_app("pages.campaigns.render", token(campaign_db)).run()
    app.date_input(key=f"edit_{SLUG}_end").set_value(date(2024, 1, 1))
    button(app, "Enregistrer les modifications").click()
    app.run()
    assert "La date de fin précède la date de début." in texts(app)


# ---- Communes et appel -------------------------------------------------------------------------


def test_a_commune_is_added_by_insee_code_once_and_an_unknown_code_is_refused(campaign_db):
    app = page_app("pages.campaign_communes.render", token(campaign_db)).run()
    app.text_input(key="add_code").input("29014")
    button(app, "Ajouter la commune").click()
    app.run()
    assert "Botsorhel ajoutée à la démarche." in texts(app)
    app.text_input(key="add_code").input("29014")
    button(app, "Ajouter la commune").click()
    app.run()
    assert "Botsorhel fait déjà partie de la démarche « Ruralités test »." in texts(app)
    app.text_input(key="add_code").input("99999")
    button(app, "Ajouter la commune").click()
    app.run()
    assert "Code commune inconnu : « 99999 »" in texts(app)


def test_a_commune_is_found_by_name_with_its_population_and_epci(campaign_db):
    app = page_app("pages.campaign_communes.render", token(campaign_db)).run()
    app.text_input(key="add_name").input("st michel en greve")
    app.run()
    choice = app.selectbox(key="add_name_choice")
    assert choice.value == "22319"
    assert "Saint-Michel-en-Grève (22319) — 447 hab. — CA Lannion-Trégor Communauté" in choice.options
    button(app, "Ajouter cette commune").click()
    app.run()
    assert "Saint-Michel-en-Grève ajoutée à la démarche." in texts(app)


def test_every_small_commune_of_an_epci_is_previewed_then_added(campaign_db):
    app = page_app("pages.campaign_communes.render", token(campaign_db)).run()
    app.text_input(key="add_epci_text").input("Lannion-Trégor")
    app.run()
    shown = texts(app)
    assert "Trémel (22366)" in shown and "Lannion (22113)" not in shown  # 20,000 inhabitants
    [add] = [b for b in app.button if b.label.startswith("Ajouter ces ")]
    count = int(add.label.split()[2])
    add.click()
    app.run()
    assert f"{count} commune(s) ajoutée(s) à la démarche." in texts(app)


def test_the_call_records_the_answer_and_the_contact_elu(campaign_db):
    with campaign_db.read() as s:
        plufur = next(p for p in campaigns.get_campaign(s, SLUG).participations if p.commune_code == "22238")
    app = page_app("pages.campaign_communes.render", token(campaign_db)).run()
    app.selectbox(key=f"call_commune_{SLUG}").set_value(plufur.id)
    app.run()
    key = f"call_{plufur.id}"
    app.radio(key=f"{key}_answer").set_value("volunteers")
    app.date_input(key=f"{key}_answered").set_value(date(2025, 1, 26))
    app.text_input(key=f"{key}_name").input("Yann Le Meur")
    app.text_input(key=f"{key}_role").input("Maire")
    app.text_input(key=f"{key}_email").input("mairie.plufur@example.org")
    button(app, "Enregistrer l'appel").click()
    app.run()
    assert "Appel à Plufur enregistré : volontaire." in texts(app)
    assert "Réponse de la commune :** Volontaire, le 26/01/2025" in texts(app)
    assert app.text_input(key=f"{key}_name").value == "Yann Le Meur"


def test_a_bad_email_is_refused_and_the_answer_is_not_recorded(campaign_db):
    app = page_app("pages.campaign_communes.render", token(campaign_db)).run()
    pid = app.selectbox(key=f"call_commune_{SLUG}").value
    app.text_input(key=f"call_{pid}_email").input("mairie-plufur.fr")
    button(app, "Enregistrer l'appel").click()
    app.run()
    assert "Adresse électronique invalide : « mairie-plufur.fr »" in texts(app)


def test_a_withdrawal_needs_a_reason(campaign_db):
    app = page_app("pages.campaign_communes.render", token(campaign_db)).run()
    button(app, "Retirer la commune").click()
    app.run()
    assert "Indiquez la raison du retrait de la commune." in texts(app)
    pid = app.selectbox(key=f"call_commune_{SLUG}").value
    app.text_area(key=f"withdraw_{pid}_reason").input("Nouvelle équipe municipale")
    button(app, "Retirer la commune").click()
    app.run()
    assert "est retirée de la démarche." in texts(app)


# ---- Délibérations -----------------------------------------------------------------------------


def _decision_app(db):
    app = page_app("pages.campaign_decisions.render", token(db)).run()
    pid = app.selectbox(key=f"decision_commune_{SLUG}").value
    return app, f"decision_{pid}"


def test_a_favourable_decision_validates_the_commune(campaign_db):
    app, key = _decision_app(campaign_db)
    app.date_input(key=f"{key}_date").set_value(date(2025, 2, 3))
    app.text_input(key=f"{key}_number").input("2025-004")
    app.number_input(key=f"{key}_for").set_value(10)
    app.number_input(key=f"{key}_abstentions").set_value(1)
    button(app, "Enregistrer la délibération").click()
    app.run()
    shown = texts(app)
    assert "Délibération de Trémel enregistrée : « Validée par le conseil »." in shown
    assert "Délibération n° 2025-004 du 03/02/2025" in shown  # a recorded decision card
    assert "Aucune commune volontaire n'attend sa délibération." in shown


def test_implausible_votes_warn_without_blocking(campaign_db):
    app, key = _decision_app(campaign_db)
    app.date_input(key=f"{key}_date").set_value(date(2025, 2, 3))
    app.number_input(key=f"{key}_for").set_value(25)
    button(app, "Enregistrer la délibération").click()
    app.run()
    assert [w.value for w in app.warning] == [
        "25 voix pour un conseil de 11 sièges à Trémel : vérifiez le décompte."]
    assert "« Validée par le conseil »" in texts(app)


@pytest.mark.parametrize(
    ("session_date", "message"),
    [
        (None, "Indiquez la date de la séance du conseil municipal."),
        ("tomorrow", "La date de la séance du conseil est dans le futur."),
        (date(2025, 1, 2), "La séance du conseil (02/01/2025) précède l'invitation de la commune (06/01/2025)."),
    ],
)
def test_a_decision_at_an_impossible_date_is_refused(campaign_db, session_date, message, monkeypatch):
    # One fixed instant for the test and the page: "tomorrow" read from the wall clock here
    # just before midnight in France would be "today" when the page checks it just after.
    monkeypatch.setattr(fr, "utcnow", lambda: datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
    app, key = _decision_app(campaign_db)
    if session_date == "tomorrow":
        session_date = today_in_france() + timedelta(days=1)  # 2 March 2025
    if session_date is not None:
        app.date_input(key=f"{key}_date").set_value(session_date)
    app.number_input(key=f"{key}_for").set_value(9)
    button(app, "Enregistrer la délibération").click()
    app.run()
    assert [e.value for e in app.error] == [message]


# ---- Tableau de bord ---------------------------------------------------------------------------


def test_the_board_shows_each_commune_its_phase_what_is_missing_and_its_history(demo_db):
    from ruralites import demo
    from ruralites.auth import SYSTEM
    from ruralites.campaigns import commune_files

    with demo_db.read() as s:
        files = commune_files(s, SYSTEM, demo.SLUG)
    app = page_app("pages.campaign_board.render", token(demo_db)).run()
    shown = texts(app)
    for f in files:  # whatever phase the demo has reached, the board says it
        assert f.label in shown and f.next_step in shown
        assert f.phase_label in shown and fr.short_date(f.since) in shown
    assert "CA Morlaix Communauté" in shown
    # st.table reads Markdown: cells are escaped (md), which a reader does not see.
    assert md("Délibération n° 2019-009 du 22/02/2019 : 9 pour, 0 contre, 1 abstention(s)") in shown
    assert "Au " in shown and "Validée par le conseil" in shown
    assert len(app.get("plotly_chart")) == 1
    assert len(app.get("download_button")) == 2
    assert not app.exception


def test_the_board_says_what_is_missing_for_a_volunteer(campaign_db):
    shown = texts(page_app("pages.campaign_board.render", token(campaign_db)).run())
    assert "Délibération du conseil municipal attendue" in shown
    assert "Réponse de la commune attendue (volontaire ou non)" in shown


def test_a_board_without_campaign_points_to_the_campaigns_page(app_db):
    shown = texts(page_app("pages.campaign_board.render", token(app_db)).run())
    assert "Aucune démarche pour l'instant : créez-en une dans la page « Démarches »." in shown


# ---- Mayors ------------------------------------------------------------------------------------


def test_a_mayor_sees_the_decision_and_its_document_read_only(demo_db):
    app = page_app("pages.home.render", token(demo_db, "mayor", "maire.tremel", ["22366"])).run()
    shown = texts(app)
    assert "Délibération n° 2019-009 du 22/02/2019" in shown
    assert "Document signé : deliberation-2019-009-Trémel.pdf" in shown
    assert "Prochaine étape :**" in shown
    assert "Botsorhel" not in shown and "Plufur" not in shown
    assert not [b for b in app.button if b.label == "Joindre le document"]
    assert not app.text_input  # nothing to fill in


@pytest.mark.parametrize("page", ["campaigns", "campaign_board", "campaign_communes", "campaign_decisions"])
def test_a_mayor_cannot_reach_the_staff_screens(demo_db, page):
    app = page_app(f"pages.{page}.render", token(demo_db, "mayor", "maire.tremel", ["22366"])).run()
    assert "Accès réservé" in texts(app)
    assert "Ruralités en Trégor" not in texts(app)
