"""Persuasion techniques, frames and genre: data reading, the evaluator's metrics, the shipped
model's files and predictions, and speaker attribution."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from presslens.document import Document
from presslens.evaluate.semeval import ArticlePrediction, score
from presslens.techniques.affect import AFFECT_FEATURES, STRONG, affect_features, valence
from presslens.techniques.corpus import read_dataset, span_lines
from presslens.techniques.encoders import MINILM
from presslens.techniques.labels import CATEGORY_OF, FRAMES, GENRES, TECHNIQUES, normalise_label
from presslens.techniques.model import SpanPrediction, TechniqueModel, encoder_of, shipped_directory, shipped_model
from presslens.techniques.units import paragraphs
from tests.annotated import quoted
from tests.conftest import shared_path

FIXTURE = Path(__file__).parent / "fixtures" / "semeval-mini"
# SHA-256 of the sorted ids of the held-out fifth of the SemEval training set, space-separated
HELD_OUT_SHA256 = "a17a2a0595be2241209d849d8e6968712d7856511ee19778b0b88019cfe21c74"
# SHA-256 of the folds of the 453 SemEval training ids (one line per fold, its sorted ids
# space-separated): the 3 inner folds the shipped model was trained with (seed 14) and the 5
# outer folds of the model card's CV figures (seed 13)
INNER_FOLDS_SHA256 = "346b9b1b3d4e75fb92ebe9b5cf45f2682313e8673739ae9888bbc2a0e587853f"
OUTER_FOLDS_SHA256 = "cb54cd93169428c021831c78a0c7f7ed98e1b9b4c11337d5fbbab26c999e79ec"


# --- reading the task format --------------------------------------------------------------------
def test_reads_articles_labels_spans_frames_and_genre():
    articles = {a.id: a for a in read_dataset(FIXTURE)}
    assert sorted(articles) == ["900000001", "900000002", "900000003"]
    first = articles["900000001"]
    assert first.paragraph_labels[3] == {"Loaded_Language", "Exaggeration-Minimisation"}
    assert first.paragraph_labels[7] == set()
    assert first.genre == "reporting" and first.frames == {"Political", "Economic"}
    span = first.spans[0]
    assert first.text[span.start:span.end] == "disaster"
    # the misspelled label of the released data is read as the label it means
    assert "Appeal_to_Fear-Prejudice" in articles["900000002"].paragraph_labels[3]
    assert any(s.technique == "Appeal_to_Fear-Prejudice" for s in articles["900000002"].spans)
    assert articles["900000003"].spans is None


def test_labels_and_lines():
    assert len(TECHNIQUES) == 23 and len(set(TECHNIQUES)) == 23 and len(FRAMES) == 14
    assert len(set(CATEGORY_OF.values())) == 6
    assert normalise_label("Appeal_to_Fear-Prejudi-čce") == "Appeal_to_Fear-Prejudice"
    assert normalise_label("Not_A_Technique") is None
    text = "title\n\nfirst line\nsecond line\n"
    assert span_lines(text, 9, 20) == {3, 4}
    assert span_lines(text, 7, 17) == {3}


def test_paragraphs_and_sentences_keep_offsets():
    text = "A title here\n\nDr. Smith arrived at 5 p.m. on Monday. He left! Did he return?\n\n  Last line.  \n"
    paras = paragraphs(text)
    assert [p.line for p in paras] == [1, 3, 5]
    assert text[paras[2].start:paras[2].end] == "Last line."
    sentences = [text[s.start:s.end] for s in paras[1].sentences]
    assert sentences == ["Dr. Smith arrived at 5 p.m. on Monday.", "He left!", "Did he return?"]


# --- the evaluator --------------------------------------------------------------------------------
def _predictions() -> dict[str, ArticlePrediction]:
    return {
        "900000001": ArticlePrediction(
            paragraphs={1: {"Loaded_Language"}, 3: {"Loaded_Language"}, 5: set(), 7: {"Doubt"}},
            spans=[("Loaded_Language", 40, 52), ("Name_Calling-Labeling", 135, 146)],
            frames={"Political"}, genre="opinion"),
        "900000002": ArticlePrediction(
            paragraphs={3: {"False_Dilemma-No_Choice"}, 5: {"Appeal_to_Popularity"}},
            frames={"Economic", "Morality"}, genre="opinion"),
        "900000003": ArticlePrediction(paragraphs={}, frames=set(), genre="satire"),
    }


def test_evaluator_metrics_on_a_tiny_dataset():
    report = score(read_dataset(FIXTURE), _predictions())
    para = report["paragraphs"]
    assert para["paragraphs"] == 9
    # 4 right of 5 predicted, 7 gold labels
    assert para["micro"]["precision"] == pytest.approx(0.8)
    assert para["micro"]["recall"] == pytest.approx(4 / 7, abs=1e-4)
    assert para["micro"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    spans = report["spans"]["micro"]
    # precision credit: 8/12 for the loaded-language span, 1 for the exact name-calling span
    assert spans["precision"] == pytest.approx((8 / 12 + 1) / 2, abs=1e-4)
    # recall credit: 1 + 1 of 7 gold spans; any-overlap: 2/2 predicted, 2/7 gold
    assert spans["recall"] == pytest.approx(2 / 7, abs=1e-4)
    assert spans["overlap_f1"] == pytest.approx(2 * (2 / 7) / (1 + 2 / 7), abs=1e-4)
    assert report["spans"]["per_technique"]["Loaded_Language"]["recall"] == pytest.approx(0.5)
    assert report["frames"]["micro"]["f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5), abs=1e-4)
    assert report["genre"]["macro_f1"] == pytest.approx((0 + 2 / 3 + 1) / 3, abs=1e-4)
    assert report["genre"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def test_perfect_predictions_score_one():
    articles = read_dataset(FIXTURE)
    perfect = {a.id: ArticlePrediction(paragraphs=a.paragraph_labels,
                                       spans=[(s.technique, s.start, s.end) for s in a.spans or []],
                                       frames=a.frames, genre=a.genre) for a in articles}
    report = score(articles, perfect)
    assert report["paragraphs"]["micro"]["f1"] == 1.0
    assert report["spans"]["micro"]["f1"] == 1.0
    assert report["frames"]["micro"]["f1"] == 1.0
    assert report["genre"]["macro_f1"] == 1.0


def test_topic_folds_keep_the_articles_of_one_subject_together():
    from presslens.evaluate.semeval import topic_folds
    from presslens.techniques.corpus import Article

    football = ["The striker scored twice as the club won the cup final.",
                "A late goal from the midfielder sent the club into the final.",
                "The goalkeeper saved a penalty and the club kept its lead in the league.",
                "Fans cheered the striker after the league match ended in a win for the club."]
    floods = ["Heavy rain flooded the valley and the river burst its banks.",
              "The river rose overnight and rain forced families from flooded homes.",
              "Rescuers reached villages cut off by the flooded river after days of rain.",
              "More rain is forecast for the valley, where the river is still rising."]
    articles = [Article(f"article{i}", text) for i, text in enumerate(football + floods)]
    for seed in (1, 13):
        folds = topic_folds(articles, 2, seed)
        assert sorted(sorted(f) for f in folds) == [[f"article{i}" for i in range(4)],
                                                     [f"article{i}" for i in range(4, 8)]]
    with pytest.raises(ValueError, match="cannot make 9 topic folds"):
        topic_folds(articles, 9, 13)


# --- the shipped model --------------------------------------------------------------------------
def test_shipped_model_files_are_whole_and_small():
    directory = shipped_directory()
    meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
    weights = (directory / "model.npz").read_bytes()
    assert hashlib.sha256(weights).hexdigest() == meta["weights_sha256"]
    # every shipped weight (the technique model and the static MiniLM table) within 50 MB
    total = sum(p.stat().st_size for p in directory.parent.rglob("*") if p.is_file())
    assert total < 50 * 2 ** 20
    assert meta["labels"] == list(TECHNIQUES) and meta["frames"] == list(FRAMES) and meta["genres"] == list(GENRES)
    assert (directory / "MODEL_CARD.md").exists()
    model = shipped_model()
    width = model.heads["paragraph"].weights.shape[0]
    assert model.heads["paragraph"].weights.shape == (width, 23)
    assert model.heads["frames"].weights.shape[1] == 14 and model.heads["genre"].weights.shape[1] == 3
    assert np.all(np.isfinite(model.heads["sentence"].weights))
    # the common techniques have cue words to explain them; techniques never seen are never predicted
    for label in ("Loaded_Language", "Name_Calling-Labeling", "Doubt", "Exaggeration-Minimisation",
                  "Flag_Waving", "Appeal_to_Fear-Prejudice"):
        assert len(model.lexicon.weights[model.labels.index(label)]) >= 20, label
    assert model.paragraph_thresholds[model.labels.index("Appeal_to_Time")] > 1
    # the word n-gram head of paragraphs ships with a share of the paragraph score
    assert model.sparse is not None and 0 < model.sparse_blend < 1
    assert model.sparse.weights.shape == (meta["sparse_buckets"], 23)
    assert meta["use_patterns"] is True and model.use_patterns


def test_a_model_trained_on_other_features_is_refused(tmp_path):
    # a model saved before the affect features existed read 5 features fewer per row
    for name in ("model.json", "model.npz"):
        (tmp_path / name).write_bytes((shipped_directory() / name).read_bytes())
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    assert meta["style_features"][-len(AFFECT_FEATURES):] == list(AFFECT_FEATURES)
    with np.load(tmp_path / "model.npz") as stored:
        arrays = {k: stored[k] for k in stored.files}
    for head in ("paragraph", "sentence"):
        for part in ("mean", "scale", "weights"):
            arrays[f"{head}.{part}"] = arrays[f"{head}.{part}"][5:]
    np.savez_compressed(tmp_path / "model.npz", **arrays)
    meta["weights_sha256"] = hashlib.sha256((tmp_path / "model.npz").read_bytes()).hexdigest()
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="features per paragraph, this version of presslens computes"):
        TechniqueModel.load(tmp_path)
    # the right number of features under other names (renamed or reordered) is refused too
    for name in ("model.json", "model.npz"):
        (tmp_path / name).write_bytes((shipped_directory() / name).read_bytes())
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    meta["style_features"] = meta["style_features"][::-1]
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="trained on the style features"):
        TechniqueModel.load(tmp_path)


def test_the_affect_lexicon_is_vaders_and_whole():
    table = valence()
    assert len(table) > 7000
    assert all(-4.0 <= v <= 4.0 for v in table.values())
    assert all(word.isalpha() and word == word.lower() for word in table)
    assert table["horrible"] < -STRONG and table["wonderful"] > STRONG and "the" not in table


def test_charged_words_score_higher_than_plain_reporting():
    charged = affect_features("the brutal cowards destroyed our wonderful town".split())
    plain = affect_features("the council approved the budget on tuesday".split())
    names = dict(zip(AFFECT_FEATURES, zip(charged, plain, strict=True), strict=True))
    assert names["affect_max"][0] > 0.5 > names["affect_max"][1]
    assert names["affect_negative"][0] > 0 == names["affect_negative"][1]
    assert names["affect_positive"][0] > 0 == names["affect_positive"][1]
    assert affect_features([]) == [0.0] * len(AFFECT_FEATURES)


def test_paragraph_and_sentence_rows_carry_the_affect_of_their_words():
    from presslens.techniques.encoders import WORDLLAMA, encode
    from presslens.techniques.features import base_features, sentence_texts

    text = "Brutal cowards destroyed our wonderful town!\nThe council approved the budget on Tuesday.\n"
    feats = base_features(text, encode(sentence_texts(text)[2], WORDLLAMA)).features
    for rows in (feats.paragraph_matrix, feats.sentence_matrix):
        charged, plain = (dict(zip(AFFECT_FEATURES, row[-len(AFFECT_FEATURES):], strict=True)) for row in rows)
        assert charged["affect_max"] > 0.5 > plain["affect_max"]
        assert charged["affect_negative"] > plain["affect_negative"] == 0


def test_a_tampered_model_is_refused(tmp_path):
    for name in ("model.json", "model.npz"):
        (tmp_path / name).write_bytes((shipped_directory() / name).read_bytes())
    data = bytearray((tmp_path / "model.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "model.npz").write_bytes(bytes(data))
    with pytest.raises(ValueError, match="checksum"):
        TechniqueModel.load(tmp_path)


OPINION = (
    "Shameful cowards in the Vellmar council betray every family\n\n"
    "The spineless, corrupt clowns running the council have once again stabbed hardworking "
    "families in the back. Either we throw them out now or our town will be destroyed forever!\n\n"
    "Everyone knows these crooks only care about their own pockets. Wake up, people!\n"
)
REPORT = (
    "Vellmar council approves budget for new library\n\n"
    "The Vellmar town council approved a budget of 2.4 million euros for a new public library on "
    "Tuesday, officials said.\n\n"
    "Construction is expected to begin in the spring and take about eighteen months.\n"
)


@pytest.fixture(scope="module")
def predictions():
    model = shipped_model()
    return model.predict(OPINION), model.predict(REPORT), model.predict(OPINION)


def test_predictions_on_invented_text_are_sane_and_deterministic(predictions):
    opinion, report, again = predictions
    found = {t for _, hits in opinion.paragraphs for t in hits}
    assert found & {"Loaded_Language", "Name_Calling-Labeling"}
    assert len({t for _, hits in report.paragraphs for t in hits}) < len(found)
    assert opinion.genre[0] == "opinion"
    assert [(s.technique, s.start, s.end, round(s.score, 6)) for s in opinion.spans] == \
           [(s.technique, s.start, s.end, round(s.score, 6)) for s in again.spans]
    for span in opinion.spans:
        assert 0 <= span.start < span.end <= len(OPINION)
        line = OPINION.count("\n", 0, span.start) + 1
        assert span.technique in dict(opinion.paragraphs)[line]
        assert all(span.start <= a < b <= span.end for a, b in span.cues)
    assert any(s.cues for s in opinion.spans)
    assert all(0 <= score <= 1 for _, score in opinion.frames)


# --- speaker attribution ------------------------------------------------------------------------
QUOTED = ('Senator Brenna Holt spoke at the harbour on Friday.\n\n'
          '"These corrupt, lying thugs are destroying our beloved town," Holt said.\n')


def _quoted_document() -> Document:
    return quoted(QUOTED, QUOTED.index("These corrupt"), QUOTED.index(',"'), "Brenna Holt", "quoted")


def test_a_technique_inside_a_quote_is_the_speakers():
    from presslens.stages.techniques import Techniques

    stage = Techniques()
    doc = _quoted_document()
    line_start = QUOTED.index('"These')
    sentence_end = QUOTED.index("said.") + len("said.")
    k = stage.model.labels.index("Name_Calling-Labeling")
    span = SpanPrediction("Name_Calling-Labeling", line_start, sentence_end, 0.9,
                          stage.model.cue_spans(QUOTED, line_start, sentence_end, k))
    record = stage._record(doc, span, doc.quotes)
    assert record.speaker == "e1" and record.speaker_name == "Brenna Holt"
    quote = doc.quotes[0]
    assert quote.start <= record.start and record.end <= quote.end  # kept to the speaker's words
    assert record.text == QUOTED[record.start:record.end]
    assert record.category == "Attack on reputation"
    assert record.cues and all(c in record.text for c in record.cues)
    # the narration around the quote stays the article's own
    narration = SpanPrediction("Name_Calling-Labeling", 0, QUOTED.index("\n"), 0.6, [])
    assert stage._record(doc, narration, doc.quotes).speaker is None


def test_the_stage_fills_every_layer_and_attributes_quoted_techniques():
    from presslens.stages.techniques import Techniques

    doc = _quoted_document()
    Techniques()(doc)  # the shipped model as it is, with its own thresholds
    assert doc.genre["label"] in GENRES and 0 <= doc.genre["score"] <= 1
    assert all(f["frame"] in FRAMES for f in doc.frames)
    lines = {p["line"] for p in doc.paragraph_techniques}
    assert lines <= {1, 3}
    quote = doc.quotes[0]
    inside = [t for t in doc.techniques if quote.start <= t.start and t.end <= quote.end]
    assert inside, "the quoted name-calling is not found"
    # the epithet is found as its noun phrase, with the phrase as the cue
    assert any(t.technique == "Name_Calling-Labeling" and t.text == "corrupt, lying thugs"
               and t.cues == ["corrupt, lying thugs"] for t in inside)
    assert all(t.speaker == "e1" for t in inside)
    for t in doc.techniques:
        assert t.id.startswith("t") and t.text == QUOTED[t.start:t.end]
        assert (t.speaker is None) == (not (quote.start <= t.start and t.end <= quote.end))
    out = doc.to_json()
    assert out["techniques"] and set(out["techniques"][0]) >= {"technique", "category", "speaker", "cues", "score"}


# --- integration with the real data -------------------------------------------------------------
@pytest.mark.slow
def test_reads_the_semeval_training_set():
    directory = shared_path("data", "semeval2023-task3-en")
    articles = read_dataset(directory)
    labelled = [a for a in articles if a.paragraph_labels is not None]
    assert len(labelled) == 446
    for a in labelled[:50]:
        assert set(a.paragraph_labels) == {p.line for p in paragraphs(a.text)}


@pytest.mark.slow
def test_the_held_out_fifth_is_the_one_the_benchmarks_were_measured_on():
    from presslens.techniques.training import holdout_ids

    ids = [a.id for a in read_dataset(shared_path("data", "semeval2023-task3-en"))]
    held = holdout_ids(list(reversed(ids)))
    assert len(held) == 91 and held == holdout_ids(ids)
    # docs/benchmarks.md's held-out figures are of exactly these 91 articles
    assert hashlib.sha256(" ".join(sorted(held)).encode()).hexdigest() == HELD_OUT_SHA256


def test_folds_split_the_articles_into_disjoint_seeded_sets():
    from presslens.techniques.training import folds_of

    ids = [f"article{i}" for i in range(23)]
    folds = folds_of(ids, 5, 13)
    assert sorted(len(f) for f in folds) == [4, 4, 5, 5, 5]
    assert set().union(*folds) == set(ids) and sum(len(f) for f in folds) == len(ids)
    assert folds == folds_of(list(reversed(ids)), 5, 13)  # the order of the ids does not matter
    assert folds != folds_of(ids, 5, 14)


def test_folds_are_every_kth_article_of_the_seeded_shuffle():
    import random

    from presslens.techniques.training import folds_of

    ids = [f"article{i}" for i in range(17)]
    shuffled = sorted(ids)
    random.Random(14).shuffle(shuffled)
    assert folds_of(ids, 3, 14) == [set(shuffled[i::3]) for i in range(3)]
    assert folds_of(ids[:2], 3, 14)[2] == set()  # fewer articles than folds: a fold stays empty


@pytest.mark.slow
def test_training_draws_the_folds_the_shipped_model_was_trained_with():
    from presslens.techniques.training import TrainConfig, folds_of

    ids = [a.id for a in read_dataset(shared_path("data", "semeval2023-task3-en"))]
    config = TrainConfig()

    def digest(folds):
        return hashlib.sha256("\n".join(" ".join(sorted(f)) for f in folds).encode()).hexdigest()

    assert len(ids) == 453
    assert digest(folds_of(ids, config.inner_folds, config.seed + 1)) == INNER_FOLDS_SHA256
    assert digest(folds_of(ids, 5, config.seed)) == OUTER_FOLDS_SHA256


# --- the command line ---------------------------------------------------------------------------
def test_evaluate_semeval_command_scores_a_task_format_directory():
    from click.testing import CliRunner

    from presslens.cli import main

    result = CliRunner().invoke(main, ["evaluate", "semeval", str(FIXTURE), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["articles"] == 3 and report["paragraphs"]["paragraphs"] == 9
    assert 0 <= report["paragraphs"]["micro"]["f1"] <= 1
    assert report["genre"]["articles"] == 3 and report["frames"]["articles"] == 3


def test_topic_folds_need_cross_validation():
    from click.testing import CliRunner

    from presslens.cli import main

    result = CliRunner().invoke(main, ["evaluate", "semeval", str(FIXTURE), "--by-topic"])
    assert result.exit_code != 0 and "--by-topic groups cross-validation folds: give --cv too" in result.output


def test_train_command_refuses_data_without_paragraph_labels(tmp_path):
    from click.testing import CliRunner

    from presslens.cli import main

    (tmp_path / "train-articles-subtask-3").mkdir()
    (tmp_path / "train-articles-subtask-3" / "article1.txt").write_text("A title\n\nSome text.\n")
    result = CliRunner().invoke(main, ["train", "techniques", "--data", str(tmp_path), "--out", str(tmp_path / "m")])
    assert result.exit_code != 0 and "paragraph labels" in result.output


# --- training -----------------------------------------------------------------------------------
def _hashed_embeddings(texts: list[str]) -> np.ndarray:
    """Stand-in sentence vectors (deterministic per text) so training runs without the encoder:
    384 averaged dimensions, the shape of MiniLM's (models trained on them say so)."""
    rows = [np.random.default_rng(int(hashlib.sha1(t.encode()).hexdigest()[:8], 16)).standard_normal(384)
            for t in texts]
    out = np.asarray(rows, dtype=np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_training_is_deterministic_and_writes_a_loadable_model(tmp_path):
    from presslens.techniques.training import TrainConfig, prepare, train

    prepared = prepare(read_dataset(FIXTURE), _hashed_embeddings)
    config = TrainConfig(encoder=MINILM, min_positive=1, lexicon_min_count=1, lexicon_min_articles=1)
    for name in ("a", "b"):
        train(prepared, config).save(tmp_path / name)
    assert (tmp_path / "a" / "model.npz").read_bytes() == (tmp_path / "b" / "model.npz").read_bytes()
    model = TechniqueModel.load(tmp_path / "a")
    assert model.heads["genre"].weights.shape[1] == 3
    # the word tagger is saved with the heads that read its features
    from presslens.techniques.word_tagger import TAG_FEATURES, WEIGHTS_SHAPE

    assert model.tagger.shape == WEIGHTS_SHAPE
    assert json.loads((tmp_path / "a" / "model.json").read_text(encoding="utf-8"))["word_tags"] == list(TAG_FEATURES)
    assert "disaster" in model.lexicon.weights[model.labels.index("Loaded_Language")]
    text = prepared[0].article.text
    result = model.predict(text, prepared[0].vectors)
    assert [line for line, _ in result.paragraphs] == [1, 3, 5, 7]


# --- the sentence encoder -----------------------------------------------------------------------
def test_the_static_encoder_loads_from_the_package_and_gives_unit_vectors():
    from presslens.techniques.encoders import DIMENSIONS, WORDLLAMA, encode

    vectors = encode(["The mayor betrayed the town.", "The mayor let the town down.",
                      "Rain is expected on Thursday.", ""], WORDLLAMA)
    assert vectors.shape == (4, DIMENSIONS[WORDLLAMA])
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()  # a text without words: a zero vector, not NaN
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    with pytest.raises(ValueError, match="unknown sentence encoder"):
        encode(["x"], "no-such-encoder")


def test_training_refuses_vectors_of_another_encoder():
    from presslens.techniques.encoders import WORDLLAMA_MAX
    from presslens.techniques.training import TrainConfig, prepare, train

    # 384 averaged columns are no vectors of the max-pooled WordLlama encoder the model would use
    prepared = prepare(read_dataset(FIXTURE), _hashed_embeddings)
    with pytest.raises(ValueError, match="not those of encoder 'wordllama-l2_supercat-256\\+max'"):
        train(prepared, TrainConfig(encoder=WORDLLAMA_MAX, min_positive=1))


def test_the_max_pooled_encoder_keeps_the_strongest_word_of_a_sentence():
    from presslens.techniques.encoders import WORDLLAMA, WORDLLAMA_MAX, encode, max_pooled_from

    plain = "The council met on Tuesday to discuss the budget for next year."
    loaded = "The council met on Tuesday to discuss the disastrous budget for next year."
    vectors = encode([plain, loaded, ""], WORDLLAMA_MAX)
    split = max_pooled_from(WORDLLAMA_MAX)
    assert vectors.shape == (3, 512) and split == 256 and max_pooled_from(WORDLLAMA) is None
    # its first part is the plain encoder's average, the rest the element-wise maximum
    assert np.allclose(vectors[:2, :split], encode([plain, loaded], WORDLLAMA), atol=1e-6)
    assert (vectors[1, split:] >= vectors[0, split:]).all()  # one more word can only raise a maximum
    assert (vectors[1, split:] > vectors[0, split:]).any()
    assert not vectors[2].any()
    # a batch of texts without tokens (a run of spaces cut into empty units) gives zero rows
    empty = encode(["", ""], WORDLLAMA_MAX)
    assert empty.shape == (2, 512) and not empty.any()


def test_the_static_pair_encoder_puts_both_averages_then_both_maxima():
    from presslens.techniques.encoders import STATIC_PAIR_MAX, WORDLLAMA_MAX, encode, max_pooled_from

    plain = "The council met on Tuesday to discuss the budget for next year."
    loaded = "The council met on Tuesday to discuss the disastrous budget for next year."
    pair = encode([plain, loaded, ""], STATIC_PAIR_MAX)
    alone = encode([plain, loaded], WORDLLAMA_MAX)
    assert pair.shape == (3, 1024) and max_pooled_from(STATIC_PAIR_MAX) == 512
    # WordLlama's average and maximum where the pair puts them; the static MiniLM ones beside
    assert np.allclose(pair[:2, :256], alone[:, :256], atol=1e-6)
    assert np.allclose(pair[:2, 512:768], alone[:, 256:], atol=1e-6)
    assert np.allclose(np.linalg.norm(pair[:2, 256:512], axis=1), 1.0, atol=1e-5)
    assert (pair[1, 768:] >= pair[0, 768:]).all() and (pair[1, 768:] > pair[0, 768:]).any()
    assert not pair[2].any()


def test_the_static_minilm_table_is_whole_and_refused_when_changed(tmp_path, monkeypatch):
    from presslens.techniques import static_minilm

    rows = static_minilm.table()
    assert rows.shape == (30522, static_minilm.DIMENSIONS) and rows.dtype == np.float16
    assert np.isfinite(rows.astype(np.float32)).all()
    # nearby words are near in the table: it is MiniLM's space, not noise
    ids = static_minilm._tokenizer().encode_batch(["war", "battle", "recipe"], add_special_tokens=False)
    war, battle, recipe = (rows[e.ids[0]].astype(np.float32) for e in ids)
    cosine = lambda a, b: float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))  # noqa: E731
    assert cosine(war, battle) > cosine(war, recipe)
    damaged = tmp_path / "table.npz"
    static_minilm.save(rows[:10], damaged)
    monkeypatch.setattr(static_minilm, "table_path", lambda: damaged)
    static_minilm.table.cache_clear()
    try:
        with pytest.raises(ValueError, match="does not match the checksum"):
            static_minilm.table()
    finally:
        static_minilm.table.cache_clear()


