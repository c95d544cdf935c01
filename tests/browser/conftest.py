"""Browser tests: a fresh Streamlit server per module, driven by Playwright in Debian's Chromium.

Waiting for Streamlit, the one way every browser test does it:

- Streamlit says on its websocket when a script run starts (`new_session`) and when it has
  finished (`script_finished`). `RunWatcher` reads those messages with Streamlit's own protobuf
  classes, so a test waits for the app's signal, never for a fixed delay.
- `with rerun(page): <click, press Enter…>` returns once a full run started *after* the action has
  finished, and the page shows no element left over from the run before (`data-stale`) and no
  element whose code is still loading (`stSkeleton`) while the app root says `notRunning`. `open_app(page, url)` does the same for a page load.
- Locators that cannot match a leftover: exact texts, roles with names, `to_have_count(1)` where a
  count is meant. Every page comes from `new_page()` (or the `tablet`/`phone` fixtures), which
  attaches the watcher before the first websocket opens.

Setting up, the one way too: a module writes its data with `server.database(with_demo=…)` (or
`open_database(folder)` for a server it starts itself), the SQLite file the server reads,
migrated, its engine closed when the server stops; every account has the password `PASSWORD`,
and `log_in(page, username)` fills the login form and waits for the run it causes;
`demo_participation(session)` finds Trémel in the demo and `count_rows(db, Model, …)` counts
what the server stored.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from google.protobuf.message import DecodeError
from playwright.sync_api import Page, WebSocket, expect
from sqlalchemy import func, select
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ruralites import demo, migrate
from ruralites.db import Database, make_engine
from ruralites.models import Participation

# One timeout for every wait on the app (a rerun with a database write, plotly loading, a demo
# being loaded by the server on a shared 2-core machine). It bounds a wait on a signal; it never
# replaces one.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"
CHROMIUM = os.environ.get("RURALITES_CHROMIUM", "/usr/bin/chromium")
TABLET = {"width": 810, "height": 1080}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}
PASSWORD = "un-mot-de-passe-solide"  # every account the browser tests create


def open_database(data_dir: Path, *, with_demo: bool = False) -> Database:
    """The SQLite database of a server on `data_dir`, migrated, with the demo if asked.
    Its engine is the caller's to dispose of (`AppServer.database` does it on `stop`)."""
    db = Database(make_engine(f"sqlite:///{data_dir / 'ruralites.sqlite3'}"))
    migrate.upgrade(db.engine)
    if with_demo:
        demo.load(db)
    return db


def demo_participation(session, commune_code: str = "22366") -> int:
    """The id of a commune's participation in the demo campaign (Trémel unless told)."""
    return session.scalar(select(Participation.id)
                          .where(Participation.commune_code == commune_code))


def count_rows(db: Database, model, **where) -> int:
    """How many rows of `model` have these column values: what the server has stored."""
    with db.read() as s:
        stmt = select(func.count()).select_from(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return s.scalar(stmt)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A real `streamlit run serve.py` (app.py with our /session routes) on a free port with its
    own data folder."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None):
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "RURALITES_DATA_DIR": str(data_dir),
                    "RURALITES_PUBLIC_URL": self.url, **(env or {})}
        self.env.pop("RURALITES_DATABASE_URL", None) if "RURALITES_DATABASE_URL" not in (env or {}) else None
        self.process: subprocess.Popen | None = None
        self._databases: list[Database] = []

    def database(self, *, with_demo: bool = False) -> Database:
        """This server's database (see `open_database`), closed when the server stops."""
        db = open_database(self.data_dir, with_demo=with_demo)
        self._databases.append(db)
        return db

    def start(self) -> AppServer:
        log = open(self.data_dir / "streamlit.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"),
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
        for db in self._databases:
            db.engine.dispose()  # still usable: a test may start the server again


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
    page = new_page(browser, TABLET)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser):
    page = new_page(browser, PHONE, has_touch=True)
    yield page
    page.context.close()


