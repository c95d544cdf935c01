"""Uploaded documents (a signed délibération, a scanned page): checked, stored with a checksum,
served only to whoever may see what they are attached to.

A file is accepted for what its first bytes say it is, not for its name: a PDF starts with
``%PDF-``, a PNG, a JPEG or a WebP image with their own signatures. Anything else, an empty file
or a file larger than ``settings().max_upload_bytes`` is refused with a French message."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import fr
from ruralites.auth import Viewer, participation_scope
from ruralites.config import settings
from ruralites.errors import UserError
from ruralites.models import CouncilDecision, Document

# media type → the extension of the file offered for download
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
}
ACCEPTED_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "webp")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


class DocumentError(UserError, ValueError):
    """The file was refused; str() is a French message saying what to do."""


@dataclass(frozen=True)
class Upload:
    """A file as received from a form: its name on the user's computer and its bytes."""

    filename: str
    content: bytes


def sniff(content: bytes) -> str | None:
    """The media type the content's signature gives, or None if it is not an accepted type."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(content) >= 12 and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def clean_filename(filename: str, media_type: str) -> str:
    """A file name safe to offer for download: no folder, no control character, the extension
    of what the file really is."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = _UNSAFE_NAME.sub("_", unicodedata.normalize("NFC", name)).strip(" ._")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[:150] or "document"
    return stem + _EXTENSIONS[media_type]


def check(upload: Upload) -> str:
    """The media type of an acceptable upload; DocumentError otherwise."""
    limit = settings().max_upload_bytes
    if not upload.content:
        raise DocumentError(f"Le fichier « {upload.filename} » est vide.")
    if len(upload.content) > limit:
        raise DocumentError(
            f"Le fichier « {upload.filename} » pèse {fr.size(len(upload.content))} : "
            f"la limite est de {fr.size(limit)}. Numérisez-le en plus basse résolution ou en "
            "noir et blanc."
        )
    media_type = sniff(upload.content)
    if media_type is None:
        raise DocumentError(
            f"Le fichier « {upload.filename} » n'est ni un PDF ni une image (PNG, JPEG, WebP) : "
            "joignez la délibération signée, numérisée ou photographiée."
        )
    return media_type


def store(session: Session, upload: Upload, *, user_id: int | None = None) -> Document:
    """Check the upload and store it with its SHA-256 checksum."""
    media_type = check(upload)
    document = Document(
        filename=clean_filename(upload.filename, media_type), media_type=media_type,
        size=len(upload.content), sha256=hashlib.sha256(upload.content).hexdigest(),
        content=upload.content, uploaded_by=user_id,
    )
    session.add(document)
    session.flush()
    return document


def get_for(session: Session, viewer: Viewer, document_id: int) -> Document | None:
    """The document if it is attached to a council decision the viewer may see, else None."""
    stmt = (
        select(Document)
        .join(CouncilDecision, CouncilDecision.document_id == Document.id)
        .join(CouncilDecision.participation)
        .where(Document.id == document_id, participation_scope(viewer))
    )
    return session.scalars(stmt).first()
