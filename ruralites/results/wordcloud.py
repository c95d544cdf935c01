"""Word clouds of French texts (the ideas of a commune), as PNG images. Pure: no Streamlit.

`wordcloud.STOPWORDS` is English only (DESIGN.md §8): French stop words come from the
`stop-words` package, plus words every idea repeats ("commune", "faudrait"…). Typographic
apostrophes are made straight so "l’école" and "l'école" both give "école"; words are
`\\w[\\w-]+` (accents kept, "centre-bourg" stays one word, "l'" and "d'" fall away);
no collocations (pairs of words would appear twice). The font is DejaVu Sans, shipped inside
matplotlib, so every accent is drawn whatever the machine.

Drawing takes about a second: `render_png` keeps the last images keyed by a hash of the texts,
so a cloud is drawn again only when the ideas change.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Iterable

from PIL import Image, ImageDraw, ImageFont
from wordcloud import WordCloud

from ruralites.pdf.fonts import font_directory
from ruralites.text import stop_words, straight_apostrophes

WORD = r"\w[\w-]+"
COLOURS = ("#1b5e20", "#0d47a1", "#4a148c", "#b71c1c", "#004d40", "#e65100", "#263238")
EMPTY_MESSAGE = "Pas encore d’idées à afficher"
_CACHE_SIZE = 128  # a guide of 50 communes draws 50 clouds: all kept for the next build


def font_path() -> str:
    return str(font_directory() / "DejaVuSans.ttf")


def _cloud(width: int, height: int) -> WordCloud:
    return WordCloud(
        font_path=font_path(), width=width, height=height, background_color="white",
        stopwords=set(stop_words()), regexp=WORD, collocations=False, random_state=7,
        color_func=_colour, max_words=120, prefer_horizontal=0.95, margin=4,
        min_word_length=2, relative_scaling=0.5,
    )


def _colour(word: str, *_args, **_kwargs) -> str:
    return COLOURS[int(hashlib.md5(word.encode()).hexdigest(), 16) % len(COLOURS)]  # noqa: S324


def frequencies(texts: Iterable[str], *, min_count: int = 1) -> dict[str, int]:
    """How many times each meaningful word appears in the texts (stop words removed, accents
    kept, plurals folded into the singular when both appear); words seen fewer than
    `min_count` times are left out."""
    joined = "\n".join(straight_apostrophes(t) for t in texts if t)
    if not joined.strip():
        return {}
    counts = _cloud(10, 10).process_text(joined)
    return {w: int(n) for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            if n >= min_count and w.lower() not in stop_words()}


def texts_digest(texts: Iterable[str]) -> str:
    """A hash of the texts (order ignored): the key of a cloud."""
    h = hashlib.sha256()
    for text in sorted(texts):
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


_cache: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()


def render_png(texts: Iterable[str], width: int, height: int, *, min_count: int = 1) -> bytes:
    """The word cloud of `texts` as PNG bytes, `width` × `height` pixels; an image saying there
    are no ideas yet when there are no words. The same texts give the same image, drawn once."""
    texts = [t for t in texts if t]
    key = (texts_digest(texts), width, height, min_count)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    counts = frequencies(texts, min_count=min_count)
    image = _cloud(width, height).generate_from_frequencies(counts).to_image() if counts \
        else _empty(width, height)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    png = buffer.getvalue()
    with _lock:
        _cache[key] = png
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return png


def _empty(width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path(), max(12, height // 14))
    left, top, right, bottom = draw.textbbox((0, 0), EMPTY_MESSAGE, font=font)
    draw.text(((width - (right - left)) / 2, (height - (bottom - top)) / 2), EMPTY_MESSAGE,
              fill="#607d8b", font=font)
    return image