@pytest.mark.slow
def test_the_static_minilm_table_is_made_again_from_the_minilm_package(tmp_path):
    from click.testing import CliRunner

    from presslens.cli import main
    from presslens.techniques import static_minilm

    # byte for byte only with this machine's CPU and thread count: compared row by row
    out = tmp_path / "table"  # no .npz suffix: written where asked all the same
    result = CliRunner().invoke(main, ["train", "static-encoder", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with np.load(out) as arrays:
        remade = arrays["table"]
    assert remade.shape == static_minilm.table().shape
    assert static_minilm.smallest_row_cosine(remade, static_minilm.table()) >= static_minilm.SAME_ROW_COSINE
    assert "the shipped table" in result.output


def test_the_static_encoder_command_never_replaces_the_shipped_table():
    from click.testing import CliRunner

    from presslens.cli import main

    result = CliRunner().invoke(main, ["train", "static-encoder"])
    assert result.exit_code != 0 and "Missing option '--out'" in result.output


def test_a_line_with_a_long_run_of_spaces_is_still_analysed():
    # a run of spaces longer than a sentence unit is cut into units without words
    text = "The harbour reopened on Friday after the storm.\nBoats" + " " * 1000 + "returned at dawn."
    prediction = shipped_model().predict(text)
    assert [line for line, _ in prediction.paragraphs] == [1, 2]
    assert prediction.genre is not None
    assert shipped_model().predict("", np.zeros(0, np.float32)).spans == []  # no sentences at all


def test_paragraph_features_average_the_averages_and_maximise_the_maxima():
    from presslens.techniques.features import base_features

    text = "One short sentence here. Another one follows it.\nA second paragraph."
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3, 8)).astype(np.float32)
    vectors[:, :4] /= np.linalg.norm(vectors[:, :4], axis=1, keepdims=True)
    split = base_features(text, vectors, max_from=4).features
    plain = base_features(text, vectors[:, :4]).features
    # without a max-pooled part the features are the plain encoder's, with it they gain 4 columns
    assert split.paragraph_matrix.shape[1] == plain.paragraph_matrix.shape[1] + 4
    first = split.paragraph_matrix[0]
    assert np.allclose(first[:8], plain.paragraph_matrix[0][:8])  # paragraph and article averages
    assert np.allclose(first[8:12], vectors[:2, 4:].max(axis=0))
    assert np.allclose(split.sentence_matrix[2][8:12], vectors[2, 4:])
    assert np.allclose(split.article_vector, plain.article_vector)  # frames and genre read averages


