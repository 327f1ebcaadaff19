"""The hashed word n-gram head of the technique model (presslens.techniques.sparse): stable
hashing, what the head learns, and a model that carries it through save and load."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from presslens.techniques.encoders import MINILM
from presslens.techniques.sparse import bucket_counts, fit_sparse_head, grams
from presslens.techniques.units import words

FIXTURE = Path(__file__).parent / "fixtures" / "semeval-mini"


def _tokens(text: str) -> list[str]:
    return [w for _, _, w in words(text)]


def test_grams_are_words_and_word_pairs_hashed_the_same_in_every_process():
    tokens = _tokens("The harbour board met again")
    assert grams(tokens) == ["the", "harbour", "board", "met", "again",
                             "the harbour", "harbour board", "board met", "met again"]
    counts = bucket_counts(_tokens("rain rain rain"), 1024)
    # "rain" three times, "rain rain" twice; CRC-32, so these buckets never change between runs
    assert sorted(counts.values()) == [2, 3] and all(0 <= b < 1024 for b in counts)
    assert bucket_counts(_tokens("rain rain rain"), 1024) == counts


def test_the_head_learns_the_wording_of_a_technique_and_folds_in_its_calibration():
    loaded = ["These spineless cowards sold out the valley.", "Spineless cowards run the council now.",
              "The cowards on the board betrayed every farmer.", "Only spineless cowards would vote for this."]
    plain = ["The council meets on Tuesday at noon.", "Farmers sold grain at the autumn market.",
             "The board approved the new budget.", "Rain is expected in the valley this week.",
             "The library opens an hour later in winter.", "A new bridge crosses the river."]
    y = np.array([[1.0, 0.0]] * len(loaded) + [[0.0, 0.0]] * len(plain), np.float32)
    head = fit_sparse_head([_tokens(t) for t in loaded + plain], y, l2=0.1, buckets=4096)
    scores = head.scores([_tokens("Those spineless cowards again."), _tokens("The market opens on Tuesday.")])
    assert scores[0, 0] > scores[1, 0] + 0.2
    assert np.allclose(scores[:, 1], 0.0)  # a label without positives learns nothing
    calibrated = head.calibrated(np.array([4.0, 0.0], np.float32), np.array([-1.0, -30.0], np.float32))
    again = calibrated.scores([_tokens("Those spineless cowards again.")])
    assert np.allclose(again[0, 0], 4.0 * scores[0, 0] - 1.0, atol=1e-4)
    # words never seen in training carry no weight: an unknown paragraph scores the base rate
    assert np.allclose(head.scores([_tokens("Zebras quietly graze.")])[0], head.bias)


def test_a_model_with_the_ngram_head_is_deterministic_and_survives_save_and_load(tmp_path):
    from presslens.techniques.corpus import read_dataset
    from presslens.techniques.model import TechniqueModel
    from presslens.techniques.training import TrainConfig, prepare, train
    from tests.test_techniques import _hashed_embeddings

    prepared = prepare(read_dataset(FIXTURE), _hashed_embeddings)
    config = TrainConfig(encoder=MINILM, min_positive=1, lexicon_min_count=1, lexicon_min_articles=1, sparse_l2=1.0,
                         sparse_buckets=4096, blend_grid=(0.5,))
    for name in ("a", "b"):
        train(prepared, config).save(tmp_path / name)
    assert (tmp_path / "a" / "model.npz").read_bytes() == (tmp_path / "b" / "model.npz").read_bytes()
    meta = json.loads((tmp_path / "a" / "model.json").read_text(encoding="utf-8"))
    assert meta["sparse_blend"] == 0.5 and meta["sparse_buckets"] == 4096
    model = TechniqueModel.load(tmp_path / "a")
    assert model.sparse is not None and model.sparse.weights.shape == (4096, len(model.labels))
    text, vectors = prepared[0].article.text, prepared[0].vectors
    with_ngrams = model.predict(text, vectors).paragraph_scores
    model.sparse_blend = 0.0  # the dense heads alone give other scores
    assert not np.allclose(with_ngrams, model.predict(text, vectors).paragraph_scores)
    # a model trained without the head writes no trace of it
    train(prepared, TrainConfig(encoder=MINILM, min_positive=1, lexicon_min_count=1, lexicon_min_articles=1,
                                sparse_l2=None)).save(tmp_path / "c")
    assert "sparse_blend" not in json.loads((tmp_path / "c" / "model.json").read_text(encoding="utf-8"))
    assert TechniqueModel.load(tmp_path / "c").sparse is None
