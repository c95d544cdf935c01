"""Phase 1 rules on a real database: communes, answers, council decisions, history."""

from datetime import date

import pytest

from ruralites import campaigns, communes, phases
from ruralites.auth import SYSTEM
from ruralites.campaigns import CampaignError, DuplicateCommuneError
from ruralites.communes import UnknownCommuneError


@pytest.fixture
def campaign_id(db):
    with db.write() as s:
        pole = communes.ensure_pole(s, "adess", "ADESS")
        return campaigns.create_campaign(s, name="Ruralités test", poles=[pole]).id


def _participation(db, campaign_id, code="22366", invited_on=date(2019, 1, 7)):
    from ruralites.models import Campaign

    with db.write() as s:
        return campaigns.add_commune(s, s.get(Campaign, campaign_id), code, invited_on=invited_on).id


def test_adding_a_commune_copies_it_from_the_official_list(db, campaign_id):
    _participation(db, campaign_id)
    with db.read() as s:
        (row,) = campaigns.board(s, SYSTEM)
    assert (row.nom, row.population, row.phase, row.next_step) == (
        "Trémel", 409, "invited", "Réponse de la commune attendue (volontaire ou non)")


def test_the_same_commune_cannot_be_added_twice(db, campaign_id):
    _participation(db, campaign_id)
    with pytest.raises(DuplicateCommuneError, match="Trémel fait déjà partie"):
        _participation(db, campaign_id)


def test_an_unknown_commune_code_is_refused(db, campaign_id):
    with pytest.raises(UnknownCommuneError, match="99999"):
        _participation(db, campaign_id, code="99999")


def _volunteer(db, pid):
    from ruralites.models import Participation

    with db.write() as s:
        campaigns.record_answer(s, s.get(Participation, pid), volunteers=True)


def _decide(db, pid, **kw):
    from ruralites.models import Participation

    args = dict(session_date=date(2019, 2, 22), number="2019-009", votes_for=9, votes_against=0,
                abstentions=1, today=date(2019, 3, 1))
    args.update(kw)
    with db.write() as s:
        return campaigns.record_decision(s, s.get(Participation, pid), **args)


def _phase(db, pid):
    from ruralites.models import Participation

    with db.read() as s:
        return s.get(Participation, pid).phase


def test_a_favourable_decision_validates_and_keeps_the_history(db, campaign_id):
    pid = _participation(db, campaign_id)
    _volunteer(db, pid)
    outcome = _decide(db, pid)
    assert outcome.warnings == []
    assert _phase(db, pid) == "validated"
    with db.read() as s:
        steps = campaigns.history(s, SYSTEM, pid)
    assert [t.to_phase for t in steps] == ["invited", "volunteered", "validated"]
    assert "Délibération n° 2019-009 du 22/02/2019 : 9 pour, 0 contre, 1 abstention(s)" == steps[-1].reason


def test_an_unfavourable_decision_ends_the_participation(db, campaign_id):
    pid = _participation(db, campaign_id)
    _volunteer(db, pid)
    _decide(db, pid, votes_for=3, votes_against=7, abstentions=1)
    assert _phase(db, pid) == "declined"


def test_a_decision_before_the_commune_volunteered_is_refused(db, campaign_id):
    pid = _participation(db, campaign_id)
    with pytest.raises(phases.PhaseGateError, match="Volontaire"):
        _decide(db, pid)
    assert _phase(db, pid) == "invited"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"session_date": date(2019, 3, 2)}, "dans le futur"),  # today is 1 March 2019
        ({"session_date": date(2019, 1, 2)}, "précède l'invitation"),
        ({"votes_for": -1}, "négatifs"),
    ],
)
def test_implausible_decisions_are_refused_and_nothing_is_stored(db, campaign_id, kwargs, message):
    pid = _participation(db, campaign_id)
    _volunteer(db, pid)
    with pytest.raises(CampaignError, match=message):
        _decide(db, pid, **kwargs)
    assert _phase(db, pid) == "volunteered"


@pytest.mark.parametrize(
    ("votes", "warning"),
    [
        ((14, 0, 1), "15 voix pour un conseil de 11 sièges"),  # Trémel, 409 inhabitants: 11 seats
        ((3, 0, 0), "quorum"),
        ((0, 0, 0), "Aucune voix"),
    ],
)
def test_vote_counts_that_do_not_fit_the_council_warn_without_blocking(db, campaign_id, votes, warning):
    pid = _participation(db, campaign_id)
    _volunteer(db, pid)
    outcome = _decide(db, pid, votes_for=votes[0], votes_against=votes[1], abstentions=votes[2])
    assert any(warning in w for w in outcome.warnings)


def test_withdrawal_needs_a_reason_and_is_kept(db, campaign_id):
    from ruralites.models import Participation

    pid = _participation(db, campaign_id)
    with pytest.raises(phases.ReasonRequiredError), db.write() as s:
        campaigns.withdraw(s, s.get(Participation, pid), "  ")
    with db.write() as s:
        campaigns.withdraw(s, s.get(Participation, pid), "Changement d'équipe municipale")
    with db.read() as s:
        p = s.get(Participation, pid)
        assert (p.phase, p.withdrawn_reason) == ("withdrawn", "Changement d'équipe municipale")


@pytest.mark.parametrize(("start", "end"), [(date(2019, 6, 1), date(2019, 1, 1))])
def test_a_campaign_ending_before_it_starts_is_refused(db, start, end):
    with pytest.raises(CampaignError, match="La date de fin précède"), db.write() as s:
        campaigns.create_campaign(s, name="X", poles=[], starts_on=start, ends_on=end)


def test_a_campaign_needs_a_name(db):
    with pytest.raises(CampaignError, match="Donnez un nom"), db.write() as s:
        campaigns.create_campaign(s, name="  ", poles=[])
