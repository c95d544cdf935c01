"""Personal data: who may handle it (`rules`), the audit log (`audit`), one person's data
exported and erased (`person`), the interested group's export (`group`), the retention purge
(`retention`), the register of processing (`register`; its PDF is `pdf.processing_register`)."""

from ruralites.privacy.audit import ACTIONS, Entry, entries, record
from ruralites.privacy.group import NOTICE, group_csv, group_rows
from ruralites.privacy.person import ERASED_NAME, Erasure, erase, export
from ruralites.privacy.register import Processing, register
from ruralites.privacy.retention import PurgePlan, add_months, plan_text, purge
from ruralites.privacy.rules import PrivacyError, require_admin, require_staff

__all__ = [
    "ACTIONS", "ERASED_NAME", "NOTICE", "group_csv", "group_rows", "Entry", "Erasure", "PrivacyError", "Processing", "PurgePlan", "register", "add_months",
    "entries", "erase", "export", "plan_text", "purge", "record", "require_admin",
    "require_staff",
]
