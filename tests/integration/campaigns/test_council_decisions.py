"""Council decisions with their signed document: stored with a checksum, seen only in scope."""

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import campaigns, communes
from ruralites.auth import SYSTEM, Viewer
from ruralites.campaigns import CampaignError, DocumentError, Upload, commune_files, documents
from ruralites.models import Campaign, CouncilDecision, Document, Participation

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def volunteer(db):
    """Trémel and Botsorhel, both volunteers in one campaign; returns their participation ids."""
    with db.write() as s:
        pole = communes.ensure_pole(s, "adess", "ADESS")
        campaign = campaigns.create_campaign(s, name="Ruralités test", poles=[pole])
        ids = {}
        for code in ("22366", "29014"):
            p = campaigns.add_commune(s, campaign, code, invited_on=date(2019, 1, 7))
            campaigns.record_answer(s, p, volunteers=True, answered_on=date(2019, 1, 28),
                                    today=date(2019, 3, 1))
            ids[code] = p.id
        return ids


def _decide(db, pid, **kw):
    args = dict(session_date=date(2019, 2, 22), number="2019-009", votes_for=9, votes_against=0,
                abstentions=1, today=date(2019, 3, 1))
    args.update(kw)
    with db.write() as s:
        return campaigns.record_decision(s, s.get(Participation, pid), **args)


def _count(db, model):
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_a_decision_with_its_signed_pdf_keeps_the_file_and_its_checksum(db, volunteer):
    _decide(db, volunteer["22366"], document=Upload("Délibération signée.pdf", PDF), notes="Reçue par courrier")
    with db.read() as s:
        (f,) = commune_files(s, SYSTEM, participation_id=volunteer["22366"])
        doc = documents.get_for(s, SYSTEM, f.decision.document.id)
        assert (doc.content, doc.media_type, doc.size) == (PDF, "application/pdf", len(PDF))
    assert f.phase == "validated"
    assert f.decision.document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert f.decision.document.filename == "Délibération signée.pdf"
    assert (f.decision.notes, f.decision.title) == ("Reçue par courrier", "Délibération n° 2019-009 du 22/02/2019")
    assert f.decision.result == "favorable : 9 pour, 0 contre, 1 abstention(s)"


def test_a_photographed_decision_is_accepted_as_an_image(db, volunteer):
    _decide(db, volunteer["22366"], document=Upload("photo.png", PNG))
    with db.read() as s:
        (f,) = commune_files(s, SYSTEM, participation_id=volunteer["22366"])
    assert f.decision.document.is_image


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (Upload("deliberation.pdf", b"MZ\x90\x00 not a pdf"), "n'est ni un PDF ni une image"),
        (Upload("deliberation.docx", b"PK\x03\x04 word"), "n'est ni un PDF ni une image"),
        (Upload("vide.pdf", b""), "est vide"),
    ],
)
def test_a_bad_document_refuses_the_whole_decision(db, volunteer, upload, message):
    with pytest.raises(DocumentError, match=message):
        _decide(db, volunteer["22366"], document=upload)
    with db.read() as s:
        assert s.get(Participation, volunteer["22366"]).phase == "volunteered"
    assert (_count(db, Document), _count(db, CouncilDecision)) == (0, 0)


def test_a_document_over_the_size_limit_is_refused(db, volunteer, monkeypatch):
    from ruralites.config import settings

    monkeypatch.setenv("RURALITES_MAX_UPLOAD_MB", "1")
    settings.cache_clear()
    with pytest.raises(DocumentError, match="la limite est de 1,0\u202fMo"):
        _decide(db, volunteer["22366"], document=Upload("scan.pdf", PDF + b"0" * 1024 * 1024))
    assert _count(db, Document) == 0


def test_a_decision_without_a_date_is_refused(db, volunteer):
    with pytest.raises(CampaignError, match="Indiquez la date de la séance"):
        _decide(db, volunteer["22366"], session_date=None)


