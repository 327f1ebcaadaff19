"""Pairs of claims from real articles, for judging blind whether the claims ledger groups right.

    .venv/bin/python bench/sample_claim_pairs.py sample [--db FILE] [--jobs 2] [--minutes 20] [--seed 22]
    .venv/bin/python bench/sample_claim_pairs.py render [devsets/claim-pairs/pairs.tsv]

``sample`` ingests the SemEval-2023 English training articles and the PolNeAR training articles
(read in place from ../shared/data) into a store (a temporary one unless ``--db`` names a file to
keep: a re-run then ingests only what is missing), groups the claims as the ledger does, and draws
pairs of claims from different articles in three strata:

- ``grouped``: pairs the ledger put in one group, a random group at a time, so that a few large
  groups do not fill the sample (the key keeps each group's pair count, for pair-weighted figures);
- ``under``: pairs with a cosine just under the store's threshold (0.70 up to it);
- ``random``: pairs drawn at random among all pairs with a cosine of at least 0.5.

Pairs with the same text on both sides (a sentence copied from article to article) are left out,
and so is a pair of texts already drawn. ``pairs.tsv`` holds what the annotator may see: the two
claims and the offsets of each claim and of its sentence in its article (the article's text stays
in ../shared); ``system.tsv`` holds the key (cosine, grouped, stratum) and ``sampling.json`` the
size of each stratum's population. ``render`` prints the pairs as text for the annotator.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
CORPORA = ("semeval2023-task3-en/train-articles-subtask-3", "polnear/train/text")
OUT = ROOT / "devsets" / "claim-pairs"
PAIR_COLUMNS = ("pair", "claim_a", "claim_b",
                "file_a", "claim_a_start", "claim_a_end", "sentence_a_start", "sentence_a_end",
                "file_b", "claim_b_start", "claim_b_end", "sentence_b_start", "sentence_b_end")
KEY_COLUMNS = ("pair", "cosine", "grouped", "stratum", "group_pairs")
UNDER_BAND = (0.70, None)  # up to the store's threshold, read at run time
RANDOM_FLOOR = 0.5
GROUPED_PAIRS = 150
RANDOM_PAIRS = 50
SIMILARITY_BLOCK = 1024  # rows of the cosine matrix computed at once (memory ~ block x claims)
JUDGING_RULE = ("same: the two claims state the same proposition (one would confirm or refute the other), "
                "not merely the same topic; different: anything else.")


@dataclass(frozen=True)
class Claim:
    file: str  # under ../shared/data
    start: int
    end: int
    text: str
    group: int
    article: int


@dataclass(frozen=True)
class Pair:
    a: int  # indices into the claim list
    b: int
    cosine: float
    grouped: bool
    stratum: str
    group_pairs: int  # cross-article pairs in the pair's group (0 outside the grouped stratum)


# --- the corpus ------------------------------------------------------------------------------
def ingest(db: Path, jobs: int, minutes: float, seed: int) -> None:
    """Run ``presslens ingest`` on the corpora, stopped after ``minutes``: what it stored by then
    stays stored (each article is committed on its own). Each corpus's articles go in a random
    order, so that a run cut short still holds every PolNeAR outlet, which report the same events."""
    rng = random.Random(seed)
    paths: list[Path] = []
    for corpus in CORPORA:
        files = sorted((SHARED_DATA / corpus).glob("*.txt"))
        paths += rng.sample(files, len(files))
    command = [str(ROOT / ".venv" / "bin" / "presslens"), "ingest", *map(str, paths),
               "--db", str(db), "--jobs", str(jobs), "--quiet"]
    process = subprocess.Popen(command, start_new_session=True)  # its workers share its process group
    try:
        process.wait(timeout=minutes * 60)
    except subprocess.TimeoutExpired:
        print(f"ingest stopped after {minutes} minutes", file=sys.stderr)
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def article_files() -> dict[str, str]:
    """Each corpus article's document id (its stem) and its path under ../shared/data."""
    files = {}
    for corpus in CORPORA:
        for path in sorted((SHARED_DATA / corpus).glob("*.txt")):
            files[path.stem] = str(path.relative_to(SHARED_DATA))
    return files


