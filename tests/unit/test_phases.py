"""The phase machine: every allowed step works, every other one is refused in French."""

import itertools

import pytest

from ruralites import phases
from ruralites.phases import IllegalTransitionError, PhaseGateError, ReasonRequiredError

ALLOWED = [(a, b) for a in phases.PHASES for b in sorted(phases.ALLOWED[a])]
ILLEGAL = [(a, b) for a, b in itertools.product(phases.PHASES, repeat=2) if b not in phases.ALLOWED[a]]


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_allowed_transitions_pass(current, target):
    phases.check_transition(current, target, reason="raison indiquée")


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_every_illegal_transition_is_refused_with_a_french_message(current, target):
    with pytest.raises(IllegalTransitionError) as caught:
        phases.check_transition(current, target, reason="raison indiquée")
    message = str(caught.value)
    assert f"« {phases.label(current)} »" in message  # the message names where the commune is


@pytest.mark.parametrize(
    ("current", "target", "missing"),
    [
        ("invited", "validated", "Volontaire"),  # the council cannot validate before the commune volunteers
        ("invited", "listening", "Volontaire"),
        ("volunteered", "listening", "Validée par le conseil"),  # no answers before the délibération
        ("validated", "theme_chosen", "Écoute des habitants"),
        ("listening", "inspiring", "Thématique choisie"),
        ("theme_chosen", "oriented", "Soirées inspirantes"),
    ],
)
def test_skipping_a_phase_names_the_missing_step(current, target, missing):
    with pytest.raises(IllegalTransitionError, match=f"il manque l'étape « {missing} »"):
        phases.check_transition(current, target)


def test_going_back_is_refused():
    with pytest.raises(IllegalTransitionError, match="Retour en arrière impossible"):
        phases.check_transition("listening", "validated")


def test_a_closed_participation_cannot_move():
    for closed in ("declined", "withdrawn", "oriented"):
        with pytest.raises(IllegalTransitionError, match="close"):
            phases.check_transition(closed, "validated")


def test_declining_after_validation_must_be_a_withdrawal_with_a_reason():
    with pytest.raises(IllegalTransitionError, match="utilisez le retrait"):
        phases.check_transition("validated", "declined")


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_withdrawal_needs_a_reason(reason):
    with pytest.raises(ReasonRequiredError, match="raison du retrait"):
        phases.check_transition("listening", "withdrawn", reason)


def test_an_unknown_phase_is_refused():
    with pytest.raises(IllegalTransitionError, match="Phase inconnue"):
        phases.check_transition("invited", "en-cours")


@pytest.mark.parametrize(
    ("phase", "action", "allowed"),
    [
        ("invited", "collect_answers", False),
        ("volunteered", "collect_answers", False),  # délibération missing
        ("validated", "collect_answers", True),
        ("listening", "collect_answers", True),
        ("oriented", "collect_answers", True),  # later phases still may collect
        ("withdrawn", "collect_answers", False),
        ("validated", "vote", False),
        ("listening", "vote", True),
        ("listening", "plan_inspiring_evening", False),
        ("theme_chosen", "plan_inspiring_evening", True),
        ("theme_chosen", "orient", False),
        ("inspiring", "orient", True),
    ],
)
def test_actions_are_gated_by_phase(phase, action, allowed):
    assert phases.allows(phase, action) is allowed
    if not allowed:
        with pytest.raises(PhaseGateError, match="Impossible d(e |')"):
            phases.check_allows(phase, action)


def test_collecting_answers_before_the_council_names_the_deliberation():
    with pytest.raises(PhaseGateError, match="délibération favorable du conseil municipal"):
        phases.check_allows("volunteered", "collect_answers")
