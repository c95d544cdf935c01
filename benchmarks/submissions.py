"""Benchmark: 50 tablets submitting questionnaires at once into a SQLite file.

50 threads each store 20 responses of 30 answers through `ruralites.responses.submit` (the real
path: validation, idempotency check, phase gate, group commit, durable WAL + synchronous=FULL).
In the same run, the same rows are written with bare `sqlite3`, one durable BEGIN IMMEDIATE
transaction per response, as the limit to compare with. Prints medians, p95, throughput, errors.

    .venv/bin/python benchmarks/submissions.py [--threads 50] [--per-thread 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ruralites import campaigns, migrate, responses  # noqa: E402
from ruralites.db import Database, make_engine  # noqa: E402
from ruralites.surveys.model import parse_survey  # noqa: E402

QUESTIONS = 30


def survey_30():
    lines = ["id: bench", "title: Banc d'essai", "sections:", "  - id: s", "    title: S",
             "    questions:"]
    for i in range(QUESTIONS):
        if i % 3 == 0:
            lines += [f"      - id: q{i}", "        type: single_choice", f"        label: Q{i}",
                      "        choices: [{value: a, label: A}, {value: b, label: B}]"]
        elif i % 3 == 1:
            lines += [f"      - id: q{i}", "        type: scale", f"        label: Q{i}",
                      "        min: 1", "        max: 5"]
        else:
            lines += [f"      - id: q{i}", "        type: short_text", f"        label: Q{i}"]
    return parse_survey("\n".join(lines), "bench")


def answers_30(n: int) -> dict:
    return {f"q{i}": ("a" if i % 3 == 0 else (i % 5) + 1 if i % 3 == 1 else f"réponse {n} à {i}")
            for i in range(QUESTIONS)}


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_threads(threads: int, per_thread: int, one) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def worker(t: int) -> None:
        nonlocal errors
        barrier.wait()
        for i in range(per_thread):
            start = time.perf_counter()
            try:
                one(t, i)
            except Exception as exc:  # noqa: BLE001
                with lock:
                    errors += 1
                print("error:", exc, file=sys.stderr)
                continue
            with lock:
                latencies.append(time.perf_counter() - start)

    pool = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    began = time.perf_counter()
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    return latencies, errors, time.perf_counter() - began


def bench_domain(folder: Path, threads: int, per_thread: int):
    engine = make_engine(f"sqlite:///{folder / 'domain.sqlite3'}")
    migrate.upgrade(engine)
    db = Database(engine)
    survey = survey_30()
    with db.write() as s:
        campaign = campaigns.create_campaign(s, name="Banc", poles=[])
        p = campaigns.add_commune(s, campaign, "22366")
        campaigns.record_answer(s, p, volunteers=True)
        campaigns.record_decision(s, p, session_date=p.phase_since.date(), number="1",
                                  votes_for=9, votes_against=0, abstentions=0)
        pid = p.id

    def one(t: int, i: int) -> None:
        responses.submit(db, responses.Submission(uuid.uuid4(), pid, survey,
                                                  answers_30(t * 1000 + i), "tablet"))

    return run_threads(threads, per_thread, one)


def bench_bare(folder: Path, threads: int, per_thread: int):
    path = folder / "bare.sqlite3"
    setup = sqlite3.connect(path)
    setup.executescript(
        "PRAGMA journal_mode=WAL;"
        "CREATE TABLE responses (id TEXT PRIMARY KEY, channel TEXT, submitted_at TEXT);"
        "CREATE TABLE answers (id INTEGER PRIMARY KEY, response_id TEXT REFERENCES responses(id),"
        " question_id TEXT, value TEXT, UNIQUE (response_id, question_id));"
    )
    setup.close()
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "conn"):
            conn = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            local.conn = conn
        return local.conn

    def one(t: int, i: int) -> None:
        conn = connection()
        rid = uuid.uuid4().hex
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO responses VALUES (?, 'tablet', datetime('now'))", (rid,))
        conn.executemany("INSERT INTO answers (response_id, question_id, value) VALUES (?, ?, ?)",
                         [(rid, f"q{k}", f'"{v}"') for k, v in enumerate(answers_30(t).values())])
        conn.execute("COMMIT")

    return run_threads(threads, per_thread, one)


def report(name: str, latencies: list[float], errors: int, elapsed: float) -> float:
    throughput = len(latencies) / elapsed
    print(f"{name:>8}: {len(latencies)} stored, {errors} errors, {throughput:7.0f} responses/s, "
          f"p50 {statistics.median(latencies) * 1000:6.1f} ms, p95 {percentile(latencies, 95) * 1000:6.1f} ms")
    return throughput


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--per-thread", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ratios, p95s = [], []
    for run in range(1, args.runs + 1):
        print(f"run {run}/{args.runs}: {args.threads} threads × {args.per_thread} responses × {QUESTIONS} answers")
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            bare = report("bare", *bench_bare(folder, args.threads, args.per_thread))
            lat, errors, elapsed = bench_domain(folder, args.threads, args.per_thread)
            ours = report("domain", lat, errors, elapsed)
        ratios.append(ours / bare)
        p95s.append(percentile(lat, 95) * 1000)
    print(f"median over {args.runs} runs: domain p95 {statistics.median(p95s):.1f} ms, "
          f"throughput ratio domain/bare {statistics.median(ratios):.2f} "
          "(targets: 0 errors, p95 ≤ 50 ms, ratio ≥ 0.5)")


if __name__ == "__main__":
    main()
