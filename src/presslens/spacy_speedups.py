"""Faster stand-ins for two components of the spaCy model, giving the same annotations.

The small English model spends about a quarter of its parse in two rule components that work
token by token in Python: the attribute ruler (part of speech and morphology from the tagger's
tags, plus exceptions) and the rule lemmatizer. Each is replaced here by a component that
computes the very same values in bulk; the model's own component stays in the pipeline,
disabled, and serves what the stand-in reads from it (its rules, its way with unseen words).
A model whose components do not have the shape these stand-ins understand keeps its own.
``tests/test_parse.py`` checks that both give the model's own annotations.
"""
from __future__ import annotations

import copy
import re

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

ATTRIBUTE_RULER = "presslens_attribute_ruler"
LEMMATIZER = "presslens_lemmatizer"
# the token attributes the attribute ruler's patterns may test here, by their pattern names
_PATTERN_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
# The lemmatizers whose lemma depends on a token's text, part of speech and morphology alone
# (others read more: the Spanish one the sentence start, several cache on fewer keys).
_KEYED_LEMMATIZERS = (Lemmatizer, EnglishLemmatizer)
# Lemmas kept at most; a long-running server starts the cache afresh past it (one entry per
# word form seen, as spaCy's own vocabulary grows).
MAX_CACHED_LEMMAS = 200_000


def install(nlp: Language) -> None:
    """Swap in the stand-ins where the model's components allow it."""
    if "attribute_ruler" in nlp.pipe_names and _ruler_rules(nlp.get_pipe("attribute_ruler")) is not None:
        _swap(nlp, "attribute_ruler", ATTRIBUTE_RULER)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if type(lemmatizer) in _KEYED_LEMMATIZERS and lemmatizer.mode == "rule":
            _swap(nlp, "lemmatizer", LEMMATIZER)


# Each stand-in is made from the model it is added to (its own component, read at that moment).
@Language.factory(ATTRIBUTE_RULER)
def _make_attribute_rules(nlp: Language, name: str) -> AttributeRules:
    return AttributeRules(_ruler_rules(nlp.get_pipe("attribute_ruler")))


# Declares what spaCy's lemmatizer declares (nlp.analyze_pipes reads it); the attribute ruler declares nothing.
@Language.factory(LEMMATIZER, assigns=["token.lemma"])
def _make_lemma_cache(nlp: Language, name: str) -> LemmaCache:
    return LemmaCache(nlp.get_pipe("lemmatizer"))


def _swap(nlp: Language, original: str, name: str) -> None:
    nlp.add_pipe(name, after=original)
    nlp.disable_pipe(original)


class LemmaCache:
    """The lemmas of a spaCy rule lemmatizer, each computed once per (text, POS, morphology).

    Its lemma is a function of those three alone, but spaCy caches only some of them (not
    proper nouns, punctuation or base forms), sets each token from Python and tests candidate
    lemmas against word lists searched one by one. Unseen forms are lemmatized by a copy of the
    model's lemmatizer whose word lists are sets (they answer the same at once); the model's own
    tables stay as they are, so the model still serializes."""

    def __init__(self, lemmatizer):
        self.lemmatizer = _with_set_index(lemmatizer)
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if len(self.lemmas) > MAX_CACHED_LEMMAS:
            self.lemmas.clear()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.lemmatizer.overwrite:  # set before (the attribute ruler): kept
                continue
            found = self.lemmas.get((orth, pos, morph))
            if found is None:
                found = self.lemmas[(orth, pos, morph)] = strings.add(self.lemmatizer.rule_lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64))
        return doc


def _with_set_index(lemmatizer):
    """A copy of ``lemmatizer`` with its own tables, the lemma index's word lists as sets (the
    rules only test membership in them)."""
    clone = copy.copy(lemmatizer)
    clone.lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = clone.lookups.add_table(name)
        for key, value in lemmatizer.lookups.get_table(name).items():
            table[key] = frozenset(value) if name == "lemma_index" else value
    clone.cache = {}
    return clone


# one token of a pattern: its tests, each (attribute id, accepted values or a regular expression
# the value's text must contain, whether a match is a value NOT accepted)
_TokenTest = tuple[tuple[int, "tuple[int, ...] | re.Pattern", bool], ...]