_DELIVERY_SLICE_MS = 20
_FULL_RUN_FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
# The page has drawn the last run: the app root is idle, nothing from an older run is left, and
# no element is still a placeholder. Streamlit loads the code of most elements (a radio, a
# button…) the first time a page shows one, and draws an `stSkeleton` in its place meanwhile
# (React's Suspense fallback): a fresh browser context showed the questionnaire's title with no
# radio button yet for 100–200 ms, sometimes more, after the run had finished.
_PAGE_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED'
    && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]');
}"""


class RunWatcher:
    """Streamlit's run lifecycle, as its websocket tells it: 'start' and 'done' of full runs
    (fragment runs, such as the projection's refresh, are left out)."""

    def __init__(self, page: Page):
        self.page = page
        self.events: list[str] = []
        page.on("websocket", self._watch)

    def _watch(self, ws: WebSocket) -> None:
        if "/_stcore/stream" in ws.url:
            ws.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except DecodeError:
            return
        kind = msg.WhichOneof("type")
        if msg.metadata.run.fragment_ids:
            return  # a fragment's own run: the rest of the page is not redrawn
        if kind == "new_session":
            self.events.append("start")
        elif kind == "script_finished":
            if msg.script_finished in _FULL_RUN_FINISHED:
                self.events.append("done")
            elif msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self.events.append("interrupted")

    def mark(self) -> int:
        return len(self.events)

    def finished_since(self, mark: int) -> bool:
        """A run started after `mark`, and the latest run has finished."""
        since = self.events[mark:]
        return "start" in since and since[-1] == "done"

    def wait_finished_since(self, mark: int, timeout_ms: int = TIMEOUT_MS) -> None:
        """Return once a full run that started after `mark` has finished and been drawn.

        Playwright hands websocket frames to Python only while Python is inside one of its
        calls, so the loop lets it deliver them in short slices and checks the signal after
        each one: the wait ends on Streamlit's message, not after a fixed delay."""
        deadline = time.monotonic() + timeout_ms / 1000
        while not self.finished_since(mark):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"Streamlit did not finish a run within {timeout_ms} ms "
                    f"(runs seen since the action: {self.events[mark:]})"
                )
            self.page.wait_for_timeout(_DELIVERY_SLICE_MS)
        wait_settled(self.page, timeout_ms)


_WATCHERS: dict[int, RunWatcher] = {}


def _watcher(page: Page) -> RunWatcher:
    try:
        return _WATCHERS[id(page)]
    except KeyError:
        raise AssertionError("open pages with new_page() so that their runs are watched") from None


def new_page(browser, viewport: dict, **context_options) -> Page:
    """A page in its own context, its Streamlit runs watched from its first websocket on.
    Close it with `page.context.close()`."""
    context = browser.new_context(viewport=viewport, locale="fr-FR", **context_options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    _WATCHERS[id(page)] = RunWatcher(page)
    page.on("close", lambda p: _WATCHERS.pop(id(p), None))
    return page


def wait_settled(page: Page, timeout_ms: int = TIMEOUT_MS) -> None:
    """The page shows the last run only: idle, connected, no element left from a run before."""
    page.wait_for_function(_PAGE_SETTLED, timeout=timeout_ms)


@contextmanager
def rerun(page: Page, timeout_ms: int = TIMEOUT_MS) -> Iterator[None]:
    """Wrap an action that makes Streamlit rerun (a click, Enter in a field, a choice): returns
    once the run it caused has finished and been drawn."""
    watcher = _watcher(page)
    mark = watcher.mark()
    yield
    watcher.wait_finished_since(mark, timeout_ms)


def open_app(page: Page, url: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Load a URL of the app and wait until its first run has been drawn."""
    with rerun(page, timeout_ms):
        page.goto(url)


def screenshot(page: Page, name: str) -> Path:
    """Save what the person sees, once Streamlit has finished drawing."""
    wait_settled(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, username: str = "anne", password: str = PASSWORD) -> None:
    """Fill the login form on `page` and send it; returns once the run it caused is drawn."""
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    click(page.get_by_role("button", name="Se connecter"))


def click(locator, **options) -> None:
    """Click something that makes Streamlit rerun, and wait until that run is drawn."""
    with rerun(locator.page):
        locator.click(**options)
