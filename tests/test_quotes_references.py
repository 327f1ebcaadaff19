"""Who a quote's speaker words refer to on news (issue 20): a bare surname two people share, a
name a photo credit runs into, role nouns standing for a person named earlier, pronouns that
never stand for a place. The sentences are invented."""
from __future__ import annotations

from presslens.document import Document
from tests.quote_checks import quote_with


def entity_at(doc: Document, words: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(words, start + 1)
    return doc.entity_at(start, start + len(words))


# --- a bare surname two people share --------------------------------------------------------------

def test_a_shared_surname_stays_with_the_person_the_story_follows(quote_stages):
    doc = quote_stages("Former mayor Peter Novak said the bridge would be rebuilt.\n"
                  "Novak spoke to reporters in Lyon on Monday.\n"
                  "Novak later thanked his wife, Anna Novak, and their two sons.\n"
                  "Novak told the host that the vote had been fair. \u201cI dealt with it years ago,\u201d "
                  "he said.")
    assert entity_at(doc, "Novak told").name == "Peter Novak"
    assert quote_with(doc, "dealt with it").speaker_name == "Peter Novak"


def test_a_shared_surname_goes_to_the_other_person_when_she_is_the_subject(quote_stages):
    doc = quote_stages("Former mayor Peter Novak said the bridge would be rebuilt.\n"
                  "Novak spoke to reporters in Lyon on Monday.\n"
                  "Anna Novak, his wife, said on Tuesday that she would run for the council.\n"
                  "Novak added that the campaign would start in May.")
    assert entity_at(doc, "Novak added").name == "Anna Novak"


# --- a photo credit run into a name ---------------------------------------------------------------

def test_a_photo_credit_before_a_name_is_not_part_of_it(quote_stages):
    doc = quote_stages("Peter Novak said the bridge would be rebuilt.\n"
                  "Reuters Novak waves to supporters in Lyon\n"
                  "Novak told reporters that the vote had been fair.")
    assert entity_at(doc, "Reuters").name == "Reuters"
    assert entity_at(doc, "Novak waves").name == "Peter Novak"


# --- role nouns with no name ----------------------------------------------------------------------

def test_a_role_noun_is_the_person_named_with_that_role_before(quote_stages):
    doc = quote_stages("Defence Minister Peter Novak visited the port of Lyon on Monday.\n"
                  "The mayor, Anna Berg, met him at the docks.\n"
                  "The minister said the new ships would arrive in May.\n"
                  "\u201cWe will not leave the coast unguarded,\u201d the minister said.")
    assert quote_with(doc, "ships would arrive").speaker_name == "Peter Novak"
    quote = quote_with(doc, "coast unguarded")
    assert quote.speaker_name == "Peter Novak" and quote.speaker_via == "role noun"


def test_a_title_written_before_a_name_stands_for_that_person(quote_stages):
    doc = quote_stages("Pope Leo met the bishops of Chile in Rome on Monday.\n"
                  "Peter Novak, a priest from Lyon, was also there.\n"
                  "The Pope later apologised to the victims. \u201cWe failed them,\u201d he said.")
    assert quote_with(doc, "We failed them").speaker_name == "Pope Leo"


def test_a_role_noun_nobody_holds_stays_unlinked(quote_stages):
    doc = quote_stages("Peter Novak visited the port of Lyon on Monday.\n"
                  "The minister said the new ships would arrive in May.")
    assert quote_with(doc, "ships would arrive").speaker is None


def test_a_plural_role_noun_is_the_two_people_named_together(quote_stages):
    doc = quote_stages("Council Leader Anna Berg and Party Leader Peter Novak released a joint letter on Friday.\n"
                  "The opposition leaders said the budget hid a deficit.\n"
                  "\u201cThe people deserve the truth,\u201d they said.")
    assert quote_with(doc, "budget hid a deficit").speaker_name == "Anna Berg"
    assert quote_with(doc, "deserve the truth").speaker_name == "Anna Berg"


# --- pronouns never stand for a place the model took for a person ---------------------------------

def test_a_pronoun_skips_a_place_read_as_a_person(quote_stages):
    doc = quote_stages("Peter Novak visited the region on Monday.\n"
                  "He said Mbarako, a city of a million people, had only one hospital.\n"
                  "Mbarako\u2019s river port was closed on Tuesday.\n"
                  "\u201cThis changes everything for the region,\u201d he said.")
    assert quote_with(doc, "changes everything").speaker_name == "Peter Novak"


def test_a_person_with_a_city_office_in_apposition_is_still_a_person(quote_stages):
    doc = quote_stages("Sergeant Okafor, a city councillor, spoke in Lyon on Monday.\n"
                  "\u201cThe bridge must be rebuilt,\u201d he said.")
    assert quote_with(doc, "bridge must be rebuilt").speaker_name == "Okafor"


def test_a_paragraphs_first_name_hung_on_the_paragraph_before_is_its_subject():
    """The parser sometimes joins a paragraph to an unpunctuated line before it and hangs the
    paragraph's opening name on a word there; that name is still who the paragraph is about."""
    import spacy
    from spacy.tokens import Doc

    from presslens.stages.actor_pronouns import mention_role

    words = ["Sign", "up", "here", "\n", "Novak", ",", "the", "archbishop", ",", "said", "it", "."]
    spaces = [True, True, False, False, False, True, True, False, True, True, False, False]
    heads = [9, 0, 0, 2, 2, 4, 7, 4, 4, 9, 9, 9]  # "Novak" in apposition to "here"
    deps = ["nsubj", "prt", "advmod", "dep", "appos", "punct", "det", "appos", "punct", "ROOT", "dobj", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps)
    assert mention_role(doc[4]) == "main subject"
    assert mention_role(doc[10]) == "other"
