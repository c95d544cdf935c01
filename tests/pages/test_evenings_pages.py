"""The Soirées and Témoins pages, the registration screen reached through a link, and what a
mayor reads of their commune's evenings (AppTest; the browser test drives a whole evening)."""

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from ruralites import evenings, fr
from ruralites.auth import SYSTEM
from ruralites.listening import kiosk
from ruralites.models import Evening, Participation, Registration
from ruralites.ui.widgets import md
from tests.pages.conftest import logged_in_app, make_app, page_app, texts


def _pid(db, code="22366"):
    with db.read() as s:
        return s.scalar(select(Participation.id).where(Participation.commune_code == code))


def _coming(db, *, capacity=1, code="22366", title="Soirée <des> & envies"):
    """An inspiring evening in three weeks, and its registration link."""
    day = fr.today_in_france() + timedelta(days=21)
    with db.write() as s:
        found = evenings.plan_evening(s, SYSTEM, _pid(db, code), kind="inspiring",
                                      starts_at=fr.paris_to_utc(day, time(20, 0)),
                                      place="Salle communale", capacity=capacity, title=title)
        token = kiosk.create_link(s, SYSTEM, participation_id=found.participation_id,
                                  evening_id=found.id, valid_days=30)
    return found, token


def _staff_token(db):
    return logged_in_app(db, role="staff", username="anim").session_state["ruralites_token"]


def _button(app, label):
    return next(b for b in app.button if b.label == label)


def test_staff_see_every_evening_of_the_demo_campaign(demo_db):
    app = page_app("pages.evenings.render", _staff_token(demo_db)).run()
    shown = texts(app)
    table = app.table[0].value
    assert len(table) == 15  # five communes: listening, restitution, inspiring
    for title in ("Des lieux qui rassemblent", "Un jardin à partager",
                  "Soirée de restitution et choix d'une thématique", "Soirée d'écoute des habitants"):
        assert title in list(table["Titre"])
    assert "30 / 30 (+ 3 en attente)" in list(table["Inscrits"])  # Trémel's waiting list
    assert "Inscrits" in shown and "Liste d'attente" in shown


def test_staff_plan_an_inspiring_evening_and_a_date_before_the_theme_is_refused(demo_db):
    app = page_app("pages.evenings.render", _staff_token(demo_db)).run()
    app.radio(key="plan_kind").set_value("inspiring").run()
    before = _count(demo_db)
    app.date_input(key="plan_date").set_value(fr.today_in_france().replace(year=2019, month=1,
                                                                           day=10))
    app.text_input(key="plan_place").set_value("Salle <des> fêtes & co")
    _button(app, "Organiser la soirée").click().run()
    assert "avant le choix de la thématique de" in texts(app)
    assert _count(demo_db) == before
    app.date_input(key="plan_date").set_value(fr.today_in_france() + timedelta(days=30))
    _button(app, "Organiser la soirée").click().run()
    assert "Soirée inspirante organisée à" in texts(app)
    assert _count(demo_db) == before + 1


def _count(db):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Evening))


def _open(token):
    app = make_app()
    app.query_params["k"] = token
    return app.run()


def _register(app, name, contact=""):
    [name_box, contact_box] = app.text_input
    name_box.set_value(name)
    contact_box.set_value(contact)
    app.checkbox[0].check()
    _button(app, "M'inscrire ✓").click()
    return app.run()


def test_the_registration_screen_shows_the_consent_before_the_fields(demo_db):
    _, token = _coming(demo_db)
    app = _open(token)
    shown = texts(app)
    assert md("Soirée <des> & envies") in shown and "Trémel" in shown  # inert Markdown
    assert evenings.CONSENT_TEXT in [i.value for i in app.info]
    assert [t.label for t in app.text_input] == ["Votre prénom et votre nom",
                                                  "Votre téléphone ou votre e-mail (facultatif)"]
    assert "Vos démarches" not in shown and not app.sidebar.button


def test_registering_then_the_waiting_list_then_the_same_person_again(demo_db):
    found, token = _coming(demo_db, capacity=1)
    app = _register(_open(token), "Jeanne <Le Bihan>", "02 61 91 00 00")
    assert "Merci, vous êtes inscrit·e !" in texts(app)
    second = _register(_open(token), "Yann Le Meur")
    shown = texts(second)
    assert "Vous êtes sur liste d'attente" in shown
    assert "vous êtes n° 1 sur la liste d'attente" in shown
    again = _register(_open(token), "jeanne <le bihan>", "+33 2 61 91 00 00")
    assert "Vous êtes déjà inscrit·e" in texts(again)
    with demo_db.read() as s:
        stored = s.scalars(select(Registration.name).where(Registration.evening_id == found.id)
                           .order_by(Registration.registered_at)).all()
    assert stored == ["Jeanne <Le Bihan>", "Yann Le Meur"]


