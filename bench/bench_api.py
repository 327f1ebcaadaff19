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
change; and this checkout's) builds its own store from the same analyses in a process of its own
and serves it with uvicorn on loopback, as ``presslens serve`` does; each endpoint is then asked
``--repeats`` times after two warm-up rounds, the versions taking turns request by request so that
a machine's passing load falls on both alike. Reported: p50 and p95 in milliseconds (client side,
a kept-alive connection), and the size of the answer. Endpoints only the newer code
has (sort orders, an actor's paged lists) are measured on it alone. The bar (issue 22): p95 under
100 ms for every list endpoint.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

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


def build(records_path: Path, articles: int, db: Path) -> dict:
    """Build the store with the presslens on the path (in a version's own process)."""
    from presslens.store import SQLiteStore

    records = [json.loads(line) for line in records_path.read_text(encoding="utf-8").splitlines()]
    store = SQLiteStore(db, claim_encoder=word_vectors)
    started = time.perf_counter()
    for record in copies(records, articles):
        store.add(record)
    built = time.perf_counter() - started
    store.group_claims()
    counts = store.counts()
    store.close()
    return {"build_s": built, "counts": counts}


def serve(db: Path, port: int) -> None:
    """The API over ``db`` on 127.0.0.1:``port``, as ``presslens serve`` runs it, without starting
    the analysis workers (nothing is analysed here)."""
    import uvicorn

    from presslens.api.app import ServerSettings, create_app

    uvicorn.run(create_app(ServerSettings(db_path=str(db))), host="127.0.0.1", port=port, log_level="warning")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def in_version(src: Path, *arguments: str) -> tuple[list[str], dict[str, str]]:
    return [sys.executable, __file__, *arguments], {**os.environ, "PYTHONPATH": str(src)}


def started(src: Path, db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command, env = in_version(src, "--serve", str(db), "--port", str(port))
    server = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return server, url
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    sys.exit(f"the server of {src} did not answer")


def timed(clients: dict[str, httpx.Client], paths: dict[str, str], repeats: int) -> dict[str, dict]:
    """Each version's answer to its path, ``repeats`` times, the versions taking turns request by
    request: a load that comes and goes on the machine falls on both alike."""
    times: dict[str, list[float]] = {label: [] for label in paths}
    sizes = {}
    for n in range(repeats + 2):  # two warm-up rounds
        for label, path in paths.items():
            start = time.perf_counter()
            response = clients[label].get(path)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                sys.exit(f"{label} {path}: {response.status_code} {response.text[:300]}")
            sizes[label] = len(response.content)
            if n >= 2:
                times[label].append(elapsed)
    return {label: {"p50": statistics.median(t), "p95": sorted(t)[min(len(t) - 1, int(0.95 * len(t)))],
                    "bytes": sizes[label]} for label, t in times.items()}


def measure_all(clients: dict[str, httpx.Client], articles: int, repeats: int) -> dict[str, dict]:
    """Every endpoint each version has, timed with the versions taking turns."""
    results: dict[str, dict] = {label: {"timings": {}} for label in clients}
    actor = {label: c.get("/actors?limit=1").json()["actors"][0]["id"] for label, c in clients.items()}
    newer = {label for label, c in clients.items()
             if "sort" in json.dumps(c.get("/openapi.json").json()["paths"]["/articles"])}
    for template in COMMON + NEWER:
        having = [label for label in clients if template in COMMON or label in newer]
        paths = {label: template.format(actor=actor[label], deep=articles - 20) for label in having}
        for label, timing in timed(clients, paths, repeats).items():
            results[label]["timings"][template] = timing
    return results


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
    parser.add_argument("--build", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--serve", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:  # in a version's own process
        print(json.dumps(build(args.build, args.articles, args.db)))
        return
    if args.serve:
        serve(args.serve, args.port)
        return
    records = analyses(args.texts, args.cache)
    versions = ({"before": args.before} if args.before else {}) | {"after": ROOT / "src"}
    built, servers, clients = {}, [], {}
    with tempfile.TemporaryDirectory() as directory:
        try:
            for label, src in versions.items():
                db = Path(directory) / f"{label}.db"
                command, env = in_version(src, "--build", str(records), "--articles", str(args.articles),
                                          "--db", str(db))
                done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
                built[label] = json.loads(done.stdout)
                server, url = started(src, db)
                servers.append(server)
                clients[label] = httpx.Client(base_url=url, timeout=60)
            results = measure_all(clients, args.articles, args.repeats)
        finally:
            for server in servers:
                server.terminate()
                server.wait()
    for label, result in built.items():
        print(f"{label}: built in {result['build_s']:.0f} s; {json.dumps(result['counts'])}")
    print(table(results))


if __name__ == "__main__":
    main()
