"""Scale-out: ingest throughput on a Dask cluster of 1 and 2 workers against the plain runner
(`--jobs 2`), and PostgreSQL against SQLite write throughput, side by side in one run.

    PYTHONPATH=src python bench/bench_scale.py [--articles 200] [--out FILE.json]

The articles are the first N PolNeAR training texts by name, read in place from ../shared.
Each ingest runs in a process of its own, into a new SQLite store: start-up (the cluster, the
models) counted in the wall time, and apart from it the steady rate from the first stored article
to the last, from which the per-article cost is taken. The write benchmark stores the analyses the
first ingest made, again, into a new SQLite file and a new database of a PostgreSQL server started
for it with its durable defaults (fsync on), by one writer and by two at once.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))
POLNEAR_TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"
RUNS = {"runner --jobs 2": None, "dask local:1": "local:1", "dask local:2": "local:2"}


def articles(count: int) -> list[str]:
    if not POLNEAR_TRAIN.is_dir():
        sys.exit(f"skipped: {POLNEAR_TRAIN} is absent")
    return [str(p) for p in sorted(POLNEAR_TRAIN.glob("*.txt"))[:count]]


def one_ingest(files: list[str], db: str, scheduler: str | None) -> dict:
    """One ingest in this process: wall time, and the times of the first and last stored article."""
    from presslens.options import AnalyzeOptions
    from presslens.store import open_store

    start = time.perf_counter()
    options = AnalyzeOptions(jobs=2)
    stamps = []
    with open_store(db) as store:
        if scheduler is None:
            from presslens.corpus import ingest
            from presslens.ingest import read_inputs

            events = ingest(read_inputs(files, options), store, options)
            client = None
        else:
            from presslens import distributed

            client = distributed.connect(scheduler)
            events = distributed.ingest_on_cluster(distributed.plan_inputs(files), db, options, client, store)
        statuses = []
        for event in events:
            statuses.append(event.status)
            stamps.append(time.perf_counter() - start)
        if client is not None:
            client.close()
            client.cluster.close()
    wall = time.perf_counter() - start
    # a Dask task reports its files together: the steady rate starts after the first report
    first_report = sum(1 for stamp in stamps if stamp - stamps[0] < 0.05)
    return {"wall_s": wall, "first_s": stamps[0], "last_s": stamps[-1], "stored": statuses.count("stored"),
            "inputs": len(statuses), "first_report": first_report}


def run_ingests(files: list[str], work: Path) -> dict[str, dict]:
    results = {}
    for name, scheduler in RUNS.items():
        db = work / f"{name.split()[0]}-{name.split()[-1].replace(':', '')}.db"
        command = [sys.executable, __file__, "--one", scheduler or "runner", "--db", str(db), *files]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results[name] = json.loads(output.strip().splitlines()[-1])
        results[name]["db"] = str(db)
        r = results[name]
        r["rate_wall"] = r["stored"] / r["wall_s"]
        # steady: articles after the first report over the time after it (start-up, model loads excluded)
        r["rate_steady"] = (r["inputs"] - r["first_report"]) / max(1e-9, r["last_s"] - r["first_s"])
        print(f"{name}: {r['stored']} stored in {r['wall_s']:.1f} s ({r['rate_wall']:.2f}/s wall, "
              f"{r['rate_steady']:.2f}/s steady after the first at {r['first_s']:.1f} s)", file=sys.stderr)
    return results


def write_throughput(records: list[dict], work: Path) -> dict[str, dict]:
    """Records stored per second by one writer and by two writers at once (each its own store
    object, as two processes), into new SQLite and PostgreSQL stores."""
    from tests.pg_cluster import new_database, throwaway_server

    from presslens.store import open_store

    def timed(location: str, writers: int) -> float:
        stores = [open_store(location) for _ in range(writers)]
        shares = [records[i::writers] for i in range(writers)]
        start = time.perf_counter()
        threads = [threading.Thread(target=lambda s=s, part=part: [s.add(r) for r in part])
                   for s, part in zip(stores, shares, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        assert stores[0].counts()["articles"] == len(records)
        for s in stores:
            s.close()
        return len(records) / elapsed

    results: dict[str, dict] = {"sqlite": {}, "postgresql": {}}
    with throwaway_server(durable=True) as server:
        for writers in (1, 2):
            results["sqlite"][writers] = timed(str(work / f"write-{writers}.db"), writers)
            results["postgresql"][writers] = timed(new_database(server), writers)
            print(f"writes, {writers} writer(s): SQLite {results['sqlite'][writers]:.1f}/s, "
                  f"PostgreSQL {results['postgresql'][writers]:.1f}/s", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--out", default=None, help="Write the figures here as JSON.")
    parser.add_argument("--one", default=None, help=argparse.SUPPRESS)  # an inner run: runner or local:N
    parser.add_argument("--db", default=None, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_ingest(args.files, args.db, None if args.one == "runner" else args.one)))
        return
    files = articles(args.articles)
    with tempfile.TemporaryDirectory(prefix="presslens-scale-") as tmp:
        work = Path(tmp)
        ingests = run_ingests(files, work)
        from presslens.store import open_store

        with open_store(ingests["runner --jobs 2"]["db"]) as store:
            records = list(store.iter_analyses())
        writes = write_throughput(records, work)
    one, two = ingests["dask local:1"], ingests["dask local:2"]
    summary = {
        "articles": len(files), "ingests": ingests, "writes": writes,
        "efficiency_2_workers_steady": two["rate_steady"] / (2 * one["rate_steady"]),
        "efficiency_2_workers_wall": two["rate_wall"] / (2 * one["rate_wall"]),
        "analysis_s_per_article_one_worker": 1 / one["rate_steady"],
        "postgresql_write_s_per_article": 1 / writes["postgresql"][1],
    }
    print(f"scaling efficiency at 2 workers: {summary['efficiency_2_workers_steady']:.2f} steady, "
          f"{summary['efficiency_2_workers_wall']:.2f} wall", file=sys.stderr)
    text = json.dumps(summary, indent=2, default=str)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
