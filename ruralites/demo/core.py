"""The demo campaign *Ruralités en Trégor* (DESIGN.md §1), loaded idempotently.

Dates follow the public record (method.md): Plufur announced at the mayor's New Year wishes on
26 January 2019, public meetings in Plufur (28 March), Plounérin (18 April) and Trémel
(25 April 2019). Council numbers, votes and the other dates are plausible inventions, and the
campaign is flagged `is_demo` so every screen can say so. Each step checks what is already
there, so `ruralites demo load` twice changes nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ruralites import campaigns, communes
from ruralites.campaigns import documents
from ruralites.db import Database
from ruralites.demo import choice as demo_choice
from ruralites.demo import inspiring as demo_inspiring
from ruralites.demo import listening as demo_listening
from ruralites.demo import orientation as demo_orientation
from ruralites.models import Campaign, Evening, Registration, Response, Witness

SLUG = "ruralites-en-tregor"
NAME = "Ruralités en Trégor"
DEMO_NOTICE = "Données de démonstration : dates, délibérations et réponses sont fictives mais plausibles."


@dataclass(frozen=True)
class DemoCommune:
    code_insee: str
    invited_on: date
    volunteered_on: date
    council_on: date
    council_number: str
    votes: tuple[int, int, int]  # for, against, abstentions
    project: str  # what the commune eventually carried (the reference case)
    # The élu who answered the call. Invented people; e-mail on example.org and telephone
    # numbers from the range ARCEP reserves for fiction (02 61 91 xx xx).
    contact: tuple[str, str, str, str] = ("", "", "", "")  # name, role, e-mail, telephone
    notes: str = ""


COMMUNES = (
    DemoCommune("22238", date(2019, 1, 7), date(2019, 1, 26), date(2019, 2, 8), "2019-004",
                (11, 0, 0), "chemins de randonnée et aménagement du centre-bourg",
                ("Yann Le Meur", "Maire", "mairie.plufur@example.org", "02 61 91 00 11"),
                "Démarche annoncée par le maire lors des vœux du 26 janvier 2019. "
                "Réunion publique le 28 mars 2019."),
    DemoCommune("22227", date(2019, 1, 7), date(2019, 1, 21), date(2019, 2, 15), "2019-07",
                (13, 0, 1), "commerce multi-activités",
                ("Anne Le Bihan", "Maire", "mairie.plounerin@example.org", "02 61 91 00 12"),
                "Le dernier commerce du bourg a fermé : le conseil veut en parler avec les "
                "habitants. Réunion publique le 18 avril 2019."),
    DemoCommune("22366", date(2019, 1, 7), date(2019, 1, 28), date(2019, 2, 22), "2019-009",
                (9, 0, 1), "lieu de rencontre intergénérationnel et multi-activités",
                ("Hervé Guillou", "Adjoint à la vie associative", "mairie.tremel@example.org",
                 "02 61 91 00 13"),
                "Suivi par l'adjoint à la vie associative. Réunion publique le 25 avril 2019."),
    DemoCommune("22319", date(2019, 1, 7), date(2019, 2, 4), date(2019, 3, 5), "2019-012",
                (10, 0, 1), "travaux paysagers",
                ("Catherine Le Gall", "Maire", "mairie.saint-michel@example.org", "02 61 91 00 14"),
                "Commune littorale : intérêt pour le cadre de vie et le front de mer."),
    DemoCommune("29014", date(2019, 1, 14), date(2019, 2, 11), date(2019, 3, 12), "2019-015",
                (8, 1, 2), "jardin partagé",
                ("Gwenaëlle Kerhervé", "Première adjointe", "mairie.botsorhel@example.org",
                 "02 61 91 00 15"),
                "Invitée une semaine plus tard, côté Finistère, par le pôle ESS du pays de Morlaix."),
)


def _at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _campaign(session: Session) -> Campaign:
    existing = session.scalar(select(Campaign).where(Campaign.slug == SLUG))
    if existing is not None:
        return existing
    poles = [
        communes.ensure_pole(session, "adess-ouest-cotes-d-armor", "ADESS Ouest-Côtes-d'Armor",
                              "Pays du Trégor-Goëlo"),
        communes.ensure_pole(session, "adess-pays-de-morlaix", "ADESS Pays de Morlaix",
                              "Pays de Morlaix"),
    ]
    return campaigns.create_campaign(
        session, slug=SLUG, name=NAME, poles=poles, is_demo=True,
        funder="Région Bretagne",
        call_name="Appel à projets inter-territorialités (démonstration)",
        description=(
            "Faire émerger, avec les habitants, un projet collectif dans des communes de moins "
            "de 2 000 habitants, aux confins des Côtes-d'Armor et du Finistère. " + DEMO_NOTICE
        ),
        starts_on=date(2019, 1, 7), ends_on=date(2020, 6, 30), status="closed",
    )


def _phase1(session: Session, campaign: Campaign) -> None:
    """The call to the five communes, their answers and council decisions; completes a demo
    loaded by an older version (contact élus, signed documents) without touching the rest."""
    present = {p.commune_code: p for p in campaign.participations}
    for c in COMMUNES:
        participation = present.get(c.code_insee)
        if participation is None:
            participation = campaigns.add_commune(
                session, campaign, c.code_insee, invited_on=c.invited_on, at=_at(c.invited_on, 9)
            )
            campaigns.record_answer(session, participation, volunteers=True, at=_at(c.volunteered_on),
                                    reason="Réponse favorable du maire à l'appel des pôles ESS")
            votes_for, against, abstentions = c.votes
            campaigns.record_decision(
                session, participation, session_date=c.council_on, number=c.council_number,
                votes_for=votes_for, votes_against=against, abstentions=abstentions,
                today=date(2019, 12, 31), at=_at(c.council_on, 20),
            )
        if participation.contact_name is None:
            name, role, email, phone = c.contact
            participation.contact_name, participation.contact_role = name, role
            participation.contact_email, participation.contact_phone = email, phone
            participation.notes = c.notes
        for decision in participation.decisions:
            if decision.document_id is None:
                upload = documents.Upload(
                    f"deliberation-{c.council_number}-{participation.commune.nom}.pdf",
                    _deliberation_pdf(participation.commune.nom, c),
                )
                campaigns.attach_document(session, decision, upload)


def _deliberation_pdf(nom: str, c: DemoCommune) -> bytes:
    """A one-page extract of the council's register, marked as a demonstration document.
    `invariant` makes the bytes (and so the checksum) the same on every load."""
    votes_for, against, abstentions = c.votes
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, lang="fr-FR")
    pdf.setTitle(f"Délibération n° {c.council_number} — {nom}")
    pdf.setAuthor(f"Commune de {nom}")
    width, height = A4
    lines = [
        ("Helvetica-Bold", 15, f"COMMUNE DE {nom.upper()}"),
        ("Helvetica", 11, "Extrait du registre des délibérations du conseil municipal"),
        ("Helvetica", 11, ""),
        ("Helvetica", 11, f"Séance du {c.council_on:%d/%m/%Y} — Délibération n° {c.council_number}"),
        ("Helvetica-Bold", 11, f"Objet : participation de la commune à la démarche « {NAME} »"),
        ("Helvetica", 11, ""),
        ("Helvetica", 11, "Le conseil municipal, après en avoir délibéré,"),
        ("Helvetica", 11, "approuve la participation de la commune à la démarche participative"),
        ("Helvetica", 11, "proposée par les pôles ESS, et autorise le maire à signer tout document"),
        ("Helvetica", 11, "s'y rapportant."),
        ("Helvetica", 11, ""),
        ("Helvetica", 11, f"Pour : {votes_for}     Contre : {against}     Abstentions : {abstentions}"),
        ("Helvetica", 11, ""),
        ("Helvetica", 11, f"Fait à {nom}, le {c.council_on:%d/%m/%Y}. Le maire."),
        ("Helvetica-Oblique", 9, ""),
        ("Helvetica-Oblique", 9, "Document de démonstration, fictif : aucune valeur juridique."),
    ]
    y = height - 72
    for font, size, text in lines:
        pdf.setFont(font, size)
        pdf.drawString(72, y, text)
        y -= size + 8
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def load(db: Database) -> bool:
    """Load (or complete) the demo campaign. Returns True if anything was added."""
    with db.write() as session:
        before = _fingerprint(session)
        campaign = _campaign(session)
        _phase1(session, campaign)
    demo_listening.load_listening(db, SLUG)  # through the real, durable submit path
    with db.write() as session:
        demo_choice.load_choice(session, _campaign(session))
    demo_inspiring.load_inspiring(db, SLUG)
    # After the inspiring evenings: a commune is oriented once it has heard its witnesses.
    with db.write() as session:
        oriented = demo_orientation.load_orientation(session, _campaign(session))
    with db.read() as session:
        return _fingerprint(session) != before or oriented


def _fingerprint(session: Session) -> tuple:
    campaign = session.scalar(select(Campaign).where(Campaign.slug == SLUG))
    if campaign is None:
        return ()
    answered = dict(session.execute(
        select(Response.participation_id, func.count(Response.id)).group_by(Response.participation_id)
    ).all())
    counts = tuple(session.scalar(select(func.count()).select_from(m))
                   for m in (Evening, Registration, Witness))
    return counts + tuple(sorted(
        (p.commune_code, p.phase, len(p.transitions), p.contact_name or "",
         sum(d.document_id is not None for d in p.decisions), answered.get(p.id, 0))
        for p in campaign.participations
    ))
