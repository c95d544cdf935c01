"""The guide page: staff's texts are saved as they type and come back after a reload."""

from ruralites import demo, guide
from ruralites.auth import SYSTEM
from tests.pages.conftest import logged_in_app, page_app, texts

SLUG = "ruralites-en-tregor"


def test_a_section_typed_by_staff_is_saved_and_back_after_a_reload(app_db):
    demo.load(app_db)
    app = logged_in_app(app_db, role="staff", username="anim")
    app.run()
    token = app.session_state["ruralites_token"]
    page = page_app("pages.guide.render", token).run()
    assert "Guide de capitalisation" in texts(page)
    [advice] = [t for t in page.text_area if t.label == "Conseils à un pôle qui démarre"]
    advice.input("Commencer tôt & <b>écouter</b> 👍").run()
    with app_db.read() as s:
        assert guide.sections(s, SYSTEM, SLUG)["advice"] == "Commencer tôt & <b>écouter</b> 👍"
    again = page_app("pages.guide.render", token).run()  # a reload: a new session
    [advice] = [t for t in again.text_area if t.label == "Conseils à un pôle qui démarre"]
    assert advice.value == "Commencer tôt & <b>écouter</b> 👍"
    assert any("Brouillon enregistré le" in c.value for c in again.caption)


def test_staff_build_the_guide_on_the_page_and_see_its_pages(app_db):
    demo.load(app_db)
    app = logged_in_app(app_db, role="staff", username="anim")
    app.run()
    page = page_app("pages.guide.render", app.session_state["ruralites_token"])
    page.default_timeout = 120
    page.run()
    [communes] = [m for m in page.multiselect if m.label == "Communes"]
    communes.set_value(["22366"]).run()
    [build] = [b for b in page.button if b.label == "Construire le guide"]
    build.click().run()
    assert not page.exception and "Guide prêt." in texts(page)
    assert [d.proto.label for d in page.get("download_button")] == ["Télécharger le guide (PDF)"]
    def walk(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    kinds = [getattr(n, "type", "") for n in walk(page._tree)]
    assert "Aperçu" in texts(page)
    assert kinds.count("image") == 4, str(sorted(set(kinds)))  # the pages as images
