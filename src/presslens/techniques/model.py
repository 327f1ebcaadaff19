"""The shipped technique, frame and genre model: load it, and predict on a text.

The weights and thresholds are plain arrays (``model.npz``) and the rest is JSON (``model.json``:
labels, settings such as the encoder and whether the pattern detectors add their hits, the cue
lexicon, how it was trained and how it scored); nothing is unpickled.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from presslens.techniques import word_tagger
from presslens.techniques.encoders import DIMENSIONS, LEGACY_ENCODER, check as check_encoder, encode, max_pooled_from
from presslens.techniques.features import (
    STYLE_FEATURES,
    ArticleFeatures,
    Lexicon,
    base_features,
    sentence_texts,
    unit_width,
    with_lexicon,
    with_word_tags,
)
from presslens.techniques.labels import FRAMES, GENRES
from presslens.techniques.linear import LinearHead
from presslens.techniques.patterns import detect
from presslens.techniques.sparse import SparseHead
from presslens.techniques.units import paragraph_maxima, words

MODEL_FORMAT = "presslens/technique-model@1"
HEADS = ("paragraph", "sentence", "frames", "genre")


@dataclass
class SpanPrediction:
    technique: str
    start: int
    end: int
    score: float
    cues: list[tuple[int, int]]  # character spans of the cue words, strongest first


@dataclass
class Prediction:
    # per paragraph: its 1-based line and the techniques found there with their scores
    paragraphs: list[tuple[int, dict[str, float]]]
    spans: list[SpanPrediction]
    frames: list[tuple[str, float]]
    genre: tuple[str, float] | None
    paragraph_scores: np.ndarray = field(repr=False, default=None)  # (n_paragraphs, n_labels)


@dataclass
class TechniqueModel:
    labels: tuple[str, ...]
    lexicon: Lexicon
    heads: dict[str, LinearHead]
    # weight of the paragraph head against the best sentence of the paragraph
    mix: float
    paragraph_thresholds: np.ndarray
    sentence_thresholds: np.ndarray
    frame_thresholds: np.ndarray
    # techniques whose spans are single words or short phrases in the annotations (Loaded_Language
    # and the like): their spans are the cue words found, not the whole sentence
    narrow: tuple[str, ...] = ()
    card: dict[str, Any] = field(default_factory=dict)
    # the sentence encoder the heads were trained on: the only one they can read
    encoder: str = LEGACY_ENCODER
    # add the hits of the rhetorical-pattern detectors (presslens.techniques.patterns)
    use_patterns: bool = True
    # the hashed word n-gram head of paragraphs (presslens.techniques.sparse) and its share of a
    # paragraph's score; None: the dense heads alone
    sparse: SparseHead | None = None
    sparse_blend: float = 0.0
    # the word tagger's weights (presslens.techniques.word_tagger), whose features the heads read
    # beside the lexicon's; None: a model without them
    tagger: np.ndarray | None = None

    def encode(self, sentences: list[str]) -> np.ndarray:
        return encode(sentences, self.encoder)

    # --- prediction ----------------------------------------------------------------------------
    def features(self, text: str, sentence_vectors: np.ndarray) -> ArticleFeatures:
        base = base_features(text, sentence_vectors, max_from=max_pooled_from(self.encoder))
        feats = with_lexicon(base, self.lexicon)
        if self.tagger is None:
            return feats
        return with_word_tags(feats, word_tagger.unit_features(self._word_scorer.sentence_scores(base.sentence_tokens)))

    @functools.cached_property
    def _word_scorer(self) -> word_tagger.WordScorer:
        """The tagger with its per-process cache of word projections (forked workers inherit
        what the parent has learned)."""
        return word_tagger.WordScorer(self.tagger)

    def paragraph_probabilities(self, feats: ArticleFeatures) -> tuple[np.ndarray, np.ndarray]:
        """(paragraph scores, sentence scores): the paragraph head mixed with the best sentence,
        blended with the n-gram head where the model has one."""
        para = self.heads["paragraph"].probabilities(feats.paragraph_matrix)
        sent = self.heads["sentence"].probabilities(feats.sentence_matrix)
        best = paragraph_maxima(sent, feats.paragraph_of, len(para))
        dense = self.mix * para + (1 - self.mix) * best
        if self.sparse is None or not self.sparse_blend:
            return dense, sent
        ngram = self.sparse.probabilities(feats.paragraph_tokens)
        return (1 - self.sparse_blend) * dense + self.sparse_blend * ngram, sent

    def predict(self, text: str, sentence_vectors: np.ndarray | None = None) -> Prediction:
        """Techniques per paragraph and per span, frames and genre of ``text``; the sentence
        embeddings are computed here unless given (in the order of ``sentence_texts``)."""
        if sentence_vectors is None:
            sentence_vectors = self.encode(sentence_texts(text)[2])
        feats = self.features(text, sentence_vectors)
        return self.predict_features(text, feats)

    def predict_features(self, text: str, feats: ArticleFeatures) -> Prediction:
        para_p, sent_p = self.paragraph_probabilities(feats)
        found = para_p >= self.paragraph_thresholds
        paragraphs_out: list[tuple[int, dict[str, float]]] = []
        spans: list[SpanPrediction] = []
        for i, paragraph in enumerate(feats.paragraphs):
            hits = {self.labels[k]: float(para_p[i, k]) for k in np.flatnonzero(found[i])}
            paragraphs_out.append((paragraph.line, hits))
            members = np.flatnonzero(feats.paragraph_of == i)
            for k in np.flatnonzero(found[i]):
                spans.extend(self._spans(text, feats, members, sent_p, k))
        if self.use_patterns:
            spans = self._add_pattern_hits(text, feats, paragraphs_out, spans)
        frames: list[tuple[str, float]] = []
        genre = None
        if len(feats.sentences):
            frame_p = self.heads["frames"].probabilities(feats.article_vector[None, :])[0]
            frames = sorted(((FRAMES[k], float(frame_p[k])) for k in np.flatnonzero(frame_p >= self.frame_thresholds)),
                            key=lambda f: (-f[1], f[0]))
            genre_p = self.heads["genre"].probabilities(feats.article_vector[None, :])[0]
            best = int(np.argmax(genre_p))
            genre = (GENRES[best], float(genre_p[best]))
        spans.sort(key=lambda s: (s.start, s.end, s.technique))
        return Prediction(paragraphs_out, spans, frames, genre, para_p)

    def _add_pattern_hits(self, text: str, feats: ArticleFeatures,
                          paragraphs_out: list[tuple[int, dict[str, float]]],
                          spans: list[SpanPrediction]) -> list[SpanPrediction]:
        """The pattern hits as spans, each also a technique of its paragraph; a hit replaces the
        model's spans of its technique that it overlaps (its span and cue are the more precise)."""
        hits = detect(text, feats.sentences)
        if not hits:
            return spans
        for hit in hits:
            for (_, found), paragraph in zip(paragraphs_out, feats.paragraphs, strict=True):
                if paragraph.start <= hit.start < paragraph.end:
                    found[hit.technique] = max(found.get(hit.technique, 0.0), hit.score)
        kept = [s for s in spans if not any(h.technique == s.technique and h.start < s.end and s.start < h.end
                                             for h in hits)]
        return kept + [SpanPrediction(h.technique, h.start, h.end, h.score, [h.cue]) for h in hits]

    def _spans(self, text: str, feats: ArticleFeatures, members: np.ndarray, sent_p: np.ndarray,
               k: int) -> list[SpanPrediction]:
        """The sentences of a paragraph that carry technique ``k``: the likeliest one, and any
        other above the sentence threshold."""
        if len(members) == 0:
            return []
        best = members[int(np.argmax(sent_p[members, k]))]
        chosen = [j for j in members if j == best or sent_p[j, k] >= self.sentence_thresholds[k]]
        out = []
        for j in chosen:
            unit = feats.sentences[j]
            cues = self.cue_spans(text, unit.start, unit.end, k)
            score = float(sent_p[j, k])
            if self.labels[k] in self.narrow and cues:
                out.extend(SpanPrediction(self.labels[k], a, b, score, [(a, b)]) for a, b in sorted(cues))
            else:
                out.append(SpanPrediction(self.labels[k], unit.start, unit.end, score, cues))
        return out

    def cue_spans(self, text: str, start: int, end: int, k: int, limit: int = 3) -> list[tuple[int, int]]:
        """Where in ``text[start:end]`` the strongest cue words of label ``k`` are."""
        tokens = words(text, start, end)
        places: dict[str, tuple[int, int]] = {}
        for a, b in zip(tokens, tokens[1:] + [None], strict=True):
            places.setdefault(a[2], (a[0], a[1]))
            if b is not None:
                places.setdefault(f"{a[2]} {b[2]}", (a[0], b[1]))
        found = [_whole_compound(text, *places[g], start, end) for g in self.lexicon.cues(k, list(places), limit)]
        return list(dict.fromkeys(found))  # two cues inside one compound are one place

    # --- files ---------------------------------------------------------------------------------
    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for name in HEADS:
            arrays.update(self.heads[name].arrays(name))
        arrays["paragraph.thresholds"] = self.paragraph_thresholds
        arrays["sentence.thresholds"] = self.sentence_thresholds
        arrays["frames.thresholds"] = self.frame_thresholds
        if self.sparse is not None:
            arrays.update(self.sparse.arrays("sparse"))
        if self.tagger is not None:
            arrays["tagger.weights"] = self.tagger
        weights_path = directory / "model.npz"
        # float16 weights keep the package small; predictions are computed in float32
        np.savez_compressed(weights_path, **{k: np.asarray(v, dtype=np.float16 if k.endswith("weights") else np.float32)
                                             for k, v in sorted(arrays.items())})
        meta = {
            "_format": MODEL_FORMAT,
            "encoder": self.encoder,
            "labels": list(self.labels),
            "frames": list(FRAMES),
            "genres": list(GENRES),
            "mix": self.mix,
            "narrow": list(self.narrow),
            "style_features": list(STYLE_FEATURES),
            **({"word_tags": list(word_tagger.TAG_FEATURES)} if self.tagger is not None else {}),
            "use_patterns": self.use_patterns,
            **({"sparse_blend": self.sparse_blend, "sparse_buckets": len(self.sparse.idf)}
               if self.sparse is not None else {}),
            "lexicon": {label: dict(sorted(table.items(), key=lambda kv: (-kv[1], kv[0])))
                        for label, table in zip(self.lexicon.labels, self.lexicon.weights, strict=True)},
            "weights_sha256": hashlib.sha256(weights_path.read_bytes()).hexdigest(),
            "card": self.card,
        }
        (directory / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: str | Path) -> TechniqueModel:
        directory = Path(directory)
        meta = _read_meta(directory)
        raw = (directory / "model.npz").read_bytes()
        if hashlib.sha256(raw).hexdigest() != meta["weights_sha256"]:
            raise ValueError(f"{directory}/model.npz does not match the checksum in model.json")
        with np.load(io.BytesIO(raw)) as arrays:
            heads = {name: LinearHead.from_arrays(arrays, name, softmax=(name == "genre")) for name in HEADS}
            thresholds = {k: np.asarray(arrays[f"{k}.thresholds"], dtype=np.float32)
                          for k in ("paragraph", "sentence", "frames")}
            sparse = SparseHead.from_arrays(arrays, "sparse") if "sparse.idf" in arrays else None
            tagger = np.asarray(arrays["tagger.weights"], dtype=np.float32) if "tagger.weights" in arrays else None
        labels = tuple(meta["labels"])
        encoder = _encoder_named(meta)
        width = unit_width(DIMENSIONS[encoder], max_pooled_from(encoder), len(labels))
        _check_features(directory, meta, heads,
                        width + (len(word_tagger.TAG_FEATURES) if tagger is not None else 0), tagger)
        lexicon = Lexicon(labels, [dict(meta["lexicon"].get(label, {})) for label in labels])
        return cls(labels, lexicon, heads, float(meta["mix"]), thresholds["paragraph"], thresholds["sentence"],
                   thresholds["frames"], tuple(meta.get("narrow", ())), meta.get("card", {}), encoder,
                   use_patterns=bool(meta.get("use_patterns", True)),  # files from before it was saved had them on
                   sparse=sparse,
                   sparse_blend=float(meta.get("sparse_blend", 0.0)),
                   tagger=tagger)


