"""Features of paragraphs, sentences and whole articles for the technique, frame and genre heads.

Everything rests on one batch of sentence embeddings per article (the model's frozen encoder, see
presslens.techniques.encoders): a paragraph is read as the mean of its sentences' averages (and the
maximum of their maxima where the encoder max-pools), an article as the mean of all averages, so
the encoder runs once per sentence. A few lexical features add what an embedding of
one sentence cannot see: repetition across the article, exclamations and questions, first- and
second-person address, shouting, how emotionally charged the words are (presslens.techniques.affect),
and the learned cue lexicon of each technique.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from presslens.techniques.affect import AFFECT_FEATURES, affect_features
from presslens.techniques.units import Paragraph, Unit, paragraph_maxima, paragraphs, words

STOPWORDS = frozenset("""a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours
yourself yourselves said says say one two new""".split())

_ADDRESS = frozenset({"we", "our", "us", "you", "your", "i", "my", "me"})
_QUOTE_MARKS = re.compile(r"[\"“”«»]")
_SHOUT = re.compile(r"\b[A-Z]{3,}\b")
STYLE_FEATURES = ("log_chars", "sentences", "exclamation", "question", "quoted", "address", "shouting",
                  "repeated_words", "repeated_bigrams", "is_title", "position") + AFFECT_FEATURES


# Log-odds a lexicon entry needs to be shown as a cue (e^2: about 7 times likelier inside the
# technique's spans than in running text); weaker entries still count as features.
CUE_MIN_WEIGHT = 2.0


@dataclass
class Lexicon:
    """Per technique, the words and word pairs that are over-represented inside its gold spans,
    with their log-odds weights (learned from the training spans; see training.learn_lexicon)."""

    labels: tuple[str, ...]
    weights: list[dict[str, float]]

    def __post_init__(self) -> None:
        # gram -> [(label index, weight)]: one lookup per gram instead of one per label
        self._index: dict[str, list[tuple[int, float]]] = {}
        for i, table in enumerate(self.weights):
            for gram, weight in table.items():
                self._index.setdefault(gram, []).append((i, weight))

    def scores(self, tokens: list[str]) -> np.ndarray:
        """Per label: the sum of cue weights in ``tokens`` (unigrams and bigrams), damped by
        length, and the strongest single cue."""
        n = len(self.labels)
        out = np.zeros(2 * n, dtype=np.float32)
        if not tokens:
            return out
        damp = 1.0 / math.sqrt(len(tokens) + 1)
        for gram in tokens + [f"{a} {b}" for a, b in pairwise(tokens)]:
            for i, weight in self._index.get(gram, ()):
                out[i] += weight * damp
                out[n + i] = max(out[n + i], weight)
        return out

    def cues(self, label_index: int, grams: list[str], limit: int = 3) -> list[str]:
        """The strongest cues of one label among ``grams``, strongest first, without repeats;
        only words at least CUE_MIN_WEIGHT over-represented count as an explanation."""
        table = self.weights[label_index]
        ranked = sorted({g for g in grams if table.get(g, 0.0) >= CUE_MIN_WEIGHT}, key=lambda g: (-table[g], g))
        chosen: list[str] = []
        for gram in ranked:
            if not any(gram in c or c in gram for c in chosen):
                chosen.append(gram)
            if len(chosen) == limit:
                break
        return chosen


@dataclass
class ArticleFeatures:
    paragraphs: list[Paragraph]
    sentences: list[Unit]
    sentence_vectors: np.ndarray   # (n_sentences, encoder width): the encoder's vectors
    paragraph_of: np.ndarray       # index of each sentence's paragraph
    paragraph_matrix: np.ndarray   # (n_paragraphs, paragraph feature width)
    sentence_matrix: np.ndarray    # (n_sentences, sentence feature width)
    article_vector: np.ndarray     # (article feature width,)
    paragraph_tokens: list[list[str]] | None = None  # lower-cased words of each paragraph


def sentence_texts(text: str) -> tuple[list[Paragraph], list[Unit], list[str]]:
    paras = paragraphs(text)
    units = [s for p in paras for s in p.sentences]
    return paras, units, [text[s.start:s.end] for s in units]


def _style(text: str, unit: Unit, tokens: list[str], article_counts: Counter, bigram_counts: Counter,
           line_index: int, n_lines: int, n_sentences: int) -> list[float]:
    piece = text[unit.start:unit.end]
    content = [t for t in tokens if t not in STOPWORDS and len(t) > 2]
    own = Counter(content)
    repeated = sum(1 for t in content if article_counts[t] - own[t] > 0 or own[t] > 1)
    bigrams = [f"{a} {b}" for a, b in pairwise(tokens) if a not in STOPWORDS or b not in STOPWORDS]
    repeated_bigrams = sum(1 for b in bigrams if bigram_counts[b] > 1)
    n = max(len(tokens), 1)
    return [
        math.log1p(len(piece)) / 8.0,
        min(n_sentences, 10) / 10.0,
        float("!" in piece),
        float("?" in piece),
        float(bool(_QUOTE_MARKS.search(piece))),
        sum(1 for t in tokens if t in _ADDRESS) / n,
        min(len(_SHOUT.findall(piece)), 5) / 5.0,
        repeated / max(len(content), 1),
        min(repeated_bigrams, 5) / 5.0,
        float(line_index == 0),
        line_index / max(n_lines - 1, 1),
        *affect_features(tokens),
    ]


@dataclass
class BaseFeatures:
    """What does not depend on the cue lexicon, computed once per article."""

    features: ArticleFeatures
    paragraph_tokens: list[list[str]]
    sentence_tokens: list[list[str]]


def base_features(text: str, sentence_vectors: np.ndarray, paras: list[Paragraph] | None = None,
                  max_from: int | None = None) -> BaseFeatures:
    """``max_from``: the column where the sentence vectors' max-pooled part begins (None: they are
    averages throughout). Averages are averaged over a paragraph or article, maxima maximised."""
    if paras is None:
        paras = paragraphs(text)
    units = [s for p in paras for s in p.sentences]
    if sentence_vectors.ndim != 2:  # no sentences, given as a flat empty array
        sentence_vectors = sentence_vectors.reshape(0, 0)
    width = sentence_vectors.shape[1]
    dim = width if max_from is None else max_from  # the width of the averages
    means, maxima = sentence_vectors[:, :dim], sentence_vectors[:, dim:]
    paragraph_of = np.array([i for i, p in enumerate(paras) for _ in p.sentences], dtype=np.int64)
    article_mean = _unit(means.mean(axis=0)) if len(units) else np.zeros(dim, np.float32)

    para_tokens = [[w for _, _, w in words(text, p.start, p.end)] for p in paras]
    sent_tokens = [[w for _, _, w in words(text, s.start, s.end)] for s in units]
    article_counts = Counter(t for toks in para_tokens for t in toks if t not in STOPWORDS and len(t) > 2)
    bigram_counts: Counter = Counter()
    for toks in para_tokens:
        bigram_counts.update({f"{a} {b}" for a, b in pairwise(toks) if a not in STOPWORDS or b not in STOPWORDS})

    p_rows, para_means = [], []
    for i, p in enumerate(paras):
        members = paragraph_of == i
        if members.any():
            mean, peak = _unit(means[members].mean(axis=0)), maxima[members].max(axis=0)
        else:
            mean, peak = np.zeros(dim, np.float32), np.zeros(width - dim, np.float32)
        para_means.append(mean)
        style = _style(text, p, para_tokens[i], article_counts, bigram_counts, i, len(paras), len(p.sentences))
        p_rows.append(np.concatenate([mean, article_mean, peak, np.asarray(style, np.float32)]))
    s_rows = []
    for j, s in enumerate(units):
        i = paragraph_of[j]
        style = _style(text, s, sent_tokens[j], article_counts, bigram_counts, i, len(paras), 1)
        s_rows.append(np.concatenate([means[j], para_means[i], maxima[j], np.asarray(style, np.float32)]))
    row_width = unit_width(width, max_from, 0)
    feats = ArticleFeatures(
        paragraphs=paras, sentences=units, sentence_vectors=sentence_vectors, paragraph_of=paragraph_of,
        paragraph_matrix=np.stack(p_rows).astype(np.float32) if p_rows else np.zeros((0, row_width), np.float32),
        sentence_matrix=np.stack(s_rows).astype(np.float32) if s_rows else np.zeros((0, row_width), np.float32),
        article_vector=np.concatenate([article_mean, _article_style(text, paras, para_tokens)]).astype(np.float32),
        paragraph_tokens=para_tokens,
    )
    return BaseFeatures(feats, para_tokens, sent_tokens)


def unit_width(width: int, max_from: int | None, n_labels: int) -> int:
    """Features per paragraph or sentence row, for sentence vectors of ``width`` (``max_from``:
    see base_features) and a cue lexicon of ``n_labels`` techniques (0: none): own averages,
    the surrounding averages, own maxima, STYLE_FEATURES, then two lexicon scores per label."""
    return (width if max_from is None else max_from) + width + len(STYLE_FEATURES) + 2 * n_labels


def with_lexicon(base: BaseFeatures, lexicon: Lexicon | None) -> ArticleFeatures:
    """The base features with the cue-lexicon scores of each paragraph and sentence appended."""
    feats = base.features
    if lexicon is None:
        return feats
    width = 2 * len(lexicon.labels)
    p_lex = (np.stack([lexicon.scores(t) for t in base.paragraph_tokens]) if base.paragraph_tokens
             else np.zeros((0, width), np.float32))
    s_lex = (np.stack([lexicon.scores(t) for t in base.sentence_tokens]) if base.sentence_tokens
             else np.zeros((0, width), np.float32))
    return _with_columns(feats, p_lex, s_lex)


def with_word_tags(feats: ArticleFeatures, sentence_tags: np.ndarray) -> ArticleFeatures:
    """``feats`` with the word tagger's features of each sentence (presslens.techniques.word_tagger)
    appended to the sentence rows, and their maximum over each paragraph to the paragraph rows."""
    return _with_columns(feats, paragraph_maxima(sentence_tags, feats.paragraph_of, len(feats.paragraphs)),
                         sentence_tags)


def _with_columns(feats: ArticleFeatures, paragraph_columns: np.ndarray,
                  sentence_columns: np.ndarray) -> ArticleFeatures:
    """``feats`` with columns appended to its paragraph and its sentence rows."""
    return ArticleFeatures(feats.paragraphs, feats.sentences, feats.sentence_vectors, feats.paragraph_of,
                           np.concatenate([feats.paragraph_matrix, paragraph_columns], axis=1),
                           np.concatenate([feats.sentence_matrix, sentence_columns], axis=1), feats.article_vector,
                           feats.paragraph_tokens)


ARTICLE_STYLE_FEATURES = ("log_chars", "quoted_share", "address", "exclamation", "question", "title_question")


def _article_style(text: str, paras: list[Paragraph], para_tokens: list[list[str]]) -> np.ndarray:
    """Genre cues: how much is quoted, how much the writer addresses the reader, exclaims, asks."""
    n_tokens = max(sum(len(t) for t in para_tokens), 1)
    n_paras = max(len(paras), 1)
    title = text[paras[0].start:paras[0].end] if paras else ""
    return np.array([
        math.log1p(len(text)) / 10.0,
        sum(1 for p in paras if _QUOTE_MARKS.search(text[p.start:p.end])) / n_paras,
        sum(1 for toks in para_tokens for t in toks if t in _ADDRESS) / n_tokens * 10,
        sum(text.count("!", p.start, p.end) for p in paras) / n_paras,
        sum(text.count("?", p.start, p.end) for p in paras) / n_paras,
        float("?" in title),
    ], dtype=np.float32)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm > 0 else vector.astype(np.float32)