def test_a_registration_without_consent_says_why_and_stores_nothing(demo_db):
    found, token = _coming(demo_db)
    app = _open(token)
    app.text_input[0].set_value("Jeanne")
    _button(app, "M'inscrire ✓").click()
    app.run()
    assert any(e.value.startswith("Pour vous inscrire, cochez la case") for e in app.error)
    with demo_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Registration).where(
            Registration.evening_id == found.id)) == 0


def test_a_name_pasted_too_long_keeps_what_fits_says_what_was_cut_and_registers(demo_db):
    found, token = _coming(demo_db)
    app = _open(token)
    pasted = "Jeanne Le Bihan " + "x" * 184 + "et la fin coupée"  # 216 characters into 200
    app.text_input[0].set_value(pasted).run()
    assert app.text_input[0].value == pasted[:200]
    [cut] = [w.value for w in app.warning]
    assert "Votre texte compte 216 caractères, la limite est de 200" in cut
    assert "les 16 derniers caractères n'ont pas été pris" in cut and "et la fin coupée" in cut
    app.checkbox[0].check()
    _button(app, "M'inscrire ✓").click()
    app.run()
    assert "Merci, vous êtes inscrit·e !" in texts(app)
    with demo_db.read() as s:
        assert s.scalar(select(Registration.name).where(
            Registration.evening_id == found.id)) == pasted[:200]


def test_the_witnesses_page_searches_and_ranks_for_a_commune(demo_db):
    app = page_app("pages.witnesses.render", _staff_token(demo_db)).run()
    assert "13 témoins sur 13 au catalogue" in texts(app)
    app.text_input(key="witness_query").set_value("epicerie").run()
    assert "2 témoins sur 13 au catalogue" in texts(app)
    app.text_input(key="witness_query").set_value("EPICERIE cooperative").run()
    assert "1 témoin sur 13 au catalogue" in texts(app)
    assert list(app.table[0].value.index) == ["Nolwenn Le Floch"]
    app.selectbox(key="witness_commune").set_value(_pid(demo_db, "22366")).run()
    shown = texts(app)
    assert "1 témoin écarté, jamais proposé — consentement expiré : 1." in shown
    assert "déjà entendu·e à Trémel (soirée du 13/06/2019)" in shown


def test_a_mayor_reads_coming_evenings_and_witnesses_heard_without_contacts(demo_db):
    _coming(demo_db, title="Deuxième soirée inspirante")
    _coming(demo_db, code="22238", title="Une soirée à Plufur")
    app = logged_in_app(demo_db, role="mayor", username="maire.tremel", communes=["22366"]).run()
    shown = texts(app)
    assert "Prochaines soirées" in shown and "Deuxième soirée inspirante" in shown
    assert "Une soirée à Plufur" not in shown
    assert "Soazig Le Corre (Association Ti ar Vro Kozh) — Une maison des habitants dans " \
           "l'ancien presbytère (soirée du 13/06/2019)" in shown
    assert "example.org" not in shown and "02 61 91" not in shown


@pytest.mark.parametrize("path", ["pages.evenings.render", "pages.witnesses.render"])
def test_mayors_and_anonymous_visitors_reach_neither_page(demo_db, path):
    assert "Accès réservé" in texts(page_app(path, "").run())
    mayor = logged_in_app(demo_db, role="mayor", username="maire", communes=["22366"])
    assert "Accès réservé" in texts(page_app(path, mayor.session_state["ruralites_token"]).run())


def test_a_past_evenings_poster_has_no_qr_code_and_makes_no_link(demo_db):
    """The demo's evenings took place in 2019: their poster is for the archives, with no QR
    code inviting anyone to an evening that is over."""
    from ruralites.models import KioskLink

    app = page_app("pages.evenings.render", _staff_token(demo_db)).run()
    assert ("La soirée a eu lieu : l'affiche, pour les archives, n'a plus de QR code."
            in texts(app))
    with demo_db.read() as s:
        links = s.scalar(select(func.count(KioskLink.id)))
    _button(app, "Préparer l'affiche").click()
    app.run()
    [download] = [d for d in app.get("download_button")
                  if d.proto.label == "Télécharger l'affiche (PDF)"]
    assert download is not None
    with demo_db.read() as s:
        assert s.scalar(select(func.count(KioskLink.id))) == links
