"""Grouping claims that recur across articles and claimants.

Two claims are the same claim when their sentence embeddings (all-MiniLM-L6-v2, unit vectors)
have a cosine similarity of at least ``SAME_CLAIM_THRESHOLD``. A new claim joins the group of its
most similar grouped claim above the threshold, or starts a group of its own. Stores group claims
when they are first read, not while ingesting: ingest need not load the embedding model.

The threshold was chosen on ``bench/claim_pairs.tsv``, claim pairs written and labelled for the
project (paraphrases vs. related but different claims); ``bench/bench_claim_threshold.py``
measures it, and docs/benchmarks.md records its precision and recall.
"""
from __future__ import annotations

import numpy as np

from presslens.embeddings import DIMENSIONS

SAME_CLAIM_THRESHOLD = 0.825


def encode_claims(texts: list[str]) -> np.ndarray:
    from presslens.embeddings import encode

    return encode([" ".join(t.split()) for t in texts])


class ClaimIndex:
    """Embeddings of stored claims with their group ids, grown as claims are added."""

    def __init__(self, threshold: float = SAME_CLAIM_THRESHOLD):
        self.threshold = threshold
        self._vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._groups: list[int] = []
        self.last_claim_id = 0  # the highest stored claim id this index has seen

    def extend(self, vectors: np.ndarray, groups: list[int], last_claim_id: int) -> None:
        if len(groups):
            self._vectors = np.vstack([self._vectors, vectors.astype(np.float32)])
            self._groups.extend(groups)
        self.last_claim_id = max(self.last_claim_id, last_claim_id)

    def match(self, vector: np.ndarray) -> int | None:
        """The group of the most similar known claim, if it is similar enough."""
        if not self._groups:
            return None
        similarities = self._vectors @ vector
        best = int(np.argmax(similarities))
        return self._groups[best] if similarities[best] >= self.threshold else None
