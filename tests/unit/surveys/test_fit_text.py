"""The one rule for a text longer than its field: keep what fits, say what was cut."""

import pytest

from ruralites.surveys import fit_text


@pytest.mark.parametrize(("text", "limit", "kept", "cut"), [
    ("Le calme", 500, "Le calme", ""),  # fits: untouched
    ("x" * 500, 500, "x" * 500, ""),  # exactly the limit
    ("a" * 3000 + "FIN" + "b" * 2517, 3000, "a" * 3000, "FIN" + "b" * 2517),  # 5,520 pasted
    ("é" * 499 + "\r\nsuite", 500, "é" * 499, "\r\nsuite"),  # a Windows line end is not split
    ("ab\x00cd", 3, "abc", "d"),  # NUL bytes dropped first, as the answers' check does
    ("", 10, "", ""),
])
def test_a_text_keeps_its_first_characters_up_to_the_limit(text, limit, kept, cut):
    fitted = fit_text(text, limit)
    assert (fitted.kept, fitted.cut) == (kept, cut)


def test_the_message_says_how_many_characters_were_cut_and_shows_where_they_start():
    message = fit_text("début " + "x" * 494 + "la fin coupée" + "y" * 477, 500).message()
    assert "990 caractères, la limite est de 500" in message
    assert "les 490 derniers caractères n'ont pas été pris" in message
    assert "« la fin coupée" in message and message.count("y") < 250  # an excerpt, not all
    assert fit_text("court", 500).message() is None