def test_a_model_records_its_encoder_and_predicts_with_it(tmp_path):
    from presslens.techniques.encoders import MINILM, WORDLLAMA, encode
    from presslens.techniques.training import TrainConfig, prepare, train

    prepared = prepare(read_dataset(FIXTURE), lambda texts: encode(texts, WORDLLAMA))
    config = TrainConfig(encoder=WORDLLAMA, min_positive=1, lexicon_min_count=1, lexicon_min_articles=1)
    train(prepared, config).save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    assert meta["encoder"] == WORDLLAMA
    model = TechniqueModel.load(tmp_path)
    assert model.encoder == WORDLLAMA
    text = prepared[0].article.text
    # without given vectors the model encodes with its own encoder: the same result as given ones
    assert model.predict(text).paragraphs == model.predict(text, prepared[0].vectors).paragraphs
    # a model file from before encoders were recorded was trained on MiniLM; these WordLlama
    # heads cannot read MiniLM's features, and loading says so instead of failing on a product
    del meta["encoder"]
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    assert encoder_of(tmp_path) == MINILM
    with pytest.raises(ValueError, match="features per paragraph.*retrain"):
        TechniqueModel.load(tmp_path)
    meta["encoder"] = "no-such-encoder"
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown sentence encoder"):
        TechniqueModel.load(tmp_path)


