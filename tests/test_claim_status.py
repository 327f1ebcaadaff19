"""Qualified claims: denials after the claim, evidence cues, the article's own verdict, third-party
dispute, confirmation, claims made through nouns, and scope (invented sentences only)."""
from __future__ import annotations

from presslens.stages.claim_status import CUE_RE, CUE_STATUS, STATUS_PRECEDENCE
from tests.test_claims import claims


def by_text(doc, words):
    return next(c for c in doc.claims if words in c.text)


def test_a_denial_in_the_next_sentence_qualifies_the_claim_before_it_and_names_who_rejects_it():
    text = "Karl Brandt said that Sylvania had poisoned the river. Sylvania denied the allegations."
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported")])
    claim = by_text(doc, "poisoned the river")
    assert (claim.status, claim.claimant_name) == ("denied", "Karl Brandt")
    assert doc.entity(claim.rejected_by).name == "Sylvania"
    assert "denied" in [cue.text for cue in claim.cues]


def test_a_charge_rejected_in_a_relative_clause_is_denied():
    text = "Karl Brandt said that the Sylvanian Coast Guard had sunk the ferry, a charge that Sylvania has rejected."
    doc = claims(text, [("the Sylvanian Coast Guard had sunk the ferry", "Karl Brandt", "reported")])
    claim = by_text(doc, "sunk the ferry")
    assert claim.status == "denied" and doc.entity(claim.rejected_by).name == "Sylvania"


def test_there_is_no_evidence_in_the_article_voice_is_its_verdict_that_the_claim_is_false():
    doc = claims("There is no evidence that Sylvania has built a secret canal.")
    claim = by_text(doc, "Sylvania has built a secret canal")
    assert claim.status == "false"


def test_no_evidence_in_a_speaker_s_words_is_that_speaker_s_dispute():
    text = "Karl Brandt said there was no evidence that Sylvania had closed the strait."
    doc = claims(text, [("there was no evidence that Sylvania had closed the strait", "Karl Brandt", "reported")])
    [claim] = [c for c in doc.claims if c.text == "Sylvania had closed the strait"]
    assert claim.status == "disputed" and doc.entity(claim.rejected_by).name == "Karl Brandt"


def test_a_claim_noun_makes_its_clause_a_claim_of_its_owner():
    doc = claims("Sylvania's allegation that Freedonia had mined the harbour remains unsubstantiated.")
    claim = by_text(doc, "Freedonia had mined the harbour")
    assert (claim.status, claim.claimant_name) == ("unsupported", "Sylvania")


def test_confirmation_and_a_declined_confirmation():
    doc = claims("The Harbour Office of Sylvania confirmed that the ferry had left at noon.")
    assert by_text(doc, "the ferry had left at noon").status == "confirmed"
    doc = claims("Karl Brandt said that the ferry had left at noon, which Sylvania declined to confirm.",
                 [("the ferry had left at noon", "Karl Brandt", "reported")])
    assert by_text(doc, "the ferry had left at noon").status == "asserted"


def test_no_doubt_is_no_dispute():
    doc = claims("Karl Brandt said, with no doubt in his voice, that Sylvania had closed the strait.",
                 [("Sylvania had closed the strait", "Karl Brandt", "reported")])
    assert by_text(doc, "closed the strait").status == "asserted"


def test_a_verdict_opening_the_next_sentence_qualifies_the_claim_before():
    text = "Karl Brandt said that Sylvania had poisoned the river. But that was not true."
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported")])
    assert by_text(doc, "poisoned the river").status == "false"


def test_a_claim_qualified_in_several_ways_carries_each_status():
    text = ("Karl Brandt claimed, without providing evidence, that Sylvania had poisoned the river. "
            "Sylvania denied the allegations.")
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported")])
    claim = by_text(doc, "poisoned the river")
    assert claim.statuses == ["denied", "unsupported"] and claim.status == "denied"


def test_a_cue_qualifies_the_nearest_claim_of_its_sentence_not_every_claim():
    text = ("Karl Brandt said that Sylvania had closed the strait, and Freedonia said that the ferry had "
            "sunk, which nobody has verified.")
    doc = claims(text, [("Sylvania had closed the strait", "Karl Brandt", "reported"),
                        ("the ferry had sunk", "Freedonia", "reported")])
    assert by_text(doc, "closed the strait").status == "asserted"
    assert by_text(doc, "the ferry had sunk").status != "asserted"


def test_an_unrelated_plain_sentence_leaves_claims_asserted():
    text = "Karl Brandt said that Sylvania had closed the strait. The weather was fine all week."
    doc = claims(text, [("Sylvania had closed the strait", "Karl Brandt", "reported")])
    assert [(c.status, c.statuses, c.rejected_by) for c in doc.claims] == [("asserted", [], None)]


