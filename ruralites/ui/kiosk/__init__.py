"""The kiosk: what a shared tablet or a phone shows through a link (?k=TOKEN), and nothing else.
`shell` is the frame every kind of form shares; `questionnaire`, `vote` and `registration`
(for an evening) draw the forms."""

from __future__ import annotations

from ruralites.ui.kiosk import questionnaire, registration, shell, vote

FORMS = {"survey": questionnaire.run, "vote": vote.run, "registration": registration.run}


def run(token: str, *, tablet: bool) -> None:
    """Open what the link is bound to."""
    context = shell.open_link(token, closed_kinds=("survey",))
    if context is not None:
        FORMS[context.kind](context, token, tablet=tablet)