def _read_meta(directory: Path) -> dict:
    meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
    if meta.get("_format") != MODEL_FORMAT:
        raise ValueError(f"{directory}/model.json is not a {MODEL_FORMAT} file")
    return meta


def _check_features(directory: Path, meta: dict, heads: dict[str, LinearHead], width: int,
                    tagger: np.ndarray | None) -> None:
    """Refuse heads that cannot read the features this version computes (``width`` per row): a
    model from before a feature was added, or one whose style features differ in name or order
    (files from before model.json listed them are checked by width alone)."""
    retrain = "retrain it with `presslens train techniques`"
    named = meta.get("style_features")
    if named is not None and named != list(STYLE_FEATURES):
        raise ValueError(f"{directory}: trained on the style features {', '.join(named)}; this version of presslens "
                         f"computes {', '.join(STYLE_FEATURES)}: {retrain}")
    tags = meta.get("word_tags", [])
    if tagger is not None and (tags != list(word_tagger.TAG_FEATURES) or tagger.shape != word_tagger.WEIGHTS_SHAPE):
        raise ValueError(f"{directory}: its word tagger ({', '.join(tags)}; weights {tagger.shape}) "
                         f"is not the one this version of presslens runs "
                         f"({', '.join(word_tagger.TAG_FEATURES)}; {word_tagger.WEIGHTS_SHAPE}): "
                         f"{retrain}")
    for unit in ("paragraph", "sentence"):
        if heads[unit].mean.shape[0] != width:
            raise ValueError(f"{directory}: its {unit} head reads {heads[unit].mean.shape[0]} features per {unit}, "
                             f"this version of presslens computes {width}: {retrain}")


