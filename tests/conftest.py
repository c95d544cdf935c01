"""Shared fixtures: a real database, SQLite file by default and PostgreSQL when
RURALITES_TEST_POSTGRES_URL is set (each test gets its own empty schema there)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text

from ruralites import migrate
from ruralites.db import Database, make_engine

POSTGRES_URL = os.environ.get("RURALITES_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Each test has its own data folder and secret; settings are re-read."""
    from ruralites.config import settings

    monkeypatch.setenv("RURALITES_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RURALITES_SECRET_KEY", "test-secret-" + uuid.uuid4().hex)
    monkeypatch.delenv("RURALITES_DATABASE_URL", raising=False)
    settings.cache_clear()
    yield
    settings.cache_clear()


def _postgres_engine(schema: str):
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in POSTGRES_URL else "?"
    return make_engine(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}")


def _drop_schema(schema: str) -> None:
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def empty_engine(request, tmp_path):
    """An engine on an empty database (no schema yet)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        yield engine
        engine.dispose()
    else:
        schema = "t_" + uuid.uuid4().hex[:12]
        engine = _postgres_engine(schema)
        yield engine
        engine.dispose()
        _drop_schema(schema)


@pytest.fixture
def db(empty_engine) -> Database:
    """A migrated, empty database."""
    migrate.upgrade(empty_engine)
    return Database(empty_engine)