def _ruler_rules(ruler) -> list[tuple[list[list[_TokenTest]], dict, int]] | None:
    """The ruler's rules in the order it applies them, each as (its patterns, the attributes it
    sets, which token of a match gets them); None if a pattern tests anything but equality or
    set membership of the attributes this stand-in reads."""
    strings = ruler.vocab.strings
    rules = []
    for rule, attrs, index in zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True):
        patterns = []
        for pattern in rule["patterns"]:
            tokens = []
            for token in pattern:
                tests = []
                for name, value in token.items():
                    if name not in _PATTERN_ATTRS:
                        return None
                    attr = _PATTERN_ATTRS[name]
                    negated = False
                    if isinstance(value, dict):
                        if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX"):
                            return None
                        if "REGEX" in value:
                            if attr == IS_SPACE or not isinstance(value["REGEX"], str):
                                return None
                            tests.append((attr, re.compile(value["REGEX"]), False))
                            continue
                        negated = "NOT_IN" in value
                        value = next(iter(value.values()))
                    else:
                        value = [value]
                    if attr == IS_SPACE:
                        if not all(isinstance(v, bool) for v in value):
                            return None
                        ids = tuple(sorted({int(v) for v in value}))
                    else:
                        if not all(isinstance(v, str) for v in value):
                            return None
                        ids = tuple(sorted({strings.add(v) if v else 0 for v in value}))
                    tests.append((attr, ids, negated))
                tokens.append(tuple(tests))
            patterns.append(tokens)
        if not all(-len(tokens) <= index < len(tokens) for tokens in patterns):
            return None
        rules.append((patterns, attrs, index))
    return rules


class AttributeRules:
    """The rules of a spaCy attribute ruler, matched on the document's attribute arrays at once.

    As in spaCy, every rule is matched on the document as it comes, then applied in the order
    the rules were added, each to its matches from left to right; a later rule overwrites."""

    def __init__(self, rules):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        columns = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        values = {TAG: columns[:, 0], LOWER: columns[:, 1], DEP: columns[:, 2], IS_SPACE: columns[:, 3]}
        # the mask of each token's tests, and of each single test (most are shared: one tag)
        masks: dict[_TokenTest, numpy.ndarray] = {}
        found: dict[tuple, numpy.ndarray] = {}
        targets = []
        for patterns, attrs, index in self.rules:
            starts = set()
            for tokens in patterns:
                width = len(tokens)
                if width > n:
                    continue
                hit = numpy.ones(n - width + 1, dtype=bool)
                for offset, tests in enumerate(tokens):
                    if tests not in masks:
                        masks[tests] = self._token_mask(doc, values, tests, n, found)
                    hit &= masks[tests][offset:n - width + 1 + offset]
                starts.update((int(s), width) for s in numpy.flatnonzero(hit))
            for start, width in sorted(starts):
                targets.append((start + (index if index >= 0 else width + index), attrs))
        for position, attrs in targets:
            set_token_attrs(doc[position], attrs)
        return doc

    def _token_mask(self, doc: Doc, values: dict[int, numpy.ndarray], tests: _TokenTest, n: int,
                    found: dict) -> numpy.ndarray:
        mask = numpy.ones(n, dtype=bool)
        for test in tests:
            if test not in found:
                found[test] = self._test_mask(doc, values, *test)
            mask &= found[test]
        return mask

    def _test_mask(self, doc: Doc, values: dict[int, numpy.ndarray], attr: int, accepted,
                   negated: bool) -> numpy.ndarray:
        column = values[attr]
        if isinstance(accepted, re.Pattern):  # as spaCy's REGEX: a search in the value's text
            strings = doc.vocab.strings
            accepted = tuple(v for v in numpy.unique(column).tolist() if accepted.search(strings[v]))
        if len(accepted) == 1:  # most tests: one comparison of the column
            hit = column == accepted[0]
        else:
            hit = (column[:, None] == numpy.asarray(accepted, dtype=numpy.uint64)).any(axis=1)
        return ~hit if negated else hit
