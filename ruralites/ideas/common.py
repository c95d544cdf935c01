"""What the ideas modules share: sources, limits, the error, keyword matching, access.

Ideas (idées, besoins, envies) come from answers flagged `feeds_ideas` (stored by
`ruralites.listening.responses`) and from what staff type in: evening post-its, idea boxes,
interviews. Every function takes the viewer and works only inside the communes the viewer may
see; changes need a staff account."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from ruralites import campaigns
from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.models import Participation
from ruralites.text import folded_words

SOURCES = {
    "answer": "Réponse au questionnaire",
    "postit": "Post-it (soirée)",
    "idea_box": "Boîte à idées",
    "interview": "Entretien",
    "other": "Autre",
}
# What staff may type in; "answer" ideas come only from submitted questionnaires.
TYPED_SOURCES = ("postit", "idea_box", "interview", "other")
MAX_IDEA_LENGTH = 2000
NEAR_DUPLICATE = 0.6  # share of content words two ideas have in common to be offered for merging


class IdeaError(UserError):
    """A rule about ideas or themes refused something; str() is a French message."""


# ---- text matching -----------------------------------------------------------------------------

def normalise(text: str) -> str:
    """Folded words joined by single spaces: "Jardin partagé !" -> "jardin partage"."""
    return folded_words(text)


@cache
def _keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    words = normalise(keyword).split()
    if not words:
        return None
    # The start of a word ("jardin" finds "jardinage"); short words must be whole ("bus").
    tail = r"\b" if len(words[-1]) <= 3 else ""
    return re.compile(r"\b" + r"\s".join(re.escape(w) for w in words) + tail)


def matching_keywords(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords found in `text`, accents and case ignored."""
    bare = normalise(text)
    found = []
    for keyword in keywords:
        pattern = _keyword_pattern(keyword)
        if pattern is not None and pattern.search(bare) and keyword not in found:
            found.append(keyword)
    return found


# ---- themes ------------------------------------------------------------------------------------


# ---- ideas -------------------------------------------------------------------------------------


def staff_participation(session: Session, viewer: Viewer, participation_id: int) -> Participation:
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    campaigns.check_allows(participation, "record_ideas")
    return participation


def as_uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise IdeaError("Identifiant d'idée invalide.") from None


# ---- counts ------------------------------------------------------------------------------------


def campaign_of(session: Session, viewer: Viewer, participation_id: int) -> int:
    """The campaign id of a participation the viewer may see."""
    return campaigns.participation_for(session, viewer, participation_id).campaign_id
