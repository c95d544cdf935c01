"""One base for every message a user may read.

A domain rule that refuses something raises a subclass of `UserError` whose `str()` is a French
sentence saying what is wrong and what to do. Pages show it with `st.error(str(exc))`, the CLI
prints it and exits with status 1; any other exception is a defect and is never shown as is."""

from __future__ import annotations


class UserError(Exception):
    """A refusal explained in French, for the person who asked."""
