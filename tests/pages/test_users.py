"""The accounts page (administrators): create, attach to a pôle or communes, reset a password,
deactivate, and never lose the last administrator."""

from ruralites import auth, communes
from ruralites.ui.widgets import md
from tests.pages.conftest import PASSWORD, logged_in_app, page_app, texts


def _users_page(db):
    admin = logged_in_app(db)
    return page_app("pages.users.render", admin.session_state["ruralites_token"]).run()


def _field(page, kind, label):
    return next(w for w in getattr(page, kind) if w.label == label)


def _button(page, label):
    return next(b for b in [*page.button, *page.get("form_submit_button")] if b.label == label)


def _create(page, name, username, role, communes_text, password):
    _field(page, "selectbox", "Rôle").select(role)
    page = page.run()
    _field(page, "text_input", "Nom affiché").input(name)
    _field(page, "text_input", "Identifiant").input(username)
    if communes_text is not None:
        _field(page, "text_input", "Commune(s) de l'élu·e").input(communes_text)
    _field(page, "text_input", "Mot de passe provisoire").input(password)
    _button(page, "Créer le compte").click()
    return page.run()


def test_admin_creates_a_mayor_account_for_a_commune(app_db):
    page = _create(_users_page(app_db), "Maire de Trémel", "maire.tremel", "mayor", "22366",
                   "un-mot-de-passe-solide")
    assert "Trémel" in texts(page)
    with app_db.read() as s:
        assert [(u.username, [c.code_insee for c in u.communes]) for u in auth.list_users(s)
                if u.role == "mayor"] == [("maire.tremel", ["22366"])]


def test_the_commune_field_is_offered_only_for_a_mayor(app_db):
    page = _users_page(app_db)
    for role, offered in (("staff", False), ("admin", False), ("mayor", True)):
        _field(page, "selectbox", "Rôle").select(role)
        page = page.run()
        labels = [w.label for w in page.text_input]
        assert ("Commune(s) de l'élu·e" in labels) is offered, role
        assert any(w.label == "Pôle" for w in page.selectbox) is (role == "staff"), role


def test_an_unknown_commune_code_is_refused_in_french(app_db):
    page = _create(_users_page(app_db), "Maire", "maire.x", "mayor", "99999", "un-mot-de-passe-solide")
    assert "Code commune inconnu : « 99999 »" in texts(page)


def test_a_staff_member_is_attached_to_a_pole_from_the_page(app_db):
    with app_db.write() as s:
        pole = communes.ensure_pole(s, "adess", "ADESS Trégor")
        s.flush()
        anim = auth.create_user(s, username="anim", display_name="Anim", password=PASSWORD,
                                role="staff").id
    page = _users_page(app_db)
    _field(page, "selectbox", "Compte").set_value(anim)
    page = page.run()
    [w for w in page.selectbox if w.label == "Pôle"][-1].set_value(pole.id)
    _button(page, "Rattacher à ce pôle").click()
    page = page.run()
    assert "Pôle enregistré." in texts(page)
    with app_db.read() as s:
        assert next(u for u in auth.list_users(s) if u.username == "anim").pole_id == pole.id


def test_the_last_administrator_cannot_be_deactivated_from_the_page(app_db):
    page = _users_page(app_db)  # one account: the administrator herself
    _button(page, "Désactiver ce compte").click()
    page = page.run()
    assert "C'est le dernier compte administrateur actif" in texts(page)
    with app_db.read() as s:
        assert all(u.is_active for u in auth.list_users(s))


def test_user_text_in_the_table_is_shown_as_text(app_db):
    name = "**Gras** [lien](http://x.example)"
    with app_db.write() as s:
        auth.create_user(s, username="anim", display_name=name, password=PASSWORD, role="staff")
    page = _users_page(app_db)
    table = str(page.table[0].value)
    # Escaped, and the address broken by a word joiner so that no autolink is made of it.
    assert "\\*\\*Gras\\*\\* \\[lien\\](http\\:\u2060//x.example)" in table
    assert md(name) in table and "**Gras**" not in table
