"""Benchmark: the capitalisation guide (PDF) for the 5 communes of the demo and for 50 synthetic
communes with 400 responses each (the dashboard benchmark's database: 30 questions, 600,000
answers), each commune in the listening phase with 30 ideas (word cloud, themes).

Times `guide.build` (content from the domain, charts, word clouds, layout in several passes)
several times in one process: the first run draws every chart and word cloud, the next ones
find them in the cache kept by a hash of their data. Reports the medians of the 5 and
50-commune builds and their ratio. Targets: 5 ≤ 10 s, 50 ≤ 60 s, ratio ≤ 12.

    .venv/bin/python benchmarks/guide.py [--runs 3] [--communes 50] [--responses 400]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

WORDS = ("café", "jardin", "partagé", "chemins", "randonnée", "commerce", "école", "jeunes",
         "anciens", "lieu", "rencontre", "marché", "vélo", "bus", "fleurs", "bourg", "fête")


def demo_database(folder: Path):
    from ruralites import demo, migrate
    from ruralites.db import Database, make_engine

    engine = make_engine(f"sqlite:///{folder / 'demo.sqlite3'}")
    migrate.upgrade(engine)
    db = Database(engine)
    demo.load(db)
    return db


def large_database(folder: Path, communes: int, responses: int):
    import dashboard  # the dashboard benchmark's database builder

    from ruralites import campaigns, ideas
    from ruralites.auth import SYSTEM
    from ruralites.db import Database, make_engine
    from ruralites.models import Participation

    path = folder / "large.sqlite3"
    slug, seconds = dashboard.build(path, communes, responses)
    print(f"database: {communes} communes × {responses} responses built in {seconds:.0f} s")
    db = Database(make_engine(f"sqlite:///{path}"))
    rng = random.Random(11)
    at = datetime(2026, 3, 20, 19, tzinfo=UTC)
    with db.write() as s:
        for p in s.query(Participation).order_by(Participation.id).all():
            campaigns.move(s, p, "listening", reason="Premières réponses")
            for n in range(30):
                text = " ".join(rng.sample(WORDS, 4)).capitalize() + f" {n}"
                ideas.add_idea(s, SYSTEM, p.id, text, "postit", at=at + timedelta(minutes=n))
    return db, slug


def timed(db, slug: str, runs: int) -> list[float]:
    from ruralites import guide
    from ruralites.auth import SYSTEM

    times = []
    for _ in range(runs):
        began = time.perf_counter()
        data = guide.build(db, SYSTEM, slug)
        times.append(time.perf_counter() - began)
        print(f"  {times[-1]:.2f} s, {guide.page_count(data)} pages, {len(data) // 1024} Kio")
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--communes", type=int, default=50)
    parser.add_argument("--responses", type=int, default=400)
    args = parser.parse_args()
    from ruralites.guide import charts

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("5 demo communes:")
        small = timed(demo_database(folder), "ruralites-en-tregor", args.runs)
        db, slug = large_database(folder, args.communes, args.responses)
        print(f"{args.communes} synthetic communes:")
        large = timed(db, slug, args.runs)
    s, l_ = statistics.median(small), statistics.median(large)
    print(f"first build (charts drawn): 5 = {small[0]:.2f} s, {args.communes} = {large[0]:.2f} s")
    print(f"median 5 communes: {s:.2f} s (target ≤ 10 s)")
    print(f"median {args.communes} communes: {l_:.2f} s (target ≤ 60 s)")
    print(f"ratio: {l_ / s:.1f} (target ≤ 12)")
    print(f"charts drawn {charts.stats['drawn']}, reused from the cache {charts.stats['reused']}")


if __name__ == "__main__":
    main()