def test_the_embedding_cache_reuses_only_vectors_of_the_same_encoder_build(tmp_path):
    from presslens.techniques.embedding_cache import _key, cached_encode
    from presslens.techniques.encoders import WORDLLAMA, encode, fingerprint

    texts = ["The council met on Tuesday.", "Brutal cowards destroyed the town!"]
    keys = np.array([_key(t) for t in texts])
    fresh = encode(texts, WORDLLAMA)
    # vectors stored without the fingerprint (before it, or by another wordllama) are not read
    np.savez(tmp_path / f"{WORDLLAMA}.npz", keys=keys, vectors=np.ones((2, 256), np.float32))
    assert np.allclose(cached_encode(texts, WORDLLAMA, tmp_path), fresh)
    # what the call stored under the fingerprint is what the next call returns
    stored = tmp_path / f"{WORDLLAMA}-{fingerprint(WORDLLAMA)}.npz"
    with np.load(stored) as kept:
        assert sorted(kept["keys"].tolist()) == sorted(keys.tolist())
    np.savez(stored, keys=keys, vectors=np.full((2, 256), 0.5, np.float32))
    assert np.allclose(cached_encode(texts, WORDLLAMA, tmp_path), 0.5)


def test_the_word_tagger_ranks_the_words_its_spans_held_first():
    from presslens.techniques import word_tagger as tagger
    from presslens.techniques.corpus import GoldSpan

    text = ("The vile thugs wrecked the park. The council met on Monday.\n"
            "Those vile crooks lied again. Officials reviewed the budget.\n")
    units = [s for p in paragraphs(text) for s in p.sentences]
    spans = [GoldSpan("Loaded_Language", text.index(w), text.index(w) + len(w)) for w in ("vile thugs", "vile crooks")]
    found = tagger.sentence_words(text, units)
    rows = tagger.sentence_rows(found)
    assert [len(r) for r in rows] == [6, 5, 5, 4] and rows[0].shape[1] == tagger.ROW_WIDTH
    targets = tagger.word_targets(found, spans)
    assert targets[0][:, 0].tolist() == [0, 1, 1, 0, 0, 0]
    weights = tagger.fit(rows, targets, penalty=0.1)
    assert weights.shape == tagger.WEIGHTS_SHAPE
    test = "The vile mob gathered near the station.\n"
    test_units = paragraphs(test)[0].sentences
    test_rows = tagger.sentence_rows(tagger.sentence_words(test, list(test_units)))
    scores = test_rows[0] @ weights
    assert int(np.argmax(scores[:, 0])) == 1  # "vile"
    features = tagger.unit_features(tagger.row_scores(test_rows + [np.zeros((0, tagger.ROW_WIDTH))], weights))
    assert features.shape == (2, len(tagger.TAG_FEATURES))
    assert features[0, 0] == pytest.approx(scores[:, 0].max()) and not features[1].any()


