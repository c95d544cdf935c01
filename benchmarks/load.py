"""Benchmark: shared tablets at an evening, as real clients: N headless Chromium sessions answer
the default questionnaire at once against a running Streamlit server, each several times.

The server is pinned to one core and the browsers (and this script) to the other (`taskset`
semantics through `os.sched_setaffinity`), so the browsers do not take the server's CPU. Reports:
errors (target 0), whether every questionnaire is stored exactly once (each carries its own tag
in a free-text answer), the median and p95 time from the tap on « Envoyer » to the « Merci ! »
screen (target: median ≤ 1.5 s), the same for a screen change (« Suivant → »), and the server's
CPU time per submitted questionnaire and per rerun-causing tap.

    .venv/bin/python benchmarks/load.py [--sessions 10] [--rounds 3] [--server-core 0] [--browser-core 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ruralites import demo, migrate  # noqa: E402
from ruralites.auth import SYSTEM  # noqa: E402
from ruralites.commands.serve import ENTRY  # noqa: E402
from ruralites.db import Database, make_engine  # noqa: E402
from ruralites.listening import kiosk  # noqa: E402
from ruralites.models import Answer, Participation  # noqa: E402

CHROMIUM = os.environ.get("RURALITES_CHROMIUM", "/usr/bin/chromium")
TABLET = {"width": 810, "height": 1080}
TIMEOUT_MS = 60_000
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-stale="true"]');
}"""


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Timings:
    def __init__(self) -> None:
        self.submit: list[float] = []
        self.screen: list[float] = []
        self.taps = 0  # taps that make the server run the script again
        self.errors: list[str] = []


async def settled(page) -> None:
    await page.wait_for_function(SETTLED, timeout=TIMEOUT_MS)


async def tap(page, locator, timings: Timings) -> None:
    await locator.click()
    timings.taps += 1


async def next_screen(page, button: str, heading: str, timings: Timings, into: list[float]):
    start = time.perf_counter()
    await tap(page, page.get_by_role("button", name=button), timings)
    await page.get_by_role("heading", name=heading).wait_for(timeout=TIMEOUT_MS)
    into.append(time.perf_counter() - start)
    await settled(page)


async def one_questionnaire(page, tag: str, timings: Timings) -> None:
    await page.get_by_role("heading", name="Pour mieux vous connaître").wait_for(timeout=TIMEOUT_MS)
    await settled(page)
    await tap(page, page.get_by_text("De 60 à 74 ans", exact=True), timings)
    await tap(page, page.get_by_text("Dans le bourg", exact=True), timings)
    await settled(page)
    await next_screen(page, "Suivant →", "La vie dans la commune", timings, timings.screen)
    box = page.get_by_role("textbox", name="Qu'est-ce que vous aimez")
    await box.fill(tag)
    await box.press("Tab")  # a text field is sent when it loses focus
    timings.taps += 1
    await settled(page)
    await next_screen(page, "Suivant →", "Vos besoins et vos idées", timings, timings.screen)
    await tap(page, page.get_by_text("Un café", exact=True), timings)
    await settled(page)
    await next_screen(page, "Suivant →", "Et vous, aimeriez-vous participer ?", timings,
                      timings.screen)
    await tap(page, page.get_by_role("radiogroup", name="Voulez-vous aider pour un projet")
              .get_by_text("Non", exact=True), timings)
    await settled(page)
    await next_screen(page, "Suivant →", "Pour rester en contact (facultatif)", timings,
                      timings.screen)
    await next_screen(page, "Envoyer mes réponses ✓", "Merci !", timings, timings.submit)
    await next_screen(page, "Questionnaire suivant", "Pour mieux vous connaître", timings,
                      timings.screen)


async def open_tablet(browser, url: str):
    """A tablet with the link open on its first screen (the page load, with Streamlit's
    scripts and styles, is left out of the measures: it happens once before an evening)."""
    context = await browser.new_context(viewport=TABLET, locale="fr-FR")
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(url)
    await page.get_by_role("heading", name="Pour mieux vous connaître").wait_for()
    await settled(page)
    return page


