"""Uploaded documents are accepted for what their bytes are, not for their name."""

import pytest

from ruralites.campaigns.documents import (
    DocumentError,
    Upload,
    check,
    clean_filename,
    sniff,
)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (WEBP, "image/webp"),
        (b"MZ\x90\x00 a Windows program", None),
        (b"<html><script>alert(1)</script>", None),
        (b"PK\x03\x04 a Word document (zip)", None),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),  # a RIFF that is not WebP
        (b"", None),
    ],
)
def test_the_first_bytes_decide_the_type(content, media_type):
    assert sniff(content) == media_type


def test_a_program_named_pdf_is_refused_in_french():
    with pytest.raises(DocumentError, match="n'est ni un PDF ni une image"):
        check(Upload("deliberation.pdf", b"MZ\x90\x00" + b"\x00" * 100))


def test_an_empty_file_is_refused():
    with pytest.raises(DocumentError, match="est vide"):
        check(Upload("vide.pdf", b""))


def test_a_file_over_the_limit_is_refused_with_the_limit(monkeypatch):
    from ruralites.config import settings

    monkeypatch.setenv("RURALITES_MAX_UPLOAD_MB", "1")
    settings.cache_clear()
    check(Upload("juste.pdf", PDF + b"\x00" * (1024 * 1024 - len(PDF))))  # exactly 1 Mo: accepted
    with pytest.raises(DocumentError, match="la limite est de 1,0\u202fMo"):
        check(Upload("gros.pdf", PDF + b"\x00" * (1024 * 1024)))


@pytest.mark.parametrize(
    ("name", "media_type", "expected"),
    [
        ("Délibération 2019-009.pdf", "application/pdf", "Délibération 2019-009.pdf"),
        ("scan.PDF", "image/jpeg", "scan.jpg"),  # the extension follows the content
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),  # no folder
        ("C:\\Users\\marie\\Bureau\\délib.png", "image/png", "délib.png"),
        ("a\x00b<c>.pdf", "application/pdf", "a_b_c_.pdf"),
        ("", "application/pdf", "document.pdf"),
        ("...", "image/png", "document.png"),
    ],
)
def test_file_names_are_made_safe_to_offer_for_download(name, media_type, expected):
    assert clean_filename(name, media_type) == expected

