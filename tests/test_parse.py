"""The parse presslens runs is the spaCy model's own: its faster rule components
(presslens.spacy_speedups) give every token the tags, morphology and lemmas the model's
components give."""
from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG

from presslens import spacy_speedups
from presslens.nlp import load_model, resolve_model_name
from tests.invented_articles import invented_article

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
COMPARED = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD]

# forms the rule components treat specially: contractions and dialect the attribute ruler's
# exceptions rewrite ("ain't", "y'all", "nothin'"), expletive "there is", white space tokens,
# proper nouns, plural nouns and verb forms the lemmatizer's rules reduce
TRICKY = [
    "Y'all ain't seen nothin' yet, there's more coming.  \n\n  They're gone; it's over.",
    "The ministers were meeting in Paris; talks resumed after the Kremlin's spokesmen said no.",
    "\t\n  ",
    "",
    "Wolves ran faster than geese, and the mice's owners fled the burning houses.",
]


@pytest.fixture(scope="module")
def stock():
    return spacy.load(resolve_model_name())


def texts() -> list[str]:
    return [*TRICKY, (FIXTURES / "actors_article.txt").read_text(encoding="utf-8"),
            *(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))),
            *(invented_article(i) for i in range(20))]


def test_presslens_parse_gives_the_model_own_tags_morphology_and_lemmas(stock):
    ours = load_model()
    assert {spacy_speedups.ATTRIBUTE_RULER, spacy_speedups.LEMMATIZER} <= set(ours.pipe_names)
    batch = texts()
    for expected, got in zip(stock.pipe(batch), ours.pipe(batch), strict=True):
        assert numpy.array_equal(expected.to_array(COMPARED), got.to_array(COMPARED)), expected.text[:60]
        assert [str(t.morph) for t in expected] == [str(t.morph) for t in got]
        assert [t.lemma_ for t in expected] == [t.lemma_ for t in got]
        assert [(e.start, e.end, e.label_) for e in expected.ents] == [(e.start, e.end, e.label_) for e in got.ents]


def test_a_ruler_pattern_the_stand_in_cannot_read_keeps_the_model_own_ruler():
    nlp = spacy.load(resolve_model_name())
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "hello", "LENGTH": 5}]], {"LEMMA": "greeting"})
    spacy_speedups.install(nlp)
    assert "attribute_ruler" in nlp.pipe_names and spacy_speedups.ATTRIBUTE_RULER not in nlp.pipe_names
    assert nlp("hello there")[0].lemma_ == "greeting"


def test_each_model_gets_the_stand_in_of_its_own_rules():
    extended = spacy.load(resolve_model_name())
    extended.get_pipe("attribute_ruler").add([[{"LOWER": "zebra"}]], {"LEMMA": "striped-horse"})
    spacy_speedups.install(extended)
    plain = spacy.load(resolve_model_name())
    spacy_speedups.install(plain)
    assert spacy_speedups.ATTRIBUTE_RULER in extended.pipe_names and spacy_speedups.ATTRIBUTE_RULER in plain.pipe_names
    assert extended("A zebra ran.")[1].lemma_ == "striped-horse"
    assert plain("A zebra ran.")[1].lemma_ == "zebra"


def test_the_model_still_serializes_with_the_stand_ins():
    assert load_model().to_bytes()
