"""Pages of a built PDF as PNG images, for the preview on the guide page, drawn by PDFium
(pypdfium2, a Python wheel: no system package to install). Pure of Streamlit.

PDFium must never run in two threads at once, not even on two documents, and Streamlit runs
each session in a thread of its own: every call goes through `_PDFIUM`, and every PDFium object
is closed inside it (one left to the garbage collector would be freed in whatever thread it
happens to run)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium

from ruralites.guide.narrative import GuideError

UNREADABLE = "Ce PDF ne peut pas être lu pour l'aperçu : téléchargez-le pour le lire."
_PDFIUM = threading.Lock()


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has."""
    with _document(pdf) as document:
        return len(document)


def page_images(pdf: bytes, first: int, last: int, *, dpi: int = 60) -> list[bytes]:
    """PNG images of pages `first` to `last` (1-based, included; pages past the end are left
    out)."""
    images = []
    with _document(pdf) as document:
        for index in range(max(first, 1) - 1, min(last, len(document))):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            try:
                png = io.BytesIO()
                bitmap.to_pil().save(png, format="PNG")  # the image shares the bitmap's memory
            finally:
                bitmap.close()
                page.close()
            images.append(png.getvalue())
    return images


@contextmanager
def _document(pdf: bytes) -> Iterator[pdfium.PdfDocument]:
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise GuideError(UNREADABLE) from exc
        try:
            yield document
        except pdfium.PdfiumError as exc:
            raise GuideError(UNREADABLE) from exc
        finally:
            document.close()
