"""The staff pages of the listening phase: collection links and paper data entry."""

import uuid

from sqlalchemy import func, select

from ruralites.auth import SYSTEM
from ruralites.listening import drafts, kiosk
from ruralites.listening.responses import Submission
from ruralites.models import Response
from ruralites.surveys import store as survey_store
from ruralites.surveys.sheets import sheet_codes
from tests.pages.conftest import logged_in_app, page_app, texts


def _staff_page(db, path, username="anim"):
    staff = logged_in_app(db, role="staff", username=username)
    return page_app(path, staff.session_state["ruralites_token"])


def test_collect_page_creates_a_tablet_link_with_its_qr_code(demo_db):
    page = _staff_page(demo_db, "pages.collect.render").run()
    assert "Recueillir les réponses" in texts(page)
    page.text_input[0].input("2468")
    [create] = [b for b in page.button if b.label == "Créer le lien"]
    create.click()
    page.run()
    shown = texts(page)
    assert "Lien créé." in shown
    assert any("mode=tablette" in c.value for c in page.code)
    assert "actif" in shown


def test_collect_page_refuses_a_pin_that_is_not_digits(demo_db):
    page = _staff_page(demo_db, "pages.collect.render").run()
    page.text_input[0].input("abcd")
    [create] = [b for b in page.button if b.label == "Créer le lien"]
    create.click()
    page.run()
    assert "Le code PIN doit compter de 4 à 8 chiffres." in texts(page)


def _paper_count(db):
    with db.read() as s:
        return s.scalar(select(func.count(Response.id)).where(Response.channel == "paper"))


def _fill_sheet(page, sheet):
    page.text_input(key=next(k for k in _keys(page) if k.endswith(":sheet"))).input(sheet)
    page.radio(key=next(k for k in _keys(page) if k.endswith(":age"))).set_value("60-74")
    page.radio(key=next(k for k in _keys(page) if k.endswith(":lieu_vie"))).set_value("bourg")
    page.checkbox(key=next(k for k in _keys(page) if k.endswith(":besoins:cafe"))).check()
    page.radio(key=next(k for k in _keys(page) if k.endswith(":participer"))).set_value("Non")
    [save] = [b for b in page.button if b.label == "Enregistrer la feuille"]
    save.click()
    return page.run()


def _keys(page):
    return [w.key for w in [*page.text_input, *page.radio, *page.checkbox] if w.key]


def test_a_paper_sheet_is_typed_in_once_and_refused_the_second_time(demo_db):
    before = _paper_count(demo_db)
    plounerin = sheet_codes("22227", 500, 1)[0].lower().replace("-", " ")  # typed carelessly
    page = _fill_sheet(_staff_page(demo_db, "pages.paper_entry.render").run(), plounerin)
    # the first commune in the picker is Botsorhel (29014): a Plounérin code is refused
    assert "appartient à la commune 22227" in texts(page)
    page = _fill_sheet(_staff_page(demo_db, "pages.paper_entry.render", "anim2").run(), "77")
    assert "Feuille 77 enregistrée." in texts(page)
    assert _paper_count(demo_db) == before + 1
    page = _fill_sheet(page, "77")
    assert "déjà été saisie" in texts(page)
    assert _paper_count(demo_db) == before + 1


def test_a_paper_sheet_with_a_missing_required_answer_is_not_stored(demo_db):
    before = _paper_count(demo_db)
    page = _staff_page(demo_db, "pages.paper_entry.render").run()
    page.text_input(key=next(k for k in _keys(page) if k.endswith(":sheet"))).input("12")
    [save] = [b for b in page.button if b.label == "Enregistrer la feuille"]
    save.click()
    page.run()
    assert "Merci de répondre à cette question." in texts(page)
    assert _paper_count(demo_db) == before


def test_the_first_sheet_number_continues_from_the_last_printing(demo_db):
    """The demo already entered printed sheets: the page proposes the number after the highest
    one, and after a printing, the number after that printing."""
    page = _staff_page(demo_db, "pages.collect.render").run()
    [first] = [n for n in page.number_input if n.label == "Numéro de la première feuille"]
    start = first.value
    assert start > 1
    [copies] = [n for n in page.number_input if n.label == "Nombre d'exemplaires"]
    copies.set_value(20)
    [make] = [b for b in page.button if b.label == "Préparer le PDF"]
    make.click()
    page.run()
    [download] = page.get("download_button")
    assert download.proto.label == f"Télécharger les feuilles n° {start} à {start + 19} (PDF)"
    again = _staff_page(demo_db, "pages.collect.render", username="anim2").run()
    [following] = [n for n in again.number_input if n.label == "Numéro de la première feuille"]
    assert following.value == start + 20


def test_a_paper_answer_typed_too_long_stays_in_its_field_and_is_refused_with_a_reason(demo_db):
    before = _paper_count(demo_db)
    page = _staff_page(demo_db, "pages.paper_entry.render").run()
    long_text = "Le calme. " * 99  # 990 characters into a 500-character field
    page.text_input(key=next(k for k in _keys(page) if k.endswith(":aime"))).input(long_text)
    page = _fill_sheet(page, "12")
    assert "Votre réponse dépasse 500 caractères (elle en compte 990)." in texts(page)
    assert page.text_input(key=next(k for k in _keys(page) if k.endswith(":aime"))).value == long_text
    assert _paper_count(demo_db) == before


def _held_answers(db, pid, count):
    """`count` questionnaires sent through a link of the commune revoked meanwhile."""
    with db.write() as s:
        token = kiosk.create_link(s, SYSTEM, participation_id=pid, survey_slug="ecoute-habitants")
        link_id = kiosk.resolve(s, token).link_id
        kiosk.revoke(s, SYSTEM, link_id)
    survey = survey_store.load("ecoute-habitants")
    answers = {"age": "60-74", "lieu_vie": "bourg", "besoins": ["cafe"], "participer": False}
    for _ in range(count):
        drafts.submit(db, link_id, Submission(response_id=uuid.uuid4(), participation_id=pid,
                                              survey=survey, answers=answers, channel="tablet"))


def test_collect_page_lists_held_answers_and_staff_accept_or_discard_them(demo_db):
    page = _staff_page(demo_db, "pages.collect.render").run()
    assert "Réponses en attente" not in texts(page)  # nothing held: nothing said
    pid = page.selectbox(key="collect_commune").value
    _held_answers(demo_db, pid, 2)
    before = _count_responses(demo_db, pid)
    page.run()
    shown = texts(page)
    assert "Réponses en attente" in shown
    assert shown.count("lien désactivé — 4 questions répondues") == 2
    [accept, _] = [b for b in page.button if b.label == "Accepter"]
    accept.click()
    page.run()
    assert "Réponses acceptées : elles sont comptées." in texts(page)
    assert _count_responses(demo_db, pid) == before + 1
    [discard] = [b for b in page.button if b.label == "Écarter"]
    discard.click()
    page.run()
    assert "Réponses écartées : elles ont été supprimées." in texts(page)
    assert "Réponses en attente" not in texts(page)
    assert _count_responses(demo_db, pid) == before + 1


def _count_responses(db, pid):
    with db.read() as s:
        return s.scalar(select(func.count(Response.id)).where(Response.participation_id == pid))
