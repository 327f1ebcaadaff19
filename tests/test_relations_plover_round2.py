"""Relations read the way PLOVER coders read news sentences, round 2 of issue 21: words and
multiword expressions of the manual's definitions, and where coders find the arguments.
Invented sentences only, run through the standard pipeline (actors, quotes, relations)."""
from __future__ import annotations

import pytest

from tests.relation_checks import relation_of


# --- the manual's words: every type's verbs, nouns and multiword expressions ---------------------
@pytest.mark.parametrize("text, kind, source, target, mode", [
    ("Norway lauded Chile for its restraint.", "supports", "Norway", "Chile", None),
    ("Norway reinstated the Chilean ambassador on Friday.", "concedes", "Norway", "Chile", None),
    ("Norway asked Chile for forgiveness over the spill.", "concedes", "Norway", "Chile", None),
    ("Norway ceded the islands to Chile in 1902.", "retreats", "Norway", "Chile", "withdraw"),
    ("Norway implored Chile to release the fishermen.", "requests", "Norway", "Chile", "yield"),
    ("Norway denigrated Chile in a long speech.", "accuses", "Norway", "Chile", "disapprove"),
    ("Norway declined Chile's offer of talks.", "rejects", "Norway", "Chile", "change"),
    ("Norway searched the Chilean embassy on Monday.", "coerces", "Norway", "Chilean", "seize"),
    ("Norway revoked the visas of Chilean diplomats.", "coerces", "Norway", "Chile", "restrict"),
    ("Norway shut down Chilean news websites last year.", "coerces", "Norway", "Chilean", "censor"),
    ("Norway has tightened the screws on Chilean exporters.", "coerces", "Norway", "Chilean", "restrict"),
    ("Norway lent $200 million to Chile in March.", "aids", "Norway", "Chile", None),
    ("The shooting of two Chilean fishermen by Norwegian guards shocked Peru.", "attacks", "Norwegian",
     "Chilean", "firearms"),
])
def test_round_two_lexicon(analyse, text, kind, source, target, mode):
    relation = relation_of(analyse(text), kind, source, target)
    assert relation.plover["mode"] == mode


def test_lending_support_is_no_loan(analyse):
    doc = analyse("Norway lent its support to Chile.")
    assert not [r for r in doc.relations if r.kind == "aids"]
    relation_of(doc, "supports", "Norway", "Chile")


def test_shutting_down_a_factory_is_no_censorship(analyse):
    doc = analyse("Norway shut down a Chilean factory near Oslo.")
    assert not [r for r in doc.relations if r.kind == "coerces"]


# --- arguments where coders find them -------------------------------------------------------------
def test_a_role_stands_for_the_name_in_apposition(analyse):
    doc = analyse("The committee's chairman, Ann Berg, praised Chile for its restraint.")
    relation_of(doc, "supports", "Ann Berg", "Chile")


def test_a_possessor_the_parser_left_beside_the_noun(analyse):
    doc = analyse("Norway announced Olsen’s ouster on Tuesday.")
    relation_of(doc, "sanctions", "Norway", "Olsen")


def test_an_act_noun_stands_for_its_author(analyse):
    doc = analyse("Peru hailed Norway's ruling on fishing.")
    relation_of(doc, "supports", "Peru", "Norway")


def test_an_authority_reporting_an_agentless_passive_is_its_actor(analyse):
    doc = analyse("Two Chilean fishermen have been banned from entering Norway, the Norwegian Foreign Ministry said.")
    relation_of(doc, "rejects", "Ministry of Foreign Affairs of Norway", "Chilean")


def test_a_reporter_is_no_attacker(analyse):
    doc = analyse("Two Chilean fishermen were shot near the harbour, the Norwegian police said.")
    assert not [r for r in doc.relations if r.kind == "attacks"]


def test_a_person_reporting_a_passive_is_not_its_actor(analyse):
    doc = analyse("Two Chilean fishermen have been banned from entering Norway, Ann Berg said.")
    assert not [r for r in doc.relations if r.kind == "rejects"]


# --- the announced act is the event ---------------------------------------------------------------
def test_an_agreed_loan_is_one_agreement_with_the_borrower(analyse):
    doc = analyse("Norway agreed to lend $1 billion to Chile.")
    assert [r.kind for r in doc.relations] == ["agrees"]
    relation_of(doc, "agrees", "Norway", "Chile")


def test_an_agreed_concession_is_a_concession_beside_the_agreement(analyse):
    # the manual codes the concession, CAMEO the intent: both are kept
    doc = analyse("Norway agreed to lift its ban on Chilean salmon.")
    relation_of(doc, "concedes", "Norway")
    relation_of(doc, "agrees", "Norway")


def test_a_threatened_attack_is_one_threat(analyse):
    doc = analyse("Norway threatened to shell Chilean positions near the border.")
    assert [r.kind for r in doc.relations] == ["threatens"]
