"""Speed of the Ukrainian path with and without the NER model, against English (issue 25).

`python bench/bench_cyrillic_speed.py [--rounds 2]`: one process, every pipeline built and warmed
first, then each text set through `Pipeline.pipe` in turn, best of the rounds, in ms per 1,000
characters. English: the first 20 PolNeAR dev articles; Ukrainian: the first 40 NER-UK dev texts
(bruk first, sorted), as the issue-25 section of docs/benchmarks.md measured before the NER.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from presslens.ingest.records import document_from_text
from presslens.languages.actors import CyrillicActors
from presslens.languages.ner_corpus import read_corpus
from presslens.languages.pipeline import MultilingualPipeline, blank_model, cyrillic_stages
from presslens.nlp import Parse
from presslens.options import AnalyzeOptions
from presslens.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _without_ner(options: AnalyzeOptions) -> Pipeline:
    """The Ukrainian path as it was before the NER: blank uk, knowledge-base actors only."""
    rest = cyrillic_stages(options, "uk")[2:]
    return Pipeline([Parse(blank_model("uk", options.max_chars)), CyrillicActors(options.actor_files), *rest])


def _timed(pipeline: Pipeline, texts: list[str], language: str, options: AnalyzeOptions) -> float:
    docs = [document_from_text(t, options.__class__(language=language, jobs=1), id=f"d{i}")
            for i, t in enumerate(texts)]
    started = time.perf_counter()
    pipeline.pipe(docs)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    options = AnalyzeOptions(jobs=1)
    english = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "polnear" / "dev" / "text").glob("*.txt"))[:20]]
    ukrainian = [t.text for t in read_corpus(SHARED / "ner-uk" / "dev")[:40]]
    router = MultilingualPipeline(options)
    runs = {"English": (router, english, "en"), "Ukrainian, NER (after)": (router.for_language("uk"), ukrainian, "uk"),
            "Ukrainian, no NER (before)": (_without_ner(options), ukrainian, "uk")}
    for pipeline, texts, language in runs.values():
        _timed(pipeline, texts[:2], language, options)  # warm: models and tables loaded
    best = {name: min(_timed(*run, options) for _ in range(args.rounds)) for name, run in runs.items()}
    print("| texts | characters | seconds | ms per 1,000 characters |\n|---|---|---|---|")
    for name, (_, texts, _) in runs.items():
        chars = sum(len(t) for t in texts)
        per_thousand = 1000 * best[name] / (chars / 1000)
        print(f"| {name}, {len(texts)} texts | {chars:,} | {best[name]:.2f} | {per_thousand:.0f} |")


if __name__ == "__main__":
    main()
