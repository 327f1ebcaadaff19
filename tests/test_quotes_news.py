"""Quotes on news written by many outlets (issue 20): who a pronoun after a quote is, role nouns,
quote marks over several paragraphs, reported speech in the shapes wire copy uses. The sentences
are invented."""
from __future__ import annotations

import pytest

from presslens.document import Document, Metadata
from presslens.stages.actors import Actors
from presslens.stages.quotes import Quotes


@pytest.fixture(scope="module")
def analyze():
    """The stages quotes need (parse, actors), run on a text."""
    from presslens.nlp import load_model

    nlp = load_model()

    def run(text: str) -> Document:
        doc = Document(text, Metadata(id="fixture", published="2024-03-15"))
        doc.parse = nlp(text)
        Actors()(doc)
        Quotes()(doc)
        return doc

    return run


def quote_with(doc: Document, words: str):
    found = [q for q in doc.quotes if words in q.text]
    assert found, f"no quote holds {words!r}: {[(q.kind, q.text) for q in doc.quotes]}"
    return found[0]


def speaker_of(doc: Document, words: str) -> str | None:
    return quote_with(doc, words).speaker_name


# --- a pronoun after a quote is the current speaker ----------------------------------------------

@pytest.mark.parametrize("text, words, speaker", [
    # the subject of the main clause, not the subject of the clause it reports
    ("Peter Novak said that Tom Hale had misled the council.\n"
     "\u201cThis is a disaster for the town,\u201d he said.", "disaster for the town", "Peter Novak"),
    # a linked pronoun carries its person to the next paragraph; "Like X, he" is not X
    ("Peter Novak spoke to reporters in Lyon on Monday.\n"
     "Like Tom Hale, he said the budget was flawed.\n"
     "\u201cIt will not survive the winter,\u201d he said.", "survive the winter", "Peter Novak"),
    ("Peter Novak spoke to reporters in Lyon on Monday. In a letter to Tom Hale, he said: "
     "\u201cThe port must stay open all year.\u201d", "port must stay open", "Peter Novak"),
    # mixed straight and curly marks pair per quote, so "he added" stands outside both
    ("\"The vote was fair and the count was clean,\u201d Peter Novak said.\n"
     "\u201cWe will go on with the reform next year,\" he added.\n"
     "Anna Berg, his deputy, agreed. \u201cIt is over,\u201d she said.", "go on with the reform", "Peter Novak"),
])
def test_a_pronoun_after_a_quote_is_the_current_speaker(analyze, text, words, speaker):
    assert speaker_of(analyze(text), words) == speaker


def test_a_speaker_pronoun_is_nobody_in_what_it_reports(analyze):
    doc = analyze("Peter Novak met the press in Lyon on Monday.\n"
                  "Tom Hale was hurt in the blast at the depot, he said.")
    assert speaker_of(doc, "hurt in the blast") == "Peter Novak"
