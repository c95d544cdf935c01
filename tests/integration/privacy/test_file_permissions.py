"""Files that hold personal data or the secret are readable by their owner only: data/ 0700,
the SQLite database and its -wal and -shm 0600, the secret key 0600, made so from the start
(even under a permissive umask) and tightened on an existing installation (issue 12)."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import text

from ruralites import migrate
from ruralites.config import settings
from ruralites.db import make_engine


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def permissive_umask():
    old = os.umask(0o000)  # the worst case: files would be 0666 unless made otherwise
    yield
    os.umask(old)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("RURALITES_DATA_DIR", str(folder))
    monkeypatch.delenv("RURALITES_SECRET_KEY")
    settings.cache_clear()
    return folder


def test_a_first_start_makes_data_0700_and_the_secret_key_0600(data_dir, permissive_umask):
    key = settings().secret_key
    assert len(key) > 40
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "secret.key") == 0o600
    settings.cache_clear()
    assert settings().secret_key == key  # made once, read again


def test_the_database_and_its_wal_and_shm_are_0600(data_dir, permissive_umask):
    engine = make_engine()
    migrate.upgrade(engine)
    with engine.connect() as conn:  # the -wal and -shm exist while a connection is open
        conn.execute(text("SELECT count(*) FROM communes"))
        files = sorted(p.name for p in data_dir.iterdir())
        assert {"ruralites.sqlite3", "ruralites.sqlite3-wal", "ruralites.sqlite3-shm"} <= set(files)
        assert {name: _mode(data_dir / name) for name in files} == dict.fromkeys(files, 0o600)
    assert _mode(data_dir) == 0o700
    engine.dispose()


def test_an_existing_installation_is_tightened(data_dir):
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)  # noqa: S103 — the old, too open installation under test
    for name in ("ruralites.sqlite3", "ruralites.sqlite3-wal", "secret.key"):
        (data_dir / name).write_bytes(b"" if name != "secret.key" else b"ancienne-cle-" * 4)
        os.chmod(data_dir / name, 0o644)
    assert settings().secret_key == "ancienne-cle-" * 4
    engine = make_engine()
    assert [_mode(data_dir / n) for n in ("ruralites.sqlite3", "ruralites.sqlite3-wal",
                                          "secret.key")] == [0o600] * 3
    assert _mode(data_dir) == 0o700
    engine.dispose()
