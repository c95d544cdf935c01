"""French word clouds: stop words out, accents kept, apostrophes handled, a PNG drawn once."""

import io

from PIL import Image

from ruralites.results import wordcloud as wordcloud_fr
from ruralites.results.wordcloud import frequencies, render_png, texts_digest

IDEAS = [
    "Un café associatif dans le bourg, avec une épicerie",
    "Rouvrir l’école et le café",
    "Des chemins de randonnée autour des chapelles ; un café-épicerie",
    "Il faudrait un lieu pour les jeunes de la commune",
]


def test_french_stop_words_and_project_words_are_left_out():
    words = frequencies(IDEAS)
    for stop in ("un", "le", "la", "des", "dans", "avec", "et", "pour", "les", "de", "il",
                 "commune", "faudrait"):
        assert stop not in words, stop
    assert words["café"] == 2 and words["chemins"] == 1


def test_accents_are_kept_and_the_typographic_apostrophe_is_split_off():
    words = frequencies(["l’école", "L'école du village", "d’énormes fêtes à Trémel"])
    assert words["école"] == 2
    assert {"énormes", "fêtes", "Trémel"} <= set(words)
    assert not [w for w in words if "'" in w or "’" in w or w in ("l", "d")]


def test_hyphenated_words_stay_whole_and_no_pairs_of_words_are_made():
    words = frequencies(["un café-épicerie", "un café-épicerie", "place du bourg"])
    assert words["café-épicerie"] == 2
    assert not [w for w in words if " " in w]  # collocations=False


def test_words_seen_fewer_times_than_asked_are_dropped():
    assert frequencies(IDEAS, min_count=2) == {"café": 2}


def test_a_png_of_the_requested_size_is_drawn_with_the_embedded_font():
    png = render_png(IDEAS, 400, 200)
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (400, 200))
    assert wordcloud_fr.font_path().endswith("DejaVuSans.ttf")


def test_the_same_ideas_are_drawn_once_and_a_change_draws_again(monkeypatch):
    calls = []
    original = wordcloud_fr._cloud
    monkeypatch.setattr(wordcloud_fr, "_cloud", lambda w, h: calls.append((w, h)) or original(w, h))
    first = render_png(IDEAS + ["Un jardin partagé"], 300, 150)
    drawn = len(calls)
    assert render_png(list(reversed(IDEAS + ["Un jardin partagé"])), 300, 150) == first
    assert len(calls) == drawn  # same texts in another order: the cached image
    render_png(IDEAS + ["Un verger"], 300, 150)
    assert len(calls) > drawn
    assert texts_digest(["a", "b"]) == texts_digest(["b", "a"]) != texts_digest(["a", "c"])


def test_no_words_gives_an_image_saying_so():
    image = Image.open(io.BytesIO(render_png(["", "le la les"], 300, 150)))
    assert image.size == (300, 150)
    assert frequencies(["", "le la les"]) == {}
