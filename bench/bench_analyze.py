"""Throughput of `presslens analyze` against a bare spaCy `nlp.pipe`, side by side.

Both run as whole processes over the same N articles (PolNeAR train texts from ../shared), timed in
alternation R times; the ratio of medians is the figure (the machine is noisy, ratios are stable).
The baseline is spaCy alone: load the model, `nlp.pipe(texts, batch_size=8, n_process=2)`.

    python bench/bench_analyze.py [--articles 200] [--rounds 3] [--jobs 2]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"

BASELINE = """
import sys, spacy
from pathlib import Path
from presslens.nlp import resolve_model_name
nlp = spacy.load(resolve_model_name())
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
n = sum(1 for _ in nlp.pipe(texts, batch_size=8, n_process=int(sys.argv[2])))
assert n == len(texts)
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent (the shared corpora sit beside the repository)", file=sys.stderr)
        return 0
    sources = sorted(CORPUS.glob("*.txt"))[: args.articles]
    with tempfile.TemporaryDirectory() as tmp:
        for path in sources:
            shutil.copy(path, Path(tmp) / path.name)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in sources)
        baseline_cmd = [sys.executable, "-c", BASELINE, tmp, str(args.jobs)]
        presslens_cmd = [sys.executable, "-m", "presslens", "analyze", tmp, "--jobs", str(args.jobs),
                         "--format", "jsonl", "-o", "/dev/null", "-q", "--published", "2016-10-01"]
        base_times, tool_times = [], []
        for _ in range(args.rounds):
            base_times.append(timed(baseline_cmd))
            tool_times.append(timed(presslens_cmd))
    base, tool = statistics.median(base_times), statistics.median(tool_times)
    figures = {
        "articles": len(sources), "words": words, "jobs": args.jobs, "rounds": args.rounds,
        "baseline_s": round(base, 2), "presslens_s": round(tool, 2), "ratio": round(tool / base, 3),
        "presslens_articles_per_s": round(len(sources) / tool, 2),
        "baseline_articles_per_s": round(len(sources) / base, 2),
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
