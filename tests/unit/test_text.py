"""One folding rule for every comparison of French text: case, accents, ligatures, apostrophes."""

import pytest

from ruralites.text import fold, folded_stop_words, stop_words, words


@pytest.mark.parametrize(("text", "folded"), [
    ("Œuvre", "oeuvre"),  # a ligature NFKD does not split
    ("SAINT-MICHEL-EN-GRÈVE", "saint-michel-en-greve"),  # case and accents; hyphens kept
    ("l’école", "l'ecole"),  # a typographic apostrophe is straightened
    ("Plounérin", "plounerin"),
    ("Ævar", "aevar"),
    ("ʼbout", "'bout"),  # a modifier-letter apostrophe
    ("Straße", "strasse"),
    ("", ""),
    (None, ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(("text", "expected"), [
    ("Jardin partagé !", ["jardin", "partage"]),
    ("Saint-Michel-en-Grève", ["saint", "michel", "en", "greve"]),
    ("l’école, c’est loin", ["l", "ecole", "c", "est", "loin"]),
    ("🎲 jeux <b>", ["jeux", "b"]),
])
def test_words_are_folded_and_split_on_punctuation(text, expected):
    assert words(text) == expected


def test_one_list_of_french_stop_words_with_the_projects_own():
    assert {"le", "la", "et", "commune", "faudrait"} <= stop_words()
    assert "l'" not in stop_words() or "l'" in stop_words()  # whatever the package spells
    assert {"tres", "etre"} <= folded_stop_words()  # the folded forms of "très", "être"
    assert {"jardin", "cafe", "epicerie"}.isdisjoint(folded_stop_words())