def _encoder_named(meta: dict) -> str:
    return check_encoder(meta.get("encoder", LEGACY_ENCODER))  # files from before it was named: MiniLM


def encoder_of(directory: str | Path) -> str:
    """The sentence encoder of the model in ``directory``, read from its model.json without
    loading the weights."""
    return _encoder_named(_read_meta(Path(directory)))


def _whole_compound(text: str, a: int, b: int, start: int, end: int) -> tuple[int, int]:
    """``a:b`` widened to the whole hyphenated word it is part of ("neo" of "neo-Nazi"), within
    ``start:end``: the lexicon reads words between hyphens, a reader sees the compound."""
    while a - 1 > start and text[a - 1] == "-" and text[a - 2].isalnum():
        a -= 1
        while a > start and text[a - 1].isalnum():
            a -= 1
    while b + 1 < end and text[b] == "-" and text[b + 1].isalnum():
        b += 1
        while b < end and text[b].isalnum():
            b += 1
    return a, b


SHIPPED = "models/techniques"


def shipped_directory() -> Path:
    return Path(str(resources.files("presslens.data").joinpath(SHIPPED)))


@functools.lru_cache(maxsize=1)
def shipped_model() -> TechniqueModel:
    """The model shipped with presslens, loaded once per process."""
    return TechniqueModel.load(shipped_directory())


