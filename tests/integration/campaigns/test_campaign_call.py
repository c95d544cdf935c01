"""Adding communes from the official list and recording the call: answers, contact élus."""

from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import campaigns, communes
from ruralites.auth import SYSTEM
from ruralites.campaigns import CallDetails, CampaignError, commune_files
from ruralites.communes import UnknownCommuneError
from ruralites.models import Campaign, Participation

TODAY = date(2019, 3, 1)
LANNION_TREGOR = "200065928"


@pytest.fixture
def campaign_id(db):
    with db.write() as s:
        pole = communes.ensure_pole(s, "adess", "ADESS")
        return campaigns.create_campaign(s, name="Ruralités test", poles=[pole]).id


def _add(db, campaign_id, code="22366", invited_on=date(2019, 1, 7)):
    with db.write() as s:
        return campaigns.add_commune(s, s.get(Campaign, campaign_id), code, invited_on=invited_on,
                                     today=TODAY).id


def _call(db, pid, answer="pending", answered_on=None, **details):
    with db.write() as s:
        return campaigns.record_call(s, s.get(Participation, pid), CallDetails(**details), answer=answer,
                                     answered_on=answered_on, today=TODAY)


def _file(db, pid):
    with db.read() as s:
        (f,) = commune_files(s, SYSTEM, participation_id=pid)
    return f


def test_every_commune_of_an_epci_under_2000_inhabitants_is_added_once(db, campaign_id):
    _add(db, campaign_id, "22366")  # Trémel is already in
    small = communes.by_epci(LANNION_TREGOR, 1999)
    with db.write() as s:
        done = campaigns.add_communes(s, s.get(Campaign, campaign_id), [c.code_insee for c in small],
                                      invited_on=date(2019, 1, 7), today=TODAY)
    assert done.already == ["Trémel"]
    assert len(done.added) == len(small) - 1 and "Plufur" in done.added
    with db.read() as s:
        assert s.scalar(select(func.count(Participation.id))) == len(small)
    assert "Lannion" not in done.added  # 20,000 inhabitants: above the threshold


def test_an_unknown_code_in_a_batch_adds_nothing(db, campaign_id):
    with pytest.raises(UnknownCommuneError, match="99999"), db.write() as s:
        campaigns.add_communes(s, s.get(Campaign, campaign_id), ["22366", "99999"])
    with db.read() as s:
        assert s.scalar(select(func.count(Participation.id))) == 0


def test_an_invitation_in_the_future_is_refused(db, campaign_id):
    with pytest.raises(CampaignError, match="La date d'invitation \\(02/03/2019\\) est dans le futur"):
        _add(db, campaign_id, invited_on=date(2019, 3, 2))


def test_the_commune_is_invited_from_the_day_of_the_invitation(db, campaign_id):
    f = _file(db, _add(db, campaign_id, invited_on=date(2019, 1, 7)))
    assert (f.phase, f.since.date(), f.answer) == ("invited", date(2019, 1, 7), "Pas encore de réponse")


def test_the_call_keeps_the_contact_elu_and_the_answer_moves_the_commune(db, campaign_id):
    pid = _add(db, campaign_id)
    step = _call(db, pid, "volunteers", date(2019, 1, 28), invited_on=date(2019, 1, 7),
                 contact_name="Hervé Guillou", contact_role="Adjoint", contact_email="mairie@tremel.example",
                 contact_phone="02 61 91 00 13", notes="Très motivé")
    assert step.to_phase == "volunteered"
    f = _file(db, pid)
    assert (f.contact_name, f.contact_role, f.contact_email, f.contact_phone, f.notes) == (
        "Hervé Guillou", "Adjoint", "mairie@tremel.example", "02 61 91 00 13", "Très motivé")
    assert (f.phase, f.answer, f.answered_on) == ("volunteered", "Volontaire", date(2019, 1, 28))
    assert f.timeline[-1].reason == "La commune se porte volontaire"


def test_no_answer_yet_changes_only_the_details(db, campaign_id):
    pid = _add(db, campaign_id)
    assert _call(db, pid, "pending", contact_name="Anne", invited_on=date(2019, 1, 10)) is None
    f = _file(db, pid)
    assert (f.phase, f.contact_name, f.invited_on, f.since.date()) == ("invited", "Anne", date(2019, 1, 10),
                                                                        date(2019, 1, 10))


def test_a_commune_that_declines_leaves_the_campaign(db, campaign_id):
    pid = _add(db, campaign_id)
    _call(db, pid, "declines", date(2019, 1, 20), invited_on=date(2019, 1, 7))
    f = _file(db, pid)
    assert (f.phase, f.answer, f.next_step) == ("declined", "Décline", "Aucune (la commune ne participe pas)")


@pytest.mark.parametrize(
    ("answered_on", "details", "message"),
    [
        (date(2019, 3, 2), {}, "La date de la réponse \\(02/03/2019\\) est dans le futur"),
        (date(2019, 1, 6), {"invited_on": date(2019, 1, 7)}, "précède l'invitation"),
        (date(2019, 1, 20), {"invited_on": date(2019, 3, 5)}, "La date d'invitation .* dans le futur"),
        (date(2019, 1, 20), {"contact_email": "mairie-tremel.fr"}, "Adresse électronique invalide"),
        (date(2019, 1, 20), {"contact_phone": "0" * 51}, "Téléphone : 50 caractères au plus"),
    ],
)
def test_a_call_that_does_not_add_up_is_refused_and_nothing_changes(db, campaign_id, answered_on, details, message):
    pid = _add(db, campaign_id)
    details.setdefault("invited_on", date(2019, 1, 7))
    with pytest.raises(CampaignError, match=message):
        _call(db, pid, "volunteers", answered_on, contact_name="Anne", **details)
    f = _file(db, pid)
    assert (f.phase, f.contact_name) == ("invited", None)


def test_the_answer_is_recorded_once(db, campaign_id):
    pid = _add(db, campaign_id)
    _call(db, pid, "volunteers", date(2019, 1, 28), invited_on=date(2019, 1, 7))
    with pytest.raises(CampaignError, match="La réponse de Trémel est déjà enregistrée"):
        _call(db, pid, "declines", date(2019, 1, 29), invited_on=date(2019, 1, 7))


def test_the_invitation_cannot_be_moved_after_the_answer(db, campaign_id):
    pid = _add(db, campaign_id)
    _call(db, pid, "volunteers", date(2019, 1, 28), invited_on=date(2019, 1, 7))
    with pytest.raises(CampaignError, match="ne peut pas suivre la réponse"):
        _call(db, pid, invited_on=date(2019, 2, 1))


def test_a_commune_may_be_withdrawn_at_any_phase_and_the_reason_is_in_its_timeline(db, campaign_id):
    pid = _add(db, campaign_id)
    _call(db, pid, "volunteers", date(2019, 1, 28), invited_on=date(2019, 1, 7))
    with db.write() as s:
        campaigns.withdraw(s, s.get(Participation, pid), "Nouvelle équipe municipale")
    f = _file(db, pid)
    assert (f.phase, f.withdrawn_reason, f.timeline[-1].reason) == (
        "withdrawn", "Nouvelle équipe municipale", "Nouvelle équipe municipale")