def test_the_signed_document_may_come_later_but_only_once(db, volunteer):
    _decide(db, volunteer["22366"])
    with db.write() as s:
        decision = s.scalar(select(CouncilDecision))
        campaigns.attach_document(s, decision, Upload("plus-tard.pdf", PDF))
    with pytest.raises(CampaignError, match="Un document est déjà joint"), db.write() as s:
        campaigns.attach_document(s, s.scalar(select(CouncilDecision)), Upload("encore.pdf", PDF))
    assert _count(db, Document) == 1


def test_a_mayor_reaches_the_document_of_their_commune_only(db, volunteer):
    _decide(db, volunteer["22366"], document=Upload("tremel.pdf", PDF))
    _decide(db, volunteer["29014"], session_date=date(2019, 2, 25), document=Upload("botsorhel.pdf", PDF))
    tremel = Viewer(user_id=None, role="mayor", commune_codes=frozenset({"22366"}))
    with db.read() as s:
        ids = {d.participation.commune_code: d.document_id for d in s.scalars(select(CouncilDecision))}
        assert documents.get_for(s, tremel, ids["22366"]).filename == "tremel.pdf"
        assert documents.get_for(s, tremel, ids["29014"]) is None
        with pytest.raises(campaigns.CampaignNotFoundError):
            campaigns.participation_for(s, tremel, volunteer["29014"])
        with pytest.raises(campaigns.NotAllowedError):
            campaigns.participation_for(s, tremel, volunteer["22366"], edit=True)


def test_an_unfavourable_decision_ends_the_participation_and_says_so(db, volunteer):
    _decide(db, volunteer["22366"], votes_for=3, votes_against=7, abstentions=1)
    with db.read() as s:
        (f,) = commune_files(s, SYSTEM, participation_id=volunteer["22366"])
    assert (f.phase, f.decision.result) == ("declined", "défavorable : 3 pour, 7 contre, 1 abstention(s)")
    assert f.timeline[-1].reason == "Délibération n° 2019-009 défavorable du 22/02/2019"


def test_nothing_of_phase_two_may_start_before_the_council_validated(db, volunteer):
    from ruralites import phases

    with db.read() as s:
        p = s.get(Participation, volunteer["22366"])
        with pytest.raises(phases.PhaseGateError, match="il faut d'abord l'étape « Validée par le conseil »"):
            campaigns.check_allows(p, "collect_answers")
    _decide(db, volunteer["22366"])
    with db.read() as s:
        campaigns.check_allows(s.get(Participation, volunteer["22366"]), "collect_answers")


def test_the_timeline_says_who_moved_the_commune(db, volunteer):
    from ruralites import auth

    with db.write() as s:
        user = auth.create_user(s, username="marie", display_name="Marie Le Goff",
                                password="un-mot-de-passe-solide", role="staff")
        uid = user.id
    _decide(db, volunteer["22366"], user_id=uid)
    with db.read() as s:
        (f,) = commune_files(s, SYSTEM, participation_id=volunteer["22366"])
    assert [(t.label, t.who) for t in f.timeline] == [
        ("Invitée", "—"), ("Volontaire", "—"), ("Validée par le conseil", "Marie Le Goff")]


def test_the_export_table_has_one_row_per_commune_with_its_decision(db, volunteer):
    from ruralites.campaigns import EXPORT_COLUMNS, export_table

    _decide(db, volunteer["22366"], document=Upload("tremel.pdf", PDF))
    with db.read() as s:
        slug = s.scalar(select(Campaign.slug))
        columns, rows = export_table(s, SYSTEM, slug)
    assert columns == EXPORT_COLUMNS
    table = {row[1]: dict(zip(columns, row, strict=True)) for row in rows}
    assert set(table) == {"Trémel", "Botsorhel"}
    assert (table["Trémel"]["Phase"], table["Trémel"]["Délibération n°"], table["Trémel"]["Pour"]) == (
        "Validée par le conseil", "2019-009", 9)
    assert table["Trémel"]["SHA-256 du document"] == hashlib.sha256(PDF).hexdigest()
    assert (table["Botsorhel"]["Phase"], table["Botsorhel"]["Prochaine étape"]) == (
        "Volontaire", "Délibération du conseil municipal attendue")
