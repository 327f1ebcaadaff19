"""Quotes benchmark: presslens against textacy's ``direct_quotations`` on a PolNeAR split, side by
side, with the same metric definitions (``presslens.evaluate.polnear``), and the time the quotes
stage adds over the bare parse.

    python bench/bench_quotes.py ../shared/data/polnear/dev [--limit N] [--format json]

textacy is a benchmark-only dependency: ``pip install -e .[bench]`` (or ``textacy==0.13.0``).
Every document is parsed once; each extractor then runs on the same spaCy docs, so the extraction
times compare directly, and the parse time measured in the same run is the baseline.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", nargs="?", default=str(Path(__file__).parents[1] / ".." / "shared" / "data"
                                                       / "polnear" / "dev"))
    parser.add_argument("--limit", type=int, default=None, help="Only the first N articles.")
    parser.add_argument("--repeat", type=int, default=3, help="Timing runs of each extractor (best is kept).")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    if not (Path(args.split) / "text").is_dir():
        print(f"no PolNeAR split at {args.split} (it needs text/ and attributions/)", file=sys.stderr)
        return 2
    try:
        import textacy.extract
    except ImportError:
        print("textacy is not installed: pip install textacy==0.13.0 (the 'bench' extra)", file=sys.stderr)
        return 2

    from presslens.document import Document, Metadata
    from presslens.evaluate.polnear import Prediction, Score, _published, predictions_of, read_split
    from presslens.nlp import PARSE_BATCH_SIZE, load_model
    from presslens.stages.actors import Actors
    from presslens.stages.dates import Dates
    from presslens.stages.quotes import Quotes

    nlp = load_model()
    articles = list(read_split(args.split, args.limit))
    words = sum(len(a.text.split()) for a in articles)

    started = time.perf_counter()
    parsed = list(nlp.pipe((a.text for a in articles), batch_size=PARSE_BATCH_SIZE))
    parse_s = time.perf_counter() - started

    def presslens_docs() -> list[Document]:
        docs = []
        for article, sp in zip(articles, parsed, strict=True):
            doc = Document(article.text, Metadata(id=article.name, published=_published(article.name)))
            doc.parse = sp
            Actors()(doc)
            Dates()(doc)
            docs.append(doc)
        return docs

    quotes = Quotes()
    quotes_s = float("inf")
    for _ in range(args.repeat):
        docs = presslens_docs()
        started = time.perf_counter()
        for doc in docs:
            quotes(doc)
        quotes_s = min(quotes_s, time.perf_counter() - started)

    def textacy_quotes(sp) -> list | None:
        # textacy refuses a document with an odd number of quote marks: it finds nothing there
        try:
            return list(textacy.extract.triples.direct_quotations(sp))
        except ValueError:
            return None

    textacy_s = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        triples = [textacy_quotes(sp) for sp in parsed]
        textacy_s = min(textacy_s, time.perf_counter() - started)
    refused = sum(found is None for found in triples)
    triples = [found or [] for found in triples]

    ours, theirs = Score(), Score()
    for article, doc, found in zip(articles, docs, triples, strict=True):
        ours.add(article.attributions, predictions_of(doc))
        theirs.add(article.attributions, [
            Prediction([(t.content.start_char, t.content.end_char)],
                       [(tok.idx, tok.idx + len(tok)) for tok in t.speaker], "direct") for t in found])

    report = {
        "split": str(args.split), "articles": len(articles), "words": words,
        "parse_s": round(parse_s, 3),
        "presslens": {**ours.report(), "extract_s": round(quotes_s, 3),
                      "adds_to_parse": round(quotes_s / parse_s, 4),
                      "articles_per_s_with_parse": round(len(articles) / (parse_s + quotes_s), 2)},
        "textacy": {**theirs.report(), "extract_s": round(textacy_s, 3),
                    "adds_to_parse": round(textacy_s / parse_s, 4),
                    "articles_per_s_with_parse": round(len(articles) / (parse_s + textacy_s), 2),
                    "articles_refused": refused},
    }
    if args.format == "json":
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['articles']} articles, {words} words, bare parse {parse_s:.2f} s "
          f"({words / parse_s:.0f} words/s)")
    print(f"{'':<26}{'presslens':>12}{'textacy':>12}")
    for key in ("recall", "precision", "f1", "direct_recall", "speaker_accuracy", "extract_s", "adds_to_parse",
                "articles_per_s_with_parse"):
        print(f"{key:<26}{report['presslens'][key]:>12}{report['textacy'][key]:>12}")
    print(f"textacy refused {refused} articles with an odd number of quote marks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
