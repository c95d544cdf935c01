"""Who may do what with personal data: one place, called by pages, commands and exports."""

from __future__ import annotations

from ruralites.auth import Viewer
from ruralites.errors import UserError


class PrivacyError(UserError):
    """A refusal about personal data, in French."""


def require_staff(viewer: Viewer, what: str) -> None:
    """Contact details are the pôle's: staff of the pôle and administrators only."""
    if not viewer.is_staff:
        raise PrivacyError(f"Seul·es les animateur·rices des pôles peuvent {what}.")


def require_admin(viewer: Viewer, what: str) -> None:
    if viewer.role != "admin":
        raise PrivacyError(f"Seul·es les administrateur·rices peuvent {what}.")
