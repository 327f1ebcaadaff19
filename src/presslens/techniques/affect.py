"""How emotionally charged a run of words is, from VADER's valence lexicon (Hutto and Gilbert,
2014: entries rated from -4 to +4 by ten people each, 7,209 of them single words; PyPI
``vaderSentiment``, MIT licence), read from the installed package.

Why: Loaded_Language is defined by words with strong emotional implications. The learned cue
lexicon finds such words in the training spans, so it knows the words of the training stories;
VADER's words were rated apart from any story, and carry to subjects the training data lacks
(docs/benchmarks.md: 5-fold CV by topic and the held-out fifth both gain). Only the lexicon is
used, not VADER's sentence rules: the technique heads weigh the features themselves.
"""
from __future__ import annotations

import functools
import math
from importlib import resources

AFFECT_FEATURES = ("affect_max", "affect_mean", "affect_strong", "affect_negative", "affect_positive")
# |valence| from which a word counts as strongly charged: "bad" is -2.5 and "war" -2.9, while
# "good" (1.9) and "problem" (-1.7) stay below
STRONG = 2.0
_LEXICON = "vader_lexicon.txt"


@functools.lru_cache(maxsize=1)
def valence() -> dict[str, float]:
    """Word -> mean valence (-4..4), for the entries made of letters alone. Left out: emoticons,
    which the technique units' words never are, and 8 hyphenated or two-word entries ("cover-up",
    "fed up"), which a lookup of single words cannot meet."""
    text = resources.files("vaderSentiment").joinpath(_LEXICON).read_text(encoding="utf-8")
    table: dict[str, float] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0].isalpha():
            table[fields[0].lower()] = float(fields[1])
    return table


def affect_features(tokens: list[str]) -> list[float]:
    """AFFECT_FEATURES of lower-cased ``tokens``: the strongest |valence| (scaled to 0..1), the
    mean |valence| per token, the number of strongly charged words (capped at 5, scaled), and
    the strongly negative and strongly positive ones, damped by length."""
    table = valence()
    values = [table.get(t, 0.0) for t in tokens]
    damp = 1.0 / math.sqrt(len(tokens) + 1)
    return [
        max((abs(v) for v in values), default=0.0) / 4.0,
        sum(abs(v) for v in values) / max(len(tokens), 1),
        min(sum(1 for v in values if abs(v) >= STRONG), 5) / 5.0,
        sum(1 for v in values if v <= -STRONG) * damp,
        sum(1 for v in values if v >= STRONG) * damp,
    ]
