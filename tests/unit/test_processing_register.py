"""The register of processing, generated from the configuration, read back from its PDF."""

import io

from pypdf import PdfReader

from ruralites.pdf.processing_register import render_register
from ruralites.privacy import register


def test_the_register_follows_the_retention_setting_and_reads_back_from_the_pdf():
    pdf = render_register(register(18))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert reader.metadata.title == "Registre des traitements — Ruralités"
    for heading in ("Questionnaire d'écoute", "Groupe d'habitant·es intéressé·es",
                    "Inscriptions aux soirées", "Catalogue des témoins", "journal des actions"):
        assert heading in text
    assert "18 mois après la fin de la démarche" in text
    assert "Page 1 / 2" in text and "Page 2 / 2" in text


def test_every_processing_says_who_has_access_and_how_long():
    for p in register(12):
        assert p.access and p.retention and p.legal_basis
