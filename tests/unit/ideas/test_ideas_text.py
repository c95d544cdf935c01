"""Matching ideas to themes and finding near-duplicates: pure text rules."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from ruralites import ideas
from ruralites.ideas import IdeaRow, ThemeRow

THEMES = [
    ThemeRow(1, "jardin-partage", "Jardin partagé", None, ("jardin", "potager", "légumes"), None),
    ThemeRow(2, "mobilite", "Mobilité", None, ("bus", "covoiturage", "transport"), None),
    ThemeRow(3, "commerce-cafe", "Commerce, café", None, ("café", "épicerie"), None),
    ThemeRow(4, "centre-bourg", "Centre-bourg", None, ("centre bourg", "place"), None),
]


def test_normalise_folds_case_accents_ligatures_and_punctuation():
    assert ideas.normalise("  Un CŒUR de bourg : l’épicerie ! ") == "un coeur de bourg l epicerie"


@pytest.mark.parametrize(("text", "expected"), [
    ("Un JARDIN partage pres de l'ecole", ["Jardin partagé"]),  # no accents, capitals
    ("Du jardinage et des légumes", ["Jardin partagé"]),  # the start of a word
    ("Un cafe-épicerie", ["Commerce, café"]),
    ("Un bus le samedi et du covoiturage", ["Mobilité"]),
    ("Le business du coin", []),  # a short keyword must be a whole word
    ("Refaire le centre-bourg et la place", ["Centre-bourg"]),  # a phrase across a hyphen
    ("Le calme", []),
])
def test_themes_are_suggested_from_keywords_whatever_the_accents(text, expected):
    assert [s.label for s in ideas.suggest_themes(text, THEMES)] == expected


def test_suggestions_say_which_words_were_recognised():
    [suggestion] = ideas.suggest_themes("Un potager et des légumes", THEMES)
    assert suggestion.keywords == ("potager", "légumes")


def _row(text):
    return IdeaRow(uuid4(), text, "postit", datetime.now(UTC), (), (), None)


def test_near_duplicates_ignore_small_words_plurals_and_accents():
    rows = [_row("Un café pour les jeunes"), _row("Des cafés pour jeunes !"), _row("Le calme"),
            _row("Un jardin partagé")]
    [pair] = ideas.near_duplicates(rows)
    assert {pair.first.text, pair.second.text} == {"Un café pour les jeunes", "Des cafés pour jeunes !"}
    assert pair.similarity == 1.0


def test_the_shipped_catalogue_is_valid_and_every_keyword_matches_itself():
    catalogue = ideas.catalogue()
    assert len(catalogue) >= 12 and all(theme.keywords for theme in catalogue)
    for theme in catalogue:
        for keyword in theme.keywords:
            assert ideas.matching_keywords(keyword, [keyword]) == [keyword], (theme.slug, keyword)
