"""Ideas (idées, besoins, envies) and themes (thématiques): the catalogue, tagging with
suggestions, merging near-duplicates, counts and examples per theme, word-cloud texts.

Ideas come from answers flagged `feeds_ideas` (stored by `ruralites.responses`) and from what
staff type in: evening post-its, idea boxes, interviews. Every function takes the viewer and
works only inside the communes the viewer may see; changes need a staff account.

An idea merged into another (`merged_into_id`) is a near-duplicate: the group counts once, as
the idea it was merged into, and says how many times it was mentioned.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ruralites import campaigns
from ruralites.auth import Viewer, campaign_scope
from ruralites.errors import UserError
from ruralites.models import Campaign, Idea, Participation, Theme, idea_themes, utcnow

SOURCES = {
    "answer": "Réponse au questionnaire",
    "postit": "Post-it (soirée)",
    "idea_box": "Boîte à idées",
    "interview": "Entretien",
    "other": "Autre",
}
# What staff may type in; "answer" ideas come only from submitted questionnaires.
TYPED_SOURCES = ("postit", "idea_box", "interview", "other")
MAX_IDEA_LENGTH = 2000
NEAR_DUPLICATE = 0.6  # share of content words two ideas have in common to be offered for merging


class IdeaError(UserError):
    """A rule about ideas or themes refused something; str() is a French message."""




# ---- text matching -----------------------------------------------------------------------------

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Words too common to tell two ideas apart (after normalisation).
_STOP = frozenset(
    "a au aux avec ce ces cet cette dans de des du elle en et il ils je la le les leur lui ma "
    "mais me mes moi mon ne nos notre nous on ou par pas plus pour qu que qui sa se ses si son "
    "sur ta te tes toi ton tu un une vos votre vous y d l j m n s t c qu est sont ete etre avoir "
    "ai a as avons ont faire fait il y tres bien aussi comme tout tous toute toutes peu trop "
    "etc oui non".split()
)


def normalise(text: str) -> str:
    """Lower case, accents stripped, punctuation as single spaces: "Jardin partagé !" ->
    "jardin partage"."""
    folded = unicodedata.normalize("NFKD", (text or "").casefold().translate(_LIGATURES))
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare).split())


@cache
def _keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    words = normalise(keyword).split()
    if not words:
        return None
    # The start of a word ("jardin" finds "jardinage"); short words must be whole ("bus").
    tail = r"\b" if len(words[-1]) <= 3 else ""
    return re.compile(r"\b" + r"\s".join(re.escape(w) for w in words) + tail)


def matching_keywords(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords found in `text`, accents and case ignored."""
    bare = normalise(text)
    found = []
    for keyword in keywords:
        pattern = _keyword_pattern(keyword)
        if pattern is not None and pattern.search(bare) and keyword not in found:
            found.append(keyword)
    return found


# ---- themes ------------------------------------------------------------------------------------


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


def _theme_row(theme: Theme) -> ThemeRow:
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


def _visible_themes(campaign_id: int):
    return or_(Theme.campaign_id.is_(None), Theme.campaign_id == campaign_id)


def themes_for_campaign(session: Session, campaign_id: int) -> list[ThemeRow]:
    """The catalogue's themes and the campaign's own, catalogue first, each by label."""
    stmt = (select(Theme).where(_visible_themes(campaign_id))
            .order_by(Theme.campaign_id.is_not(None), Theme.label))
    return [_theme_row(t) for t in session.scalars(stmt)]


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
    return _theme_row(theme)


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


# ---- ideas -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaRow:
    id: uuid.UUID
    text: str
    source: str
    created_at: datetime
    theme_ids: tuple[int, ...]
    theme_labels: tuple[str, ...]
    merged_into_id: uuid.UUID | None
    mentions: int = 1  # the idea itself and those merged into it

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)


def _staff_participation(session: Session, viewer: Viewer, participation_id: int) -> Participation:
    participation = campaigns.participation_for(session, viewer, participation_id, edit=True)
    campaigns.check_allows(participation, "record_ideas")
    return participation


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise IdeaError("L'idée est vide : écrivez-la telle qu'elle a été exprimée.")
    if len(text) > MAX_IDEA_LENGTH:
        raise IdeaError(f"Idée trop longue : {MAX_IDEA_LENGTH} caractères au plus "
                        f"({len(text)} saisis). Coupez-la en plusieurs idées.")
    return text