def ledger_claims(db: Path) -> tuple[list[Claim], np.ndarray]:
    """The store's claims, grouped as the ledger groups them, with their unit embeddings; only
    claims whose stored article is its file's text, so that offsets resolve against ../shared."""
    from presslens.store.sqlite import SQLiteStore

    store = SQLiteStore(db)
    started = time.perf_counter()
    grouped = store.group_claims()
    store.close()
    print(f"grouped {grouped} claims in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    files = article_files()
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    rows = connection.execute(
        'SELECT c.start, c."end", c.text, c.group_id, c.embedding, a.id AS article, a.doc_id, a.text AS article_text '
        "FROM claims c JOIN articles a ON a.id = c.article_id ORDER BY c.id").fetchall()
    claims, vectors, texts_checked = [], [], {}
    for row in rows:
        file = files.get(row["doc_id"])
        if file is None:
            continue
        if file not in texts_checked:
            texts_checked[file] = read_article(file) == row["article_text"]
        if not texts_checked[file] or row["article_text"][row["start"]:row["end"]] != row["text"]:
            continue
        claims.append(Claim(file, row["start"], row["end"], row["text"], row["group_id"], row["article"]))
        vectors.append(np.frombuffer(row["embedding"], dtype=np.float32))
    connection.close()
    print(f"{len(claims)} of {len(rows)} stored claims resolve in ../shared", file=sys.stderr)
    return claims, np.vstack(vectors)


def stored_articles(db: Path) -> dict[str, int]:
    """How many articles of each corpus the store holds."""
    files = article_files()
    connection = sqlite3.connect(db)
    counts = dict.fromkeys(CORPORA, 0)
    for (doc_id,) in connection.execute("SELECT doc_id FROM articles"):
        if doc_id in files:
            counts[str(Path(files[doc_id]).parent)] += 1
    connection.close()
    return counts


def read_article(file: str) -> str:
    """An article's text as presslens reads it (UTF-8, a byte-order mark dropped, line ends kept)."""
    return (SHARED_DATA / file).read_bytes().decode("utf-8-sig")


def same_text(a: Claim, b: Claim) -> bool:
    return " ".join(a.text.casefold().split()) == " ".join(b.text.casefold().split())


# --- the pairs -------------------------------------------------------------------------------
def similar_pairs(claims: list[Claim], vectors: np.ndarray, floor: float) -> list[tuple[int, int, float]]:
    """Every pair of claims from different articles with a cosine of at least ``floor``."""
    articles = np.array([c.article for c in claims])
    found = []
    for first in range(0, len(claims), SIMILARITY_BLOCK):
        block = vectors[first:first + SIMILARITY_BLOCK] @ vectors.T
        rows, cols = np.nonzero(block >= floor)
        rows = rows + first
        keep = (cols > rows) & (articles[rows] != articles[cols])
        found.extend(zip(rows[keep].tolist(), cols[keep].tolist(), block[rows[keep] - first, cols[keep]].tolist(),
                         strict=True))
    return [(a, b, s) for a, b, s in found if not same_text(claims[a], claims[b])]


def grouped_pairs(claims: list[Claim]) -> dict[int, list[tuple[int, int]]]:
    """Each group's pairs of claims from different articles, texts not the same."""
    members: dict[int, list[int]] = {}
    for index, claim in enumerate(claims):
        members.setdefault(claim.group, []).append(index)
    pairs = {}
    for group, indices in members.items():
        inside = [(a, b) for n, a in enumerate(indices) for b in indices[n + 1:]
                  if claims[a].article != claims[b].article and not same_text(claims[a], claims[b])]
        if inside:
            pairs[group] = inside
    return pairs


class Sample:
    """Pairs drawn so far, none whose two texts were drawn before."""

    def __init__(self, claims: list[Claim], vectors: np.ndarray):
        self.claims, self.vectors = claims, vectors
        self.pairs: list[Pair] = []
        self._texts: set[frozenset[str]] = set()

    def add(self, a: int, b: int, stratum: str, group_pairs: int = 0) -> bool:
        texts = frozenset(" ".join(self.claims[i].text.casefold().split()) for i in (a, b))
        if texts in self._texts:
            return False
        self._texts.add(texts)
        cosine = float(self.vectors[a] @ self.vectors[b])
        self.pairs.append(Pair(a, b, cosine, self.claims[a].group == self.claims[b].group, stratum, group_pairs))
        return True

    def count(self, stratum: str) -> int:
        return sum(p.stratum == stratum for p in self.pairs)


def draw_grouped(sample: Sample, groups: dict[int, list[tuple[int, int]]], wanted: int, rng: random.Random) -> None:
    """One pair of each group in a random order of groups, then a second of each, and so on."""
    queues = {group: rng.sample(pairs, len(pairs)) for group, pairs in groups.items()}
    order = rng.sample(sorted(queues), len(queues))
    while sample.count("grouped") < wanted and any(queues.values()):
        for group in order:
            if sample.count("grouped") >= wanted:
                return
            while queues[group] and not sample.add(*queues[group].pop(), "grouped", len(groups[group])):
                pass


def draw_among(sample: Sample, candidates: list[tuple[int, int, float]], stratum: str, wanted: int,
               rng: random.Random) -> None:
    for a, b, _ in rng.sample(candidates, len(candidates)):
        if sample.count(stratum) >= wanted:
            return
        sample.add(a, b, stratum)


def draw(claims: list[Claim], vectors: np.ndarray, threshold: float, seed: int) -> tuple[Sample, dict]:
    rng = random.Random(seed)
    groups = grouped_pairs(claims)
    similar = similar_pairs(claims, vectors, RANDOM_FLOOR)
    under = [p for p in similar if UNDER_BAND[0] <= p[2] < threshold]
    sample = Sample(claims, vectors)
    draw_grouped(sample, groups, GROUPED_PAIRS, rng)
    draw_among(sample, under, "under", sample.count("grouped"), rng)
    draw_among(sample, similar, "random", RANDOM_PAIRS, rng)
    populations = {"grouped": {"pairs": sum(map(len, groups.values())), "groups": len(groups)},
                   "under": {"pairs": len(under), "cosine": [UNDER_BAND[0], threshold]},
                   "random": {"pairs": len(similar), "cosine_at_least": RANDOM_FLOOR}}
    return sample, populations


# --- sentences and files ---------------------------------------------------------------------
def sentence_span(nlp, text: str, start: int, end: int) -> tuple[int, int]:
    """The sentences (spaCy's, within the claim's paragraph) that the claim ``start:end`` overlaps."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    doc = nlp(text[paragraph_start:paragraph_end])
    spans = [(paragraph_start + s.start_char, paragraph_start + s.end_char) for s in doc.sents
             if paragraph_start + s.start_char < end and paragraph_start + s.end_char > start]
    return min(s for s, _ in spans), max(e for _, e in spans)


def pair_rows(sample: Sample, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """The shuffled pairs as rows of pairs.tsv and of the key, each pair's sides in a random order."""
    from presslens.nlp import load_model

    nlp = load_model()
    articles: dict[str, str] = {}
    rows, key = [], []
    for number, pair in enumerate(rng.sample(sample.pairs, len(sample.pairs)), start=1):
        pair_id = f"p{number:03d}"
        row = {"pair": pair_id}
        sides = (pair.a, pair.b) if rng.random() < 0.5 else (pair.b, pair.a)
        for side, index in zip("ab", sides, strict=True):
            claim = sample.claims[index]
            text = articles.setdefault(claim.file, read_article(claim.file))
            sentence = sentence_span(nlp, text, claim.start, claim.end)
            row.update({f"claim_{side}": " ".join(claim.text.split()), f"file_{side}": claim.file,
                        f"claim_{side}_start": claim.start, f"claim_{side}_end": claim.end,
                        f"sentence_{side}_start": sentence[0], f"sentence_{side}_end": sentence[1]})
        rows.append(row)
        key.append({"pair": pair_id, "cosine": f"{pair.cosine:.4f}", "grouped": int(pair.grouped),
                    "stratum": pair.stratum, "group_pairs": pair.group_pairs})
    return rows, key


def write_tsv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source, delimiter="\t"))


