"""The Données personnelles page (AppTest): the group of a commune listed and exported with
its notice, a person exported and erased, the audit log for administrators only."""

from ruralites.models import Volunteer
from ruralites.ui.widgets import md
from tests.pages.conftest import page_app, texts
from tests.pages.test_campaign_pages import token


def _tabs(app) -> list[str]:
    return [t.label for t in app.tabs]


def test_staff_list_and_export_the_group_but_do_not_see_the_audit_log(demo_db):
    from sqlalchemy import select

    app = page_app("pages.privacy.render", token(demo_db)).run()
    assert not app.exception
    assert _tabs(app) == ["Habitants intéressés", "Une personne", "Conservation",
                          "Registre des traitements"]
    assert "Groupe d'habitant·es intéressé·es" in [e.label for e in app.expander]
    with demo_db.read() as s:
        pid = app.selectbox[0].value
        names = set(s.scalars(select(Volunteer.name).where(Volunteer.participation_id == pid)))
    shown = texts(app)
    assert "jamais reliées aux réponses" in shown
    assert any(md(name) in shown for name in names if name)
    app.button(key="privacy_group_export").click().run()
    assert not app.exception and not app.error
    assert "Durée de conservation : 12 mois" in str([t.value for t in app.text])


def test_an_admin_reads_the_audit_log_after_an_erasure(demo_db):
    app = page_app("pages.privacy.render", token(demo_db, role="admin", username="admin")).run()
    assert _tabs(app)[-1] == "Journal des actions"
    app.text_input(key="privacy_contact").input("personne@example.fr").run()
    app.checkbox(key="privacy_confirm").check().run()
    app.button(key="privacy_erase").click().run()
    assert "0 inscription au groupe supprimée(s)" in texts(app)
    app.run()
    log = app.table[-1].value
    assert list(log["Action"])[0] == md("Effacement des données d'une personne")  # newest first
    assert "example" not in log.to_string()  # the log holds counts, never the contact


def test_a_mayor_is_refused(demo_db):
    app = page_app("pages.privacy.render",
                   token(demo_db, role="mayor", username="maire", communes=["22366"])).run()
    assert "Données personnelles" not in [t.value for t in app.title]
