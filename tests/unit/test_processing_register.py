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
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 3
    for number, page in enumerate(pages, 1):
        assert f"Page {number} / 3" in page


def test_every_processing_says_who_has_access_and_how_long():
    for p in register(12):
        assert p.access and p.retention and p.legal_basis


def test_questionnaires_in_progress_and_held_answers_are_in_the_register():
    pdf = render_register(register(18))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
                    .split())  # lines wrapped in the PDF read as one
    assert "Questionnaires en cours et réponses en attente" in text
    assert "24 h après la dernière modification" in text
    (drafts,) = [p for p in register(18) if p.name.startswith("Questionnaires en cours")]
    assert "au plus 18 mois après la fin de la démarche" in drafts.retention
    assert "demande de la personne" not in drafts.retention  # never joined to a person
