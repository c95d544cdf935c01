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
    retention_months: int = 12


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """A folder only its owner may enter: made 0700 from the start (no moment where it is
    readable by others), and an existing one tightened (data/ was 0755)."""
    old = os.umask(0o077)
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    finally:
        os.umask(old)
    if path.stat().st_mode & 0o777 != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def private_file(path: Path, content: bytes | None = None) -> bool:
    """Create `path` 0600 from the start (os.open with its mode, under a 077 umask), writing
    `content`; an existing file is only tightened. True when this call created it."""
    old = os.umask(0o077)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        if path.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
            path.chmod(PRIVATE_FILE_MODE)
        return False
    finally:
        os.umask(old)
    with os.fdopen(fd, "wb") as file:
        if content:
            file.write(content)
    return True


def _secret_key(data_dir: Path) -> str:
    """The key that signs session cookies and kiosk links: from the environment, else a file
    made once in the data folder, 0600 from the start (never a default value in the code)."""
    if key := os.environ.get("RURALITES_SECRET_KEY"):
        return key
    path = private_dir(data_dir) / "secret.key"
    private_file(path, secrets.token_urlsafe(48).encode("ascii"))
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
        retention_months=_positive_int("RURALITES_RETENTION_MONTHS", 12),
    )


def _positive_int(name: str, default: int) -> int:
    from ruralites.errors import UserError

    raw = os.environ.get(name, str(default)).strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 120:
        raise UserError(f"{name} doit être un nombre de mois entre 1 et 120 (« {raw} » donné).")
    return int(raw)
