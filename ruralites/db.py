"""Engine and sessions. SQLite by default (WAL, foreign keys, durable commits, BEGIN IMMEDIATE
for writes, see DESIGN.md §8); PostgreSQL through RURALITES_DATABASE_URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ruralites.config import private_dir, private_file, settings
from ruralites.errors import UserError

_READ_ONLY = "ruralites_read_only"


class DatabaseUnavailableError(UserError, RuntimeError):
    """The database cannot be reached; the message says which one and what to check."""


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide when a transaction starts (SQLAlchemy's
        # "Transactions with SQLite and the sqlite3 driver").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A read-then-write transaction started with a plain BEGIN fails with "database is
        # locked" under concurrent tablets; BEGIN IMMEDIATE takes the write lock up front.
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _private_sqlite_files(database: Path) -> None:
    """The database holds contact details: its folder 0700, the file 0600 before SQLite first
    opens it (SQLite gives its -wal and -shm files the database file's permissions), and the
    files of an existing installation tightened."""
    private_dir(database.resolve().parent)
    private_file(database)
    for suffix in ("-wal", "-shm", "-journal"):
        extra = database.with_name(database.name + suffix)
        if extra.exists():
            private_file(extra)


def make_engine(url: str | None = None) -> Engine:
    url = url or settings().database_url
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailableError(
            f"Adresse de base de données invalide : « {url} ». "
            "Exemple : postgresql+psycopg://utilisateur@hote:5432/base"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _private_sqlite_files(Path(parsed.database))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _prepare_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True, connect_args=_pg_connect_args(parsed))


def _pg_connect_args(parsed) -> dict:
    return {"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {}


def check_connection(engine: Engine) -> None:
    """Raise DatabaseUnavailableError with a French message if the database cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseUnavailableError(
            f"La base de données est injoignable ({where}). Vérifiez RURALITES_DATABASE_URL, "
            "que le serveur est démarré et que l'utilisateur a le droit de s'y connecter. "
            f"Détail : {str(exc.orig).strip().splitlines()[0] if exc.orig else exc}"
        ) from exc


@cache
def engine() -> Engine:
    """The process-wide engine (one per process; Streamlit pages share it)."""
    return make_engine()


class Database:
    """A bound engine with its session factories. Domain functions take a Database so that
    tests can point them at a temporary SQLite file or PostgreSQL."""

    def __init__(self, engine_: Engine):
        self.engine = engine_
        self._write_lock = threading.Lock() if is_sqlite(engine_) else None
        self._sessions = sessionmaker(engine_, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            engine_.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
        )

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction commits at the end of the block, or rolls back."""
        lock = self._write_lock
        if lock is not None:
            # SQLite has one writer; queueing in-process is far cheaper than SQLite's busy
            # handler, which sleeps in steps up to 100 ms (DESIGN.md §8).
            lock.acquire()
        try:
            with self._sessions() as session, session.begin():
                yield session
        finally:
            if lock is not None:
                lock.release()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read_sessions() as session, session.begin():
            yield session


@cache
def default_database() -> Database:
    return Database(engine())
