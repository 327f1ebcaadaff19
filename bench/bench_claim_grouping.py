"""How well the claims ledger groups claims, measured on blind judgments of real claim pairs.

    .venv/bin/python bench/bench_claim_grouping.py [--judged devsets/claim-pairs/judged-a1.tsv]
        [--db /tmp/claim-pairs/corpus.db] [--sweep] [--check]

Reads ``devsets/claim-pairs`` (pairs of claims from different real articles, the key the sampler
wrote, and an annotator's blind judgments: ``same`` when one claim would confirm or refute the
other). Prints:

- the ledger as sampled (the key's ``grouped``): per stratum, the precision of grouped pairs (share
  judged same) and the recall of pairs judged same (share grouped); for the grouped stratum also
  the precision weighted by pairs (each drawn pair standing for the cross-article pairs of its
  group that were not drawn; groups are rebuilt from the claims the drawn pairs share) and by
  strata (each drawn pair standing for its stratum's population, ``sampling.json``);
- precision and recall of "cosine >= t" over the sample, for a range of t;
- with ``--db`` (the store the pairs were drawn from): the store's claims grouped again by
  ``presslens.store.claims.ClaimIndex`` as it stands, as it was (single link, no evidence) and
  with the claimant rule (claims of two known claimants set apart unless near-identical), with the
  time each took, on the development half of the pairs (a fixed split by pair id); ``--sweep``
  tries other thresholds there, ``--check`` reports the other half too (once the choices are made).
"""
from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from presslens.store.claims import MEMBER_THRESHOLD, SAME_CLAIM_THRESHOLD, ClaimIndex

DEVSET = Path(__file__).resolve().parents[1] / "devsets" / "claim-pairs"
SPLIT_SEED = 22
BATCH = 256  # claims grouped at a time, as the store's grouping pass does (GROUPING_BATCH)
CURVE = np.arange(0.70, 0.976, 0.025)
SAMPLED_THRESHOLD = 0.825  # the ledger's threshold when the pairs were drawn (sampling.json)


@dataclass(frozen=True)
class JudgedPair:
    pair: str
    claims: tuple[tuple[str, int, int], tuple[str, int, int]]  # (document id, start, end) of each claim
    cosine: float
    grouped: bool
    stratum: str
    group_pairs: int
    same: bool


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source, delimiter="\t"))


def load_pairs(judged: Path) -> list[JudgedPair]:
    key = {row["pair"]: row for row in read_tsv(DEVSET / "system.tsv")}
    judgments = {row["pair"]: row["judgment"] for row in read_tsv(judged)}
    pairs = []
    for row in read_tsv(DEVSET / "pairs.tsv"):
        claims = tuple((Path(row[f"file_{s}"]).stem, int(row[f"claim_{s}_start"]), int(row[f"claim_{s}_end"]))
                       for s in "ab")
        k = key[row["pair"]]
        pairs.append(JudgedPair(row["pair"], claims, float(k["cosine"]), k["grouped"] == "1", k["stratum"],
                                int(k["group_pairs"]), judgments[row["pair"]] == "same"))
    return pairs


