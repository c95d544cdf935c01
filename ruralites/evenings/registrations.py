"""Registrations for an evening: through its link (no account), or typed by staff.

- A person gives a name, an optional contact (a telephone number or an e-mail address) and
  their consent, whose text, version and time are kept with the registration.
- Beyond the capacity the person goes on the waiting list and is told so; nothing is refused.
- The id is made when the form opens: a double tap stores one registration. The same person
  (same folded name and contact) registering again is told they already are.
- When a place frees up (a registration removed, a capacity raised), the first person waiting
  gets it, and staff are told whom to let know."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ruralites import access, fr, text
from ruralites.auth import Viewer
from ruralites.consent import REGISTRATION
from ruralites.db import Database
from ruralites.evenings.common import EveningError, EveningInfo, evening_for, info
from ruralites.listening.kiosk import KioskContext, LinkError
from ruralites.models import Evening, Registration

CONSENT_VERSION = REGISTRATION.version  # the text and version: `ruralites.consent`
CONSENT_TEXT = REGISTRATION.text
NAME_LIMIT, CONTACT_LIMIT = 200, 200
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Outcome:
    """What the person is told after registering."""

    status: str  # "registered", "waiting" or "already"
    waiting: bool  # on the waiting list (also for "already")
    position: int | None  # on the waiting list
    name: str
    has_contact: bool = False  # staff can tell them when a place frees up


@dataclass(frozen=True)
class RegistrationRow:
    id: uuid.UUID
    name: str
    contact: str | None
    waiting: bool
    position: int | None  # on the waiting list, from 1
    attended: bool
    source: str
    registered_at: datetime


def new_registration_id() -> uuid.UUID:
    """The identity of one opening of the registration form."""
    return uuid.uuid4()


def is_stored(db: Database, registration_id: uuid.UUID) -> bool:
    with db.read() as session:
        return session.get(Registration, registration_id) is not None


def _clean(value: str | None, limit: int, what: str) -> str | None:
    value = " ".join(_CONTROL.sub(" ", value or "").split())
    if len(value) > limit:
        raise EveningError(f"{what} : {limit} caractères au plus ({fr.number(len(value))} saisis).")
    return value or None


def normalise_contact(contact: str | None) -> str | None:
    """An e-mail in lower case, or a French telephone number as its ten digits; refused with a
    French message if it is neither."""
    contact = _clean(contact, CONTACT_LIMIT, "Téléphone ou e-mail")
    if contact is None:
        return None
    if "@" in contact:
        if not EMAIL.match(contact):
            raise EveningError(f"Adresse e-mail incomplète : « {contact} ». Corrigez-la, ou "
                               "laissez le champ vide.")
        return contact.lower()
    digits = re.sub(r"[\s.\-/()]", "", contact)
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0\d{9}", digits):
        raise EveningError(f"« {contact} » n'est ni un numéro de téléphone (10 chiffres) ni une "
                           "adresse e-mail. Corrigez-le, ou laissez le champ vide.")
    return digits


def person_key(name: str, contact: str | None) -> str:
    """The same person for an evening: same folded name and same contact."""
    key = f"{text.folded_words(name)}\x1f{normalise_contact(contact) or ''}"
    return hashlib.sha256(key.encode()).hexdigest()


def _position(session: Session, registration: Registration) -> int | None:
    if not registration.waiting:
        return None
    ahead = session.scalar(select(func.count()).select_from(Registration).where(
        Registration.evening_id == registration.evening_id, Registration.waiting.is_(True),
        (Registration.registered_at < registration.registered_at)
        | ((Registration.registered_at == registration.registered_at)
           & (Registration.id < registration.id))))
    return (ahead or 0) + 1


def _outcome(session: Session, registration: Registration, status: str) -> Outcome:
    if status != "already":
        status = "waiting" if registration.waiting else "registered"
    return Outcome(status, registration.waiting, _position(session, registration),
                   registration.name, registration.contact is not None)


def _store(session: Session, evening: Evening, *, registration_id: uuid.UUID, name: str | None,
           contact: str | None, consent: bool, source: str, now: datetime,
           attended: bool = False, entered_by: int | None = None) -> Outcome:
    existing = session.get(Registration, registration_id)
    if existing is not None:  # the same form sent twice (a double tap, a re-sent request)
        return _outcome(session, existing, "stored")
    name = _clean(name, NAME_LIMIT, "Nom")
    if name is None:
        raise EveningError("Indiquez votre prénom et votre nom.")
    if not consent:
        raise EveningError("Pour vous inscrire, cochez la case qui dit que vous êtes d'accord "
                           "avec l'utilisation de votre nom décrite ci-dessus.")
    contact = _clean(contact, CONTACT_LIMIT, "Téléphone ou e-mail")
    key = person_key(name, contact)
    same = session.scalar(select(Registration).where(Registration.evening_id == evening.id,
                                                     Registration.person_key == key))
    if same is not None:
        if attended and not same.attended:
            same.attended, same.waiting = True, False
        return _outcome(session, same, "already")
    placed = session.scalar(select(func.count()).select_from(Registration).where(
        Registration.evening_id == evening.id, Registration.waiting.is_(False))) or 0
    waiting = not attended and evening.capacity is not None and placed >= evening.capacity
    registration = Registration(
        id=registration_id, evening_id=evening.id, name=name, contact=contact, person_key=key,
        waiting=waiting, attended=attended, source=source, registered_at=now,
        **REGISTRATION.record(now),
        entered_by=entered_by)
    session.add(registration)
    session.flush()
    return _outcome(session, registration, "new")


def _locked(session: Session, evening_id: int) -> Evening:
    """The evening row, locked until the end of the transaction, so two people registering at
    once cannot both take the last place (SQLite serialises writers already)."""
    evening = session.get(Evening, evening_id, with_for_update=True)
    if evening is None:
        raise LinkError("Cette soirée n'existe plus. Renseignez-vous auprès de l'équipe "
                        "d'animation.")
    return evening


def register(session: Session, context: KioskContext, *, registration_id: uuid.UUID,
             name: str | None, contact: str | None, consent: bool,
             now: datetime | None = None) -> Outcome:
    """A registration through the evening's link (resolved by `kiosk.resolve`)."""
    if context.kind != "registration" or context.evening_id is None:
        raise LinkError("Ce lien ne sert pas aux inscriptions. Demandez le bon lien à l'équipe "
                        "d'animation.")
    now = now or fr.utcnow()
    evening = _locked(session, context.evening_id)
    if evening.participation_id != context.participation_id:
        raise LinkError("Ce lien ne mène à aucune soirée de cette commune.")
    if evening.starts_at <= now and session.get(Registration, registration_id) is None:
        raise EveningError(f"Les inscriptions sont closes : la soirée a commencé "
                           f"{fr.long_date_time(evening.starts_at)}. Vous pouvez tout de même "
                           "venir, il y a souvent de la place !")
    return _store(session, evening, registration_id=registration_id, name=name, contact=contact,
                  consent=consent, source="link", now=now)


