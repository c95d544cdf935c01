"""Time loading the communes referential and searching it.

Run from the project root::

    .venv/bin/python benchmarks/communes_search.py            # 20 rounds
    .venv/bin/python benchmarks/communes_search.py --rounds 50

Prints the load time (a fresh process, so the first load is real) and, per kind of query,
the median, 95th percentile and maximum over every query of that kind and every round. Queries
include what a person types letter by letter ("p", "pl", "plo", ...), since a picker searches
on each keystroke. The budget is "well under 50 ms" per search; nothing here asserts it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ruralites import communes  # noqa: E402

QUERIES: dict[str, list[str]] = {
    "exact name": ["tremel", "PLOUNERIN", "Botsorhel", "Plufur", "Saint-Denis", "Lannion"],
    "saint/st name": ["st michel en greve", "Ste Anne d'Auray", "saint brieuc", "st malo"],
    "words inside names": ["michel greve", "sur mer", "les bains", "ker an", "oeuvre"],
    "one or two letters": ["s", "p", "pl", "e", "le", "la"],
    "no match": ["zzzqqq", "qwxv", "xyz abc"],
    "insee or postal code": ["22366", "22310", "29650", "2A004", "75056", "99999"],
    "beginning of a code": ["2", "22", "223", "2231", "2a", "98"],
}


def keystrokes(words: list[str]) -> list[str]:
    """Every prefix of each word, as typed one letter at a time."""
    return [word[:n] for word in words for n in range(1, len(word) + 1)]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


Timings = tuple[list[float], list[float]]


def time_calls(call, arguments: list, rounds: int) -> Timings:
    """Wall-clock and CPU milliseconds per call, each argument once per round, shuffled.

    CPU time (this thread's) is what the code costs; wall time also counts waiting for a
    core, which on a busy machine adds outliers that say nothing about the code.
    """
    wall: list[float] = []
    cpu: list[float] = []
    order = list(arguments)
    for _ in range(rounds):
        random.shuffle(order)
        for argument in order:
            start, start_cpu = time.perf_counter(), time.thread_time()
            call(argument)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def report(label: str, timings: Timings) -> None:
    wall, cpu = timings
    print(
        f"{label:<28} n={len(wall):>6}  wall median {statistics.median(wall):6.3f}"
        f"  p95 {percentile(wall, 0.95):6.3f}  max {max(wall):7.3f} ms"
        f"  | cpu median {statistics.median(cpu):6.3f}  p95 {percentile(cpu, 0.95):6.3f}"
        f"  max {max(cpu):7.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over every query")
    args = parser.parse_args()
    random.seed(0)

    start, start_cpu = time.perf_counter(), time.process_time()
    referential = communes.referential()
    load_ms = (time.perf_counter() - start) * 1000
    load_cpu_ms = (time.process_time() - start_cpu) * 1000
    print(
        f"load (first call of referential()): wall {load_ms:.0f} ms, cpu {load_cpu_ms:.0f} ms,"
        f" {len(referential)} communes"
    )
    reloads = time_calls(lambda _: communes.Referential.from_csv(), [None], 3)
    report("reload from file (x3)", reloads)
    print()

    every_search: Timings = ([], [])

    def add(timings: Timings) -> Timings:
        every_search[0].extend(timings[0])
        every_search[1].extend(timings[1])
        return timings

    for kind, queries in QUERIES.items():
        report(f"search: {kind}", add(time_calls(communes.search, queries, args.rounds)))

    typed = keystrokes(["plounerin", "saint michel en greve", "ile de brehat", "22310"])
    report("search: letter by letter", add(time_calls(communes.search, typed, args.rounds)))

    names = [c.nom for c in random.sample(list(referential), 500)]
    rounds = max(1, args.rounds // 10)
    report("search: 500 random names", add(time_calls(communes.search, names, rounds)))

    report("search: all of the above", every_search)
    print()
    report("by_postal_code", time_calls(communes.by_postal_code, ["22310", "29650"], args.rounds))
    epci_codes = ["200065928", "242900835", "200054781"]
    report(
        "by_epci (max 1,500)",
        time_calls(lambda e: communes.by_epci(e, 1500), epci_codes, args.rounds),
    )
    report("epcis", time_calls(communes.epcis, ["", "lannion", "morlaix", "tregor"], args.rounds))


if __name__ == "__main__":
    main()