def _themes_by_id(session: Session, campaign_id: int, theme_ids: Iterable[int]) -> list[Theme]:
    wanted = list(dict.fromkeys(theme_ids))
    if not wanted:
        return []
    found = {t.id: t for t in session.scalars(
        select(Theme).where(Theme.id.in_(wanted), _visible_themes(campaign_id)))}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise IdeaError("Thème inconnu pour cette démarche : rechargez la page et choisissez "
                        "parmi les thèmes proposés.")
    return [found[i] for i in wanted]


def add_idea(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    text: str,
    source: str,
    *,
    theme_ids: Sequence[int] = (),
    evening_id: int | None = None,
    idea_id: uuid.UUID | None = None,
    at: datetime | None = None,
) -> IdeaRow:
    """An idea typed by staff from a post-it, an idea box or an interview. With `idea_id` (made
    when the entry form opened), the same form sent twice is stored once."""
    participation = _staff_participation(session, viewer, participation_id)
    if source not in TYPED_SOURCES:
        choices = ", ".join(SOURCES[s] for s in TYPED_SOURCES)
        raise IdeaError(f"Source inconnue « {source} » : choisissez parmi {choices}.")
    text = _check_text(text)
    if idea_id is not None and (existing := session.get(Idea, idea_id)) is not None:
        return _idea_row(existing)
    idea = Idea(id=idea_id or uuid.uuid4(), participation_id=participation.id, text=text,
                source=source, evening_id=evening_id, created_by=viewer.user_id,
                created_at=at or utcnow())
    idea.themes = _themes_by_id(session, participation.campaign_id, theme_ids)
    session.add(idea)
    session.flush()
    return _idea_row(idea)


def _idea_row(idea: Idea, mentions: int = 1) -> IdeaRow:
    themes = sorted(idea.themes, key=lambda t: t.label)
    return IdeaRow(idea.id, idea.text, idea.source, idea.created_at,
                   tuple(t.id for t in themes), tuple(t.label for t in themes),
                   idea.merged_into_id, mentions)


def list_ideas(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    *,
    search: str | None = None,
    theme_id: int | None = None,
    untagged: bool = False,
    include_merged: bool = False,
) -> list[IdeaRow]:
    """The commune's ideas, oldest first; `search` is accent- and case-insensitive."""
    campaigns.participation_for(session, viewer, participation_id)
    stmt = (select(Idea).where(Idea.participation_id == participation_id)
            .options(selectinload(Idea.themes)).order_by(Idea.created_at, Idea.id))
    if not include_merged:
        stmt = stmt.where(Idea.merged_into_id.is_(None))
    mentions = _mentions(session, participation_id)
    rows = [_idea_row(i, mentions.get(i.id, 1)) for i in session.scalars(stmt)]
    if search and normalise(search):
        wanted = normalise(search)
        rows = [r for r in rows if wanted in normalise(r.text)]
    if theme_id is not None:
        rows = [r for r in rows if theme_id in r.theme_ids]
    if untagged:
        rows = [r for r in rows if not r.theme_ids]
    return rows


def _mentions(session: Session, participation_id: int) -> dict[uuid.UUID, int]:
    merged = session.execute(
        select(Idea.merged_into_id, func.count(Idea.id))
        .where(Idea.participation_id == participation_id, Idea.merged_into_id.is_not(None))
        .group_by(Idea.merged_into_id)
    )
    return {keep: 1 + n for keep, n in merged}


def _ideas_of(session: Session, participation: Participation, idea_ids: Iterable[Any]) -> list[Idea]:
    wanted = list(dict.fromkeys(_as_uuid(i) for i in idea_ids))
    if not wanted:
        raise IdeaError("Choisissez au moins une idée.")
    found = {i.id: i for i in session.scalars(
        select(Idea).where(Idea.id.in_(wanted), Idea.participation_id == participation.id)
        .options(selectinload(Idea.themes)))}
    if len(found) != len(wanted):
        raise IdeaError("Idée introuvable pour cette commune : rechargez la page.")
    return [found[i] for i in wanted]


def _as_uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise IdeaError("Identifiant d'idée invalide.") from None


def tag(
    session: Session,
    viewer: Viewer,
    participation_id: int,
    idea_ids: Iterable[Any],
    theme_ids: Sequence[int],
    *,
    replace: bool = False,
) -> int:
    """Tag ideas with themes (bulk). `replace` sets exactly these themes (none clears them).
    Returns the number of ideas changed."""
    participation = _staff_participation(session, viewer, participation_id)
    themes = _themes_by_id(session, participation.campaign_id, theme_ids)
    if not themes and not replace:
        raise IdeaError("Choisissez au moins un thème.")
    changed = 0
    for idea in _ideas_of(session, participation, idea_ids):
        before = {t.id for t in idea.themes}
        after = {t.id for t in themes} if replace else before | {t.id for t in themes}
        if after != before:
            keep = [t for t in idea.themes if t.id in after]
            idea.themes = keep + [t for t in themes if t.id in after and t.id not in before]
            changed += 1
    session.flush()
    return changed


