"""Pages of a built PDF as PNG images, for the preview on the guide page: Poppler's `pdftoppm`
(installed with the app's system packages), run on a temporary copy. Pure of Streamlit."""

from __future__ import annotations

import re
import shutil
import subprocess  # noqa: S404 — runs pdftoppm on our own PDF, no shell, fixed arguments
import tempfile
from pathlib import Path

from ruralites.guide.narrative import GuideError


def page_images(pdf: bytes, first: int, last: int, *, dpi: int = 60) -> list[bytes]:
    """PNG images of pages `first` to `last` (1-based, included)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise GuideError("L'aperçu demande l'outil « pdftoppm » (paquet poppler-utils) : "
                         "téléchargez le PDF pour le lire.")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "guide.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 — fixed tool and arguments, our own file
            [tool, "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(source),
             str(Path(folder) / "page")], check=True, capture_output=True, timeout=60)
        return [p.read_bytes() for p in sorted(Path(folder).glob("page-*.png"))]


def page_count(pdf: bytes) -> int:
    """How many pages a PDF written by reportlab has (one `/Type /Page` object per page)."""
    return len(re.findall(rb"/Type /Page(?![a-zA-Z])", pdf))
