"""Entities on real news: do PolNeAR quote sources that name a person land in a PERSON mention?

PolNeAR (../shared/data/polnear, BRAT stand-off) marks the Source of every attribution. Which
sources *name a person* is decided without our model, from the text alone:
- a run of capitalised words inside the source span is a person's name when it follows an honorific
  or title abbreviation (Mr., Sen., Gov., Rev., ...), or starts with a known given name
  (presslens/data/names/given_names.json), or ends with a surname that this article also writes
  after a known given name elsewhere ("Trump" after "Donald Trump");
- all-capitals transcript speakers ("WALLACE") are not counted.
A named source is covered when a PERSON entity mention overlaps its name, and linked when that
entity's name or aliases hold the source's surname (the right person, not merely some person). Sources that are just
"he"/"she" are counted apart: covered when coreference put the pronoun into a PERSON entity.
The raw spaCy NER (PERSON entities of the parse) is scored the same way, side by side.

Speed: bare ``nlp.pipe`` over the first ``--speed`` articles vs the whole presslens pipeline over
the same texts, alternated ``--rounds`` times (the machine is noisy; the best round of each counts).

    PYTHONPATH=src python bench/polnear_actors.py --split dev
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT / ".." / "shared" / "data" / "polnear"
HONORIFICS = (r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Rev|Gen|Lt|Col|Sgt|Adm|Prof|Pres|Sec|Supt|Det)\."
              r"|President|Senator|Governor|Judge|Speaker|Secretary|Mayor|Sheriff|Chief")
_WORD = r"[A-Z][^\W\d_]*[a-z][^\W\d_]*(?:[-'’][A-Z][^\W\d_]+)*"  # McCrummen, Peña, Aboul-Gheit
NAME_RUN = re.compile(rf"(?:{_WORD}|[A-Z]\.)(?:\s+(?:{_WORD}|[A-Z]\.))*")


def given_names() -> set[str]:
    from presslens.data import load_json

    data = load_json("names/given_names.json")
    names = {n for g in data["groups"] for n in [g["canonical"], *g["variants"]]}
    return names | {n for names_ in data["english"].values() for n in names_}


def read_sources(ann: Path) -> list[tuple[int, int]]:
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[1].startswith("Source "):
            continue
        for fragment in parts[1][len("Source "):].split(";"):
            start, end = fragment.split()
            spans.append((int(start), int(end)))
    return spans


def named_person_runs(text: str, start: int, end: int, surnames: set[str], given: set[str]) -> list[tuple[int, int]]:
    runs = []
    for m in NAME_RUN.finditer(text, start, end):
        words = m.group(0).split()
        words = [w for w in words if not re.fullmatch(r"[A-Z]\.", w)] or words
        before = text[max(0, m.start() - 12):m.start()]
        honorific = re.search(rf"(?:{HONORIFICS})\s+$", before)
        if words[0] in ("The", "A", "An") or re.fullmatch(rf"(?:{HONORIFICS})", m.group(0)):
            continue
        last = re.sub(r"['’]s?$", "", words[-1])
        if honorific or words[0] in given or last in surnames:
            runs.append((m.start(), m.end()))
    return runs


def article_surnames(text: str, given: set[str]) -> set[str]:
    pattern = re.compile(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
    return {m.group(2) for m in pattern.finditer(text) if m.group(1) in given}


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _right_person(doc, text: str, runs: list[tuple[int, int]]) -> bool:
    """Whether the PERSON entity a source lands in carries the source's surname in its canonical
    name or aliases (not merely some person)."""
    for s, e in runs:
        entity = doc.entity_at(s, e)
        if entity is None or entity.type != "PERSON":
            continue
        surname = re.sub(r"['’]s?$", "", text[s:e].split()[-1]).lower()
        words = {w.lower() for form in (entity.name, *entity.aliases) for w in form.split()}
        if surname in words:
            return True
    return False


def quality(split: str, limit: int | None, options) -> dict:
    from presslens.runner import analyze

    given = given_names()
    texts = sorted((POLNEAR / split / "text").glob("*.txt"))[:limit]
    counts = {"articles": 0, "named": 0, "named_ours": 0, "named_linked": 0, "named_ner": 0, "pronoun": 0,
              "pronoun_ours": 0}
    misses: list[str] = []
    for path in texts:
        # annotation files carry an annotator suffix; where several annotated one article, take the first
        annotations = sorted((POLNEAR / split / "attributions").glob(path.stem + "_*.ann"))
        if not annotations:
            continue
        ann = annotations[0]
        text = path.read_text(encoding="utf-8")
        doc = analyze(text, id=path.stem, options=options)
        ours = [(m.start, m.end) for e in doc.entities if e.type == "PERSON" for m in e.mentions]
        ner = [(e.start_char, e.end_char) for e in doc.parse.ents if e.label_ == "PERSON"]
        surnames = article_surnames(text, given)
        counts["articles"] += 1
        for start, end in read_sources(ann):
            source = text[start:end]
            if source.strip().lower() in ("he", "she"):
                counts["pronoun"] += 1
                counts["pronoun_ours"] += overlaps(ours, start, end)
                continue
            runs = named_person_runs(text, start, end, surnames, given)
            if not runs:
                continue
            counts["named"] += 1
            hit = any(overlaps(ours, s, e) for s, e in runs)
            counts["named_ours"] += hit
            counts["named_linked"] += hit and _right_person(doc, text, runs)
            counts["named_ner"] += any(overlaps(ner, s, e) for s, e in runs)
            if not hit and len(misses) < 40:
                misses.append(source)
    counts["share_ours"] = round(counts["named_ours"] / max(1, counts["named"]), 4)
    counts["share_linked"] = round(counts["named_linked"] / max(1, counts["named"]), 4)
    counts["share_ner"] = round(counts["named_ner"] / max(1, counts["named"]), 4)
    counts["share_pronoun"] = round(counts["pronoun_ours"] / max(1, counts["pronoun"]), 4)
    counts["misses_sample"] = misses
    return counts


def speed(split: str, n: int, rounds: int, options) -> dict:
    from presslens.ingest import document_from_text
    from presslens.nlp import PARSE_BATCH_SIZE, load_model
    from presslens.runner import build_pipeline
    from presslens.stages.actors import Actors

    texts = [p.read_text(encoding="utf-8") for p in sorted((POLNEAR / split / "text").glob("*.txt"))[:n]]
    nlp = load_model(options.model)
    pipeline = build_pipeline(options)
    actors = next(s for s in pipeline.stages if isinstance(s, Actors))
    words = sum(len(t.split()) for t in texts)
    bare, full, stage = [], [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        list(nlp.pipe(texts, batch_size=PARSE_BATCH_SIZE))
        bare.append(time.perf_counter() - t0)
        docs = [document_from_text(t, options, id=str(i)) for i, t in enumerate(texts)]
        t0 = time.perf_counter()
        pipeline.pipe(docs)
        full.append(time.perf_counter() - t0)
        for d in docs:  # the actors stage alone, on the parses just made
            d.entities = []
        t0 = time.perf_counter()
        for d in docs:
            actors(d)
        stage.append(time.perf_counter() - t0)
    return {"articles": len(texts), "words": words, "bare_nlp_pipe_s": round(min(bare), 3),
            "presslens_pipeline_s": round(min(full), 3), "actors_stage_s": round(min(stage), 3),
            "pipeline_over_bare": round(min(full) / min(bare), 3),
            "actors_over_bare": round(min(stage) / min(bare), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None, help="articles for the quality figure (default: all)")
    parser.add_argument("--speed", type=int, default=50, help="articles for the speed figure (0: skip)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    if not (POLNEAR / args.split).is_dir():
        print(f"PolNeAR is not at {POLNEAR}; nothing to measure", file=sys.stderr)
        return 2
    from presslens.options import AnalyzeOptions

    options = AnalyzeOptions(model=args.model, jobs=1)
    report = {"split": args.split, "quality": quality(args.split, args.limit, options)}
    if args.speed:
        report["speed"] = speed(args.split, args.speed, args.rounds, options)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