def add_registration(session: Session, viewer: Viewer, evening_id: int, *, name: str,
                     contact: str | None = None, attended: bool = False,
                     registration_id: uuid.UUID | None = None,
                     now: datetime | None = None) -> Outcome:
    """Staff register someone who called, or note a person who came without registering
    (`attended`: present, so never on the waiting list). Staff confirm the person agreed to
    the same consent text."""
    evening = evening_for(session, viewer, evening_id, edit=True)
    evening = _locked(session, evening.id)
    return _store(session, evening, registration_id=registration_id or new_registration_id(),
                  name=name, contact=contact, consent=True, source="staff",
                  now=now or fr.utcnow(), attended=attended, entered_by=viewer.user_id)


def remove_registration(session: Session, viewer: Viewer, registration_id: uuid.UUID) -> list[str]:
    """Erase a registration (the person cancelled, or asked to be erased); returns who got a
    place from the waiting list."""
    registration = session.get(Registration, registration_id)
    if registration is None:
        raise EveningError("Inscription introuvable : elle a peut-être déjà été retirée.")
    evening = evening_for(session, viewer, registration.evening_id, edit=True)
    session.delete(registration)
    session.flush()
    session.expire(evening, ["registrations"])
    return promote_waiting(session, evening)


def promote_waiting(session: Session, evening: Evening) -> list[str]:
    """Give the free places to the waiting list, first come first served; returns their names."""
    waiting = [r for r in sorted(evening.registrations, key=lambda r: (r.registered_at, r.id))
               if r.waiting]
    placed = sum(not r.waiting for r in evening.registrations)
    free = len(waiting) if evening.capacity is None else max(0, evening.capacity - placed)
    promoted = waiting[:free]
    for registration in promoted:
        registration.waiting = False
    session.flush()
    return [r.name for r in promoted]


def registrations_for(session: Session, viewer: Viewer, evening_id: int) -> list[RegistrationRow]:
    """Who registered (staff of the commune's campaign only: names and contacts): those with a
    place first, then the waiting list in order."""
    access.check(viewer.role, "evenings")
    evening = evening_for(session, viewer, evening_id, edit=True)
    rows, position = [], 0
    ordered = sorted(evening.registrations, key=lambda r: (r.waiting, r.registered_at, r.id))
    for r in ordered:
        position += r.waiting
        rows.append(RegistrationRow(r.id, r.name, r.contact, r.waiting,
                                    position if r.waiting else None, r.attended, r.source,
                                    r.registered_at))
    return rows


def evening_for_link(session: Session, context: KioskContext) -> EveningInfo:
    """The evening a registration link opens, as the public screen shows it (no notes)."""
    evening = session.get(Evening, context.evening_id) if context.evening_id else None
    if evening is None or evening.participation_id != context.participation_id:
        raise LinkError("Ce lien ne mène à aucune soirée. Demandez un nouveau lien à l'équipe "
                        "d'animation.")
    return replace(info(evening), notes=None)

