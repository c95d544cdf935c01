"""Browser tests: a fresh Streamlit server per module, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

# A shared 2-core machine: Streamlit reruns and demo loading can take a few seconds.
expect.set_options(timeout=20_000)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"
CHROMIUM = os.environ.get("RURALITES_CHROMIUM", "/usr/bin/chromium")
TABLET = {"width": 810, "height": 1080}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A real `streamlit run app.py` on a free port with its own data folder."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None):
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "RURALITES_DATA_DIR": str(data_dir),
                    "RURALITES_PUBLIC_URL": self.url, **(env or {})}
        self.env.pop("RURALITES_DATABASE_URL", None) if "RURALITES_DATABASE_URL" not in (env or {}) else None
        self.process: subprocess.Popen | None = None

    def start(self) -> AppServer:
        log = open(self.data_dir / "streamlit.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={self.port}",
             "--server.fileWatcherType=none", "--browser.gatherUsageStats=false"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"Streamlit did not start: {(self.data_dir / 'streamlit.log').read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    server = AppServer(tmp_path_factory.mktemp("app")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez « make test » ou apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--headless=new", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def tablet(browser):
    context = browser.new_context(viewport=TABLET, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save what the person sees, once Streamlit has finished redrawing."""
    try:
        wait_ready(page, timeout=5_000)
    except Exception:  # noqa: BLE001,S110 — a page that keeps refreshing itself: take it as is
        pass
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_ready(page, timeout: int = 30_000) -> None:
    """Streamlit renders after goto returns; wait until the script has finished running."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )
