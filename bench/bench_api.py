"""The corpus API's list endpoints at 2,000 articles: latency p50/p95, before and after a change.

    PYTHONPATH=src python bench/bench_api.py [--texts 200] [--articles 2000] [--repeats 30]
        [--before /tmp/wt-ui-before/src] [--cache DIR]

Analyses the first ``--texts`` PolNeAR training articles (in place from ../shared; cached in
``--cache`` so that a second run starts at once), then builds a store of ``--articles`` articles
from them: each analysis is stored again and again under a new document id, title and date, its
text made unique by a closing line (so that the store keeps every copy), as an analyst's corpus of
the same outlets' stories over two years would hold them. Building takes a minute or so, not the
hours of analysing 2,000 texts. Claims are grouped with a word-hashing encoder (same words, same
vector): the sentence-embedding model is not what is measured, and copies of a claim group alike.

Each version (``--before``: another checkout's ``src``, such as a worktree of the commit before the
change; and this checkout's) builds its own store from the same analyses in a process of its own,
then answers each endpoint ``--repeats`` times through the ASGI test client after a warm-up;
reported: p50 and p95 in milliseconds, and the size of the answer. Endpoints only the newer code
has (sort orders, an actor's paged lists) are measured on it alone. The bar (issue 22): p95 under
100 ms for every list endpoint.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
POLNEAR_TRAIN = ROOT / ".." / "shared" / "data" / "polnear" / "train" / "text"
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 730
# What both versions answer; "{actor}" is the most present actor, "{deep}" an offset near the end.
COMMON = ["/articles", "/articles?offset={deep}", "/articles?q=campaign", "/articles?technique=Loaded_Language",
          "/articles?date_from=2016-01-01&date_to=2016-03-31", "/actors", "/actors?q=clinton", "/actors?offset={deep}",
          "/actors/{actor}", "/graph", "/claims", "/claims?min_articles=2", "/claims?q=president",
          "/techniques/stats?by=speaker"]
NEWER = ["/articles?sort=quotes", "/articles?sort=title&offset={deep}", "/articles?technique=loaded",
         "/actors?sort=quotes", "/actors/{actor}/quotes?sort=newest&offset=100",
         "/actors/{actor}/relations?offset=50", "/actors/{actor}/labels?direction=received", "/actors/{actor}/claims",
         "/graph?top=50", "/graph?sort=newest&offset=200", "/claims?sort=newest&offset=100"]


def analyses(texts: int, cache: Path) -> Path:
    """The analysis records of the first ``texts`` PolNeAR training articles, as JSON lines."""
    path = cache / f"polnear-train-{texts}.jsonl"
    if path.exists():
        return path
    from presslens.ingest import document_from_text
    from presslens.options import AnalyzeOptions
    from presslens.runner import analyze_many

    if not POLNEAR_TRAIN.exists():
        sys.exit(f"skipped: {POLNEAR_TRAIN} is absent")
    options = AnalyzeOptions(jobs=os.cpu_count())
    files = sorted(POLNEAR_TRAIN.glob("*.txt"))[:texts]
    docs = [document_from_text(f.read_text(encoding="utf-8"), options, id=f.stem) for f in files]
    started = time.perf_counter()
    records = [r for r in analyze_many(docs, options) if "error" not in r]
    print(f"analysed {len(records)} texts in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def copies(records: list[dict], articles: int):
    """``articles`` records: the analyses again and again, each with its own id, title, date and text."""
    for n in range(articles):
        record = copy.deepcopy(records[n % len(records)])
        day = (FIRST_DAY + dt.timedelta(days=(n * 37) % DAYS)).isoformat()
        document = record["document"]
        title = document.get("title") or document["id"].split("_", 2)[-1].replace("-", " ")
        document.update(id=f"{document['id']}-{n}", title=f"{title} ({n})", published=day,
                        source=["Daily Ledger", "Evening Wire", "The Courier", None][n % 4])
        record["text"] += f"\n\nCopy {n} of the benchmark corpus."
        yield record


def word_vectors(texts: list[str]):
    """Claims as hashed bags of words, unit vectors: copies of a claim share a vector."""
    import zlib

    import numpy as np

    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            vectors[row, zlib.crc32(word.encode()) % 384] += 1.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def measure(records_path: Path, articles: int, repeats: int, db: Path) -> dict:
    """Build the store with the presslens on the path, then time every endpoint it has."""
    from fastapi.testclient import TestClient

    from presslens.api.app import ServerSettings, create_app
    from presslens.store import SQLiteStore

    records = [json.loads(line) for line in records_path.read_text(encoding="utf-8").splitlines()]
    store = SQLiteStore(db, claim_encoder=word_vectors)
    started = time.perf_counter()
    for record in copies(records, articles):
        store.add(record)
    built = time.perf_counter() - started
    store.group_claims()
    client = TestClient(create_app(ServerSettings(db_path=str(db)), store))
    actor = client.get("/actors?limit=1").json()["actors"][0]["id"]
    newer = "sort" in json.dumps(client.get("/openapi.json").json()["paths"]["/articles"])
    timings = {}
    for template in COMMON + (NEWER if newer else []):
        path = template.format(actor=actor, deep=articles - 20)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        for _ in range(2):
            client.get(path)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        timings[template] = {"p50": times[len(times) // 2], "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
                             "bytes": len(response.content)}
    counts = store.counts()
    store.close()
    return {"build_s": built, "counts": counts, "timings": timings}


def run_version(src: Path, records: Path, args: argparse.Namespace, directory: Path, label: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, __file__, "--measure", str(records), "--articles", str(args.articles),
               "--repeats", str(args.repeats), "--db", str(directory / f"{label}.db")]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{label} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def table(results: dict[str, dict]) -> str:
    labels = list(results)
    head = "| endpoint | " + " | ".join(f"{label} p50 / p95 ms" for label in labels) + " | answer (bytes) |"
    lines = [head, "|" + "---|" * (len(labels) + 2)]
    templates = dict.fromkeys(t for r in results.values() for t in r["timings"])
    for template in templates:
        cells = []
        for label in labels:
            t = results[label]["timings"].get(template)
            cells.append(f"{t['p50']:.1f} / {t['p95']:.1f}" if t else "-")
        size = results[labels[-1]]["timings"].get(template) or results[labels[0]]["timings"][template]
        lines.append(f"| `{template}` | " + " | ".join(cells) + f" | {size['bytes']:,} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--before", type=Path, default=None, help="src directory of the code to compare with")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "presslens-bench-api")
    parser.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # in a version's own process
        print(json.dumps(measure(args.measure, args.articles, args.repeats, args.db)))
        return
    records = analyses(args.texts, args.cache)
    versions = ({"before": args.before} if args.before else {}) | {"after": ROOT / "src"}
    with tempfile.TemporaryDirectory() as directory:
        results = {label: run_version(src, records, args, Path(directory), label) for label, src in versions.items()}
    for label, result in results.items():
        print(f"{label}: built in {result['build_s']:.0f} s; {json.dumps(result['counts'])}")
    print(table(results))


if __name__ == "__main__":
    main()
