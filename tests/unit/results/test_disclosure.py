"""One disclosure rule for every screen, projection, export and document."""

import pytest

from ruralites.auth import Viewer
from ruralites.results.disclosure import (
    SUPPRESSED,
    can_see_free_text,
    cloud_min_count,
    protect,
    shown,
)

STAFF = Viewer(user_id=1, username="anne", display_name="Anne", role="staff")
ADMIN = Viewer(user_id=2, username="admin", display_name="Admin", role="admin")
MAYOR = Viewer(user_id=3, username="maire", display_name="Maire", role="mayor",
               commune_codes=frozenset({"22366"}))


@pytest.mark.parametrize(("count", "expected"), [
    (0, 0),  # nobody: nothing to hide
    (1, SUPPRESSED), (4, SUPPRESSED),  # one to four people could be recognised
    (5, 5), (400, 400),
])
def test_counts_of_one_to_four_read_less_than_five(count, expected):
    assert protect(count) == expected
    assert shown(protect(count)) == ("< 5" if expected is SUPPRESSED else count)


@pytest.mark.parametrize(("viewer", "public", "min_count", "free_text"), [
    (STAFF, False, 1, True),  # at their desk, staff read every free text, so every word
    (ADMIN, False, 1, True),
    (STAFF, True, 2, True),  # the projection in the village hall: words said twice or more
    (MAYOR, False, 2, False),  # a word said once can name its author
    (None, True, 2, False),  # a document read by anyone (the guide)
])
def test_who_sees_words_said_once_and_free_texts(viewer, public, min_count, free_text):
    assert cloud_min_count(viewer, public=public) == min_count
    if viewer is not None:
        assert can_see_free_text(viewer) is free_text
