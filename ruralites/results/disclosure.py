"""What may be disclosed, to whom: every "< 5" and every word-cloud rule, once, for every screen,
projection, export and document. Pure.

- A count describing 1 to 4 people is hidden and shown as "< 5" (`protect`, `shown`); zero
  stays 0, it describes nobody. So are the statistics of a question fewer than 5 people answered.
- Free-text answers are read by staff only: in a village of 400, a sentence can name its author.
  Mayors never read them, on screen or in a file.
- A word said only once can name its author too: the word clouds that leave the back office
  (a mayor's screen, the projection in the village hall, the guide) show only words said at
  least twice. Staff at their desk, who read every free text anyway, see every word.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from ruralites.auth import Viewer

MIN_GROUP = 5  # a breakdown cell describing fewer people than this is not shown
PUBLIC_CLOUD_MIN_COUNT = 2  # a word must be said this often to appear outside the back office

FREE_TEXT_HIDDEN = ("Les réponses libres ne sont pas montrées aux élu·es : elles peuvent permettre "
                    "de reconnaître la personne qui les a écrites.")


class Suppressed(Enum):
    """A count or statistic hidden because it would describe fewer than MIN_GROUP people."""

    FEWER_THAN_MIN = f"< {MIN_GROUP}"

    def __str__(self) -> str:
        return self.value


SUPPRESSED = Suppressed.FEWER_THAN_MIN
Count = int | Suppressed

PRIVACY_NOTE = (f"Les effectifs de 1 à {MIN_GROUP - 1} personnes sont remplacés par "
                f"« {SUPPRESSED} » pour que personne ne puisse être reconnu.")


def protect(count: int) -> Count:
    """`count`, or SUPPRESSED if it describes 1 to 4 people."""
    return SUPPRESSED if 0 < count < MIN_GROUP else count


def shown(value: Any) -> Any:
    """A value as screens and exports show it: "< 5" for a suppressed one."""
    return str(value) if isinstance(value, Suppressed) else value


def can_see_free_text(viewer: Viewer) -> bool:
    """Staff read free-text answers; mayors never do."""
    return viewer.is_staff


def cloud_min_count(viewer: Viewer | None, *, public: bool = False) -> int:
    """How many times a word must be said to appear in a word cloud drawn for this viewer;
    `public` for what a room or a reader sees (the projection, the guide)."""
    if public or viewer is None or not can_see_free_text(viewer):
        return PUBLIC_CLOUD_MIN_COUNT
    return 1