# --- commands --------------------------------------------------------------------------------
def sample_command(args: argparse.Namespace) -> None:
    from presslens.store.claims import SAME_CLAIM_THRESHOLD

    with tempfile.TemporaryDirectory() as scratch:
        db = Path(args.db) if args.db else Path(scratch) / "corpus.db"
        if args.minutes > 0:
            ingest(db, args.jobs, args.minutes, args.seed)
        claims, vectors = ledger_claims(db)
        stored = stored_articles(db)
    sample, populations = draw(claims, vectors, SAME_CLAIM_THRESHOLD, args.seed)
    rows, key = pair_rows(sample, random.Random(args.seed + 1))
    args.out.mkdir(parents=True, exist_ok=True)
    write_tsv(args.out / "pairs.tsv", PAIR_COLUMNS, rows)
    write_tsv(args.out / "system.tsv", KEY_COLUMNS, key)
    sampling = {"articles": stored, "articles_with_claims": len({c.article for c in claims}), "claims": len(claims),
                "groups": len({c.group for c in claims}), "threshold": SAME_CLAIM_THRESHOLD, "seed": args.seed,
                "populations": populations,
                "drawn": {s: sample.count(s) for s in populations}}
    (args.out / "sampling.json").write_text(json.dumps(sampling, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(sampling, indent=1))


def render_command(args: argparse.Namespace) -> None:
    """Each pair's two claims and their sentences, read from ../shared, and nothing else."""
    articles: dict[str, str] = {}
    print(f"Judge each pair {JUDGING_RULE}\n")
    for row in read_tsv(args.pairs):
        print(row["pair"])
        for side in "ab":
            text = articles.setdefault(row[f"file_{side}"], read_article(row[f"file_{side}"]))
            sentence = text[int(row[f"sentence_{side}_start"]):int(row[f"sentence_{side}_end"])]
            print(f"  {side.upper()}: {row[f'claim_{side}']}")
            print(f"     in: {' '.join(sentence.split())}")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="ingest the corpora and draw the pairs")
    sample.add_argument("--db", help="store to ingest into and keep (default: a temporary one)")
    sample.add_argument("--jobs", type=int, default=2)
    sample.add_argument("--minutes", type=float, default=20.0,
                        help="ingest stops after this long (0: no ingest, the --db store as it is)")
    sample.add_argument("--seed", type=int, default=22)
    sample.add_argument("--out", type=Path, default=OUT)
    sample.set_defaults(run=sample_command)
    render = commands.add_parser("render", help="print the pairs as text for the annotator")
    render.add_argument("pairs", type=Path, nargs="?", default=OUT / "pairs.tsv")
    render.set_defaults(run=render_command)
    args = parser.parse_args()
    if not SHARED_DATA.is_dir():
        sys.exit(f"{SHARED_DATA} is absent: the pairs are read from its articles")
    args.run(args)


if __name__ == "__main__":
    main()
