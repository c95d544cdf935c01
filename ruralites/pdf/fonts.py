"""The embedded font of every PDF: DejaVu Sans, which covers French fully (é, œ, « », ’, €…).

reportlab's built-in Helvetica is not embedded and lacks glyphs such as œ, ’ and the narrow
no-break space; DejaVu Sans ships inside matplotlib (already a dependency), so nothing to
download. `register_fonts()` registers the four faces as one family, once per process.
"""

from __future__ import annotations

import threading
from pathlib import Path

import matplotlib
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "DejaVuSans"
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Oblique"
BOLD_ITALIC = f"{FAMILY}-BoldOblique"

_FILES = {  # face name -> file name
    FAMILY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_LOCK = threading.Lock()
_registered = False


def font_directory() -> Path:
    """Where matplotlib keeps its TrueType fonts."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def register_fonts() -> str:
    """Register DejaVu Sans (regular, bold, italic, bold italic) with reportlab; idempotent.

    Returns the family name to use as `fontName`; `<b>` and `<i>` in paragraphs then pick the
    bold and italic faces.
    """
    global _registered
    with _LOCK:
        if _registered:
            return FAMILY
        directory = font_directory()
        for name, file_name in _FILES.items():
            path = directory / file_name
            if not path.is_file():
                raise FileNotFoundError(
                    f"Police introuvable : {path}. Réinstallez matplotlib, qui la fournit."
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC,
                                      boldItalic=BOLD_ITALIC)
        _registered = True
        return FAMILY
