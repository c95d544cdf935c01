"""The demo's phase 1: invitations, answers, contact élus and signed délibérations."""

import io
from datetime import date

from pypdf import PdfReader
from sqlalchemy import func, select

from ruralites import demo, phases
from ruralites.auth import SYSTEM
from ruralites.campaigns import commune_files, documents
from ruralites.models import CouncilDecision, Document, Participation


def _files(db):
    with db.read() as s:
        return {f.code_insee: f for f in commune_files(s, SYSTEM, demo.SLUG)}


def test_each_demo_commune_has_its_contact_answer_and_signed_decision(db):
    demo.load(db)
    files = _files(db)
    plufur = files["22238"]
    assert (plufur.contact_name, plufur.contact_role) == ("Yann Le Meur", "Maire")
    assert plufur.contact_email.endswith("@example.org")  # never a real address
    assert "vœux du 26 janvier 2019" in plufur.notes
    assert (plufur.invited_on, plufur.answered_on) == (date(2019, 1, 7), date(2019, 1, 26))
    assert files["22366"].contact_role == "Adjoint à la vie associative"
    for f in files.values():
        assert phases.allows(f.phase, "collect_answers") and f.answer == "Volontaire"  # validated or later
        assert "validated" in [step.to_phase for step in f.timeline]
        assert f.decision.number and f.decision.favourable
        assert f.decision.document.media_type == "application/pdf"


def test_the_demo_deliberation_is_a_real_pdf_naming_the_commune_and_its_votes(db):
    demo.load(db)
    doc_id = _files(db)["22366"].decision.document.id
    with db.read() as s:
        content = documents.get_for(s, SYSTEM, doc_id).content
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "COMMUNE DE TRÉMEL" in text and "Délibération n° 2019-009" in text
    assert "Pour : 9" in text and "Document de démonstration, fictif" in text


def test_loading_twice_stores_no_second_document(db):
    demo.load(db)
    assert demo.load(db) is False
    with db.read() as s:
        assert s.scalar(select(func.count(Document.id))) == 5


def test_a_demo_loaded_by_an_older_version_is_completed(db):
    demo.load(db)
    with db.write() as s:  # as the first version left it: no contacts, no documents
        for decision in s.scalars(select(CouncilDecision)):
            decision.document_id = None
        s.flush()
        for doc in s.scalars(select(Document)):
            s.delete(doc)
        for p in s.scalars(select(Participation)):
            p.contact_name = p.contact_email = p.contact_phone = p.notes = None
    assert demo.load(db) is True
    files = _files(db)
    assert all(f.contact_name and f.decision.document for f in files.values())
    assert demo.load(db) is False
