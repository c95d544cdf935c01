"""Votes on a real database: creating one, ballots from tablets and paper (stored once), board
totals, results with their refusals and robustness, ties left to the room, and the decision
that moves the commune to `theme_chosen`."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import campaigns, phases
from ruralites.auth import SYSTEM
from ruralites.listening import kiosk
from ruralites.models import Ballot, Participation, PhaseTransition, ThemeChoice, Vote
from ruralites.voting import ballots, theme_choice, votes
from ruralites.voting.ballots import BallotSubmission, BoardTotals
from ruralites.voting.counting import TotalsError
from ruralites.voting.votes import VoteError
from tests.integration.restitution_setup import listening_commune, mayor_of, phase

SHORTLIST = ("lieu-de-rencontre", "commerce-cafe", "jardin-partage", "chemins-randonnee")


@pytest.fixture
def setup(db):
    return listening_commune(db)


def _vote(db, setup, method="borda", shortlist=SHORTLIST, **kw) -> votes.VoteInfo:
    with db.write() as s:
        return votes.create_vote(s, SYSTEM, setup.participation_id,
                                 theme_ids=[setup.themes[x] for x in shortlist], method=method, **kw)


def _ballot(db, setup, info, marks, channel="tablet", ballot_id=None, **kw):
    keyed = {setup.themes[slug]: value for slug, value in marks.items()}
    viewer = SYSTEM if channel == "paper" else None
    return ballots.submit_ballot(db, BallotSubmission(ballot_id or uuid.uuid4(), info.id, keyed,
                                                    channel, **kw), viewer=viewer)


def _results(db, info):
    with db.read() as s:
        return votes.results(s, SYSTEM, info.id)


def _count(db, model, **where):
    with db.read() as s:
        stmt = select(func.count()).select_from(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return s.scalar(stmt)


# ---- creating a vote -------------------------------------------------------------------------


def test_a_vote_shortlists_themes_in_order_with_its_method(db, setup):
    info = _vote(db, setup, method="dots")
    assert [o.label for o in info.options] == ["Lieu de rencontre", "Commerce, café",
                                               "Jardin partagé", "Chemins et randonnée"]
    assert (info.status, info.max_dots, info.title) == ("open", 2, "Priorisation des thèmes — Trémel")


@pytest.mark.parametrize(("shortlist", "kw", "message"), [
    (SHORTLIST[:2], {}, "Retenez de 3 à 8 thèmes pour le vote \\(2 choisis\\)"),
    (("lieu-de-rencontre", "commerce-cafe", "jardin-partage", "chemins-randonnee", "mobilite",
      "aines", "culture", "logement", "energie"), {}, "\\(9 choisis\\)"),
    (("aines", "aines", "culture"), {}, "Un même thème figure deux fois"),
    (SHORTLIST, {"method": "plurality"}, "Méthode inconnue « plurality »"),  # comparison only
    (SHORTLIST, {"method": "dots", "max_dots": 0}, "Nombre de gommettes par personne : de 1 à 10"),
    (SHORTLIST, {"method": "dots", "max_dots": 11}, "de 1 à 10"),
])
def test_a_bad_vote_is_refused(db, setup, shortlist, kw, message):
    with pytest.raises(VoteError, match=message):
        _vote(db, setup, shortlist=shortlist, **{"method": "borda", **kw})


def test_a_vote_needs_the_listening_phase(db, setup):
    with db.write() as s, pytest.raises(phases.PhaseGateError, match="organiser un vote"):
        votes.create_vote(s, SYSTEM, setup.other_participation_id,
                          theme_ids=[setup.themes[x] for x in SHORTLIST], method="borda")


def test_a_vote_needs_ideas_to_vote_on(db):
    bare = listening_commune(db, with_ideas=False)
    with pytest.raises(VoteError, match="Aucune idée n'est encore enregistrée pour Trémel"):
        _vote(db, bare)


def test_a_mayor_cannot_create_a_vote(db, setup):
    mayor = mayor_of(db, "22366")
    with db.write() as s, pytest.raises(campaigns.NotAllowedError):
        votes.create_vote(s, mayor, setup.participation_id,
                          theme_ids=[setup.themes[x] for x in SHORTLIST], method="borda")


# ---- ballots ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "marks", "message"), [
    # a ballot naming a theme not shortlisted
    ("borda", {"mobilite": 1}, "nomme un thème qui n'est pas retenu pour ce vote"),
    # a rank given twice
    ("borda", {"lieu-de-rencontre": 1, "commerce-cafe": 1}, "Rang 1 donné deux fois"),
    ("borda", {"lieu-de-rencontre": 5}, "Rang 5 pour « Lieu de rencontre » : donnez un rang de 1 à 4"),
    # more dots than allowed
    ("dots", {"lieu-de-rencontre": 2, "commerce-cafe": 1}, "3 gommettes posées alors que 2 au plus"),
    ("dots", {"lieu-de-rencontre": -1}, "Valeur négative"),
    # a grade that does not exist
    ("majority", {"lieu-de-rencontre": "Super"}, "Mention inconnue « Super »"),
    ("approval", {"lieu-de-rencontre": 2}, "mettez 1 \\(oui\\) ou 0 \\(non\\)"),
    # empty ballots
    ("borda", {}, "Bulletin vide"),
    ("dots", {"lieu-de-rencontre": 0}, "Bulletin vide"),
    ("approval", {"commerce-cafe": 0}, "Bulletin vide"),
])
def test_a_bad_ballot_is_refused_and_nothing_is_stored(db, setup, method, marks, message):
    info = _vote(db, setup, method=method)
    with pytest.raises(VoteError, match=message):
        _ballot(db, setup, info, marks)
    assert _count(db, Ballot) == 0


def test_a_double_tap_stores_the_ballot_once(db, setup):
    info = _vote(db, setup)
    form = uuid.uuid4()
    first = _ballot(db, setup, info, {"jardin-partage": 1}, ballot_id=form)
    again = _ballot(db, setup, info, {"jardin-partage": 1, "lieu-de-rencontre": 2}, ballot_id=form)
    assert (first.created, again.created) == (True, False)
    assert _count(db, Ballot) == 1
    assert ballots.is_stored(db, form)


def test_ballots_sent_together_from_many_tablets_are_each_stored_once(db, setup):
    info = _vote(db, setup, method="approval")
    forms = [uuid.uuid4() for _ in range(20)]
    errors = []

    def tap(form):
        try:
            for _ in range(2):  # every tablet double-taps
                _ballot(db, setup, info, {"jardin-partage": 1}, ballot_id=form)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=tap, args=(f,)) for f in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _count(db, Ballot, vote_id=info.id) == 20


def test_a_closed_vote_refuses_ballots_until_reopened(db, setup):
    info = _vote(db, setup)
    with db.write() as s:
        votes.set_status(s, SYSTEM, info.id, "closed")
    with pytest.raises(votes.VoteClosedError, match="Le vote est clos"):
        _ballot(db, setup, info, {"jardin-partage": 1})
    with db.write() as s:
        votes.set_status(s, SYSTEM, info.id, "open")
    assert _ballot(db, setup, info, {"jardin-partage": 1}).created


def test_paper_ballots_need_a_staff_account(db, setup):
    info = _vote(db, setup)
    with pytest.raises(campaigns.NotAllowedError, match="compte d'animateur"):
        ballots.submit_ballot(db, BallotSubmission(uuid.uuid4(), info.id,
                                                 {setup.themes["jardin-partage"]: 1}, "paper"))
    mayor = mayor_of(db, "22366")
    with pytest.raises(campaigns.NotAllowedError):
        ballots.submit_ballot(db, BallotSubmission(uuid.uuid4(), info.id,
                                                 {setup.themes["jardin-partage"]: 1}, "paper"),
                            viewer=mayor)


def test_identical_paper_ballots_count_with_their_number(db, setup):
    info = _vote(db, setup, method="approval")
    _ballot(db, setup, info, {"jardin-partage": 1, "lieu-de-rencontre": 1}, channel="paper", weight=12)
    _ballot(db, setup, info, {"commerce-cafe": 1}, channel="tablet")
    found = _results(db, info)
    assert found.result.ballots_counted == 13
    assert found.by_channel == {"paper": 12, "tablet": 1}
    assert [(e.theme, e.score) for e in found.result.ranking[:2]] == [
        ("Lieu de rencontre", 12), ("Jardin partagé", 12)]  # tied, shortlist order kept


def test_a_spoilt_paper_ballot_kept_on_purpose_is_counted_as_refused_with_why(db, setup):
    info = _vote(db, setup, method="dots", max_dots=3)
    _ballot(db, setup, info, {"jardin-partage": 3}, channel="paper")
    _ballot(db, setup, info, {"jardin-partage": 3, "commerce-cafe": 2}, channel="paper",
            keep_if_refused=True)
    found = _results(db, info)
    assert found.result.ballots_counted == 1
    [refused] = found.refused
    assert refused.reason == "5 gommettes posées alors que 3 au plus sont permises."
    assert refused.where.startswith("bulletin papier du ")


# ---- board totals ----------------------------------------------------------------------------


def _totals(db, info, voters, totals=None, grades=None):
    return ballots.submit_totals(db, BoardTotals(uuid.uuid4(), info.id, voters, totals=totals or {},
                                               grades=grades or {}), viewer=SYSTEM)


def test_dots_counted_on_the_board_give_exact_totals(db, setup):
    info = _vote(db, setup, method="dots", max_dots=3)
    t = setup.themes
    _totals(db, info, 20, {t["lieu-de-rencontre"]: 31, t["jardin-partage"]: 18, t["commerce-cafe"]: 9})
    _ballot(db, setup, info, {"commerce-cafe": 3})
    found = _results(db, info)
    assert found.result.ballots_counted == 21
    assert [(e.theme, e.score) for e in found.result.ranking] == [
        ("Lieu de rencontre", 31), ("Jardin partagé", 18), ("Commerce, café", 12),
        ("Chemins et randonnée", 0)]
    assert found.robustness is None  # who voted what is unknown: no other method
    assert any("totaux comptés au tableau" in note for note in found.counting.notes)


@pytest.mark.parametrize(("voters", "totals", "message"), [
    (5, {"lieu-de-rencontre": 16}, "16 gommettes pour 5 votant\\(s\\) ayant 3 gommette\\(s\\)"),
    (10, {"lieu-de-rencontre": 4}, "chaque votant pose au moins une gommette"),
    (0, {"lieu-de-rencontre": 4}, "nombre de votants"),
    (4, {"lieu-de-rencontre": 0}, "le tableau est vide"),
])
def test_impossible_board_totals_are_refused(db, setup, voters, totals, message):
    info = _vote(db, setup, method="dots", max_dots=3)
    with pytest.raises((TotalsError, VoteError), match=message):
        _totals(db, info, voters, {setup.themes[k]: v for k, v in totals.items()})
    assert _count(db, Ballot) == 0


def test_a_ranking_cannot_be_entered_as_board_totals(db, setup):
    info = _vote(db, setup, method="borda")
    with pytest.raises(VoteError, match="Un classement ne se compte pas en totaux"):
        _totals(db, info, 3, {setup.themes["jardin-partage"]: 3})


def test_grades_counted_on_the_board_give_the_majority_grade(db, setup):
    info = _vote(db, setup, method="majority", shortlist=SHORTLIST[:3])
    t = setup.themes
    # best grade first: Excellent, Très bien, Bien, Assez bien, Passable, Insuffisant, À rejeter
    _totals(db, info, 10, grades={t["lieu-de-rencontre"]: [3, 4, 2, 1, 0, 0, 0],
                                  t["commerce-cafe"]: [0, 2, 3, 3, 2, 0, 0],
                                  t["jardin-partage"]: [1, 1, 1, 1, 1, 0, 0]})  # 5 left: rejected
    found = _results(db, info)
    # 10 judgments: the lower of the 5th and 6th grades. Lieu: Très bien, 3 above and 3 below
    # (p = q counts as "−"); Commerce: Bien and Assez bien give Assez bien, 5 above, 2 below;
    # Jardin: its 5 ungraded judgments are "À rejeter", the 6th grade.
    assert [(e.theme, e.score) for e in found.result.ranking] == [
        ("Lieu de rencontre", "Très bien −"), ("Commerce, café", "Assez bien +"),
        ("Jardin partagé", "À rejeter +")]


# ---- results ---------------------------------------------------------------------------------


def test_a_vote_with_no_ballots_says_so(db, setup):
    found = _results(db, _vote(db, setup))
    assert found.result is None and found.counting.error.startswith("Aucun bulletin")


def test_majority_judgment_says_it_uses_the_lower_middle_grade_and_the_gauge(db, setup):
    info = _vote(db, setup, method="majority")
    _ballot(db, setup, info, {"lieu-de-rencontre": "Très bien", "commerce-cafe": "bien"})
    _ballot(db, setup, info, {"lieu-de-rencontre": "Passable", "commerce-cafe": "Assez bien"})
    found = _results(db, info)
    sentence = found.counting.notes[0]
    assert "médiane inférieure" in sentence and "jauge majoritaire" in sentence
    # two judgments: the lower of the two middle grades
    assert found.result.ranking[0].theme == "Commerce, café"
    assert found.result.ranking[0].score == "Assez bien +"


def test_the_robustness_view_says_when_the_winner_changes(db, setup):
    info = _vote(db, setup, method="borda", shortlist=SHORTLIST[:3])
    lieu, cafe, jardin = "lieu-de-rencontre", "commerce-cafe", "jardin-partage"
    # Lieu is first most often, but Jardin is everyone's second choice and the Condorcet winner
    _ballot(db, setup, info, {lieu: 1, jardin: 2, cafe: 3}, channel="paper", weight=4)
    _ballot(db, setup, info, {cafe: 1, jardin: 2, lieu: 3}, channel="paper", weight=3)
    _ballot(db, setup, info, {jardin: 1, cafe: 2, lieu: 3}, channel="paper", weight=2)
    found = _results(db, info)
    robust = found.robustness
    assert robust.results["plurality"].winners == ["Lieu de rencontre"]
    assert robust.results["borda"].winners == ["Jardin partagé"]
    assert robust.results["schulze"].details["condorcet_winner"] == "Jardin partagé"
    assert robust.winner_changes and "Le gagnant change selon la méthode" in robust.explanation


def test_a_tie_for_first_is_reported_and_nothing_is_decided(db, setup):
    info = _vote(db, setup, method="approval")
    _ballot(db, setup, info, {"jardin-partage": 1, "commerce-cafe": 1})
    _ballot(db, setup, info, {"jardin-partage": 1, "commerce-cafe": 1, "lieu-de-rencontre": 1})
    found = _results(db, info)
    assert found.tie_for_first and found.winners == ["Commerce, café", "Jardin partagé"]
    assert any("le logiciel ne tranche pas" in note and "l'assemblée" in note
               for note in found.counting.notes)
    assert phase(db, setup.participation_id) == "listening"
    assert _count(db, ThemeChoice) == 0
    # the room settles it: either tied theme may be recorded without a justification
    with db.write() as s:
        theme_choice.record_decision(s, SYSTEM, setup.participation_id, theme_id=setup.themes["jardin-partage"],
                              decided_by="room", decided_on=date(2019, 5, 23), vote_id=info.id)
    assert phase(db, setup.participation_id) == "theme_chosen"


def test_a_mayor_reads_the_results_of_their_commune(db, setup):
    info = _vote(db, setup)
    _ballot(db, setup, info, {"jardin-partage": 1})
    mayor, stranger = mayor_of(db, "22366"), mayor_of(db, "22238", username="maire.plufur")
    with db.read() as s:
        assert votes.results(s, mayor, info.id).winners == ["Jardin partagé"]
        with pytest.raises(campaigns.CampaignNotFoundError):
            votes.results(s, stranger, info.id)


# ---- the decision ----------------------------------------------------------------------------


def _decide(db, setup, info=None, theme="jardin-partage", **kw):
    args = {"decided_by": "room", "decided_on": date(2019, 5, 23), "vote_id": info.id if info else None}
    args.update(kw)
    with db.write() as s:
        return theme_choice.record_decision(s, SYSTEM, setup.participation_id,
                                     theme_id=setup.themes[theme], **args)


def test_recording_the_decision_moves_the_commune_to_theme_chosen(db, setup):
    info = _vote(db, setup)
    _ballot(db, setup, info, {"jardin-partage": 1, "lieu-de-rencontre": 2})
    decision = _decide(db, setup, info, notes="Près de l'école")
    assert (decision.theme_label, decision.decided_by, decision.decided_on) == (
        "Jardin partagé", "l'assemblée des habitants (la salle)", date(2019, 5, 23))
    with db.read() as s:
        participation = s.get(Participation, setup.participation_id)
        assert participation.phase == "theme_chosen"
        assert participation.chosen_theme.label == "Jardin partagé"
        step = s.scalars(select(PhaseTransition).where(
            PhaseTransition.participation_id == setup.participation_id)
            .order_by(PhaseTransition.id.desc())).first()
        assert (step.from_phase, step.to_phase) == ("listening", "theme_chosen")
        assert "« Jardin partagé »" in step.reason and "l'assemblée" in step.reason
        assert s.get(Vote, info.id).status == "closed"
    with pytest.raises(VoteError, match="déjà choisie : « Jardin partagé »"):
        _decide(db, setup, info, theme="commerce-cafe")
    with db.write() as s, pytest.raises(VoteError, match="ne peut plus être rouvert"):
        votes.set_status(s, SYSTEM, info.id, "open")


def test_the_council_may_choose_another_theme_than_the_winner_if_it_says_why(db, setup):
    info = _vote(db, setup)
    _ballot(db, setup, info, {"jardin-partage": 1, "lieu-de-rencontre": 2})
    with pytest.raises(VoteError, match="n'est pas en tête du vote .*indiquez dans les notes"):
        _decide(db, setup, info, theme="lieu-de-rencontre", decided_by="council")
    decision = _decide(db, setup, info, theme="lieu-de-rencontre", decided_by="council",
                       notes="Le jardin est déjà porté par l'école.")
    assert decision.decided_by == "le conseil municipal"


@pytest.mark.parametrize(("kw", "message"), [
    ({"theme": "mobilite"}, "« Mobilité » n'était pas soumis à ce vote"),
    ({"decided_by": "  "}, "Indiquez qui a décidé"),
    ({"decided_on": date(2999, 1, 1)}, "est dans le futur"),
])
def test_a_bad_decision_is_refused(db, setup, kw, message):
    info = _vote(db, setup)
    _ballot(db, setup, info, {"jardin-partage": 1})
    with pytest.raises(VoteError, match=message):
        _decide(db, setup, info, **kw)
    assert phase(db, setup.participation_id) == "listening"


def test_a_decision_needs_the_listening_phase_and_a_staff_account(db, setup):
    with db.write() as s, pytest.raises(phases.PhaseGateError, match="choisir une thématique"):
        theme_choice.record_decision(s, SYSTEM, setup.other_participation_id,
                              theme_id=setup.themes["aines"], decided_by="room",
                              decided_on=date(2019, 5, 1))
    mayor = mayor_of(db, "22366")  # before opening the write session: one writer at a time
    with db.write() as s, pytest.raises(campaigns.NotAllowedError):
        theme_choice.record_decision(s, mayor, setup.participation_id,
                              theme_id=setup.themes["aines"], decided_by="room",
                              decided_on=date(2019, 5, 1))


def test_a_decision_without_a_vote_is_possible(db, setup):
    decision = _decide(db, setup, None, theme="aines", decided_by="council")
    assert decision.vote_id is None and phase(db, setup.participation_id) == "theme_chosen"
    mayor = mayor_of(db, "22366")
    with db.read() as s:
        assert theme_choice.decision_for(s, mayor, setup.participation_id).theme_label == "Aînés"


# ---- the kiosk link --------------------------------------------------------------------------


def test_a_vote_link_opens_that_vote_and_only_while_it_is_open(db, setup):
    info = _vote(db, setup)
    with db.write() as s:
        token = votes.create_link(s, SYSTEM, info.id, pin="2468")
    with db.read() as s:
        context = kiosk.resolve(s, token)
        assert (context.kind, context.vote_id) == ("vote", info.id)
        assert votes.vote_for_link(s, context).id == info.id
    with db.write() as s:
        votes.set_status(s, SYSTEM, info.id, "closed")
        with pytest.raises(votes.VoteClosedError, match="rouvrez-le"):
            votes.create_link(s, SYSTEM, info.id)
