"""Text the embedded font can draw. DejaVu Sans covers French fully but not emoji: a character
it lacks would print as an empty box, so it is replaced by a word in brackets ("[sourire]"),
or "[émoji]" when no word is known. Pure."""

from __future__ import annotations

import functools
import unicodedata

from reportlab.pdfbase import pdfmetrics

from ruralites.pdf.fonts import FAMILY, register_fonts

# Emoji people type most in comments, in French words.
WORDS = {
    "🙂": "sourire", "😀": "sourire", "😃": "sourire", "😄": "sourire", "😁": "sourire",
    "😊": "sourire", "😉": "clin d'œil", "😂": "rire", "🤣": "rire", "😍": "adore",
    "❤": "cœur", "💚": "cœur", "💙": "cœur", "🧡": "cœur", "💛": "cœur", "💜": "cœur",
    "👍": "pouce levé", "👎": "pouce baissé", "👏": "bravo", "🙏": "merci", "😢": "triste",
    "😞": "déçu", "😡": "colère", "🎉": "fête", "🌳": "arbre", "🌱": "pousse", "🌻": "fleur",
    "🚲": "vélo", "🚌": "bus", "🏠": "maison", "☕": "café", "🍞": "pain", "⚽": "ballon",
    "🎵": "musique", "📚": "livres", "👶": "bébé", "👴": "ancien", "👵": "ancienne",
}
_INVISIBLE = {"\u200d", "\ufe0f", "\ufe0e", "\u20e3"}  # joiners and variation selectors


@functools.cache
def _covered() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(FAMILY).face.charToGlyph)


def drawable(char: str) -> bool:
    return ord(char) in _covered() or char in "\n\t"


def legible(text: str) -> str:
    """`text` with every character the font lacks replaced by a word in brackets; characters
    it has (accents, œ, « », ’, €) are kept as they are.

    >>> legible("Super 👍🏽 ! <b>&")
    'Super [pouce levé] ! <b>&'
    """
    if all(drawable(c) and c not in _INVISIBLE for c in text):
        return text
    out: list[str] = []
    for char in text:
        if char in _INVISIBLE:
            continue
        if drawable(char):
            out.append(char)
        elif unicodedata.category(char) in ("Mn", "Cf", "Cc") \
                or 0x1F3FB <= ord(char) <= 0x1F3FF:  # skin tones: part of the emoji before
            continue
        elif char in WORDS:
            out.append(f"[{WORDS[char]}]")
        elif unicodedata.category(char) == "So" or ord(char) >= 0x1F000:
            if not out or out[-1] != "[émoji]":  # a family of emoji joined: one word
                out.append("[émoji]")
        else:
            out.append("?")
    return "".join(out)
