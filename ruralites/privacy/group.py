"""The group of interested inhabitants of a commune, listed and exported by staff. The export
says on its first line that it holds contact details; it carries no answer, and nothing in it
can be joined to the answers (a questionnaire's contacts keep the month only)."""

from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session

from ruralites import access, orientation
from ruralites.auth import Viewer
from ruralites.privacy import audit
from ruralites.privacy.rules import require_staff
from ruralites.spreadsheet import neutralise

NOTICE = ("COORDONNÉES PERSONNELLES — réservées à l'équipe du pôle, avec l'accord des personnes ; "
          "ne pas diffuser, ne pas croiser avec les réponses au questionnaire ; à effacer à la "
          "fin de la durée de conservation.")
COLUMNS = ("Nom", "Courriel", "Téléphone", "Ce qui l'intéresse", "Accord donné", "Origine",
           "Version du texte d'accord")


def group_rows(session: Session, viewer: Viewer, participation_id: int) -> list[tuple[str, ...]]:
    """Everyone who left contact details for the commune (questionnaire, evening, staff)."""
    require_staff(viewer, "voir les coordonnées des habitant·es")
    return [(p.name, p.email, p.phone, p.interests, p.consent_when, p.source_label,
             p.consent_version)
            for p in orientation.volunteers_for(session, viewer, participation_id)]


def group_csv(session: Session, viewer: Viewer, participation_id: int) -> bytes:
    """The group as CSV (UTF-8 with BOM, `;` for a French spreadsheet), formulas neutralised,
    its first line the notice. The export is written in the audit log (a count, no name)."""
    access.check(viewer.role, "privacy")
    rows = group_rows(session, viewer, participation_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([NOTICE])
    writer.writerow(COLUMNS)
    writer.writerows([[neutralise(cell) for cell in row] for row in rows])
    audit.record(session, viewer, "export", "volunteers", entity_id=participation_id,
                 summary="groupe d'habitants intéressés", counts={"personnes": len(rows)})
    return buffer.getvalue().encode("utf-8-sig")
