"""First start, login and logout, as the app shows them."""

from ruralites import auth
from tests.pages.conftest import PASSWORD, logged_in_app, make_app, texts


def test_empty_database_asks_for_the_first_administrator(app_db):
    app = make_app().run()
    assert "Créez le premier compte administrateur" in texts(app)
    assert app.button(key="FormSubmitter:first_admin-Créer le compte administrateur")


def _fill_setup(app, password, confirm, demo=False):
    app.text_input[0].input("Marie Le Goff")
    app.text_input[1].input("marie.le-goff")
    app.text_input[2].input(password)
    app.text_input[3].input(confirm)
    if demo:
        app.checkbox[0].check()
    app.button[0].click()
    return app.run()


def test_setup_refuses_two_different_passwords(app_db):
    app = _fill_setup(make_app().run(), PASSWORD, PASSWORD + "x")
    assert "Les deux mots de passe diffèrent." in texts(app)
    with app_db.read() as s:
        assert auth.needs_first_admin(s)


def test_setup_refuses_a_short_password_in_french(app_db):
    app = _fill_setup(make_app().run(), "court", "court")
    assert "au moins 10 caractères" in texts(app)


def test_setup_creates_the_administrator_then_shows_the_login_screen(app_db):
    app = _fill_setup(make_app().run(), PASSWORD, PASSWORD, demo=True)
    assert "Compte administrateur créé : connectez-vous." in texts(app)
    assert app.button[0].label == "Se connecter"
    with app_db.read() as s:
        assert not auth.needs_first_admin(s)


def _login(app, username, password):
    app.text_input[0].input(username)
    app.text_input[1].input(password)
    app.button[0].click()
    return app.run()


def test_login_with_a_wrong_password_says_so_without_saying_which_part(app_db):
    with app_db.write() as s:
        auth.create_first_admin(s, username="marie", display_name="Marie", password=PASSWORD)
    app = _login(make_app().run(), "marie", "mauvais-mot-de-passe")
    assert "Identifiant ou mot de passe incorrect." in texts(app)
    assert "Vos démarches" not in texts(app)


def test_login_then_logout(app_db):
    with app_db.write() as s:
        auth.create_first_admin(s, username="marie", display_name="Marie", password=PASSWORD)
    app = _login(make_app().run(), "marie", PASSWORD)
    assert "Vos démarches" in texts(app)
    app.sidebar.button(key="logout").click()
    app.run()
    assert app.button[0].label == "Se connecter"
    assert "Vos démarches" not in texts(app)


def test_an_unknown_session_token_shows_the_login_screen(app_db):
    app = logged_in_app(app_db)
    app.session_state["ruralites_token"] = "jeton-inconnu"
    app.run()
    assert "Votre session a expiré" in texts(app)
