"""Grouping claims that recur across articles and claimants.

Two claims are candidates for one group when their sentence embeddings (all-MiniLM-L6-v2, unit
vectors) have a cosine similarity of at least ``SAME_CLAIM_THRESHOLD``. A new claim joins the
group of its most similar candidate only when the evidence does not set them apart:

- the claim is at least as similar to every claim already in that group (``MEMBER_THRESHOLD``),
  so that groups do not chain from one claim to a different one through claims in between;
- both claims say enough to be a proposition (``MIN_CONTENT_WORDS`` words besides those in
  ``data/cues/claim_grouping.json``): "report it", "condemn violence", "what he claimed" assert
  nothing another article could confirm or refute;
- they do not give different figures (each a number the other lacks: "claimed 57 lives" and
  "claimed at least 165 lives" are two claims);
- optionally (``claimant_threshold``, off by default), they are not made by two different known
  claimants unless their embeddings are near-identical. Measured on the blind pairs it does not
  pay: a claim's claimant is who states it, not who does the act it reports, and the ledger exists
  to group one claim stated by several sources (a ministry and a reporter on one employee's
  symptoms); of the development pairs it set apart, 7 were judged same and 5 different, and the
  check half lost precision with it. It would fit claims with no subject of their own
  ("condemning Trump's call for a ban", whose actor is the claimant), which needs a parse.

Otherwise the claim starts a group of its own. Stores group claims when they are first read, not
while ingesting: ingest need not load the embedding model.

The thresholds were chosen on the development half of ``devsets/claim-pairs`` (blind judgments of
pairs of claims from real articles) and are reported on its other half by
``bench/bench_claim_grouping.py``; docs/benchmarks.md records the figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from presslens.data import load_json
from presslens.embeddings import DIMENSIONS

SAME_CLAIM_THRESHOLD = 0.875
MEMBER_THRESHOLD = 0.825
MIN_CONTENT_WORDS = 3
FUNCTION_WORDS = frozenset(load_json("cues/claim_grouping.json")["function_words"])
# The candidates looked at for each claim, most similar first: a claim whose best candidates are
# all set apart by the evidence starts its own group rather than joining a distant one.
CANDIDATES = 8
_WORD = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


def encode_claims(texts: list[str]) -> np.ndarray:
    from presslens.embeddings import encode

    return encode([" ".join(t.split()) for t in texts])


@dataclass(frozen=True)
class ClaimEvidence:
    """What a claim says beyond its embedding: its content words, its figures and who makes it
    (the store's actor id of its claimant, ``None`` when unknown)."""
    content_words: frozenset[str]
    numbers: frozenset[str]
    claimant: int | None = None

    @classmethod
    def of(cls, text: str, claimant: int | None = None) -> ClaimEvidence:
        words = [w.casefold() for w in _WORD.findall(text)]
        numbers = frozenset(w.replace(",", "") for w in words if w[0].isdigit())
        content = frozenset(w for w in words if not w[0].isdigit() and w not in FUNCTION_WORDS)
        return cls(content, numbers, claimant)

    @property
    def asserts(self) -> bool:
        return len(self.content_words) >= MIN_CONTENT_WORDS

    def compatible(self, other: ClaimEvidence) -> bool:
        """Whether the two claims may state one proposition as far as their words tell."""
        if not (self.asserts and other.asserts):
            return False
        return not (self.numbers - other.numbers and other.numbers - self.numbers)

    def other_claimant(self, other: ClaimEvidence) -> bool:
        """Whether both claimants are known and are different actors."""
        return self.claimant is not None and other.claimant is not None and self.claimant != other.claimant


class ClaimIndex:
    """Embeddings of grouped claims with their groups and evidence, grown as claims are added.

    Vectors live in one buffer that doubles when full (appending claim by claim would otherwise
    copy the whole matrix each time); ``assign`` groups a batch of claims with one matrix product.
    A claim given without its text (``None``) is taken at its embedding's word; claimants (actor
    ids, ``None`` where unknown) may be given beside the texts."""

    def __init__(self, threshold: float = SAME_CLAIM_THRESHOLD, member_threshold: float | None = MEMBER_THRESHOLD,
                 use_evidence: bool = True, claimant_threshold: float | None = None):
        self.threshold = threshold
        self.member_threshold = member_threshold  # None: a claim may join a group through any one member
        self.use_evidence = use_evidence
        # the similarity a claim needs to a member made by another known claimant (None: no rule)
        self.claimant_threshold = claimant_threshold
        self._buffer = np.zeros((1024, DIMENSIONS), dtype=np.float32)
        self._size = 0
        self._groups: list[int] = []
        self._evidence: list[ClaimEvidence | None] = []
        self._members: dict[int, list[int]] = {}  # group -> rows of its claims
        self.last_claim_id = 0  # the highest stored claim id this index has seen

    @property
    def _vectors(self) -> np.ndarray:
        return self._buffer[:self._size]

    def __len__(self) -> int:
        return self._size

    def extend(self, vectors: np.ndarray, groups: list[int], last_claim_id: int,
               texts: list[str] | None = None, claimants: list[int | None] | None = None) -> None:
        if len(groups):
            self._reserve(self._size + len(groups))
            self._buffer[self._size:self._size + len(groups)] = vectors
            for group in groups:
                self._members.setdefault(group, []).append(self._size)
                self._size += 1
            self._groups.extend(groups)
            self._evidence.extend(_evidence_of(texts, claimants, len(groups)))
        self.last_claim_id = max(self.last_claim_id, last_claim_id)

    def _reserve(self, rows: int) -> None:
        if rows > len(self._buffer):
            grown = np.zeros((max(rows, 2 * len(self._buffer)), DIMENSIONS), dtype=np.float32)
            grown[:self._size] = self._vectors
            self._buffer = grown

    def match(self, vector: np.ndarray, text: str | None = None, claimant: int | None = None) -> int | None:
        """The group of the most similar known claim that the evidence does not set apart, if it
        is similar enough."""
        if not self._size:
            return None
        evidence = ClaimEvidence.of(text, claimant) if text is not None else None
        return self._choose(self._vectors @ vector, evidence)

    def assign(self, vectors: np.ndarray, texts: list[str | None], next_group: int,
               last_claim_id: int = 0, claimants: list[int | None] | None = None) -> list[int]:
        """Group a batch of claims in order, each one seeing those before it; new groups are
        numbered from ``next_group``. The index keeps the batch, the last of which is
        ``last_claim_id``."""
        earlier = self._vectors @ vectors.T  # known claims x batch
        within = vectors @ vectors.T
        groups: list[int] = []
        claimants = [None] * len(vectors) if claimants is None else claimants
        for row, (vector, text, claimant) in enumerate(zip(vectors, texts, claimants, strict=True)):
            evidence = ClaimEvidence.of(text, claimant) if text is not None else None
            similarities = np.concatenate([earlier[:, row], within[row, :row]])
            group = self._choose(similarities, evidence) if len(similarities) else None
            if group is None:
                group, next_group = next_group, next_group + 1
            groups.append(group)
            self.extend(vector[None, :], [group], self.last_claim_id, None if text is None else [text], [claimant])
        self.last_claim_id = max(self.last_claim_id, last_claim_id)
        return groups

    def _choose(self, similarities: np.ndarray, evidence: ClaimEvidence | None) -> int | None:
        above = np.flatnonzero(similarities >= self.threshold)
        if not len(above):
            return None
        for row in above[np.argsort(-similarities[above], kind="stable")][:CANDIDATES]:
            group = self._groups[row]
            if self._fits(group, similarities, evidence):
                return group
        return None

    def _fits(self, group: int, similarities: np.ndarray, evidence: ClaimEvidence | None) -> bool:
        members = self._members[group]
        if self.member_threshold is not None and similarities[members].min() < self.member_threshold:
            return False
        if not self.use_evidence or evidence is None:
            return True
        return all(self._evidence[m] is None or self._compatible(evidence, self._evidence[m], similarities[m])
                   for m in members)

    def _compatible(self, evidence: ClaimEvidence, member: ClaimEvidence, similarity: float) -> bool:
        if not evidence.compatible(member):
            return False
        return (self.claimant_threshold is None or not evidence.other_claimant(member)
                or similarity >= self.claimant_threshold)


def _evidence_of(texts: list[str | None] | None, claimants: list[int | None] | None,
                 count: int) -> list[ClaimEvidence | None]:
    """Each claim's evidence (``None`` for a claim given without its text)."""
    texts = [None] * count if texts is None else texts
    claimants = [None] * count if claimants is None else claimants
    return [None if text is None else ClaimEvidence.of(text, claimant)
            for text, claimant in zip(texts, claimants, strict=True)]
