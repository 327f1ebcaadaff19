"""Time and peak memory of `presslens analyze` on one long document, by its length.

For each size (characters) an invented text is built from the example articles' paragraphs
(bench/long_text.py: shuffled, people, weekdays and numbers changed round by round) and analysed
by `presslens analyze` in a fresh process, `runs` times; the minimum wall time and the minimum
peak RSS are kept (the machine may be shared: the minimum is the least disturbed run). The
baseline is the same command on a 100-character text: the fixed cost of starting the process and
loading the models, shown apart and subtracted in the "net" columns.

    python bench/bench_long_documents.py [--sizes 10000 100000 1000000 2000000] [--runs 2] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from long_text import long_text  # noqa: E402

# Runs one command and prints its wall time and peak RSS: a process of its own, so that
# RUSAGE_CHILDREN holds that one command's peak and no earlier run's.
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
BASELINE_TEXT = "Transport Minister Pavel Strand said on Wednesday that the strike was illegal, reporters said."


def measure(path: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of analysing ``path`` in a fresh process."""
    command = [sys.executable, "-m", "presslens", "analyze", str(path), "--jobs", "1", "--published",
               "2024-03-14", "--format", "json", "-o", "/dev/null", "-q"]
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True, capture_output=True, text=True)
    wall, rss_kib = out.stdout.split()
    return float(wall), int(rss_kib) / 1024


def best_of(path: Path, runs: int) -> dict[str, float]:
    results = [measure(path) for _ in range(runs)]
    return {"wall_s": round(min(w for w, _ in results), 2), "peak_mib": round(min(m for _, m in results), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000, 2_000_000])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        base_path = Path(tmp) / "baseline.txt"
        base_path.write_text(BASELINE_TEXT, encoding="utf-8")
        baseline = best_of(base_path, args.runs)
        print(f"baseline ({len(BASELINE_TEXT)} chars): {baseline}", file=sys.stderr, flush=True)
        for size in args.sizes:
            path = Path(tmp) / f"long-{size}.txt"
            text = long_text(size)
            path.write_text(text, encoding="utf-8")
            row = {"chars": len(text), **best_of(path, args.runs)}
            row["net_wall_s"] = round(row["wall_s"] - baseline["wall_s"], 2)
            row["net_peak_mib"] = round(row["peak_mib"] - baseline["peak_mib"], 1)
            rows.append(row)
            print(row, file=sys.stderr, flush=True)
    figures = {"runs": args.runs, "baseline": baseline, "sizes": rows, "ratios": ratios(rows)}
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


def ratios(rows: list[dict]) -> dict[str, float]:
    """The 1M-character run against the 100k one, where both were measured."""
    by_size = {round(r["chars"], -4): r for r in rows}
    small, large = by_size.get(100_000), by_size.get(1_000_000)
    if small is None or large is None:
        return {}
    return {key: round(large[key] / small[key], 2) for key in ("wall_s", "peak_mib", "net_wall_s", "net_peak_mib")}


if __name__ == "__main__":
    sys.exit(main())
