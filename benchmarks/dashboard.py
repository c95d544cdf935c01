"""Benchmark: the results dashboard of a large campaign, 50 communes × 400 responses × 30 answers.

Builds a SQLite file as the application stores it (600,000 answers, bulk inserts), then times:

1. the campaign aggregation the dashboard uses (`ruralites.results.results`, whole campaign)
   against hand-written SQL GROUP BYs over the same rows with bare `sqlite3` (answers by question
   and value, free texts counted per question; responses by commune, channel, evening and hour)
   — target ≤ 2×;
2. the results page run by AppTest against an empty page (role guard and a title) — target ≤ 3×:
   "cold" clears Streamlit's cache before each run (the first visitor after 30 s), "warm" keeps
   it (everyone else); the open tab is "Participation", as a visitor first sees it, and the
   "Questions" tab (every chart) is timed apart.

Prints medians over several runs and the ratios.

    .venv/bin/python benchmarks/dashboard.py [--communes 50] [--responses 400] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = 30
PASSWORD = "un-mot-de-passe-solide"
START = datetime(2026, 3, 2, 8, tzinfo=UTC)


def survey_30():
    """30 questions of every closed type plus four free texts, a profile section first."""
    from ruralites.surveys import parse_survey

    def choices(n: int) -> str:
        return "[" + ", ".join(f"{{value: c{k}, label: Choix {k}}}" for k in range(n)) + "]"

    profile = [f"      - {{id: p{i}, type: single_choice, label: Profil {i}, choices: {choices(5)}}}"
               for i in range(4)]
    body = []
    for i in range(26):
        kind = ("single_choice", "multiple_choice", "scale", "yes_no", "short_text", "number",
                "single_choice", "multiple_choice", "ranking", "long_text")[i % 10]
        line = f"      - {{id: q{i}, type: {kind}, label: Question {i}"
        if kind in ("single_choice", "multiple_choice", "ranking"):
            line += f", choices: {choices(6)}"
        if kind == "scale":
            line += ", min: 1, max: 5"
        if kind == "number":
            line += ", min: 0, max: 100"
        body.append(line + "}")
    text = "\n".join(["id: bench-dashboard", "title: Banc d'essai du tableau de bord", "sections:",
                      "  - id: profil", "    title: Profil", "    questions:", *profile,
                      "  - id: avis", "    title: Avis", "    questions:", *body])
    return parse_survey(text, "bench")


def answer(rng: random.Random, question) -> object:
    kind = question.type
    values = [c.value for c in question.choices]
    if kind == "single_choice":
        return rng.choice(values)
    if kind == "multiple_choice":
        return [v for v in values if rng.random() < 0.35] or [values[0]]
    if kind == "ranking":
        return rng.sample(values, 3)
    if kind == "scale":
        return rng.randint(1, 5)
    if kind == "yes_no":
        return rng.random() < 0.5
    if kind == "number":
        return rng.randint(0, 80)
    return rng.choice(["Un café associatif", "Des chemins de randonnée", "Un jardin partagé",
                       "Une épicerie avec un dépôt de pain", "Un lieu pour les jeunes"]) \
        + f" ({rng.randint(1, 10_000)})"


def communes(n: int) -> list[str]:
    """n rural communes of the Côtes-d'Armor from the shipped referential."""
    from ruralites import communes as referential

    found = []
    for number in range(1, 400):
        try:
            info = referential.get(f"22{number:03d}")
        except referential.UnknownCommuneError:
            continue
        if 300 <= (info.population or 0) <= 2000:
            found.append(info.code_insee)
        if len(found) == n:
            return found
    raise SystemExit(f"only {len(found)} communes found")


def build(path: Path, n_communes: int, per_commune: int) -> tuple[str, float]:
    """The database as the application stores it; returns the campaign slug and seconds taken."""
    from sqlalchemy import insert

    from ruralites import campaigns, migrate
    from ruralites.communes import ensure_pole  # `communes` here is the function below
    from ruralites.db import Database, make_engine
    from ruralites.models import Evening, Response
    from ruralites.surveys import store as survey_store

    began = time.perf_counter()
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    db = Database(engine)
    survey = survey_30()
    rng = random.Random(2026)
    with db.write() as s:
        pole = ensure_pole(s, "bench", "Pôle du banc d'essai")
        campaign = campaigns.create_campaign(s, name="Grande démarche", poles=[pole], slug="grande")
        pids, evenings = [], []
        for code in communes(n_communes):
            p = campaigns.add_commune(s, campaign, code, invited_on=date(2026, 1, 5))
            campaigns.record_answer(s, p, volunteers=True, answered_on=date(2026, 1, 12))
            campaigns.record_decision(s, p, session_date=date(2026, 1, 30), number="1",
                                      votes_for=11, votes_against=0, abstentions=0,
                                      today=date(2026, 2, 1))
            evening = Evening(participation_id=p.id, kind="listening", title="Soirée d'écoute",
                              starts_at=START + timedelta(days=rng.randint(3, 20), hours=10))
            s.add(evening)
            s.flush()
            pids.append(p.id)
            evenings.append(evening)
        version = survey_store.version_id(s, survey)
        evening_times = {e.id: e.starts_at for e in evenings}
    questions = survey.questions()
    for pid, evening in zip(pids, evenings, strict=True):
        rows, answers = [], []
        for _ in range(per_commune):
            rid = uuid.uuid4()
            channel = rng.choices(("tablet", "online", "paper"), (5, 2, 3))[0]
            at_evening = channel == "tablet" and rng.random() < 0.8
            at = (evening_times[evening.id] + timedelta(minutes=rng.randint(0, 150)) if at_evening
                  else START + timedelta(minutes=rng.randint(0, 30 * 24 * 60)))
            rows.append({"id": rid, "participation_id": pid, "survey_version_id": version,
                         "channel": channel, "evening_id": evening.id if at_evening else None,
                         "language": "fr", "consent": False, "submitted_at": at})
            answers += [(rid.hex, q.id, json.dumps(answer(rng, q))) for q in questions]
        with db.write() as s:
            s.execute(insert(Response.__table__), rows)
            # as ruralites.responses stores them: UUID as 32 hex digits, JSON text
            s.connection().connection.driver_connection.cursor().executemany(
                "INSERT INTO answers (response_id, question_id, value) VALUES (?, ?, ?)", answers)
    with db.write() as s:
        from ruralites import auth

        auth.create_user(s, username="bench", display_name="Banc", password=PASSWORD,
                         role="staff")
    engine.dispose()
    return "grande", time.perf_counter() - began


