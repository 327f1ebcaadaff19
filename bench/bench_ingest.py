"""Ingest throughput against `presslens analyze` on the same articles, run side by side.

    PYTHONPATH=src python bench/bench_ingest.py [--articles N | --dir DIR] [--repeats R] [--jobs J]

Both commands run as the user runs them (a fresh process: start-up and model load included),
alternating, R times each; the figure is the ratio of median wall times. The bar: ingest within
20% of analyze (ratio <= 1.20). A third run re-ingests into the filled store: the resume path.
Ingest stores claims ungrouped; the cost it leaves for later, grouping them (what the server does
in the background when it starts, or the first read of the claims ledger), is timed too, in a
fresh process as the server would.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))


def write_articles(directory: Path, n: int) -> None:
    from tests.invented_articles import invented_article

    directory.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (directory / f"article-{i:04d}.txt").write_text(invented_article(i), encoding="utf-8")


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--dir", type=Path, help="articles to use instead of generated ones")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OMP_NUM_THREADS": "1"}
    presslens = [sys.executable, "-m", "presslens.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = args.dir or Path(tmp) / "articles"
        if args.dir is None:
            write_articles(inputs, args.articles)
        count = sum(1 for p in inputs.rglob("*") if p.is_file())
        analyze_times, ingest_times, resume_times, grouping_times = [], [], [], []
        group = ("import sys; from presslens.store import SQLiteStore; "
                 "print(SQLiteStore(sys.argv[1]).group_claims(), file=sys.stderr)")
        for r in range(args.repeats):
            db = Path(tmp) / f"bench-{r}.db"
            analyze_times.append(timed([*presslens, "analyze", str(inputs), "--jobs", str(args.jobs), "-q",
                                        "-o", os.devnull], env))
            ingest_times.append(timed([*presslens, "ingest", str(inputs), "--jobs", str(args.jobs), "-q",
                                       "--db", str(db)], env))
            resume_times.append(timed([*presslens, "ingest", str(inputs), "--jobs", str(args.jobs), "-q",
                                       "--db", str(db)], env))
            grouping_times.append(timed([sys.executable, "-c", group, str(db)], env))
        from presslens.store import SQLiteStore

        with SQLiteStore(db) as store:
            claims = store.counts()["claims"]
    a, i, s, g = (statistics.median(t) for t in (analyze_times, ingest_times, resume_times, grouping_times))
    print(f"{count} articles, jobs={args.jobs}, {args.repeats} alternating runs, median wall time")
    print(f"analyze: {a:.2f} s ({count / a:.1f} articles/s)  runs {[round(t, 2) for t in analyze_times]}")
    print(f"ingest:  {i:.2f} s ({count / i:.1f} articles/s)  runs {[round(t, 2) for t in ingest_times]}")
    print(f"ingest / analyze = {i / a:.3f} (bar: <= 1.20)")
    print(f"re-ingest of a stored corpus (all skipped): {s:.2f} s  runs {[round(t, 2) for t in resume_times]}")
    print(f"grouping the {claims} stored claims afterwards (first read): {g:.2f} s  "
          f"runs {[round(t, 2) for t in grouping_times]}")


if __name__ == "__main__":
    main()
