"""Questionnaires in progress kept on the server (a reload or a restart loses nothing), purged
when stale, and the answers sent through a revoked or expired link held for staff to accept or
discard."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ruralites import auth, campaigns
from ruralites.access import AccessDenied
from ruralites.auth import SYSTEM
from ruralites.fr import utcnow
from ruralites.listening import drafts, kiosk
from ruralites.listening.drafts import DraftError
from ruralites.listening.responses import Submission
from ruralites.models import Answer, KioskDraft, Response, Volunteer
from ruralites.surveys import InvalidAnswers
from ruralites.surveys import store as survey_store

SURVEY = survey_store.load("ecoute-habitants")
MINIMAL = {"age": "60-74", "lieu_vie": "bourg", "besoins": ["cafe"], "participer": False}
WITH_CONTACT = {**MINIMAL, "consentement": True, "nom": "Jeanne Le Bihan"}
PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def link(db):
    """A questionnaire link of Trémel, validated by its council: (participation id, link id)."""
    with db.write() as s:
        campaign = campaigns.create_campaign(s, name="Test", poles=[])
        p = campaigns.add_commune(s, campaign, "22366", invited_on=date(2019, 1, 7))
        campaigns.record_answer(s, p, volunteers=True)
        campaigns.record_decision(s, p, session_date=date(2019, 2, 22), number="1",
                                  votes_for=9, votes_against=0, abstentions=0)
        token = kiosk.create_link(s, SYSTEM, participation_id=p.id, survey_slug="ecoute-habitants")
        context = kiosk.resolve(s, token)
    return context


def _save(db, link, form_id, answers, *, section=1, now=None):
    drafts.save(db, form_id=form_id, link_id=link.link_id,
                survey_version_id=link.survey_version_id, channel="tablet", section=section,
                language="fr", answers=answers, now=now)


def _submission(link, form_id, answers=MINIMAL):
    return Submission(response_id=form_id, participation_id=link.participation_id, survey=SURVEY,
                      answers=answers, channel="tablet")


def _count(db, model):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _revoke(db, link):
    with db.write() as s:
        kiosk.revoke(s, SYSTEM, link.link_id)


def test_a_draft_comes_back_with_its_section_and_answers_on_its_own_link_only(db, link):
    form_id = uuid.uuid4()
    _save(db, link, form_id, {"age": "60-74"}, section=0)
    _save(db, link, form_id, {"age": "60-74", "aime": "Le calme"}, section=2)  # replaced
    kept = drafts.restore(db, form_id, link.link_id)
    assert (kept.section, kept.answers) == (2, {"age": "60-74", "aime": "Le calme"})
    assert drafts.restore(db, form_id, link.link_id + 1) is None  # another link finds nothing
    assert drafts.restore(db, uuid.uuid4(), link.link_id) is None  # nor a guessed id


def test_sending_the_form_stores_it_once_and_deletes_its_draft_with_the_contact_typed(db, link):
    form_id = uuid.uuid4()
    _save(db, link, form_id, WITH_CONTACT)
    assert drafts.submit(db, link.link_id, _submission(link, form_id, WITH_CONTACT)) == drafts.STORED
    assert drafts.submit(db, link.link_id, _submission(link, form_id, WITH_CONTACT)) == drafts.STORED
    assert (_count(db, Response), _count(db, Volunteer), _count(db, KioskDraft)) == (1, 1, 0)
    _save(db, link, form_id, WITH_CONTACT)  # a late rerun of the sent form keeps nothing
    assert _count(db, KioskDraft) == 0


def test_a_reset_form_leaves_nothing_behind(db, link):
    form_id = uuid.uuid4()
    _save(db, link, form_id, WITH_CONTACT)
    drafts.discard(db, form_id)
    assert _count(db, KioskDraft) == 0 and drafts.restore(db, form_id, link.link_id) is None


def test_drafts_untouched_for_a_day_are_purged_when_a_new_one_starts(db, link):
    now = utcnow()
    old, recent = uuid.uuid4(), uuid.uuid4()
    _save(db, link, old, WITH_CONTACT, now=now - timedelta(hours=25))
    _save(db, link, recent, MINIMAL, now=now - timedelta(hours=23))
    assert drafts.restore(db, old, link.link_id, now=now) is None  # stale: not offered back
    _save(db, link, uuid.uuid4(), MINIMAL, now=now)
    with db.read() as s:
        left = set(s.scalars(select(KioskDraft.id)))
    assert old not in left and recent in left


def test_answers_sent_through_a_revoked_link_are_held_not_stored_nor_purged(db, link):
    form_id = uuid.uuid4()
    _save(db, link, form_id, MINIMAL)
    _revoke(db, link)
    assert drafts.submit(db, link.link_id, _submission(link, form_id)) == drafts.HELD
    assert _count(db, Response) == 0
    with db.write() as s:
        assert drafts.purge_stale(s, now=utcnow() + timedelta(days=30)) == 0
    [held] = drafts.held_for(db, SYSTEM, link.participation_id)
    assert (held.id, held.answered, held.link_closed) == (form_id, 4, "désactivé")


def test_incomplete_answers_are_refused_before_being_held(db, link):
    _revoke(db, link)
    with pytest.raises(InvalidAnswers):
        drafts.submit(db, link.link_id, _submission(link, uuid.uuid4(), {"age": "60-74"}))
    assert _count(db, KioskDraft) == 0


def test_accepting_held_answers_makes_them_a_response_once(db, link):
    form_id = uuid.uuid4()
    _revoke(db, link)
    drafts.submit(db, link.link_id, _submission(link, form_id, WITH_CONTACT))
    drafts.accept(db, SYSTEM, form_id)
    with db.read() as s:
        stored = dict(s.execute(select(Answer.question_id, Answer.value)
                                .where(Answer.response_id == form_id)).all())
    assert stored["age"] == "60-74" and "nom" not in stored  # the contact kept apart
    assert (_count(db, Response), _count(db, Volunteer), _count(db, KioskDraft)) == (1, 1, 0)
    with pytest.raises(DraftError, match="déjà été acceptées ou écartées"):
        drafts.accept(db, SYSTEM, form_id)


def test_discarding_held_answers_deletes_them(db, link):
    form_id = uuid.uuid4()
    _revoke(db, link)
    drafts.submit(db, link.link_id, _submission(link, form_id, WITH_CONTACT))
    drafts.discard_held(db, SYSTEM, form_id)
    assert (_count(db, Response), _count(db, Volunteer), _count(db, KioskDraft)) == (0, 0, 0)


def test_a_draft_in_progress_is_held_after_a_reload_on_a_closed_link_if_anything_was_answered(
        db, link):
    answered, empty = uuid.uuid4(), uuid.uuid4()
    _save(db, link, answered, {"age": "60-74", "aime": ""}, section=1)
    _save(db, link, empty, {"age": None, "aime": ""}, section=0)
    _revoke(db, link)
    assert drafts.hold_in_progress(db, answered, link.link_id)
    assert not drafts.hold_in_progress(db, empty, link.link_id)
    assert not drafts.hold_in_progress(db, uuid.uuid4(), link.link_id)
    [held] = drafts.held_for(db, SYSTEM, link.participation_id)
    assert held.id == answered
    with pytest.raises(DraftError, match="incomplètes"):  # required questions unanswered
        drafts.accept(db, SYSTEM, answered)


def test_an_expired_link_holds_too(db, link):
    with db.write() as s:
        s.get(kiosk.KioskLink, link.link_id).expires_at = utcnow() - timedelta(minutes=1)
    assert drafts.submit(db, link.link_id, _submission(link, uuid.uuid4())) == drafts.HELD
    [held] = drafts.held_for(db, SYSTEM, link.participation_id)
    assert held.link_closed == "expiré"


def test_only_staff_of_the_commune_see_and_decide_held_answers(db, link):
    form_id = uuid.uuid4()
    _revoke(db, link)
    drafts.submit(db, link.link_id, _submission(link, form_id))
    with db.write() as s:
        auth.create_user(s, username="maire", display_name="Maire", password=PASSWORD,
                         role="mayor", commune_codes=["22366"])
    mayor = auth.login(db, "maire", PASSWORD).viewer
    for action in (lambda: drafts.held_for(db, mayor, link.participation_id),
                   lambda: drafts.accept(db, mayor, form_id),
                   lambda: drafts.discard_held(db, mayor, form_id)):
        with pytest.raises(AccessDenied):
            action()
    assert _count(db, KioskDraft) == 1