def test_every_cue_has_one_known_status():
    assert set(CUE_STATUS.values()) <= set(STATUS_PRECEDENCE)


def test_a_denial_sentences_later_qualifies_the_first_claim_about_the_one_who_denies():
    text = ("Sylvania said that Karl Brandt had sunk the ferry in March. "
            "Sylvania said that Brandt had fled the port at night. "
            "The weather was fine all week. The harbour stayed closed. "
            "Brandt denied the allegations.")
    doc = claims(text, [("Karl Brandt had sunk the ferry in March", "Sylvania", "reported"),
                        ("Brandt had fled the port at night", "Sylvania", "reported")])
    first, second = by_text(doc, "sunk the ferry"), by_text(doc, "fled the port")
    assert first.status == "denied" and doc.entity(first.rejected_by).name == "Karl Brandt"
    assert second.status == "asserted"


def test_contesting_someone_s_claims_qualifies_each_of_the_claims_they_just_made():
    text = ("Freedonia said that the ferry had left at noon. "
            "Karl Brandt said that the strait was open. Brandt said that the harbour had no guards. "
            "Sylvania contested Brandt's claims.")
    doc = claims(text, [("the ferry had left at noon", "Freedonia", "reported"),
                        ("the strait was open", "Karl Brandt", "reported"),
                        ("the harbour had no guards", "Karl Brandt", "reported")])
    assert by_text(doc, "the strait was open").status == "disputed"
    assert by_text(doc, "the harbour had no guards").status == "disputed"
    assert by_text(doc, "the ferry had left at noon").status == "asserted"


def test_maintaining_one_s_innocence_denies_the_claim_about_oneself():
    text = ("Sylvania said that Karl Brandt had poisoned the river. The river was closed for a week. "
            "Freedonia still backs Brandt, who maintains his innocence.")
    doc = claims(text, [("Karl Brandt had poisoned the river", "Sylvania", "reported")])
    claim = by_text(doc, "poisoned the river")
    assert claim.status == "denied" and doc.entity(claim.rejected_by).name == "Karl Brandt"


def test_a_first_person_denial_in_a_quote_is_the_speaker_s():
    text = ("Sylvania said that Karl Brandt had poisoned the river. The river was closed for a week. "
            "“I deny this allegation,” Brandt said.")
    doc = claims(text, [("Karl Brandt had poisoned the river", "Sylvania", "reported"),
                        ("I deny this allegation,", "Karl Brandt", "direct")])
    claim = by_text(doc, "poisoned the river")
    assert claim.status == "denied" and doc.entity(claim.rejected_by).name == "Karl Brandt"


def test_the_headline_makes_no_claim_and_qualifies_none():
    text = ("Brandt confirms Sylvania poisoned the river\n"
            "Karl Brandt said that Sylvania had poisoned the river. The weather was fine all week.")
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported")])
    assert [(c.status, c.text) for c in doc.claims] == [("asserted", "Sylvania had poisoned the river")]


def test_a_denial_repeating_an_earlier_claim_qualifies_its_first_statement():
    text = ("Sylvania said that Karl Brandt had poisoned the river. The river was closed for a week. "
            "Brandt admitted the trip but denied that he had poisoned the river.")
    doc = claims(text, [("Karl Brandt had poisoned the river", "Sylvania", "reported")])
    first = by_text(doc, "Karl Brandt had poisoned the river")
    assert first.status == "denied" and doc.entity(first.rejected_by).name == "Karl Brandt"
    assert [c.text for c in doc.claims] == [first.text]


def test_a_negated_rejection_rejects_nothing():
    text = "Sylvania said that Karl Brandt had poisoned the river. Brandt did not deny the allegations."
    doc = claims(text, [("Karl Brandt had poisoned the river", "Sylvania", "reported")])
    assert by_text(doc, "poisoned the river").status == "asserted"


def test_an_opening_verdict_reaches_past_a_sentence_without_a_claim():
    text = ("Karl Brandt said that Sylvania had poisoned the river. Other papers echoed this. "
            "But it wasn't true.")
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported")])
    assert by_text(doc, "poisoned the river").status == "false"
    text = ("Karl Brandt said that Sylvania had poisoned the river. Other papers echoed this. "
            "The weather was fine. But it wasn't true.")
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported")])
    assert by_text(doc, "poisoned the river").status == "asserted"



def test_missing_evidence_after_two_claims_of_one_speaker_qualifies_both():
    text = ("Karl Brandt said that Sylvania had poisoned the river and accused its navy of hiding the barrels, "
            "without providing evidence.")
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported"),
                        ("accused its navy of hiding the barrels", "Karl Brandt", "reported")])
    assert by_text(doc, "poisoned the river").status == "unsupported"
    assert by_text(doc, "hiding the barrels").status == "unsupported"


