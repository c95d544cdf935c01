"""The accounts page (administrators)."""

from ruralites import auth
from tests.pages.conftest import logged_in_app, page_app, texts


def _users_page(db):
    admin = logged_in_app(db)
    return page_app("pages.users.render", admin.session_state["ruralites_token"]).run()


def _create(page, name, username, role, communes, password):
    page.text_input[0].input(name)
    page.text_input[1].input(username)
    page.selectbox[0].select(role)
    page.text_input[2].input(communes)
    page.text_input[3].input(password)
    page.button[0].click()
    return page.run()


def test_admin_creates_a_mayor_account_for_a_commune(app_db):
    page = _create(_users_page(app_db), "Maire de Trémel", "maire.tremel", "mayor", "22366",
                   "un-mot-de-passe-solide")
    assert "Trémel" in texts(page)
    with app_db.read() as s:
        assert [(u.username, [c.code_insee for c in u.communes]) for u in auth.list_users(s)
                if u.role == "mayor"] == [("maire.tremel", ["22366"])]


def test_an_unknown_commune_code_is_refused_in_french(app_db):
    page = _create(_users_page(app_db), "Maire", "maire.x", "mayor", "99999", "un-mot-de-passe-solide")
    assert "Code commune inconnu : « 99999 »" in texts(page)
