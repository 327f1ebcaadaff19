"""The claims ledger: claimant, status from the article's own cues, quote, warnings linked."""
from __future__ import annotations

from presslens.data import load_json
from presslens.stages.claims import STATUS_ORDER, Claims, is_clause
from tests.annotated import make_doc

ACTORS = [
    ("Freedonia", "GPE", "XFR", ["Freedonia"]),
    ("Sylvania", "GPE", "XSY", ["Sylvania"]),
    ("Karl Brandt", "PERSON", "XFR", ["Karl Brandt", "Brandt"]),
    ("Sylvanian Coast Guard", "ORG", "XSY", ["Sylvanian Coast Guard"]),
    ("Harbour Office of Sylvania", "ORG", "XSY", ["Harbour Office of Sylvania"]),
]


def claims(text: str, quotes=()):
    doc = make_doc(text, ACTORS, quotes)
    Claims()(doc)
    return doc


def test_unsupported_claim_in_reported_speech():
    text = "Karl Brandt claimed on Friday, without providing evidence, that Sylvania had poisoned the river."
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported")])
    [c] = doc.claims
    assert (c.claimant_name, c.status, c.text) == ("Karl Brandt", "unsupported", "Sylvania had poisoned the river")
    assert [cue.text for cue in c.cues] == ["without providing evidence"] and c.quote == "q1"


def test_false_claim():
    text = "Brandt angered Sylvania by claiming that the moon landing was staged – a claim widely believed to be false."
    doc = claims(text, [("the moon landing was staged", "Karl Brandt", "reported")])
    [c] = doc.claims
    assert c.status == "false" and "false" in c.cues[0].text


def test_denial_is_a_claim_of_the_denier():
    doc = claims("The Harbour Office of Sylvania on Monday denied any role in the collision.")
    [c] = doc.claims
    # a denied noun phrase keeps its verb: "any role in the collision" alone is no proposition
    assert (c.status, c.claimant_name, c.text) == ("denied", "Harbour Office of Sylvania",
                                                   "denied any role in the collision")
    assert c.cues[0].text == "denied"


def test_plain_reported_speech_is_asserted_and_a_bare_direct_quote_is_no_claim():
    text = "Brandt said that Freedonia had repaired the bridge. “We are happy,” Brandt added."
    doc = claims(text, [("Freedonia had repaired the bridge", "Karl Brandt", "reported"),
                        ("We are happy,", "Karl Brandt", "direct")])
    assert [(c.status, c.text) for c in doc.claims] == [("asserted", "Freedonia had repaired the bridge")]


def test_confirmed_and_disputed():
    doc = claims("Brandt said that Sylvania had closed the strait, which the Sylvanian Coast Guard later confirmed.",
                 [("Sylvania had closed the strait", "Karl Brandt", "reported")])
    assert doc.claims[0].status == "confirmed"


def test_warning_of_disinformation_is_linked_to_the_claim_it_anticipates():
    text = ("Karl Brandt claimed that Sylvania had poisoned the river. "
            "His claim came after the Sylvanian Coast Guard issued a warning that Freedonia was preparing "
            "a disinformation campaign.")
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported"),
                        ("Freedonia was preparing a disinformation campaign", "Sylvanian Coast Guard", "reported")])
    brandt = next(c for c in doc.claims if c.claimant_name == "Karl Brandt")
    warning = next(c for c in doc.claims if c.claimant_name == "Sylvanian Coast Guard")
    assert warning.anticipates == brandt.id and brandt.anticipates is None


def test_claim_cues_integrity():
    cues = load_json("cues/claims.json")
    assert "_format" in cues and set(cues["status"]) == set(STATUS_ORDER)
    assert all(phrase == phrase.lower() for phrases in cues["status"].values() for phrase in phrases)


def test_what_someone_cannot_say_and_confirming_a_nominee_are_no_claims():
    text = ("Karl Brandt said that Sylvania had poisoned the river. Suspiciously, Brandt can't say "
            "when the river was poisoned. Freedonia hopes for confirming the nominee this week.")
    doc = make_doc(text, ACTORS, [("Sylvania had poisoned the river", "Karl Brandt", "reported"),
                                  ("when the river was poisoned", "Karl Brandt", "reported"),
                                  ("the nominee this week", "Freedonia", "reported")])
    for quote, verb in zip(doc.quotes, ("said", "say", "confirming"), strict=True):
        start = text.index(verb)
        quote.cue = doc.span(start, start + len(verb))
    Claims()(doc)
    assert [(c.text, c.status) for c in doc.claims] == [("Sylvania had poisoned the river", "disputed")]


def test_no_claim_is_shorter_than_a_clause():
    text = ("Karl Brandt called the ferry “a floating coffin” and said that Sylvania had sunk it. "
            "Sylvania rejected claims of sabotage, which are unfounded. "
            "Brandt accused Freedonia of piracy, without providing evidence.")
    doc = claims(text, [("a floating coffin", "Karl Brandt", "partial"),
                        ("Sylvania had sunk it", "Karl Brandt", "reported")])
    assert "a floating coffin" not in [c.text for c in doc.claims]
    assert not any(c.text in ("sabotage", "piracy") for c in doc.claims)
    assert by_text(doc, "accused Freedonia of piracy").status == "unsupported"
    for claim in doc.claims:
        assert is_clause(doc, claim.start, claim.end), claim.text


def test_a_clause_has_a_verb_among_the_words_that_head_it():
    doc = claims("Sylvania said that the ferry sank near the reported wreck of the old tanker.")
    text = doc.text
    for words, clause in (("the ferry sank", True), ("the reported wreck of the old tanker", False),
                          ("Sylvania", False), ("the old tanker", False), ("sank near the reported wreck", True)):
        start = text.index(words)
        assert is_clause(doc, start, start + len(words)) is clause, words


def by_text(doc, words):
    return next(c for c in doc.claims if words in c.text)


def test_a_cited_title_and_a_byline_make_no_claim():
    text = ("Karl Brandt wrote on Monday.\nBy Anna Weiss\n"
            "“Sylvania admits it poisoned the river,” by Anna Weiss, Harbour News, May 2 (thanks to a reader): "
            "the harbour closed. "
            "[Freedonia confirms the ferry sank, by Otto Lang, Coast Times, May 3] "
            "Sylvania later confirmed that the ferry had sunk.")
    doc = claims(text)
    assert [c.text for c in doc.claims] == ["the ferry had sunk"]


def test_an_auxiliary_with_nothing_but_its_subject_is_no_clause():
    for text in ("That’s according to the harbour logs, Karl Brandt said.", "That’s the harbour's view."):
        doc = claims(text)
        assert not is_clause(doc, 0, len("That’s")), text
    doc = claims("The ferry left.")
    assert is_clause(doc, 0, len("The ferry left"))


def test_a_title_cased_first_line_is_a_headline_even_with_a_full_stop():
    text = ("Brandt Confirms Sylvania Poisoned The River.\n\n"
            "Karl Brandt said that Sylvania had poisoned the river. The weather was fine all week.")
    doc = claims(text, [("Sylvania Poisoned The River", "Karl Brandt", "reported"),
                        ("Sylvania had poisoned the river", "Karl Brandt", "reported")])
    assert [c.text for c in doc.claims] == ["Sylvania had poisoned the river"]