def untag(session: Session, viewer: Viewer, participation_id: int, idea_ids: Iterable[Any],
          theme_ids: Sequence[int]) -> int:
    participation = _staff_participation(session, viewer, participation_id)
    removed = set(theme_ids)
    changed = 0
    for idea in _ideas_of(session, participation, idea_ids):
        if removed & {t.id for t in idea.themes}:
            idea.themes = [t for t in idea.themes if t.id not in removed]
            changed += 1
    session.flush()
    return changed


def apply_suggestions(session: Session, viewer: Viewer, participation_id: int,
                      idea_ids: Iterable[Any] | None = None) -> int:
    """Tag every untagged idea (or those given) with its suggested themes; returns how many
    ideas were tagged. Ideas with no suggestion are left for a person to read."""
    participation = _staff_participation(session, viewer, participation_id)
    themes = themes_for_campaign(session, participation.campaign_id)
    by_id = {t.id: t for t in session.scalars(select(Theme).where(
        Theme.id.in_([t.id for t in themes])))}
    if idea_ids is None:
        ideas = session.scalars(
            select(Idea).where(Idea.participation_id == participation.id,
                               Idea.merged_into_id.is_(None), ~Idea.themes.any())
            .options(selectinload(Idea.themes)))
    else:
        ideas = _ideas_of(session, participation, idea_ids)
    tagged = 0
    for idea in ideas:
        suggested = [by_id[s.theme_id] for s in suggest_themes(idea.text, themes)]
        new = [t for t in suggested if t not in idea.themes]
        if new:
            idea.themes = [*idea.themes, *new]
            tagged += 1
    session.flush()
    return tagged


def merge(session: Session, viewer: Viewer, participation_id: int, keep_id: Any,
          duplicate_ids: Iterable[Any]) -> IdeaRow:
    """Merge near-duplicates into `keep_id`: they then count once, as that idea, which takes
    their themes. Ideas already merged into a duplicate follow it."""
    participation = _staff_participation(session, viewer, participation_id)
    [keep] = _ideas_of(session, participation, [keep_id])
    duplicates = [d for d in _ideas_of(session, participation, duplicate_ids) if d.id != keep.id]
    if not duplicates:
        raise IdeaError("Choisissez au moins une autre idée à fusionner avec celle-ci.")
    if keep.merged_into_id is not None:
        raise IdeaError("L'idée à garder est elle-même fusionnée dans une autre : choisissez "
                        "l'idée principale du groupe.")
    duplicate_ids = [d.id for d in duplicates]
    with session.no_autoflush:
        followers = list(session.scalars(select(Idea).where(Idea.merged_into_id.in_(duplicate_ids))))
    for follower in followers:
        follower.merged_into_id = keep.id
    themes = list(keep.themes)
    for duplicate in duplicates:
        duplicate.merged_into_id = keep.id
        themes += [t for t in duplicate.themes if t not in themes]
    keep.themes = themes
    session.flush()
    return _idea_row(keep, _mentions(session, participation.id).get(keep.id, 1))


def merge_identical(session: Session, viewer: Viewer, participation_id: int) -> int:
    """Merge the ideas written exactly alike (case, accents and punctuation aside) into the
    oldest of each group, in one go; returns the number of groups merged."""
    participation = _staff_participation(session, viewer, participation_id)
    loaded = session.scalars(
        select(Idea).where(Idea.participation_id == participation.id)
        .options(selectinload(Idea.themes)).order_by(Idea.created_at, Idea.id))
    roots: dict[str, Idea] = {}
    by_id: dict[uuid.UUID, Idea] = {}
    groups = set()
    for idea in loaded:
        by_id[idea.id] = idea
        if idea.merged_into_id is not None:
            continue
        key = normalise(idea.text)
        keep = roots.setdefault(key, idea)
        if keep is not idea:
            idea.merged_into_id = keep.id
            keep.themes = [*keep.themes, *[t for t in idea.themes if t not in keep.themes]]
            groups.add(key)
    for idea in by_id.values():  # ideas merged into one that is now merged follow it
        target = by_id.get(idea.merged_into_id) if idea.merged_into_id else None
        if target is not None and target.merged_into_id is not None:
            idea.merged_into_id = target.merged_into_id
    session.flush()
    return len(groups)