def test_the_word_tagger_fit_in_blocks_is_the_ridge_solution_of_all_words():
    from presslens.techniques import word_tagger as tagger

    rng = np.random.default_rng(3)
    lengths = [7, 0, 1, 12, 3, 0, 9, 5]  # sentences without words among them
    rows = [rng.normal(size=(n, tagger.ROW_WIDTH)).astype(np.float32) for n in lengths]
    targets = [(rng.random((n, len(tagger.TAGGED))) < 0.3).astype(np.float32) for n in lengths]
    x = np.concatenate(rows).astype(np.float64)
    y = np.concatenate(targets).astype(np.float64)
    expected = np.linalg.solve(x.T @ x + 2.0 * np.eye(tagger.ROW_WIDTH), x.T @ y)
    # blocks cut inside the sentence list, at every sentence, and one block for all
    for block_rows in (10, 1, 10_000):
        got = tagger.fit(rows, targets, penalty=2.0, block_rows=block_rows)
        assert got.shape == tagger.WEIGHTS_SHAPE
        assert np.abs(got - expected).max() <= 1e-6 * np.abs(expected).max()


def test_the_word_scorer_gives_the_scores_of_the_full_rows_from_its_cache():
    from presslens.techniques import word_tagger as tagger

    text = "Those vile crooks lied again. Officials reviewed the budget.\nThe crooks lied.\n"
    units = [s for p in paragraphs(text) for s in p.sentences]
    found = tagger.sentence_words(text, units)
    tokens = [[w for _, _, w in own] for own in found]
    weights = np.random.default_rng(0).normal(size=tagger.WEIGHTS_SHAPE).astype(np.float32)
    expected = tagger.row_scores(tagger.sentence_rows(found), weights)
    # 6 words, then 3 more: a cache of 8 starts afresh; a sentence without words scores nothing
    scorer = tagger.WordScorer(weights, limit=8)
    for sentences in (tokens[1:], tokens, tokens[::-1] + [[]]):
        got = scorer.sentence_scores(sentences)
        want = [expected[tokens.index(own)] if own else np.zeros((0, len(tagger.TAGGED))) for own in sentences]
        assert [g.shape for g in got] == [w.shape for w in want]
        for g, w in zip(got, want, strict=True):
            assert np.allclose(g, w, atol=1e-4)


def test_the_word_scorer_is_shared_safely_by_threads():
    from concurrent.futures import ThreadPoolExecutor

    from presslens.techniques import word_tagger as tagger

    articles = ["Those vile crooks lied again. Officials reviewed the budget.\n",
                "The council met on Monday and approved the park.\n",
                "Brutal cowards destroyed our wonderful town!\n"]
    weights = np.random.default_rng(1).normal(size=tagger.WEIGHTS_SHAPE).astype(np.float32)
    found = [tagger.sentence_words(a, list(paragraphs(a)[0].sentences)) for a in articles]
    tokens = [[[w for _, _, w in own] for own in sentences] for sentences in found]
    want = [tagger.row_scores(tagger.sentence_rows(sentences), weights) for sentences in found]
    scorer = tagger.WordScorer(weights, limit=12)  # smaller than the three articles' words: it keeps starting afresh

    def score(k: int) -> bool:
        got = scorer.sentence_scores(tokens[k % 3])
        return all(np.allclose(g, w, atol=1e-4) for g, w in zip(got, want[k % 3], strict=True))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(score, range(1000)))
