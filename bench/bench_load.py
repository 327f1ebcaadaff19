"""`presslens serve` under load: analysing clients and reading clients at once, on loopback.

    PYTHONPATH=src python bench/bench_load.py [--seconds 30] [--clients 50] [--analysing 10]
        [--analysis-workers N] [--analysis-queue N] [--src DIR]

Ingests a small corpus (examples/articles and invented articles) into a temporary store, starts
`presslens serve` on 127.0.0.1 as a user does (a fresh process), waits until it answers and has
grouped the stored claims, then runs the clients for a fixed time: ``--analysing`` of them POST
short articles to /analyze (stored), the others GET /articles, /articles/{id}, /actors, /graph,
/claims and /health, each in a closed loop (the next request when the last is answered). A 503
is followed for its Retry-After, within the time left. Reported: errors (a 5xx other than 503, a
503 without Retry-After, a connection error or time-out), read latency p50/p99, analyses served
and turned away. The bar: 0 errors, read p99 under 1 s, every analysis served or 503 with
Retry-After. ``--src`` runs another checkout's code (a worktree of an older commit: the "before").
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

READ_PATHS = ["/articles", "/articles?q=strike", "/articles?q=minister%20port", "/actors", "/actors?q=union",
              "/graph", "/claims", "/health"]
STORED_ARTICLES = 24  # invented ones, besides examples/articles


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def prepare_store(src: Path, directory: Path) -> Path:
    from tests.invented_articles import invented_article

    articles = directory / "articles"
    articles.mkdir()
    for i in range(STORED_ARTICLES):
        (articles / f"invented-{i:02d}.txt").write_text(invented_article(i), encoding="utf-8")
    db = directory / "load.db"
    command = [sys.executable, "-m", "presslens.cli", "ingest", str(ROOT / "examples" / "articles"), str(articles),
               "--db", str(db), "--jobs", "1", "-q"]
    subprocess.run(command, env=server_env(src), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return db


def server_env(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": "1"}


async def wait_until_ready(url: str, process: subprocess.Popen) -> None:
    """Up, and done with the start-up work a first reader would otherwise wait for."""
    async with httpx.AsyncClient(base_url=url, timeout=600) as http:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError(f"the server ended with status {process.returncode}")
            try:
                (await http.get("/health")).raise_for_status()
                break
            except httpx.TransportError:
                await asyncio.sleep(0.2)
        (await http.get("/claims")).raise_for_status()  # waits for the background claim grouping
        (await http.post("/analyze", content="A warm-up text about the port of Eastport.",
                         headers={"Content-Type": "text/plain"})).raise_for_status()


class Tally:
    def __init__(self) -> None:
        self.reads: list[float] = []
        self.read_paths: dict[str, list[float]] = {}
        self.analyses: list[float] = []
        self.statuses: Counter[str] = Counter()
        self.errors: list[str] = []
        self.busy = 0
        self.retry_after: list[int] = []


async def analysing_client(n: int, url: str, stop_at: float, store: bool, tally: Tally) -> None:
    from tests.invented_articles import invented_article

    i = 0
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        while time.monotonic() < stop_at:
            i += 1
            text = invented_article(10_000 + 1000 * n + i)
            started = time.monotonic()
            try:
                r = await http.post("/analyze", params={"store": str(store).lower()}, content=text,
                                    headers={"Content-Type": "text/plain"})
            except httpx.HTTPError as exc:
                tally.errors.append(f"POST /analyze: {type(exc).__name__}: {exc}")
                continue
            tally.statuses[f"POST {r.status_code}"] += 1
            if r.status_code in (200, 201):
                tally.analyses.append(time.monotonic() - started)
            elif r.status_code == 503 and r.headers.get("retry-after", "").isdigit():
                tally.busy += 1
                tally.retry_after.append(int(r.headers["retry-after"]))
                await asyncio.sleep(min(int(r.headers["retry-after"]), max(0.0, stop_at - time.monotonic())))
            else:
                tally.errors.append(f"POST /analyze: {r.status_code} {r.text[:200]}")


async def reading_client(n: int, url: str, stop_at: float, article_ids: list[int], tally: Tally) -> None:
    rng = random.Random(n)
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        while time.monotonic() < stop_at:
            path = rng.choice(READ_PATHS + ["/articles/{}"])
            if "{}" in path:
                path = path.format(rng.choice(article_ids))
            started = time.monotonic()
            try:
                r = await http.get(path)
            except httpx.HTTPError as exc:
                tally.errors.append(f"GET {path}: {type(exc).__name__}: {exc}")
                continue
            tally.statuses[f"GET {r.status_code}"] += 1
            if r.status_code == 200:
                tally.reads.append(time.monotonic() - started)
                family = "/articles/{id}" if path.startswith("/articles/") else path
                tally.read_paths.setdefault(family, []).append(time.monotonic() - started)
            else:
                tally.errors.append(f"GET {path}: {r.status_code} {r.text[:200]}")


async def run_load(url: str, args: argparse.Namespace) -> Tally:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        listed = (await http.get("/articles", params={"limit": 500})).json()["articles"]
    article_ids = [a["id"] for a in listed]
    tally = Tally()
    stop_at = time.monotonic() + args.seconds
    clients = [analysing_client(n, url, stop_at, not args.no_store, tally) for n in range(args.analysing)]
    clients += [reading_client(n, url, stop_at, article_ids, tally) for n in range(args.clients - args.analysing)]
    await asyncio.gather(*clients)
    return tally


def memory_mb(pid: int) -> float:
    """Proportional set size of a process and its children (shared pages counted once), in MB."""
    pids = [pid] + [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                    for c in (task / "children").read_text().split()]
    total_kb = 0
    for p in pids:
        for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


def report(tally: Tally, args: argparse.Namespace, wall: float, server_mb: float) -> dict:
    figures = {
        "clients": args.clients, "analysing": args.analysing, "seconds": args.seconds, "wall_s": round(wall, 1),
        "errors": len(tally.errors),
        "reads": len(tally.reads), "read_p50_ms": round(1000 * percentile(tally.reads, 0.50), 1),
        "read_p99_ms": round(1000 * percentile(tally.reads, 0.99), 1),
        "read_max_ms": round(1000 * max(tally.reads, default=float("nan")), 1),
        "read_p99_ms_by_path": {p: round(1000 * percentile(v, 0.99), 1) for p, v in sorted(tally.read_paths.items())},
        "analyses_served": len(tally.analyses),
        "analysis_p50_ms": round(1000 * percentile(tally.analyses, 0.50), 1),
        "analysis_p99_ms": round(1000 * percentile(tally.analyses, 0.99), 1),
        "analyses_503": tally.busy,
        "retry_after_s": sorted(Counter(tally.retry_after).items()),
        "statuses": dict(sorted(tally.statuses.items())),
        "server_pss_mb": server_mb,  # the server and its analysis workers, at the end
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(figures, indent=1))
    for error in tally.errors[:20]:
        print("error:", error, file=sys.stderr)
    ok = not tally.errors and figures["read_p99_ms"] < 1000
    print(f"bar (0 errors, read p99 < 1 s, analyses served or 503 + Retry-After): {'met' if ok else 'MISSED'}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--analysing", type=int, default=10)
    parser.add_argument("--analysis-workers", type=int, help="passed to presslens serve (default: its own)")
    parser.add_argument("--analysis-queue", type=int, help="passed to presslens serve (default: its own)")
    parser.add_argument("--no-store", action="store_true", help="analyse without storing (no new claims to group)")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the presslens source tree to serve")
    args = parser.parse_args()
    serve_options = []
    if args.analysis_workers is not None:
        serve_options += ["--analysis-workers", str(args.analysis_workers)]
    if args.analysis_queue is not None:
        serve_options += ["--analysis-queue", str(args.analysis_queue)]
    with tempfile.TemporaryDirectory() as tmp:
        db = prepare_store(args.src, Path(tmp))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "presslens.cli", "serve", "--db", str(db), "--host",
                                   "127.0.0.1", "--port", str(port), *serve_options],
                                  env=server_env(args.src), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True)
        try:
            asyncio.run(wait_until_ready(url, server))
            started = time.monotonic()
            tally = asyncio.run(run_load(url, args))
            report(tally, args, time.monotonic() - started, memory_mb(server.pid))
        finally:
            server.terminate()
            try:
                _, stderr = server.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                _, stderr = server.communicate()
            if "Traceback" in stderr:
                print("server stderr:\n" + stderr[-4000:], file=sys.stderr)


if __name__ == "__main__":
    main()
