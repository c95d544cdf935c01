"""What staff write for the guide: the narrative sections (saved as drafts while they type, so a
reload loses nothing) and the testimonies, each quoted only with its author's recorded consent.

Who may write: staff of the campaign (`campaigns.campaign_for(..., edit=True)`). Mayors read the
printed guide, they do not write it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr
from ruralites.auth import Viewer
from ruralites.errors import UserError
from ruralites.models import GuideSection, Testimony

SECTION_LIMIT = 20_000  # characters; about eight printed pages
QUOTE_LIMIT = 2_000
AUTHOR_LIMIT = 200

# The campaign-wide sections, in the order the guide prints them.
SECTIONS = {
    "synthesis": "Synthèse entre les communes",
    "worked": "Ce qui a marché",
    "change": "Ce qu'il faudrait changer",
    "advice": "Conseils à un pôle qui démarre",
}
NEXT_PREFIX = "next:"  # + INSEE code: the commune chapter's "what happened next"
NEXT_TITLE = "Et après ?"


class GuideError(UserError):
    """A guide rule refused something; str() is a French message."""


def next_key(code_insee: str) -> str:
    return NEXT_PREFIX + code_insee


def section_title(key: str) -> str:
    return NEXT_TITLE if key.startswith(NEXT_PREFIX) else SECTIONS[key]


def _check_key(key: str) -> None:
    if key in SECTIONS:
        return
    code = key.removeprefix(NEXT_PREFIX)
    if key.startswith(NEXT_PREFIX) and code.isalnum() and len(code) == 5:
        return
    raise GuideError(f"Section du guide inconnue : « {key} ».")


@dataclass(frozen=True)
class TestimonyInfo:
    id: int
    commune_code: str | None
    quote: str
    author: str
    consent_on: date
    consent_how: str


def sections(session: Session, viewer: Viewer, campaign_slug: str) -> dict[str, str]:
    """Every section written for the campaign's guide (key -> text), empty ones left out."""
    campaign = campaigns.campaign_for(session, viewer, campaign_slug)
    rows = session.execute(select(GuideSection.key, GuideSection.body)
                           .where(GuideSection.campaign_id == campaign.id)
                           .order_by(GuideSection.key, GuideSection.id))
    return {key: body for key, body in rows if body.strip()}


def section_saved_at(session: Session, viewer: Viewer, campaign_slug: str,
                     key: str) -> datetime | None:
    campaign = campaigns.campaign_for(session, viewer, campaign_slug)
    return session.scalar(select(GuideSection.updated_at).where(
        GuideSection.campaign_id == campaign.id, GuideSection.key == key))


def save_section(session: Session, viewer: Viewer, campaign_slug: str, key: str,
                 body: str) -> None:
    """Store a section as typed (a draft: saved on every change, printed at the next build)."""
    campaign = campaigns.campaign_for(session, viewer, campaign_slug, edit=True)
    _check_key(key)
    body = body.replace("\r\n", "\n").replace("\x00", "")
    if len(body) > SECTION_LIMIT:
        raise GuideError(
            f"« {section_title(key)} » : {fr.number(SECTION_LIMIT)} caractères au plus "
            f"({fr.number(len(body))} saisis). Raccourcissez le texte ; rien n'a été perdu "
            "de la version précédente.")
    row = session.scalar(select(GuideSection).where(
        GuideSection.campaign_id == campaign.id, GuideSection.key == key))
    if row is None:
        row = GuideSection(campaign_id=campaign.id, key=key)
        session.add(row)
    row.body = body
    row.updated_at = fr.utcnow()
    row.updated_by = viewer.user_id
    session.flush()


def testimonies(session: Session, viewer: Viewer, campaign_slug: str) -> list[TestimonyInfo]:
    campaign = campaigns.campaign_for(session, viewer, campaign_slug)
    rows = session.scalars(select(Testimony).where(Testimony.campaign_id == campaign.id)
                           .order_by(Testimony.created_at, Testimony.id))
    return [TestimonyInfo(t.id, t.commune_code, t.quote, t.author, t.consent_on, t.consent_how)
            for t in rows]


def add_testimony(session: Session, viewer: Viewer, campaign_slug: str, *, quote: str,
                  author: str, consent_on: date | None, consent_how: str,
                  commune_code: str | None = None) -> int:
    """Record a quote; refused without the date and the way its author gave consent."""
    campaign = campaigns.campaign_for(session, viewer, campaign_slug, edit=True)
    quote, author, consent_how = quote.strip(), " ".join(author.split()), consent_how.strip()
    if not quote:
        raise GuideError("Le témoignage est vide : saisissez la citation.")
    if len(quote) > QUOTE_LIMIT:
        raise GuideError(f"Le témoignage : {fr.number(QUOTE_LIMIT)} caractères au plus "
                         f"({fr.number(len(quote))} saisis).")
    if not author or len(author) > AUTHOR_LIMIT:
        raise GuideError("Indiquez comment l'auteur·rice accepte d'être nommé·e (par exemple "
                         "« Marie, habitante de Trémel »), en 200 caractères au plus.")
    if consent_on is None or not consent_how:
        raise GuideError("Un témoignage n'est publié qu'avec l'accord de son auteur·rice : "
                         "indiquez la date et la façon dont l'accord a été donné.")
    if consent_on > fr.today_in_france():
        raise GuideError("La date de l'accord ne peut pas être dans le futur.")
    row = Testimony(campaign_id=campaign.id, commune_code=commune_code or None, quote=quote,
                    author=author, consent_on=consent_on, consent_how=consent_how,
                    recorded_by=viewer.user_id)
    session.add(row)
    session.flush()
    return row.id


def delete_testimony(session: Session, viewer: Viewer, campaign_slug: str,
                     testimony_id: int) -> None:
    campaign = campaigns.campaign_for(session, viewer, campaign_slug, edit=True)
    row = session.get(Testimony, testimony_id)
    if row is None or row.campaign_id != campaign.id:
        raise GuideError("Témoignage introuvable : il a peut-être déjà été supprimé.")
    session.delete(row)


IMAGE_LIMIT = 5 * 1024 * 1024


def check_image(data: bytes, filename: str = "") -> bytes:
    """A cover picture as PNG bytes; anything that is not a readable image is refused."""
    import io

    from PIL import Image, UnidentifiedImageError

    if len(data) > IMAGE_LIMIT:
        raise GuideError(f"« {filename} » est trop lourd : 5 Mo au plus.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.width * image.height > 40_000_000:
                raise GuideError(f"« {filename} » est une image trop grande.")
            image.thumbnail((1600, 1600))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        raise GuideError(f"« {filename} » n'est pas une image lisible (PNG ou JPEG "
                         "attendu) : rien n'a été ajouté au guide.") from exc
