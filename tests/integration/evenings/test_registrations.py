"""Inhabitants register for an evening through its link: consent kept, a waiting list beyond the
capacity, the same person and the same form stored once, and places given back in order."""

import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ruralites import evenings
from ruralites.errors import UserError
from ruralites.listening import kiosk
from ruralites.models import KioskLink, Registration
from tests.integration.evenings.evening_setup import NOW, clock, plan, theme_chosen  # noqa: F401


@pytest.fixture
def evening(db, clock):  # noqa: F811
    """Trémel's inspiring evening with 2 places, and its registration link."""
    tremel = theme_chosen(db)
    found = plan(db, tremel, capacity=2)
    with db.write() as s:
        token = kiosk.create_link(s, tremel.staff, participation_id=tremel.participation_id,
                                  evening_id=found.id, valid_days=30)
    return tremel, found, token


def _register(db, token, name, contact=None, *, consent=True, form_id=None, now=NOW):
    with db.write() as s:
        context = kiosk.resolve(s, token, now=now)
        return evenings.register(s, context, registration_id=form_id or uuid.uuid4(), name=name,
                                 contact=contact, consent=consent, now=now)


def _stored(db) -> list[tuple[str, bool]]:
    with db.read() as s:
        return [(r.name, r.waiting) for r in s.scalars(
            select(Registration).order_by(Registration.registered_at, Registration.id))]


def test_the_link_opens_that_one_evening_and_keeps_the_consent_given(db, evening):
    tremel, found, token = evening
    with db.read() as s:
        context = kiosk.resolve(s, token)
        shown = evenings.evening_for_link(s, context)
        link = s.scalars(select(KioskLink)).one()
    assert (context.kind, context.evening_id, shown.title) == ("registration", found.id,
                                                               "Soirée inspirante")
    assert link.evening_id == found.id and link.survey_id is None
    outcome = _register(db, token, "Jeanne Le Bihan", "02 96 00 00 00")
    assert (outcome.status, outcome.waiting, outcome.position) == ("registered", False, None)
    with db.read() as s:
        stored = s.scalars(select(Registration)).one()
    assert (stored.name, stored.contact, stored.source) == ("Jeanne Le Bihan", "02 96 00 00 00",
                                                           "link")
    assert stored.consent_text == evenings.CONSENT_TEXT
    assert stored.consent_version == evenings.CONSENT_VERSION and stored.consent_at == NOW


def test_beyond_the_capacity_people_go_on_the_waiting_list_in_order(db, evening):
    _, _, token = evening
    outcomes = [_register(db, token, name, now=NOW + timedelta(minutes=n))
                for n, name in enumerate(["Anne", "Bruno", "Chloé", "Denis"])]
    assert [(o.status, o.position) for o in outcomes] == [
        ("registered", None), ("registered", None), ("waiting", 1), ("waiting", 2)]
    assert _stored(db) == [("Anne", False), ("Bruno", False), ("Chloé", True), ("Denis", True)]


@pytest.mark.parametrize(("first", "again"), [
    # case, accents and spaces aside, the same name and the same telephone number
    (("Gwenaëlle Kerhervé", "02 96 12 34 56"), ("  gwenaelle KERHERVE ", "+33 2 96 12 34 56")),
    # the same e-mail address typed in capitals
    (("Yann Le Meur", "yann@example.org"), ("Yann Le Meur", "YANN@EXAMPLE.ORG")),
    # no contact either time
    (("Anne", None), ("anne", "")),
])
def test_the_same_person_registering_twice_is_told_and_stored_once(db, evening, first, again):
    _, _, token = evening
    assert _register(db, token, *first).status == "registered"
    outcome = _register(db, token, *again)
    assert (outcome.status, outcome.name) == ("already", first[0])
    assert len(_stored(db)) == 1


def test_a_waiting_person_registering_again_is_told_their_place_in_the_queue(db, evening):
    _, _, token = evening
    for name in ("Anne", "Bruno", "Chloé"):
        _register(db, token, name)
    again = _register(db, token, "chloe")
    assert (again.status, again.waiting, again.position) == ("already", True, 1)


