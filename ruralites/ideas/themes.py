"""Themes (thématiques): the shipped catalogue, a campaign's own themes, keyword suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ruralites import campaigns
from ruralites.auth import Viewer, campaign_scope
from ruralites.ideas.common import (
    IdeaError,
    matching_keywords,
    normalise,
)
from ruralites.models import Campaign, Theme


@dataclass(frozen=True)
class CatalogueTheme:
    slug: str
    label: str
    description: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ThemeRow:
    id: int
    slug: str
    label: str
    description: str | None
    keywords: tuple[str, ...]
    campaign_id: int | None  # None: from the shipped catalogue

    @property
    def is_catalogue(self) -> bool:
        return self.campaign_id is None


def theme_row(theme: Theme) -> ThemeRow:
    return ThemeRow(theme.id, theme.slug, theme.label, theme.description,
                    tuple(theme.keywords or ()), theme.campaign_id)


@cache
def catalogue() -> tuple[CatalogueTheme, ...]:
    """The shipped catalogue, ruralites/data/themes.yaml, checked."""
    text = resources.files("ruralites").joinpath("data/themes.yaml").read_text(encoding="utf-8")
    return parse_catalogue(text, "themes.yaml")


def parse_catalogue(text: str, name: str) -> tuple[CatalogueTheme, ...]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise IdeaError(f"{name} : YAML invalide ({exc}).") from exc
    entries = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise IdeaError(f"{name} : il faut une liste « themes: » non vide.")
    themes: list[CatalogueTheme] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{name}, thème n° {number}"
        if not isinstance(entry, dict):
            raise IdeaError(f"{where} : attendu slug, label, description, keywords.")
        slug, label = str(entry.get("slug") or ""), str(entry.get("label") or "").strip()
        if not campaigns.SLUG.match(slug):
            raise IdeaError(f"{where} : slug invalide « {slug} » (minuscules, chiffres, tirets).")
        if not label:
            raise IdeaError(f"{where} ({slug}) : label manquant.")
        keywords = entry.get("keywords") or []
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise IdeaError(f"{where} ({slug}) : keywords doit être une liste de mots.")
        themes.append(CatalogueTheme(slug, label, str(entry.get("description") or "").strip(),
                                     tuple(k.strip() for k in keywords if k.strip())))
    slugs = [t.slug for t in themes]
    if len(set(slugs)) != len(slugs):
        raise IdeaError(f"{name} : slug en double.")
    return tuple(themes)


def ensure_catalogue(session: Session) -> int:
    """Load the shipped catalogue into `themes` (campaign_id NULL), idempotently: missing themes
    are added, changed labels, descriptions or keywords updated. Returns how many rows changed."""
    existing = {t.slug: t for t in session.scalars(select(Theme).where(Theme.campaign_id.is_(None)))}
    changed = 0
    for entry in catalogue():
        theme = existing.get(entry.slug)
        if theme is None:
            session.add(Theme(campaign_id=None, slug=entry.slug, label=entry.label,
                              description=entry.description, keywords=list(entry.keywords)))
            changed += 1
        elif (theme.label, theme.description, list(theme.keywords or ())) != (
                entry.label, entry.description, list(entry.keywords)):
            theme.label, theme.description = entry.label, entry.description
            theme.keywords = list(entry.keywords)
            changed += 1
    session.flush()
    return changed


def visible_themes(campaign_id: int):
    return or_(Theme.campaign_id.is_(None), Theme.campaign_id == campaign_id)


def themes_for_campaign(session: Session, campaign_id: int) -> list[ThemeRow]:
    """The catalogue's themes and the campaign's own, catalogue first, each by label."""
    stmt = (select(Theme).where(visible_themes(campaign_id))
            .order_by(Theme.campaign_id.is_not(None), Theme.label))
    return [theme_row(t) for t in session.scalars(stmt)]


def themes_for(session: Session, viewer: Viewer, participation_id: int) -> list[ThemeRow]:
    participation = campaigns.participation_for(session, viewer, participation_id)
    return themes_for_campaign(session, participation.campaign_id)


def add_theme(
    session: Session,
    viewer: Viewer,
    campaign_id: int,
    label: str,
    *,
    description: str | None = None,
    keywords: Sequence[str] = (),
) -> ThemeRow:
    """A theme of the campaign's own (the catalogue lacks it, or a commune words it its way)."""
    campaigns.require_staff(viewer)
    campaign = session.scalar(select(Campaign).where(Campaign.id == campaign_id,
                                                     campaign_scope(viewer)))
    if campaign is None:
        raise campaigns.CampaignNotFoundError("Démarche introuvable parmi celles que vous suivez.")
    label = campaigns.clean_text(label, 200, "Nom du thème") or ""
    if not label:
        raise IdeaError("Donnez un nom au thème.")
    description = campaigns.clean_text(description, 2000, "Description")
    slug = campaigns.slugify(label)
    if not slug:
        raise IdeaError("Le nom du thème doit contenir au moins une lettre ou un chiffre.")
    for other in themes_for_campaign(session, campaign.id):
        if other.slug == slug or normalise(other.label) == normalise(label):
            raise IdeaError(f"Le thème « {other.label} » existe déjà pour cette démarche.")
    words = [k.strip() for k in keywords if k and k.strip()]
    theme = Theme(campaign_id=campaign.id, slug=slug, label=label, description=description,
                  keywords=words)
    session.add(theme)
    session.flush()
    return theme_row(theme)


@dataclass(frozen=True)
class Suggestion:
    theme_id: int
    label: str
    keywords: tuple[str, ...]  # what was found in the idea


def suggest_themes(text: str, themes: Sequence[ThemeRow], *, limit: int = 3) -> list[Suggestion]:
    """Themes whose keywords (or label) appear in the idea, the most matches first."""
    found = []
    for theme in themes:
        matched = matching_keywords(text, (*theme.keywords, theme.label))
        if matched:
            found.append(Suggestion(theme.id, theme.label, tuple(matched)))
    found.sort(key=lambda s: -len(s.keywords))
    return found[:limit]
