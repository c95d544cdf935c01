"""SQLite is set up for many tablets at once and for durable answers (DESIGN.md §8)."""

import threading

import pytest
from sqlalchemy import text

from ruralites.db import Database, DatabaseUnavailableError, check_connection, make_engine
from ruralites.models import Commune


def test_sqlite_connections_use_wal_foreign_keys_busy_timeout_and_full_sync(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_concurrent_read_then_write_transactions_never_fail_with_database_locked(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite locking only")
    errors: list[Exception] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                with db.write() as session:
                    session.execute(text("SELECT count(*) FROM communes")).scalar()
                    session.add(Commune(code_insee=f"{n:02d}{i:03d}", nom=f"C{n}-{i}", departement="22"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM communes")).scalar() == 200


def test_an_unreachable_postgresql_gives_a_french_message_not_a_traceback():
    engine = make_engine("postgresql+psycopg://personne@127.0.0.1:1/absente")
    with pytest.raises(DatabaseUnavailableError, match="La base de données est injoignable"):
        check_connection(engine)


def test_a_malformed_database_url_gives_a_french_message():
    with pytest.raises(DatabaseUnavailableError, match="Adresse de base de données invalide"):
        make_engine("ceci n'est pas une adresse")


def test_a_failed_write_block_stores_nothing(db: Database):
    with pytest.raises(RuntimeError), db.write() as session:
        session.add(Commune(code_insee="22366", nom="Trémel", departement="22"))
        session.flush()
        raise RuntimeError("navigateur fermé en plein formulaire")
    with db.read() as session:
        assert session.get(Commune, "22366") is None
