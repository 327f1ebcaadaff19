"""Who a quote's speaker words refer to on news (issue 20): a bare surname two people share, a
name a photo credit runs into, role nouns standing for a person named earlier, pronouns that
never stand for a place. The sentences are invented."""
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


def entity_at(doc: Document, words: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(words, start + 1)
    return doc.entity_at(start, start + len(words))


# --- a bare surname two people share --------------------------------------------------------------

def test_a_shared_surname_stays_with_the_person_the_story_follows(analyze):
    doc = analyze("Former mayor Peter Novak said the bridge would be rebuilt.\n"
                  "Novak spoke to reporters in Lyon on Monday.\n"
                  "Novak later thanked his wife, Anna Novak, and their two sons.\n"
                  "Novak told the host that the vote had been fair. \u201cI dealt with it years ago,\u201d "
                  "he said.")
    assert entity_at(doc, "Novak told").name == "Peter Novak"
    assert quote_with(doc, "dealt with it").speaker_name == "Peter Novak"


def test_a_shared_surname_goes_to_the_other_person_when_she_is_the_subject(analyze):
    doc = analyze("Former mayor Peter Novak said the bridge would be rebuilt.\n"
                  "Novak spoke to reporters in Lyon on Monday.\n"
                  "Anna Novak, his wife, said on Tuesday that she would run for the council.\n"
                  "Novak added that the campaign would start in May.")
    assert entity_at(doc, "Novak added").name == "Anna Novak"


# --- a photo credit run into a name ---------------------------------------------------------------

def test_a_photo_credit_before_a_name_is_not_part_of_it(analyze):
    doc = analyze("Peter Novak said the bridge would be rebuilt.\n"
                  "Reuters Novak waves to supporters in Lyon\n"
                  "Novak told reporters that the vote had been fair.")
    assert entity_at(doc, "Reuters").name == "Reuters"
    assert entity_at(doc, "Novak waves").name == "Peter Novak"
