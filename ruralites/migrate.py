"""Bring a database up to date (`ruralites db upgrade`, app start, every CLI command): the schema
through Alembic, then the reference data the code ships (the theme catalogue, the support-scheme
catalogue)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    if revision == "head":
        sync_reference_data(engine)


def sync_reference_data(engine: Engine) -> None:
    """The shipped theme and support-scheme catalogues, added or updated in place (idempotent,
    a few dozen rows, only when their files changed; staff edits of a scheme are kept)."""
    from sqlalchemy.orm import Session

    from ruralites.ideas.themes import ensure_catalogue  # the domain, above this module
    from ruralites.orientation.schemes import sync_shipped_catalogue

    with Session(engine) as session, session.begin():
        ensure_catalogue(session)
        sync_shipped_catalogue(session)


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_up_to_date(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
