"""One person's data exported and erased, the retention purge and the audit log (issue 12),
on the demo data: the campaign's figures do not move, the audit log holds no contact."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from ruralites import demo, privacy
from ruralites.auth import SYSTEM, Viewer
from ruralites.listening import drafts, kiosk
from ruralites.models import (
    AuditEvent,
    Campaign,
    KioskDraft,
    Participation,
    Registration,
    Response,
    Volunteer,
)

MAYOR = Viewer(user_id=None, role="mayor", display_name="Maire", commune_codes=frozenset({"22366"}))
STAFF = Viewer(user_id=None, role="staff", display_name="Marie")


def _figures(db) -> tuple[int, ...]:
    with db.read() as s:
        return (s.scalar(select(func.count(Response.id))),
                s.scalar(select(func.count(Registration.id))),
                s.scalar(select(func.count(Registration.id)).where(Registration.attended)))


def _a_registered_contact(db) -> str:
    with db.read() as s:
        return s.scalar(select(Registration.contact).where(Registration.contact.is_not(None))
                        .order_by(Registration.registered_at, Registration.id).limit(1))


def _audit_text(db) -> str:
    with db.read() as s:
        return json.dumps([[e.action, e.entity, e.entity_id, e.details, e.summary]
                           for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))],
                          ensure_ascii=False)


def test_a_person_is_exported_then_erased_and_the_figures_stay(db):
    demo.load(db)
    contact = _a_registered_contact(db)
    before = _figures(db)
    with db.write() as s:
        data = privacy.export(s, STAFF, contact)
    assert data["inscriptions_soirees"] and all(
        r["contact"] == contact and r["consentement"]["version"] for r in data["inscriptions_soirees"])
    json.dumps(data)  # plain JSON
    with db.write() as s:
        erased = privacy.erase(s, STAFF, contact)
    assert erased.registrations == len(data["inscriptions_soirees"])
    assert _figures(db) == before  # same responses, registrations and ticks on the sheet
    with db.read() as s:
        assert s.scalar(select(func.count()).where(Registration.contact == contact)) == 0
    with db.write() as s:
        again = privacy.export(s, STAFF, contact)
    assert again["inscriptions_soirees"] == [] and again["groupe_habitants_interesses"] == []
    audit = _audit_text(db)
    assert '"erasure"' in audit and '"person_export"' in audit
    assert contact not in audit and contact.replace(" ", "") not in audit


def test_a_volunteer_left_by_staff_is_found_by_email_and_deleted(db):
    demo.load(db)
    with db.read() as s:
        email = s.scalar(select(Volunteer.email).where(Volunteer.email.is_not(None))
                         .order_by(Volunteer.email).limit(1))
    assert email
    with db.write() as s:
        assert privacy.export(s, SYSTEM, email)["groupe_habitants_interesses"]
        assert privacy.erase(s, SYSTEM, email).volunteers >= 1
    with db.read() as s:
        assert s.scalar(select(func.count()).where(Volunteer.email == email)) == 0


def _pdf_text(pdf: bytes) -> str:
    import io
    import re

    import pypdf

    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def test_the_readable_pdf_holds_what_the_json_holds_for_a_person(db):
    """What a person receives on paper: their contact, each entry, the text they agreed to,
    and their rights."""
    from ruralites.pdf.person import render_person

    demo.load(db)
    with db.read() as s:
        volunteer = s.scalars(select(Volunteer).where(Volunteer.email.is_not(None))
                              .order_by(Volunteer.email)).first()
        email, name = volunteer.email, volunteer.name
    contact = _a_registered_contact(db)
    with db.write() as s:
        by_email = privacy.export(s, SYSTEM, email)
        by_contact = privacy.export(s, SYSTEM, contact)
    text = _pdf_text(render_person(by_email))
    assert text.startswith("Vos données personnelles")
    assert email in text and (name or "") in text
    assert "Groupe des habitants intéressés" in text and "1. Commune :" in text
    assert "Vous n'êtes inscrit·e à aucune soirée." in text
    assert "Vos droits" in text and "CNIL" in text
    consent = by_email["groupe_habitants_interesses"][0]["consentement"]["texte"]
    assert " ".join(consent.split())[:60] in text
    evenings = _pdf_text(render_person(by_contact))
    for registration in by_contact["inscriptions_soirees"]:
        assert registration["soiree"] in evenings and registration["nom"] in evenings
    assert "Vous ne faites partie d'aucun groupe" in evenings or "1. Commune :" in evenings


def test_only_staff_handle_personal_data_and_only_admins_read_the_audit_log(db):
    with db.write() as s, pytest.raises(privacy.PrivacyError, match="animateur·rices"):
        privacy.export(s, MAYOR, "jeanne@example.fr")
    with db.write() as s, pytest.raises(privacy.PrivacyError, match="animateur·rices"):
        privacy.erase(s, MAYOR, "jeanne@example.fr")
    with db.read() as s, pytest.raises(privacy.PrivacyError, match="administrateur·rices"):
        privacy.entries(s, STAFF)
    with db.write() as s, pytest.raises(privacy.PrivacyError, match="administrateur·rices"):
        privacy.purge(s, months=12, dry_run=False, viewer=STAFF)
    with db.write() as s:
        assert privacy.purge(s, months=12, dry_run=True, viewer=STAFF).total == 0


def test_the_audit_log_refuses_contact_details(db):
    with db.write() as s:
        for summary in ("pour jeanne@example.fr", "appeler le 02 96 35 12 12"):
            with pytest.raises(ValueError, match="contact details"):
                privacy.record(s, SYSTEM, "export", "responses", summary=summary)
        privacy.record(s, SYSTEM, "export", "responses", entity_id=3, counts={"lignes": 420})
    with db.read() as s:
        [entry] = privacy.entries(s, SYSTEM)
    assert (entry.who, entry.action, entry.summary) == ("système", "Export", "lignes : 420")


def test_the_purge_shows_then_erases_the_contacts_of_a_campaign_ended_long_ago(db):
    demo.load(db)
    with db.write() as s:
        campaign = s.scalar(select(Campaign).where(Campaign.slug == demo.SLUG))
        campaign.ends_on = date(2021, 6, 30)
    before = _figures(db)
    with db.read() as s:
        held = s.scalar(select(func.count(Volunteer.id)))
    assert held > 50
    with db.write() as s:
        early = privacy.purge(s, months=12, dry_run=True, today=date(2022, 6, 29))
    assert early.campaigns == [] and early.not_yet[0].purge_from == date(2022, 6, 30)
    with db.write() as s:
        shown = privacy.purge(s, months=12, dry_run=True, today=date(2022, 7, 1))
    text = privacy.plan_text(shown, dry_run=True)
    assert f"{held} contacts du groupe" in text and "serait effacé" in text
    with db.read() as s:
        assert s.scalar(select(func.count(Volunteer.id))) == held  # a dry run changes nothing
    with db.write() as s:
        privacy.purge(s, months=12, dry_run=False, today=date(2022, 7, 1))
    with db.read() as s:
        assert s.scalar(select(func.count(Volunteer.id))) == 0
        assert s.scalar(select(func.count()).where(Registration.contact.is_not(None))) == 0
    assert _figures(db) == before
    with db.write() as s:
        assert privacy.purge(s, months=12, dry_run=True, today=date(2022, 7, 1)).total == 0


@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2021, 1, 31), 1, date(2021, 2, 28)),  # the last day of a shorter month
    (date(2020, 6, 30), 12, date(2021, 6, 30)),
    (date(2020, 11, 15), 3, date(2021, 2, 15)),  # across a year
])
def test_months_are_added_as_on_a_calendar(start, months, end):
    assert privacy.add_months(start, months) == end


def test_cli_purge_dry_run_then_export_and_erase_a_person(tmp_path):
    from tests.integration.test_cli import run

    assert run("demo", "load").returncode == 0
    dry = run("privacy", "purge", "--dry-run")
    assert dry.returncode == 0 and "Durée de conservation : 12 mois" in dry.stdout
    short = run("privacy", "purge", "--dry-run", env={"RURALITES_RETENTION_MONTHS": "douze"})
    assert short.returncode == 1 and "RURALITES_RETENTION_MONTHS doit être un nombre" in short.stderr
    refused = run("privacy", "erase", "personne@example.fr")
    assert refused.returncode == 1 and "relancez avec --yes" in refused.stderr
    out = tmp_path / "personne.json"
    exported = run("privacy", "export", "personne@example.fr", "-o", str(out))
    assert exported.returncode == 0 and (out.stat().st_mode & 0o777) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["inscriptions_soirees"] == []
    readable = tmp_path / "personne.pdf"
    exported = run("privacy", "export", "personne@example.fr", "-o", str(readable))
    assert exported.returncode == 0 and (readable.stat().st_mode & 0o777) == 0o600
    assert "Vous n'êtes inscrit·e à aucune soirée." in _pdf_text(readable.read_bytes())


def test_decisions_recorded_are_in_the_audit_log_with_their_counts_only(db):
    from ruralites.models import AuditEvent

    demo.load(db)  # the demo records the councils' délibérations through the domain
    with db.read() as s:
        decisions = s.scalars(select(AuditEvent).where(AuditEvent.action == "decision")
                              .order_by(AuditEvent.id)).all()
        entries = privacy.entries(s, SYSTEM)
    assert len(decisions) >= 5
    assert set(decisions[0].details) == {"pour", "contre", "abstentions"}
    assert "Délibération enregistrée" in {e.action for e in entries}


def test_an_export_of_the_answers_is_in_the_audit_log_with_its_row_count(db):
    from ruralites.listening import import_export

    demo.load(db)
    import_export.export_bytes(db, SYSTEM, demo.SLUG, "22366", "csv")
    with db.read() as s:
        [entry] = [e for e in privacy.entries(s, SYSTEM) if e.action == "Export"]
        rows = s.scalar(select(func.count(Response.id)).join(
            Participation, Participation.id == Response.participation_id)
            .where(Participation.commune_code == "22366"))
    assert entry.summary == f"réponses de la démarche {demo.SLUG}, commune 22366 ; lignes : {rows}"


def test_the_purge_deletes_questionnaires_left_in_progress_or_held_with_a_name_typed(db):
    demo.load(db)
    with db.write() as s:
        campaign = s.scalar(select(Campaign).where(Campaign.slug == demo.SLUG))
        pid = s.scalar(select(Participation.id).where(Participation.campaign_id == campaign.id,
                                                      Participation.commune_code == "22366"))
        context = kiosk.resolve(s, kiosk.create_link(s, SYSTEM, participation_id=pid,
                                                     survey_slug="ecoute-habitants"))
    for _ in range(2):
        drafts.save(db, form_id=uuid.uuid4(), link_id=context.link_id,
                    survey_version_id=context.survey_version_id, channel="tablet", section=4,
                    language="fr", answers={"consentement": True, "nom": "Jeanne Le Bihan"})
    with db.write() as s:
        s.get(Campaign, campaign.id).ends_on = date(2021, 6, 30)
        shown = privacy.purge(s, months=12, dry_run=True, today=date(2022, 7, 1))
    assert "2 questionnaires non envoyés ou en attente" in privacy.plan_text(shown, dry_run=True)
    with db.write() as s:
        privacy.purge(s, months=12, dry_run=False, today=date(2022, 7, 1))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(KioskDraft)) == 0