def median_ms(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def hand_written(path: Path, slug: str, text_ids: list[str]):
    conn = sqlite3.connect(path)
    marks = ",".join("?" * len(text_ids))
    answers_sql = f"""
        SELECT a.question_id, CASE WHEN a.question_id IN ({marks}) THEN NULL ELSE a.value END,
               count(*)
        FROM answers a JOIN responses r ON r.id = a.response_id
        JOIN participations p ON p.id = r.participation_id
        JOIN campaigns c ON c.id = p.campaign_id
        WHERE c.slug = ? GROUP BY 1, 2"""  # noqa: S608 (only "?" marks are formatted in)
    responses_sql = """
        SELECT r.participation_id, r.channel, r.evening_id, strftime('%Y-%m-%d %H', r.submitted_at),
               count(*)
        FROM responses r JOIN participations p ON p.id = r.participation_id
        JOIN campaigns c ON c.id = p.campaign_id
        WHERE c.slug = ? GROUP BY 1, 2, 3, 4"""

    def run():
        groups = conn.execute(answers_sql, [*text_ids, slug]).fetchall()
        return groups, conn.execute(responses_sql, [slug]).fetchall()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=50)
    parser.add_argument("--responses", type=int, default=400, help="per commune")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ruralites-bench-"))
    os.environ["RURALITES_DATA_DIR"] = str(folder)
    os.environ.pop("RURALITES_DATABASE_URL", None)
    path = folder / "ruralites.sqlite3"
    slug, seconds = build(path, args.communes, args.responses)
    n = args.communes * args.responses
    print(f"built {args.communes} communes × {args.responses} responses × {QUESTIONS} answers "
          f"({n * QUESTIONS:,} answer rows) in {seconds:.1f} s — {path}")

    from ruralites import results
    from ruralites.auth import SYSTEM
    from ruralites.db import Database, make_engine

    db = Database(make_engine(f"sqlite:///{path}"))
    scope = results.Scope(slug)

    def domain():
        with db.read() as session:
            return results.results(session, SYSTEM, scope)

    domain()  # parse the survey version once, as a running server would have
    texts = [q.id for q in survey_30().questions() if q.is_text]
    ours, found = median_ms(domain, args.runs)
    bare, _ = median_ms(hand_written(path, slug, texts), args.runs)
    assert found.turnout.responses == n
    print(f"aggregation: results() {ours:7.1f} ms, hand-written GROUP BY {bare:7.1f} ms, "
          f"ratio {ours / bare:.2f} (target ≤ 2)")
    page_timings(db, args.runs)


def page_timings(db, runs: int) -> None:
    import streamlit as st

    from ruralites import auth
    from ruralites.ui.results_view import TAB_KEY
    from tests.pages.conftest import page_app

    token = auth.login(db, "bench", PASSWORD).token

    def run(render: str, tab: str | None = None, cold: bool = False):
        def once():
            if cold:
                st.cache_data.clear()
            app = page_app(render, token)
            if tab:
                app.session_state[TAB_KEY] = tab
            app.run(timeout=120)
            assert not app.exception, app.exception
        return once

    run("benchmarks.dashboard.empty_page")()  # first run imports Streamlit's machinery
    run("pages.results.render")()
    empty, _ = median_ms(run("benchmarks.dashboard.empty_page"), runs)
    rows = [("page, Participation tab, warm", run("pages.results.render")),
            ("page, Participation tab, cold", run("pages.results.render", cold=True)),
            ("page, Questions tab, warm", run("pages.results.render", "Questions")),
            ("page, Questions tab, cold", run("pages.results.render", "Questions", cold=True))]
    print(f"AppTest: empty page {empty:7.1f} ms")
    for name, fn in rows:
        took, _ = median_ms(fn, runs)
        print(f"AppTest: {name:<30} {took:7.1f} ms, ratio {took / empty:5.2f} (target ≤ 3)")


def empty_page() -> None:
    """The yardstick: a page with the role guard and a title, nothing else."""
    from ruralites.ui.session import require_role

    require_role("admin", "staff")
    st_title = __import__("streamlit").title
    st_title("Page vide")


if __name__ == "__main__":
    main()