async def tablet(page, url: str, n: int, rounds: int, timings: Timings, tags: list[str]):
    for r in range(rounds):
        tag = f"charge-{n:02d}-{r:02d}"
        try:
            await one_questionnaire(page, tag, timings)
            tags.append(tag)
        except Exception as exc:  # noqa: BLE001 — counted and reported
            timings.errors.append(f"tablette {n}, questionnaire {r}: {type(exc).__name__}: "
                                  f"{str(exc).splitlines()[0][:160]}")
            await page.goto(url)
    await page.context.close()


async def drive(url: str, sessions: int, rounds: int, server_pid: int) -> dict:
    from playwright.async_api import async_playwright

    timings, tags = Timings(), []
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--headless=new", "--disable-dev-shm-usage"])
        pages = await asyncio.gather(*(open_tablet(browser, url) for _ in range(sessions)))
        cpu_before, wall = cpu_seconds(server_pid), time.perf_counter()
        await asyncio.gather(*(tablet(page, url, n, rounds, timings, tags)
                               for n, page in enumerate(pages)))
        cpu = cpu_seconds(server_pid) - cpu_before
        wall = time.perf_counter() - wall
        await browser.close()
    return {"timings": timings, "tags": tags, "cpu": cpu, "wall": wall}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="questionnaires per tablet")
    parser.add_argument("--server-core", type=int, default=0)
    parser.add_argument("--browser-core", type=int, default=1)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="ruralites-load-"))
    engine = make_engine(f"sqlite:///{data_dir / 'ruralites.sqlite3'}")
    migrate.upgrade(engine)
    db = Database(engine)
    demo.load(db)
    from sqlalchemy import select

    with db.write() as s:
        pid = s.scalar(select(Participation.id).where(Participation.commune_code == "22366"))
        token = kiosk.create_link(s, SYSTEM, participation_id=pid, survey_slug="ecoute-habitants")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "RURALITES_DATA_DIR": str(data_dir), "RURALITES_PUBLIC_URL": base}
    env.pop("RURALITES_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / ENTRY), "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--server.fileWatcherType=none",
         "--browser.gatherUsageStats=false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=lambda: os.sched_setaffinity(0, {args.server_core}))  # noqa: PLW1509
    os.sched_setaffinity(0, {args.browser_core})  # this script and the browsers it starts
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline:
                    print("Le serveur n'a pas démarré.", file=sys.stderr)
                    return 1
                time.sleep(0.3)
        url = kiosk.link_url(token, tablet=True, base_url=base)
        run = asyncio.run(drive(url, args.sessions, args.rounds, server.pid))
    finally:
        server.terminate()
        server.wait(10)
    t: Timings = run["timings"]
    with db.read() as s:
        stored = [v for (v,) in s.execute(select(Answer.value).where(Answer.question_id == "aime"))]
    engine.dispose()
    tags = run["tags"]
    once = all(stored.count(tag) == 1 for tag in tags)
    strays = [v for v in stored if isinstance(v, str) and v.startswith("charge-") and v not in tags]
    submitted = len(tags)
    report = {
        "sessions": args.sessions, "questionnaires per tablet": args.rounds,
        "cores": {"server": args.server_core, "browsers": args.browser_core},
        "errors": len(t.errors), "submitted": submitted,
        "stored exactly once": once and not strays,
        "Envoyer → Merci ! median s": round(statistics.median(t.submit), 3) if t.submit else None,
        "Envoyer → Merci ! p95 s": round(percentile(t.submit, 95), 3) if t.submit else None,
        "Suivant → next screen median s": round(statistics.median(t.screen), 3) if t.screen else None,
        "Suivant → next screen p95 s": round(percentile(t.screen, 95), 3) if t.screen else None,
        "server CPU s": round(run["cpu"], 2), "wall s": round(run["wall"], 1),
        "server CPU per questionnaire s": round(run["cpu"] / submitted, 3) if submitted else None,
        "taps causing a rerun": t.taps,
        "server CPU per rerun-causing tap ms": round(1000 * run["cpu"] / t.taps, 1) if t.taps else None,
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    for error in t.errors[:10]:
        print("erreur :", error, file=sys.stderr)
    return 0 if not t.errors and report["stored exactly once"] else 1


if __name__ == "__main__":
    sys.exit(main())
