"""Count the misses of `presslens evaluate plover` by class, printing counts only.

    python bench/plover_miss_classes.py FILES... [--shared-data ../shared/data]

A miss is a record whose gold type with its source and target was not found. Each miss falls in
the first class that fits, in this order:
  no gold target        the gold names no target (a relation needs two entities)
  source not an entity  no entity of the analysis matches any gold source
  target not an entity  no entity matches any gold target
  nothing produced      no counted relation at all
  type wrong            counted relations, none of the gold type
  actors not paired     the gold type is produced, but not between the gold source and target
The misses whose gold names no target are counted again by the later classes (source, nothing
produced counting events too, type, pairing), and the "nothing produced" ones of both kinds split
by whether the sentence has an event word of the lexicon at all. Then the summary figures of the
evaluator. No sentence, actor text or per-record result is printed:
the check part (records-3) may be measured this way without reading its misses.
"""
from __future__ import annotations

import argparse
from collections import Counter

from presslens.document import Document, Metadata
from presslens.evaluate import plover
from presslens.nlp import PARSE_BATCH_SIZE
from presslens.options import AnalyzeOptions
from presslens.pipeline import Pipeline

CLASSES = ("no gold target", "source not an entity", "target not an entity", "nothing produced",
           "type wrong", "actors not paired")


def analysed_documents(texts: list[str]) -> list[Document]:
    pipeline = Pipeline(plover.relation_stages(AnalyzeOptions(jobs=1)))
    docs = []
    for first in range(0, len(texts), PARSE_BATCH_SIZE):
        batch = [Document(text, Metadata(id=f"sentence-{first + i}"))
                 for i, text in enumerate(texts[first:first + PARSE_BATCH_SIZE])]
        pipeline.pipe(batch)
        docs.extend(batch)
    return docs


def names_an_entity(doc: Document, actor_texts: tuple[str, ...]) -> bool:
    parties = [plover.Party(e.name, tuple(e.aliases), tuple((m.start, m.end) for m in e.mentions))
               for e in doc.entities]
    return any(plover.party_matches(p, text, doc.text) for p in parties for text in actor_texts)


def miss_class(record: plover.GoldRecord, doc: Document, result: dict) -> str:
    if not record.targets:
        return CLASSES[0]
    if record.sources and not names_an_entity(doc, record.sources):
        return CLASSES[1]
    if not names_an_entity(doc, record.targets):
        return CLASSES[2]
    if not result["produced"]:
        return CLASSES[3]
    if not result["type"]:
        return CLASSES[4]
    return CLASSES[5]


def untargeted_class(record: plover.GoldRecord, doc: Document, result: dict) -> str:
    """The class of a miss whose gold names no target, events counted as produced."""
    if record.sources and not names_an_entity(doc, record.sources):
        return CLASSES[1]
    if not (result["produced"] or result["produced_events"]):
        return CLASSES[3]
    if not result["type"]:
        return CLASSES[4]
    return CLASSES[5]


def has_event_word(doc: Document) -> bool:
    from presslens.events import find_events

    return any(find_events(sent) for sent in doc.parse.sents)


def print_counts(title: str, counts: Counter, names=CLASSES) -> None:
    print(f"{title}: {sum(counts.values())}")
    for name in names:
        if name in counts:
            print(f"  {name:<22} {counts[name]:>4}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--shared-data", default=str(plover.DEFAULT_SHARED_DATA))
    args = parser.parse_args()
    records = [r for path in args.files for r in plover.load_records(path, args.shared_data)]
    docs = analysed_documents([r.text for r in records])
    report = plover.summarize(records, [plover.produced_of(d) for d in docs])
    misses = [(rec, doc, res) for rec, doc, res in zip(records, docs, report["details"], strict=True)
              if not res["with_actors"]]
    print(f"{len(records)} records")
    print_counts("missed (type, source and target)", Counter(miss_class(*miss) for miss in misses))
    print_counts("missed with no gold target, by the later classes",
                 Counter(untargeted_class(*miss) for miss in misses if not miss[0].targets))
    nothing = [doc for rec, doc, res in misses if not (res["produced"] or res["produced_events"])]
    words = ("no event word", "an event word, no record made")
    print_counts("missed with nothing produced (relation or event)",
                 Counter(words[has_event_word(doc)] for doc in nothing), words)
    # the class 'nothing produced' (both gold parties are entities, no relation): is the event word
    # missing, is the recipient (an event was made without it), or are both parties
    reached = ("no event word", "an event word, a one-actor event made", "an event word, no record made")
    print_counts("in the class 'nothing produced' (gold source and target are entities, no relation)",
                 Counter(reached[0] if not has_event_word(doc) else reached[1] if res["events"] else reached[2]
                         for rec, doc, res in misses if miss_class(rec, doc, res) == CLASSES[3]), reached)
    report["file"] = ", ".join(args.files)
    lines = plover.format_report(report).splitlines()
    print("\n".join(lines[:7] + [line for line in lines if "gold names" in line]))


if __name__ == "__main__":
    main()
