"""The claims ledger's grouping rule (presslens.store.claims.ClaimIndex), on hand-made unit vectors."""
from __future__ import annotations

import numpy as np

from presslens.embeddings import DIMENSIONS
from presslens.store.claims import ClaimEvidence, ClaimIndex

LONG = "the senator voted against the border security bill"  # enough content words


def unit(angle_degrees: float) -> np.ndarray:
    """A unit vector in the plane of the first two axes; cosines are those of the angle between."""
    vector = np.zeros(DIMENSIONS, dtype=np.float32)
    vector[0], vector[1] = np.cos(np.radians(angle_degrees)), np.sin(np.radians(angle_degrees))
    return vector


def grouped(index: ClaimIndex, vectors: list[np.ndarray], texts: list[str]) -> list[int]:
    return index.assign(np.vstack(vectors), texts, next_group=1)


def test_a_chain_of_similar_claims_stays_together_only_when_single_linked():
    # cos 25 deg = 0.906: neighbours are similar; the ends (50 deg, 0.643) are not
    chain = [unit(0), unit(25), unit(50)]
    assert grouped(ClaimIndex(0.85, member_threshold=None, use_evidence=False), chain, [LONG] * 3) == [1, 1, 1]
    assert grouped(ClaimIndex(0.85, member_threshold=0.85), chain, [LONG] * 3) == [1, 1, 2]


def test_claims_that_assert_nothing_are_not_grouped():
    same_vector = [unit(0), unit(1)]
    assert grouped(ClaimIndex(0.85), same_vector, ["condemn violence", "condemning violence"]) == [1, 2]
    assert grouped(ClaimIndex(0.85, use_evidence=False), same_vector, ["report it", "reported it"]) == [1, 1]
    assert grouped(ClaimIndex(0.85), same_vector, [LONG, LONG.replace("senator", "lawmaker")]) == [1, 1]


def test_claims_giving_different_figures_are_not_grouped():
    assert not ClaimEvidence.of("the outbreak claimed 57 lives in the province").compatible(
        ClaimEvidence.of("the outbreak claimed at least 165 lives in the province"))
    # one figure more on one side only is detail, not a different figure
    assert ClaimEvidence.of("Manafort met Assange around March 2016 in London").compatible(
        ClaimEvidence.of("Manafort went to see Assange in 2013, 2015 and in spring 2016"))
    assert ClaimEvidence.of("paid $15,000 to the victims of harassment").numbers == {"15000"}


def test_claims_by_different_claimants_are_grouped_only_when_near_identical():
    def claimed_by(claimants: list[int | None], angle: float) -> list[int]:
        index = ClaimIndex(0.85, member_threshold=0.85, claimant_threshold=0.95)
        return index.assign(np.vstack([unit(0), unit(angle)]), [LONG, LONG], next_group=1, claimants=claimants)

    # cos 20 deg = 0.940: similar, yet not near-identical
    assert claimed_by([7, 9], 20) == [1, 2]  # the same act by two actors: two claims
    assert claimed_by([7, 7], 20) == [1, 1]
    assert claimed_by([7, None], 20) == [1, 1]  # an unknown claimant sets nothing apart
    assert claimed_by([7, 9], 5) == [1, 1]  # cos 0.996: one sentence carried by two outlets


def test_a_claim_set_apart_from_its_nearest_group_may_join_the_next_one():
    index = ClaimIndex(0.85, member_threshold=None)
    assert grouped(index, [unit(0), unit(10)], ["the ministry reported 21 cases of fever",
                                                 "the ministry reported 40 cases of fever"]) == [1, 2]
    # closest to the 40-case claim (group 2), but its figure is the 21-case claim's
    assert index.assign(unit(9)[None, :], ["the ministry reported 21 cases of fever in the province"], 3) == [1]


def test_grouping_a_batch_is_grouping_claim_by_claim():
    rng = np.random.default_rng(22)
    base = rng.normal(size=(40, DIMENSIONS)).astype(np.float32)
    vectors = np.vstack([base, base + 0.35 * rng.normal(size=base.shape).astype(np.float32)])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = [f"{LONG} {n % 40 % 9}" for n in range(len(vectors))]  # some figures differ, some agree
    claimants = [None if n % 5 == 0 else n % 3 for n in range(len(vectors))]  # some unknown, some differ
    batched = ClaimIndex(0.8, claimant_threshold=0.95).assign(vectors, texts, next_group=1, claimants=claimants)
    one_by_one, index = [], ClaimIndex(0.8, claimant_threshold=0.95)
    for vector, text, claimant in zip(vectors, texts, claimants, strict=True):
        group = index.match(vector, text, claimant)
        one_by_one.append(len(set(one_by_one)) + 1 if group is None else group)
        index.extend(vector[None, :], [one_by_one[-1]], 0, [text], [claimant])
    assert batched == one_by_one
    assert len(set(batched)) < len(vectors)  # some claims were grouped: the comparison means something


def test_the_index_grows_past_its_first_buffer():
    index = ClaimIndex(0.99)
    vectors = np.eye(DIMENSIONS, dtype=np.float32)
    for first in range(0, 1500, DIMENSIONS):
        count = min(DIMENSIONS, 1500 - first)
        index.extend(vectors[:count], list(range(first + 1, first + count + 1)), first + count)
    assert len(index) == 1500 and index.last_claim_id == 1500
    assert index.match(vectors[3]) == 4  # rows 3, 387, 771 and 1155 are as similar: the first one stored wins
