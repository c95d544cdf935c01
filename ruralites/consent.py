"""What a person agrees to when they leave their name or contact, in one place.

Three moments collect contact details: the optional contact block of a questionnaire, the
registration for an evening, and staff (or an evening's sheet) adding someone to the group of
interested inhabitants. Each has one `Consent`: the text shown to the person just before they
give their details, and a version. Every row holding contact details records the text and the
version of the consent it was given under, with its time (`record`), so that what was agreed
to can always be shown back (the person's export, `privacy.person`). Changing a text means
changing its version. Top-level: imports nothing but the questionnaire model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Consent:
    purpose: str  # questionnaire, registration, orientation
    text: str  # shown before the contact fields, stored as shown
    version: str

    def record(self, at: datetime) -> dict[str, Any]:
        """The columns a row of contact details stores about its consent."""
        return {"consent_text": self.text, "consent_version": self.version, "consent_at": at}


REGISTRATION = Consent(
    "registration",
    "Votre nom, et votre téléphone ou votre e-mail si vous les donnez, servent uniquement à "
    "organiser cette soirée : la liste des inscrits, la feuille d'émargement et, si besoin, vous "
    "prévenir d'un changement ou d'une place libérée. Seule l'équipe d'animation du pôle ESS y a "
    "accès ; ils ne sont jamais reliés à vos réponses aux questionnaires. Vous pouvez demander à "
    "l'équipe d'animation de les effacer à tout moment.",
    "inscription-soiree-2026-12",
)

ORIENTATION = Consent(
    "orientation",
    "J'accepte que le pôle ESS conserve mon nom et mes coordonnées pour me recontacter au sujet "
    "du projet de ma commune et de son accompagnement. Ils ne sont transmis à personne d'autre "
    "sans mon accord ; je peux demander à tout moment qu'ils soient effacés.",
    "orientation-2026-1",
)


def for_questionnaire(survey) -> Consent | None:
    """The consent of a questionnaire's contact block: what the person read there (the
    section's explanation, then the consent question), versioned by the questionnaire's
    content. None if the questionnaire asks for no contact."""
    question = survey.consent_question()
    if question is None:
        return None
    section = next((s for s in survey.sections if any(q.id == question.id for q in s.questions)),
                   None)
    explained = section.help("fr") if section is not None else ""
    text = " ".join(part.strip() for part in (explained or "", question.label("fr")) if part)
    return Consent("questionnaire", text, f"questionnaire-{survey.content_hash[:16]}")
