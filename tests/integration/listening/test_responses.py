"""Storing questionnaire answers: idempotent, durable, gated by the phase, contact kept apart."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import campaigns, phases
from ruralites.listening import responses
from ruralites.listening.responses import DuplicateSheetError, Submission
from ruralites.models import Answer, Idea, Participation, Response, SurveyVersion, Volunteer
from ruralites.surveys import InvalidAnswers, parse_survey
from ruralites.surveys import store as survey_store

SURVEY = survey_store.load("ecoute-habitants")
MINIMAL = {"age": "60-74", "lieu_vie": "bourg", "besoins": ["cafe"], "participer": False}


def _participation(db, *, validated=True) -> int:
    with db.write() as s:
        campaign = campaigns.create_campaign(s, name="Test", poles=[])
        p = campaigns.add_commune(s, campaign, "22366", invited_on=date(2019, 1, 7))
        if validated:
            campaigns.record_answer(s, p, volunteers=True)
            campaigns.record_decision(s, p, session_date=date(2019, 2, 22), number="1",
                                      votes_for=9, votes_against=0, abstentions=0)
        return p.id


def _submit(db, pid, answers=None, **kw):
    args = dict(response_id=uuid.uuid4(), participation_id=pid, survey=SURVEY,
                answers=answers or MINIMAL, channel="tablet")
    args.update(kw)
    return responses.submit(db, Submission(**args))


def _count(db, model, **where):
    with db.read() as s:
        stmt = select(func.count()).select_from(model)
        for k, v in where.items():
            stmt = stmt.where(getattr(model, k) == v)
        return s.scalar(stmt)


def test_the_first_response_moves_a_validated_commune_to_listening(db):
    pid = _participation(db)
    assert _submit(db, pid).created
    with db.read() as s:
        assert s.get(Participation, pid).phase == "listening"
        assert [t.to_phase for t in s.get(Participation, pid).transitions][-1] == "listening"


def test_answers_are_refused_before_the_council_validated(db):
    pid = _participation(db, validated=False)
    with pytest.raises(phases.PhaseGateError, match="délibération favorable"):
        _submit(db, pid)
    assert _count(db, Response) == 0


def test_the_same_form_sent_twice_is_stored_once(db):
    pid = _participation(db)
    form = uuid.uuid4()
    assert _submit(db, pid, response_id=form).created
    assert not _submit(db, pid, response_id=form).created
    assert _count(db, Response) == 1 and _count(db, Answer) == len(MINIMAL)


def test_a_double_tap_from_two_threads_at_once_stores_one_response(db):
    pid = _participation(db)
    form = uuid.uuid4()
    results = []
    threads = [threading.Thread(target=lambda: results.append(_submit(db, pid, response_id=form)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.created for r in results) == [False] * 7 + [True]
    assert _count(db, Response) == 1


def test_an_invalid_response_stores_nothing_and_says_what_to_fix(db):
    pid = _participation(db)
    with pytest.raises(InvalidAnswers) as caught:
        _submit(db, pid, answers={"age": "60-74", "isolement": "beaucoup"})
    assert caught.value.errors["lieu_vie"] == "Merci de répondre à cette question."
    assert "isolement" in caught.value.errors
    assert _count(db, Response) == 0 and _count(db, Answer) == 0


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",  # never interpreted
        "=HYPERLINK(\"http://exemple.fr\", \"clic\")",  # neutralised only in exports
        "Un café 😀 pour tous, 🎲 et ☕",
        "Ponts&Chaussées <b>gras",
    ],
)
def test_free_text_is_stored_verbatim_and_feeds_the_ideas(db, text):
    pid = _participation(db)
    stored = _submit(db, pid, answers={**MINIMAL, "idee": text})
    with db.read() as s:
        value = s.scalar(select(Answer.value).where(Answer.response_id == stored.id,
                                                    Answer.question_id == "idee"))
        idea = s.scalar(select(Idea.text).where(Idea.response_id == stored.id))
    assert value == text == idea


def test_nul_bytes_are_removed_and_overlong_text_refused_with_a_message(db):
    pid = _participation(db)
    stored = _submit(db, pid, answers={**MINIMAL, "aime": "le\x00 calme"})
    with db.read() as s:
        assert s.scalar(select(Answer.value).where(Answer.response_id == stored.id,
                                                   Answer.question_id == "aime")) == "le calme"
    with pytest.raises(InvalidAnswers) as caught:
        _submit(db, pid, answers={**MINIMAL, "idee": "x" * 10_000})
    assert "caractères" in caught.value.errors["idee"]


def test_contact_details_are_stored_apart_from_the_answers(db):
    pid = _participation(db)
    stored = _submit(db, pid, answers={**MINIMAL, "consentement": True, "nom": "Jeanne Le Bihan",
                                       "email": "jeanne@example.fr"})
    with db.read() as s:
        answer_ids = set(s.scalars(select(Answer.question_id).where(Answer.response_id == stored.id)))
        volunteer = s.scalars(select(Volunteer)).one()
        response = s.get(Response, stored.id)
    assert {"nom", "email", "consentement"}.isdisjoint(answer_ids)
    assert (volunteer.name, volunteer.email, volunteer.participation_id) == ("Jeanne Le Bihan", "jeanne@example.fr", pid)
    # what the person read before giving their contact: the section's explanation, then the
    # question they said yes to; versioned by the questionnaire's content
    assert volunteer.consent_text == (
        "Rangées à part de vos réponses, vos coordonnées servent seulement à vous inviter. Vous "
        "pouvez demander qu'on les efface. Pouvons-nous garder vos coordonnées pour vous inviter ?")
    assert volunteer.consent_version == f"questionnaire-{SURVEY.content_hash[:16]}"
    # Nothing links the contact to the response: the month only, no channel, no consent flag.
    assert volunteer.consent_at == volunteer.created_at == response.submitted_at.replace(
        day=1, hour=0, minute=0, second=0, microsecond=0)
    assert volunteer.source == "questionnaire" and not hasattr(response, "consent")


def test_contact_details_without_consent_are_not_kept(db):
    pid = _participation(db)
    _submit(db, pid, answers={**MINIMAL, "consentement": False, "nom": "Jeanne"})
    assert _count(db, Volunteer) == 0


def test_the_same_paper_sheet_is_refused_the_second_time(db):
    pid = _participation(db)
    _submit(db, pid, channel="paper", sheet_code="22366-0001-K")
    with pytest.raises(DuplicateSheetError, match="22366-0001-K.*déjà été saisie"):
        _submit(db, pid, channel="paper", sheet_code="22366-0001-K")
    assert _count(db, Response, channel="paper") == 1


def test_each_response_records_the_exact_version_and_an_edit_makes_a_new_one(db):
    pid = _participation(db)
    first = _submit(db, pid)
    edited = parse_survey(SURVEY.definition.replace("Quel âge avez-vous ?", "Votre âge ?"))
    assert edited.content_hash != SURVEY.content_hash
    second = _submit(db, pid, survey=edited)
    with db.read() as s:
        versions = {s.get(Response, r.id).survey_version_id for r in (first, second)}
        assert len(versions) == 2
        hashes = set(s.scalars(select(SurveyVersion.content_hash)))
        assert hashes == {SURVEY.content_hash, edited.content_hash}
        old = survey_store.stored_version(s, s.get(Response, first.id).survey_version_id)
    assert old.question("age").label() == "Quel âge avez-vous ?"  # old answers keep their version


def test_one_refused_response_in_a_busy_batch_costs_the_others_nothing(db):
    pid = _participation(db)
    _submit(db, pid, channel="paper", sheet_code="22366-0009-A")
    outcomes = []

    def send(i):
        try:
            sheet = "22366-0009-A" if i == 0 else None
            outcomes.append(_submit(db, pid, channel="paper" if i == 0 else "tablet", sheet_code=sheet))
        except DuplicateSheetError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(o, DuplicateSheetError) for o in outcomes) == 1
    assert _count(db, Response) == 1 + 19
