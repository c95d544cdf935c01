"""Results of the listening: counts, turnout, per-question figures, disclosure, export, restitution, word cloud."""

from ruralites.results.counts import (
    FREE_TEXT_HIDDEN,
    PROFILE_SECTIONS,
    FreeText,
    FreeTextHiddenError,
    Results,
    ResultsError,
    ResultsNotFoundError,
    Scope,
    SurveyRef,
    can_see_free_text,
    free_texts,
    idea_texts,
    results,
    search,
)

__all__ = [
    "FREE_TEXT_HIDDEN",
    "FreeText",
    "FreeTextHiddenError",
    "PROFILE_SECTIONS",
    "Results",
    "ResultsError",
    "ResultsNotFoundError",
    "Scope",
    "SurveyRef",
    "can_see_free_text",
    "free_texts",
    "idea_texts",
    "results",
    "search",
]
