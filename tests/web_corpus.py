"""A corpus at an analyst's scale for the browser tests: a few real articles analysed once, then
re-stored under new ids, titles, sources and dates until the store holds thousands of articles.

Real articles come from PolNeAR (../shared, read in place) when it is there, else from the
shipped examples. Each copy keeps its analysis and gets a line appended to its text (so its
content hash, and its place in the store, is its own) and a date spread over two years, so that
every date-based view (timeline, graph window, claims seen) has something to show. Unnamed groups
without a country become new actors in every copy, as they do for real articles, so the actor
list and the graph grow with the corpus as they would. Only the first copies keep their claims:
grouping claims costs about 40 ms a claim on this machine, and a ledger of a thousand groups
pages as well as one of twenty thousand.
"""
from __future__ import annotations

import copy
import datetime
import itertools
from pathlib import Path

from presslens.ingest import read_inputs
from presslens.options import AnalyzeOptions
from presslens.runner import analyze_many
from presslens.store import Store, open_store
from tests.conftest import EXAMPLES

POLNEAR_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "train" / "text"
SOURCES = ("Northern Courier", "Brindel Daily", "Harbour Gazette", "Eastport Herald", "Kelvra Times")
FIRST_DAY = datetime.date(2022, 1, 3)
DAYS_SPANNED = 730
COPIES_WITH_CLAIMS = 150


def real_inputs(count: int) -> list[str]:
    """Paths of the real articles to analyse: ``count`` PolNeAR texts taken evenly across the
    outlets and years, else the examples."""
    if POLNEAR_TEXTS.is_dir():
        texts = sorted(POLNEAR_TEXTS.glob("*.txt"))
        step = max(1, len(texts) // count)
        return [str(p) for p in texts[::step][:count]]
    return [str(EXAMPLES)]


def analyse_real_articles(count: int) -> list[dict]:
    options = AnalyzeOptions(jobs=1)
    records = analyze_many(read_inputs(real_inputs(count), options), options)
    return [r for r in records if "error" not in r]


def headline(record: dict) -> str:
    title = (record["document"].get("title") or "").strip()
    if title and title != record["document"].get("id"):
        return title
    first_line = record["text"].strip().splitlines()[0].strip() if record["text"].strip() else ""
    return first_line[:90] or record["document"].get("id") or "untitled"


def restored_copy(record: dict, number: int) -> dict:
    """The analysis as if of another article: its own id, title, source, date and content hash.
    Annotation offsets stay valid: the text only grows at its end."""
    copied = copy.deepcopy(record)
    day = FIRST_DAY + datetime.timedelta(days=(number * 37) % DAYS_SPANNED)
    source = SOURCES[number % len(SOURCES)]
    copied["text"] = record["text"].rstrip("\n") + f"\n\n({source}, edition {number}, {day.isoformat()})"
    copied["document"].update({"id": f"copy-{number}", "title": f"{headline(record)} ({number})",
                               "source": source, "published": day.isoformat()})
    if number >= COPIES_WITH_CLAIMS:
        copied["claims"] = []
    for part in ("quotes", "relations"):
        for item in copied.get(part) or []:
            if item.get("date"):
                item["date"] = day.isoformat()
    return copied


def build_store(location: str, articles: int, originals: list[dict], claim_encoder) -> Store:
    """A store at ``location`` (a SQLite file or a PostgreSQL database) holding ``articles``
    copies of the analysed ``originals``, its claims grouped."""
    store = open_store(location, claim_encoder=claim_encoder)
    for number, record in zip(range(articles), itertools.cycle(originals)):
        store.add(restored_copy(record, number))
    store.group_claims()
    return store
