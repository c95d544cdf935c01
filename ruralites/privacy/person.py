"""What is held about one person, exported (JSON) and erased on request.

A person is found by the contact they gave (an e-mail address or a phone number, as typed):
their volunteer entries (contacts left in a questionnaire or to staff) and their evening
registrations, within the viewer's scope. Answers to questionnaires are anonymous and never
linked to a person, so they are neither exported nor erased here, and the campaign's figures
stay as they were: an erased registration keeps its evening, its place and its tick on the
sign-in sheet, without name or contact."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ruralites import access, fr
from ruralites.auth import Viewer, participation_scope
from ruralites.evenings.registrations import normalise_contact
from ruralites.models import Commune, Evening, Participation, Registration, Volunteer
from ruralites.privacy import audit
from ruralites.privacy.rules import PrivacyError, require_staff

ERASED_NAME = "Personne effacée"


@dataclass(frozen=True)
class Erasure:
    volunteers: int
    registrations: int

    @property
    def summary(self) -> str:
        return (f"{fr.plural(self.volunteers, 'inscription au groupe', 'inscriptions au groupe')}"
                f" supprimée(s), {fr.plural(self.registrations, 'inscription à une soirée', 'inscriptions à une soirée')}"
                " anonymisée(s).")


def _contact(contact: str) -> tuple[str, str]:
    typed = (contact or "").strip()
    if len(typed) < 5:
        raise PrivacyError("Indiquez l'adresse e-mail ou le numéro de téléphone que la personne "
                           "a donné.")
    try:
        normalised = normalise_contact(typed) or typed
    except Exception:  # noqa: BLE001 — a contact that does not parse is searched as typed
        normalised = typed
    return typed, normalised


def _volunteers(session: Session, viewer: Viewer, contact: str):
    typed, normalised = _contact(contact)
    values = {typed, normalised, typed.lower()}
    return session.scalars(
        select(Volunteer).join(Participation, Participation.id == Volunteer.participation_id)
        .where(participation_scope(viewer),
               or_(Volunteer.email.in_(values), Volunteer.phone.in_(values)))
        .order_by(Volunteer.consent_at, Volunteer.id)).all()


def _registrations(session: Session, viewer: Viewer, contact: str):
    typed, normalised = _contact(contact)
    return session.scalars(
        select(Registration).join(Evening, Evening.id == Registration.evening_id)
        .join(Participation, Participation.id == Evening.participation_id)
        .where(participation_scope(viewer), Registration.contact.in_({typed, normalised}))
        .order_by(Registration.registered_at, Registration.id)).all()


def export(session: Session, viewer: Viewer, contact: str) -> dict[str, Any]:
    """Everything held about the person who gave `contact`, as plain JSON-ready data."""
    require_staff(viewer, "exporter les données d'une personne")  # the plainer refusal first
    access.check(viewer.role, "privacy")
    volunteers = _volunteers(session, viewer, contact)
    registrations = _registrations(session, viewer, contact)
    communes = dict(session.execute(select(Participation.id, Commune.nom).join(
        Commune, Commune.code_insee == Participation.commune_code)).all())
    data = {
        "contact_recherche": contact.strip(),
        "exporte_le": fr.utcnow().isoformat(),
        "note": "Les réponses aux questionnaires sont anonymes : elles ne sont reliées à "
                "personne et ne figurent donc pas ici.",
        "groupe_habitants_interesses": [{
            "commune": communes.get(v.participation_id, ""), "nom": v.name, "email": v.email,
            "telephone": v.phone, "interets": v.interests, "origine": v.source,
            "consentement": {"texte": v.consent_text, "version": v.consent_version,
                             "date": v.consent_at.isoformat()},
        } for v in volunteers],
        "inscriptions_soirees": [{
            "commune": communes.get(r.evening.participation_id, ""),
            "soiree": r.evening.title, "date_soiree": r.evening.starts_at.isoformat(),
            "nom": r.name, "contact": r.contact, "liste_attente": r.waiting,
            "present": r.attended, "inscrit_le": r.registered_at.isoformat(),
            "consentement": {"texte": r.consent_text, "version": r.consent_version,
                             "date": r.consent_at.isoformat()},
        } for r in registrations],
    }
    audit.record(session, viewer, "person_export", "personne",
                 counts={"groupe": len(volunteers), "soirees": len(registrations)})
    return data


def erase(session: Session, viewer: Viewer, contact: str) -> Erasure:
    """Erase the person: volunteer entries deleted, registrations kept for the figures but
    without name or contact. Recorded in the audit log, with counts only."""
    require_staff(viewer, "effacer les données d'une personne")
    volunteers = _volunteers(session, viewer, contact)
    registrations = _registrations(session, viewer, contact)
    for volunteer in volunteers:
        session.delete(volunteer)
    for registration in registrations:
        registration.name, registration.contact = ERASED_NAME, None
        # A new key: the erased person may register again, and nothing finds them back.
        registration.person_key = uuid.uuid4().hex
    session.flush()
    result = Erasure(len(volunteers), len(registrations))
    audit.record(session, viewer, "erasure", "personne",
                 counts={"groupe": result.volunteers, "soirees": result.registrations})
    return result
