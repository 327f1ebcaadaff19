"""Golden outputs: what the analyses of real articles hash to, part by part, so that a change
meant to keep the output (a refactoring, a speed-up) can be shown to keep it.

The articles are read in place from ../shared and never copied: the repository keeps only hashes
(``tests/fixtures/golden-hashes.json``), one per part of each analysis (entities, quotes, relations,
...), so a failing check names the article and the parts that changed. To see how they changed,
analyse the article with the commit that recorded the hashes and with yours, and diff.

Record anew only when a change of output is meant, and say so in the commit:

    .venv/bin/python -m tests.golden_outputs --record
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from presslens.ingest import document_from_text
from presslens.options import AnalyzeOptions
from presslens.runner import analyze_many

SHARED = Path(__file__).resolve().parents[2] / "shared"
HASHES = Path(__file__).resolve().parent / "fixtures" / "golden-hashes.json"
REFERENCE = SHARED / "corpus" / "kremlin-hamas" / "article.txt"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev" / "text"
SEMEVAL_TRAIN = SHARED / "data" / "semeval2023-task3-en" / "train-articles-subtask-3"
SEMEVAL_ARTICLES = 30
# SemEval articles carry no date: relative dates resolve against this one.
SEMEVAL_PUBLISHED = "2022-06-01"


def sources() -> list[Path]:
    return [REFERENCE, POLNEAR_DEV, SEMEVAL_TRAIN]


def articles() -> Iterator[tuple[str, str, str]]:
    """(key, text, publication date) of every golden article, in a fixed order."""
    yield "reference", REFERENCE.read_text(encoding="utf-8"), "2023-10-10"
    for path in sorted(POLNEAR_DEV.glob("*.txt")):  # named outlet_YYYY-MM-DD_slug
        date = re.search(r"\d{4}-\d{2}-\d{2}", path.name)
        yield f"polnear/{path.stem}", path.read_text(encoding="utf-8"), date.group() if date else SEMEVAL_PUBLISHED
    for path in sorted(SEMEVAL_TRAIN.glob("*.txt"))[:SEMEVAL_ARTICLES]:
        yield f"semeval/{path.stem}", path.read_text(encoding="utf-8"), SEMEVAL_PUBLISHED


def part_hashes(record: dict) -> dict[str, str]:
    """Each top-level part of an analysis record, hashed on its canonical JSON."""
    return {part: hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
            for part, value in sorted(record.items())}


def current_hashes(jobs: int = 2) -> dict[str, dict[str, str]]:
    options = AnalyzeOptions(jobs=jobs)
    keys, items = [], []
    for key, text, published in articles():
        keys.append(key)
        items.append(document_from_text(text, options, id=key, published=published))
    return {key: part_hashes(record) for key, record in zip(keys, analyze_many(items, options), strict=True)}


def differences(recorded: dict[str, dict[str, str]], current: dict[str, dict[str, str]]) -> list[str]:
    """One line per article whose analysis differs from the recorded one, naming the parts."""
    lines = []
    for key in sorted(set(recorded) | set(current)):
        old, new = recorded.get(key), current.get(key)
        if old is None or new is None:
            lines.append(f"{key}: {'not recorded' if old is None else 'not analysed'}")
        elif old != new:
            parts = sorted(p for p in set(old) | set(new) if old.get(p) != new.get(p))
            lines.append(f"{key}: {', '.join(parts)}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--record", action="store_true", help="write the current hashes as the golden ones")
    args = parser.parse_args()
    current = current_hashes()
    if args.record:
        HASHES.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {len(current)} articles in {HASHES}")
        return
    changed = differences(json.loads(HASHES.read_text(encoding="utf-8")), current)
    print("\n".join(changed) or f"all {len(current)} analyses as recorded")


if __name__ == "__main__":
    main()