def unmerge(session: Session, viewer: Viewer, participation_id: int, idea_id: Any) -> None:
    """Take an idea out of the group it was merged into: it counts on its own again."""
    participation = _staff_participation(session, viewer, participation_id)
    [idea] = _ideas_of(session, participation, [idea_id])
    if idea.merged_into_id is None:
        raise IdeaError("Cette idée n'est fusionnée avec aucune autre.")
    idea.merged_into_id = None
    session.flush()


def merged_into(session: Session, viewer: Viewer, participation_id: int,
                keep_id: Any) -> list[IdeaRow]:
    """The ideas merged into `keep_id`."""
    campaigns.participation_for(session, viewer, participation_id)
    stmt = (select(Idea).where(Idea.participation_id == participation_id,
                               Idea.merged_into_id == _as_uuid(keep_id))
            .options(selectinload(Idea.themes)).order_by(Idea.created_at, Idea.id))
    return [_idea_row(i) for i in session.scalars(stmt)]


def _content_words(text: str) -> frozenset[str]:
    words = [w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in normalise(text).split()]
    return frozenset(w for w in words if w not in _STOP and len(w) > 1)


@dataclass(frozen=True)
class NearDuplicate:
    first: IdeaRow  # the older idea: the one to keep by default
    second: IdeaRow
    similarity: float  # share of content words in common, 1.0 for the same words


def near_duplicates(ideas: Sequence[IdeaRow], *, threshold: float = NEAR_DUPLICATE,
                    limit: int = 50) -> list[NearDuplicate]:
    """Pairs of ideas that say nearly the same thing (same content words, accents, case,
    plurals and small words ignored), most alike first. Pure."""
    words = [(idea, _content_words(idea.text)) for idea in ideas]
    pairs = []
    for i, (a, wa) in enumerate(words):
        if not wa:
            continue
        for b, wb in words[i + 1:]:
            if not wb:
                continue
            common = len(wa & wb)
            if not common:
                continue
            score = common / len(wa | wb)
            if score >= threshold:
                pairs.append(NearDuplicate(a, b, round(score, 2)))
    pairs.sort(key=lambda p: -p.similarity)
    return pairs[:limit]


# ---- counts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeCount:
    theme_id: int
    label: str
    ideas: int  # ideas tagged with the theme, a merged group counting once
    mentions: int  # how many times they were expressed, merged ones included
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IdeaSummary:
    ideas: int  # a merged group counts once
    mentions: int
    untagged: int
    by_theme: list[ThemeCount]  # most ideas first


def summary(session: Session, viewer: Viewer, participation_id: int, *,
            examples: int = 3) -> IdeaSummary:
    """Counts and examples per theme: the most mentioned ideas serve as examples."""
    rows = list_ideas(session, viewer, participation_id)
    per_theme: dict[int, list[IdeaRow]] = {}
    labels: dict[int, str] = {}
    for row in rows:
        for theme_id, label in zip(row.theme_ids, row.theme_labels, strict=True):
            per_theme.setdefault(theme_id, []).append(row)
            labels[theme_id] = label
    counts = []
    for theme_id, tagged in per_theme.items():
        best = sorted(tagged, key=lambda r: (-r.mentions, len(r.text)))
        counts.append(ThemeCount(theme_id, labels[theme_id], len(tagged),
                                 sum(r.mentions for r in tagged),
                                 [r.text for r in best[:examples]]))
    counts.sort(key=lambda c: (-c.ideas, -c.mentions, normalise(c.label)))
    return IdeaSummary(len(rows), sum(r.mentions for r in rows),
                       sum(1 for r in rows if not r.theme_ids), counts)


def cloud_texts(session: Session, viewer: Viewer, participation_id: int) -> list[str]:
    """The texts the word cloud is drawn from: every idea, a merged group once."""
    campaigns.participation_for(session, viewer, participation_id)
    return list(session.scalars(
        select(Idea.text).where(Idea.participation_id == participation_id,
                                Idea.merged_into_id.is_(None)).order_by(Idea.created_at, Idea.id)))


def count_ideas(session: Session, participation_id: int) -> int:
    """Ideas of a commune, a merged group counting once (no scope: callers check it)."""
    return session.scalar(select(func.count(Idea.id)).where(
        Idea.participation_id == participation_id, Idea.merged_into_id.is_(None))) or 0


def tagged_theme_ids(session: Session, participation_id: int) -> set[int]:
    """Themes that at least one of the commune's ideas is tagged with."""
    return set(session.scalars(
        select(idea_themes.c.theme_id).join(Idea, Idea.id == idea_themes.c.idea_id)
        .where(Idea.participation_id == participation_id).distinct()))


def campaign_of(session: Session, viewer: Viewer, participation_id: int) -> int:
    """The campaign id of a participation the viewer may see."""
    return campaigns.participation_for(session, viewer, participation_id).campaign_id