def test_a_dispute_of_a_claim_noun_s_clause_disputes_that_clause_as_its_owner_s_claim():
    doc = claims("Karl Brandt mocked Sylvania's claims that Freedonia had poisoned the river.")
    claim = by_text(doc, "Freedonia had poisoned the river")
    assert (claim.status, claim.claimant_name) == ("disputed", "Sylvania")
    assert doc.entity(claim.rejected_by).name == "Karl Brandt"


def test_questioning_whether_something_happened_disputes_it_and_questioning_a_person_does_not():
    doc = claims("Sylvania questioned whether the ferry had left the port. Freedonia questioned the captain.")
    assert [(c.text, c.status) for c in doc.claims] == [("the ferry had left the port", "disputed")]


def test_the_lexicon_reads_the_common_forms_of_each_status():
    for sentence, status in (
            ("Karl Brandt said that Sylvania had poisoned the river, which fact-checkers found to be a hoax.", "false"),
            ("Karl Brandt said, without offering any evidence, that Sylvania had poisoned the river.", "unsupported"),
            ("Karl Brandt said that Sylvania had poisoned the river, a claim Reuters could not independently "
             "verify.", "unsupported"),
            ("Karl Brandt said that Sylvania had poisoned the river, which is at odds with the harbour logs.",
             "disputed"),
            ("Karl Brandt said that Sylvania had poisoned the river, a claim borne out by the harbour logs.",
             "confirmed")):
        doc = claims(sentence, [("Sylvania had poisoned the river", "Karl Brandt", "reported")])
        assert by_text(doc, "poisoned the river").status == status, sentence


def test_a_speaker_s_verdict_word_is_no_verdict_on_their_own_claim():
    text = "Karl Brandt said that Sylvania had poisoned the river and that the harbour logs were inaccurate."
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported"),
                        ("the harbour logs were inaccurate", "Karl Brandt", "reported")])
    assert by_text(doc, "poisoned the river").status == "asserted"


def test_a_verdict_said_of_an_anaphoric_claim_noun_qualifies_the_claim_it_names():
    text = ("Karl Brandt said that Sylvania had poisoned the river. The weather was fine all week. "
            "These allegations remain unsubstantiated.")
    doc = claims(text, [("Sylvania had poisoned the river", "Karl Brandt", "reported")])
    assert by_text(doc, "poisoned the river").status == "unsupported"


def test_agreeing_with_someone_s_statement_confirms_their_claim():
    text = ("Sylvania said that the ferry had left at noon. "
            "On Friday, Karl Brandt agreed with Sylvania's statement.")
    doc = claims(text, [("the ferry had left at noon", "Sylvania", "reported")])
    assert by_text(doc, "the ferry had left at noon").status == "confirmed"


def test_denying_a_role_is_a_denied_claim_and_denying_someone_entry_is_none():
    doc = claims("Sylvania denied any involvement in the collision. Freedonia denied Karl Brandt entry.")
    assert [(c.text, c.status) for c in doc.claims] == [("denied any involvement in the collision", "denied")]


def test_a_verdict_in_the_quote_of_the_one_the_claim_is_about_is_a_denial():
    text = ("Sylvania said that Karl Brandt had poisoned the river. "
            "“There is no evidence for that,” Brandt said.")
    doc = claims(text, [("Karl Brandt had poisoned the river", "Sylvania", "reported"),
                        ("There is no evidence for that,", "Karl Brandt", "direct")])
    claim = by_text(doc, "poisoned the river")
    assert claim.status == "denied" and doc.entity(claim.rejected_by).name == "Karl Brandt"


def test_a_claim_noun_s_content_can_follow_its_copula_and_a_verdict_on_the_idea_reaches_it():
    text = ("The first account was that the ferry had left at noon. "
            "How can anyone hold those two contradictory ideas?")
    doc = claims(text)
    assert by_text(doc, "the ferry had left at noon").status == "disputed"


def test_a_finding_is_a_claim_of_the_one_who_finds_and_can_be_qualified():
    doc = claims("The Harbour Office of Sylvania found that the ferry had left at noon, without providing evidence.")
    claim = by_text(doc, "the ferry had left at noon")
    assert (claim.claimant_name, claim.status) == ("Harbour Office of Sylvania", "unsupported")


def test_the_cue_expression_finds_the_longest_cue_as_the_phrase_list_does():
    text = "It was debunked, and it has been debunked; no evidence, no evidence was provided. Undebunked."
    found = [m.group(1) for m in CUE_RE.finditer(text)]
    assert found == ["was debunked", "has been debunked", "no evidence", "no evidence was provided"]
