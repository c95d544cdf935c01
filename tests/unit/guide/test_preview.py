"""The guide page's preview: pages of a PDF drawn as PNG images by PDFium, with no system tool,
and a French refusal for a file that is no PDF."""

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ruralites.guide import GuideError, page_count, page_images


def _pdf(pages: int) -> bytes:
    """A4 pages, page n with n black bands across it, so each page looks different."""
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        for band in range(number):
            drawing.rect(50, 700 - band * 120, 495, 60, fill=1)
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def _dark_share(png: bytes) -> float:
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    return dark / (image.width * image.height)


def test_pages_are_drawn_at_the_asked_resolution_and_look_like_the_pdf():
    pdf = _pdf(3)
    assert page_count(pdf) == 3
    images = page_images(pdf, 1, 3, dpi=60)
    assert [Image.open(io.BytesIO(png)).format for png in images] == ["PNG"] * 3
    width, height = Image.open(io.BytesIO(images[0])).size
    assert abs(width - A4[0] * 60 / 72) < 1 and abs(height - A4[1] * 60 / 72) < 1
    shares = [_dark_share(png) for png in images]
    assert 0 < shares[0] < shares[1] < shares[2]  # one, two, then three bands


def test_a_range_past_the_last_page_stops_at_the_last_page():
    pdf = _pdf(5)
    assert len(page_images(pdf, 5, 8)) == 1
    assert page_images(pdf, 6, 9) == []


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.4\n\x00\xff broken", _pdf(2)[:200]])
def test_a_file_that_is_no_pdf_is_refused_in_french(data):
    with pytest.raises(GuideError, match="Ce PDF ne peut pas être lu pour l'aperçu"):
        page_images(data, 1, 4)
    with pytest.raises(GuideError, match="Ce PDF ne peut pas être lu pour l'aperçu"):
        page_count(data)


def test_staff_previewing_at_the_same_time_get_the_same_pages():
    """PDFium is not thread-safe and Streamlit runs each session in a thread: previews asked
    at once are drawn one after the other, each whole."""
    pdf = _pdf(4)
    alone = page_images(pdf, 1, 4)
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda _: page_images(pdf, 1, 4), range(8)))
    assert together == [alone] * 8
