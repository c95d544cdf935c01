"""Settings read from the environment, with defaults that work on a laptop out of the box."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    session_idle_minutes: int
    max_failed_logins: int
    lockout_minutes: int
    max_upload_bytes: int
    surveys_dir: Path


def _secret_key(data_dir: Path) -> str:
    """The key that signs session cookies and kiosk links: from the environment, else a file
    made once in the data folder (never a default value shipped in the code)."""
    if key := os.environ.get("RURALITES_SECRET_KEY"):
        return key
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@cache
def settings() -> Settings:
    data_dir = Path(os.environ.get("RURALITES_DATA_DIR", "data")).resolve()
    default_url = f"sqlite:///{data_dir / 'ruralites.sqlite3'}"
    return Settings(
        data_dir=data_dir,
        database_url=os.environ.get("RURALITES_DATABASE_URL", default_url),
        secret_key=_secret_key(data_dir),
        session_idle_minutes=int(os.environ.get("RURALITES_SESSION_IDLE_MINUTES", "60")),
        max_failed_logins=int(os.environ.get("RURALITES_MAX_FAILED_LOGINS", "5")),
        lockout_minutes=int(os.environ.get("RURALITES_LOCKOUT_MINUTES", "15")),
        max_upload_bytes=int(os.environ.get("RURALITES_MAX_UPLOAD_MB", "10")) * 1024 * 1024,
        surveys_dir=Path(os.environ.get("RURALITES_SURVEYS_DIR", PROJECT_ROOT / "surveys")).resolve(),
    )