def test_a_double_tap_stores_one_registration(db, evening):
    _, _, token = evening
    form = uuid.uuid4()
    first = _register(db, token, "Jeanne", form_id=form)
    second = _register(db, token, "Jeanne", form_id=form)
    assert first == second and len(_stored(db)) == 1


@pytest.mark.parametrize(("name", "contact", "consent", "message"), [
    ("Jeanne", None, False, "^Pour vous inscrire, cochez la case"),
    ("   ", None, True, "^Indiquez votre prénom et votre nom"),
    ("Jeanne", "02 96", True, "^« 02 96 » n'est ni un numéro de téléphone"),
    ("Jeanne", "jeanne@", True, "^Adresse e-mail incomplète"),
    ("x" * 100_000, None, True, r"^Nom : 200 caractères au plus \(100\u202f000 saisis\)"),
])
def test_a_registration_that_cannot_be_kept_says_why_and_stores_nothing(
        db, evening, name, contact, consent, message):
    _, _, token = evening
    with pytest.raises(UserError, match=message):
        _register(db, token, name, contact, consent=consent)
    assert _stored(db) == []


def test_names_with_html_and_emoji_are_stored_as_typed(db, evening):
    _, _, token = evening
    _register(db, token, "<b>Zoé</b> & Léo 🎉")
    assert _stored(db) == [("<b>Zoé</b> & Léo 🎉", False)]


def test_registrations_close_when_the_evening_has_started(db, evening):
    _, found, token = evening
    with pytest.raises(UserError, match="^Les inscriptions sont closes : la soirée a commencé "
                                        "jeudi 12 mars 2026 à 20\u00a0h"):
        _register(db, token, "Retardataire", now=found.starts_at + timedelta(minutes=5))


def test_a_revoked_link_registers_nobody(db, evening):
    tremel, _, token = evening
    with db.write() as s:
        link_id = s.scalar(select(KioskLink.id))
        kiosk.revoke(s, tremel.staff, link_id)
    with pytest.raises(UserError, match="désactivé"):
        _register(db, token, "Jeanne")
    assert _stored(db) == []


def test_removing_a_registration_gives_its_place_to_the_first_waiting(db, evening):
    tremel, found, token = evening
    for n, name in enumerate(["Anne", "Bruno", "Chloé", "Denis"]):
        _register(db, token, name, now=NOW + timedelta(minutes=n))
    with db.read() as s:
        anne = next(r for r in evenings.registrations_for(s, tremel.staff, found.id)
                    if r.name == "Anne")
    with db.write() as s:
        promoted = evenings.remove_registration(s, tremel.staff, anne.id)
    assert promoted == ["Chloé"]
    with db.read() as s:
        rows = evenings.registrations_for(s, tremel.staff, found.id)
    assert [(r.name, r.waiting, r.position) for r in rows] == [
        ("Bruno", False, None), ("Chloé", False, None), ("Denis", True, 1)]


def test_only_staff_of_the_campaign_read_the_registrations(db, evening):
    tremel, found, token = evening
    _register(db, token, "Jeanne", "jeanne@example.org")
    for viewer in (tremel.mayor, tremel.other_staff):
        with pytest.raises(UserError), db.read() as s:
            evenings.registrations_for(s, viewer, found.id)


def test_people_registering_at_once_never_take_more_places_than_there_are(db, evening):
    _, found, token = evening
    errors = []

    def one(n: int) -> None:
        try:
            _register(db, token, f"Personne {n}")
        except Exception as exc:  # noqa: BLE001 — collected, then asserted empty
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as s:
        placed = s.scalar(select(func.count()).select_from(Registration).where(
            Registration.waiting.is_(False)))
        waiting = s.scalar(select(func.count()).select_from(Registration).where(
            Registration.waiting.is_(True)))
    assert (placed, waiting) == (found.capacity, 6)