def split(pairs: list[JudgedPair]) -> tuple[list[JudgedPair], list[JudgedPair]]:
    """The development half and the check half: a fixed draw of half the pair ids."""
    ids = sorted(p.pair for p in pairs)
    development = set(random.Random(SPLIT_SEED).sample(ids, len(ids) // 2))
    return [p for p in pairs if p.pair in development], [p for p in pairs if p.pair not in development]


# --- figures ---------------------------------------------------------------------------------
def precision_recall(grouped: list[bool], same: list[bool], weights: list[float] | None = None) -> tuple:
    w = np.ones(len(same)) if weights is None else np.asarray(weights, dtype=float)
    g, s = np.asarray(grouped, dtype=bool), np.asarray(same, dtype=bool)
    tp, predicted, relevant = w[g & s].sum(), w[g].sum(), w[s].sum()
    return (tp / predicted if predicted else float("nan"), tp / relevant if relevant else float("nan"),
            int((g & s).sum()), int(g.sum()), int(s.sum()))


def line(label: str, figures: tuple) -> str:
    p, r, tp, predicted, relevant = figures
    return f"  {label:<26} precision {p:.3f} ({tp}/{predicted})  recall {r:.3f} ({tp}/{relevant})"


def stratum_weights(pairs: list[JudgedPair], sampling: dict) -> list[float]:
    """Each pair standing for its stratum's population (the random stratum, which overlaps the
    others, weighs 0)."""
    drawn = sampling["drawn"]
    weight = {s: sampling["populations"][s]["pairs"] / drawn[s] for s in ("grouped", "under")}
    return [weight.get(p.stratum, 0.0) for p in pairs]


def group_weights(pairs: list[JudgedPair]) -> list[float]:
    """Each drawn pair of the grouped stratum standing for its group's undrawn pairs too: groups
    rebuilt as the claims linked by drawn pairs (pairs of one group share claims)."""
    parent: dict = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for p in pairs:
        parent[root(p.claims[0])] = root(p.claims[1])
    drawn: dict = {}
    for p in pairs:
        drawn[root(p.claims[0])] = drawn.get(root(p.claims[0]), 0) + 1
    return [max(1.0, p.group_pairs / drawn[root(p.claims[0])]) for p in pairs]


def report_as_sampled(pairs: list[JudgedPair], sampling: dict) -> None:
    print(f"The ledger as sampled (threshold {sampling['threshold']}, single link), {len(pairs)} pairs:")
    for stratum in ("grouped", "under", "random"):
        inside = [p for p in pairs if p.stratum == stratum]
        figures = precision_recall([p.grouped for p in inside], [p.same for p in inside])
        print(line(f"{stratum} ({len(inside)})", figures))
    print(line("all", precision_recall([p.grouped for p in pairs], [p.same for p in pairs])))
    grouped = [p for p in pairs if p.stratum == "grouped"]
    weighted = precision_recall([True] * len(grouped), [p.same for p in grouped], group_weights(grouped))
    print(f"  grouped, weighted by group_pairs: precision {weighted[0]:.3f}")
    weighted = precision_recall([p.grouped for p in pairs], [p.same for p in pairs], stratum_weights(pairs, sampling))
    print(f"  grouped+under, weighted by stratum population: precision {weighted[0]:.3f} recall {weighted[1]:.3f}")


def report_curve(pairs: list[JudgedPair], label: str) -> None:
    print(f"\nCosine alone, {label} ({len(pairs)} pairs, {sum(p.same for p in pairs)} same):")
    print("  threshold  precision  recall")
    for t in CURVE:
        p, r, tp, predicted, _ = precision_recall([q.cosine >= t for q in pairs], [q.same for q in pairs])
        print(f"  {t:9.3f}  {p:9.3f}  {r:6.3f}  ({tp}/{predicted})")


# --- grouping the store's claims again -------------------------------------------------------
@dataclass(frozen=True)
class StoredClaims:
    keys: list[tuple[str, int, int]]
    texts: list[str]
    claimants: list[int | None]  # actor ids
    vectors: np.ndarray


def stored_claims(db: Path) -> StoredClaims:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = connection.execute('SELECT a.doc_id, c.start, c."end", c.text, c.embedding, c.claimant FROM claims c '
                              "JOIN articles a ON a.id = c.article_id WHERE c.embedding IS NOT NULL "
                              "ORDER BY c.id").fetchall()
    connection.close()
    return StoredClaims([(d, s, e) for d, s, e, *_ in rows], [r[3] for r in rows], [r[5] for r in rows],
                        np.vstack([np.frombuffer(r[4], dtype=np.float32) for r in rows]))


def regroup(claims: StoredClaims, index: ClaimIndex, batched: bool = True) -> tuple[list[int], float]:
    """Each stored claim's group, grouped in the store's order by ``index``; and the seconds it took.
    ``batched``: a batch at a time (``assign``); else one claim at a time, as the store's loop does."""
    started, groups = time.perf_counter(), []
    for first in range(0, len(claims.texts), BATCH):
        batch = slice(first, first + BATCH)
        vectors, texts, claimants = claims.vectors[batch], claims.texts[batch], claims.claimants[batch]
        if batched:
            groups += index.assign(vectors, texts, len(groups) + 1, claimants=claimants)
            continue
        for vector, text, claimant in zip(vectors, texts, claimants, strict=True):
            group = index.match(vector, text, claimant)
            groups.append(len(groups) + 1 if group is None else group)
            index.extend(vector[None, :], [groups[-1]], 0, [text], [claimant])
    return groups, time.perf_counter() - started


def grouped_flags(pairs: list[JudgedPair], claims: StoredClaims, groups: list[int]) -> list[bool]:
    group_of = dict(zip(claims.keys, groups, strict=True))
    return [group_of[p.claims[0]] == group_of[p.claims[1]] for p in pairs]


def report_regrouped(halves: dict[str, list[JudgedPair]], claims: StoredClaims, configurations: dict,
                     sampling: dict) -> None:
    for name, index in configurations.items():
        groups, seconds = regroup(claims, index)
        print(f"\n{name}: {len(claims.texts)} claims in {len(set(groups))} groups, {seconds:.1f} s")
        for half, pairs in halves.items():
            flags = grouped_flags(pairs, claims, groups)
            print(line(half, precision_recall(flags, [p.same for p in pairs])))
            weighted = precision_recall(flags, [p.same for p in pairs], stratum_weights(pairs, sampling))
            print(f"  {'':<26} weighted by stratum population: precision {weighted[0]:.3f} recall {weighted[1]:.3f}")


def configurations(sweep: bool) -> dict[str, ClaimIndex]:
    chosen = {f"before: single link, cosine {SAMPLED_THRESHOLD}, no evidence":
              ClaimIndex(SAMPLED_THRESHOLD, member_threshold=None, use_evidence=False),
              f"as shipped: cosine {SAME_CLAIM_THRESHOLD}, every member {MEMBER_THRESHOLD}, evidence": ClaimIndex(),
              # the claimant rule as chosen on the development half (not adopted: see the module's doc)
              f"cosine 0.825, every member {MEMBER_THRESHOLD}, evidence, another claimant 0.95":
              ClaimIndex(0.825, claimant_threshold=0.95)}
    if not sweep:
        return chosen
    for threshold in (0.80, 0.825, 0.85, 0.875):
        for member in (None, 0.80, 0.825):
            for claimant in (None, 0.90, 0.925, 0.95, 0.975, 1.01):
                chosen[f"cosine {threshold}, members {member}, another claimant {claimant}"] = ClaimIndex(
                    threshold, member_threshold=member, claimant_threshold=claimant)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--judged", type=Path, default=DEVSET / "judged-a1.tsv")
    parser.add_argument("--db", type=Path, default=Path("/tmp/claim-pairs/corpus.db"),
                        help="the store the pairs were drawn from (skipped when absent)")
    parser.add_argument("--sweep", action="store_true", help="try other thresholds on the development half")
    parser.add_argument("--check", action="store_true", help="report the check half too")
    args = parser.parse_args()
    import json

    sampling = json.loads((DEVSET / "sampling.json").read_text(encoding="utf-8"))
    pairs = load_pairs(args.judged)
    development, check = split(pairs)
    report_as_sampled(pairs, sampling)
    report_curve(pairs, "all pairs")
    report_curve(development, "development half")
    if not args.db.exists():
        print(f"\n{args.db} is absent: the store's claims are not grouped again")
        return
    halves = {"development": development} | ({"check": check, "all": pairs} if args.check else {})
    report_regrouped(halves, stored_claims(args.db), configurations(args.sweep), sampling)


if __name__ == "__main__":
    main()
