"""The phase machine of a commune's participation (DESIGN.md §3). Pure: no database.

    invited → volunteered → validated → listening → theme_chosen → inspiring → oriented
            ↘ declined                     (withdrawn from any phase, with a reason)
"""

from __future__ import annotations

from ruralites.errors import UserError

PATH = ("invited", "volunteered", "validated", "listening", "theme_chosen", "inspiring", "oriented")
ENDINGS = ("declined", "withdrawn")
PHASES = PATH + ENDINGS

LABELS = {
    "invited": "Invitée",
    "volunteered": "Volontaire",
    "validated": "Validée par le conseil",
    "listening": "Écoute des habitants",
    "theme_chosen": "Thématique choisie",
    "inspiring": "Soirées inspirantes",
    "oriented": "Orientée",
    "declined": "A décliné",
    "withdrawn": "Retirée",
}

# What must happen to leave each phase, in the words staff use on the board.
NEXT_STEP = {
    "invited": "Réponse de la commune attendue (volontaire ou non)",
    "volunteered": "Délibération du conseil municipal attendue",
    "validated": "Premières réponses au questionnaire attendues",
    "listening": "Restitution, vote et choix d'une thématique attendus",
    "theme_chosen": "Soirée inspirante à organiser",
    "inspiring": "Orientation vers un dispositif d'accompagnement attendue",
    "oriented": "Démarche menée à son terme",
    "declined": "Aucune (la commune ne participe pas)",
    "withdrawn": "Aucune (participation arrêtée)",
}

# The event that moves a participation into each phase of the path.
_ENTERED_BY = {
    "volunteered": "la réponse favorable de la commune",
    "validated": "une délibération favorable du conseil municipal",
    "listening": "les premières réponses au questionnaire",
    "theme_chosen": "le choix d'une thématique",
    "inspiring": "une soirée inspirante",
    "oriented": "une orientation vers un dispositif",
}

ALLOWED: dict[str, frozenset[str]] = {
    "invited": frozenset({"volunteered", "declined", "withdrawn"}),
    "volunteered": frozenset({"validated", "declined", "withdrawn"}),
    "validated": frozenset({"listening", "withdrawn"}),
    "listening": frozenset({"theme_chosen", "withdrawn"}),
    "theme_chosen": frozenset({"inspiring", "withdrawn"}),
    "inspiring": frozenset({"oriented", "withdrawn"}),
    "oriented": frozenset(),
    "declined": frozenset(),
    "withdrawn": frozenset(),
}

# The phase an action needs at least (on the path, and not ended).
ACTIONS = {
    "record_decision": ("volunteered", "enregistrer une délibération"),
    "collect_answers": ("validated", "recueillir des réponses au questionnaire"),
    "record_ideas": ("validated", "saisir des idées"),
    "vote": ("listening", "organiser un vote"),
    "choose_theme": ("listening", "choisir une thématique"),
    "plan_listening_evening": ("validated", "organiser une soirée d'écoute"),
    "plan_restitution_evening": ("listening", "organiser une soirée de restitution"),
    "plan_inspiring_evening": ("theme_chosen", "organiser une soirée inspirante"),
    "orient": ("inspiring", "orienter vers un dispositif"),
}

# The action each kind of public evening needs (planning it, registering for it).
EVENING_ACTIONS = {
    "listening": "plan_listening_evening",
    "restitution": "plan_restitution_evening",
    "inspiring": "plan_inspiring_evening",
}


class PhaseError(UserError):
    """A rule of the phase machine refused something; str() is a French message for users."""


class IllegalTransitionError(PhaseError):
    pass


class ReasonRequiredError(PhaseError):
    pass


class PhaseGateError(PhaseError):
    """The participation is not in a phase that allows the action."""


def label(phase: str) -> str:
    return LABELS.get(phase, phase)


def is_closed(phase: str) -> bool:
    """The participation can no longer change: declined, withdrawn, or oriented (the method's
    end)."""
    return phase in ENDINGS or phase == PATH[-1]


def awaits_answer(phase: str) -> bool:
    """Invited, and the commune has not answered the call yet."""
    return phase == "invited"


def awaits_decision(phase: str) -> bool:
    """Volunteered, and the council's délibération is not recorded yet."""
    return phase == "volunteered"


def _check_known(phase: str) -> None:
    if phase not in PHASES:
        raise IllegalTransitionError(f"Phase inconnue : « {phase} ».")


def check_transition(current: str, target: str, reason: str | None = None) -> None:
    """Raise a PhaseError with a French message naming the missing step, or return."""
    _check_known(current)
    _check_known(target)
    if target == "withdrawn" and not (reason and reason.strip()):
        raise ReasonRequiredError("Indiquez la raison du retrait de la commune.")
    if target in ALLOWED[current]:
        return
    if current == target:
        raise IllegalTransitionError(f"La participation est déjà en phase « {label(current)} ».")
    if is_closed(current):
        raise IllegalTransitionError(
            f"La participation est close (« {label(current)} ») : elle ne peut plus changer de phase."
        )
    if target == "declined":
        raise IllegalTransitionError(
            f"Une commune en phase « {label(current)} » ne peut plus décliner : "
            "utilisez le retrait, avec sa raison."
        )
    here, there = PATH.index(current), PATH.index(target)
    if there < here:
        raise IllegalTransitionError(
            f"Retour en arrière impossible : de « {label(current)} » à « {label(target)} »."
        )
    missing = PATH[here + 1]
    raise IllegalTransitionError(
        f"Impossible de passer de « {label(current)} » à « {label(target)} » : "
        f"il manque l'étape « {label(missing)} » ({_ENTERED_BY[missing]})."
    )


def allows(phase: str, action: str) -> bool:
    needed, _ = ACTIONS[action]
    return phase in PATH and PATH.index(phase) >= PATH.index(needed)


def _impossible(what: str) -> str:
    """"Impossible de recueillir…", "Impossible d'organiser…" (French elides before a vowel)."""
    return f"Impossible d'{what}" if what[:1] in "aeéèêioouhy" else f"Impossible de {what}"


def check_allows(phase: str, action: str) -> None:
    needed, what = ACTIONS[action]
    if allows(phase, action):
        return
    if phase not in PATH:
        raise PhaseGateError(
            f"{_impossible(what)} : la participation est close (« {label(phase)} »)."
        )
    raise PhaseGateError(
        f"{_impossible(what)} : la commune est en phase « {label(phase)} » ; "
        f"il faut d'abord l'étape « {label(needed)} » ({_ENTERED_BY[needed]})."
    )
