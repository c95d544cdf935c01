"""French text as the app compares it: one folding rule, words, stop words. Pure.

`fold()` is the one way two texts are compared ignoring case, accents, ligatures and the kind of
apostrophe: a search in the free texts, an idea against a theme's keywords, a commune name typed
by a person, a perimeter name from Aides-territoires.

    >>> fold("Œuvre")
    'oeuvre'
    >>> fold("SAINT-MICHEL-EN-GRÈVE")
    'saint-michel-en-greve'
    >>> fold("l’école")
    "l'ecole"
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from stop_words import get_stop_words

# Letters that NFKD does not split into a base letter plus an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})
# Typographic apostrophes (right single quote, left single quote, modifier letter, prime).
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def straight_apostrophes(text: str) -> str:
    """“l’école” and “l'école” are the same words."""
    return text.translate(_APOSTROPHES)


def fold(text: str | None) -> str:
    """Lower case, accents stripped, ligatures spelled out, apostrophes straight; every other
    character is kept (hyphens, spaces, punctuation)."""
    folded = straight_apostrophes((text or "").casefold()).translate(_LIGATURES)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str | None) -> list[str]:
    """The folded words of a text, punctuation as separators: "Jardin partagé !" ->
    ["jardin", "partage"]."""
    return _NOT_WORD.sub(" ", fold(text)).split()


def folded_words(text: str | None) -> str:
    """The folded words joined by single spaces (a form for substring and keyword matching)."""
    return " ".join(words(text))


# Words that say nothing about an idea, on top of the usual French stop words.
PROJECT_STOP_WORDS = frozenset({
    "commune", "communes", "village", "faire", "fait", "avoir", "être", "plus", "peu", "très",
    "trop", "bien", "etc", "ici", "aujourd", "hui", "chose", "choses", "quelque", "quelques",
    "ça", "ca", "cela", "faut", "faudrait", "serait", "pourrait", "voudrais", "aimerais",
    "idée", "idées", "envie", "envies", "besoin", "besoins", "mettre", "tout", "tous",
    "toute", "toutes", "aussi", "comme", "peut", "pouvoir", "non", "oui", "rien", "aller",
    "surtout",
})


@cache
def stop_words() -> frozenset[str]:
    """French stop words (lower case, straight apostrophes, accents kept) and the project's own:
    the `stop-words` package (BSD) is the one source."""
    return frozenset({straight_apostrophes(w).lower() for w in get_stop_words("fr")}
                     | PROJECT_STOP_WORDS)


@cache
def folded_stop_words() -> frozenset[str]:
    """The same stop words, folded, for comparing folded words."""
    return frozenset(fold(w) for w in stop_words()) | {"d", "l", "j", "m", "n", "s", "t", "c", "qu"}
