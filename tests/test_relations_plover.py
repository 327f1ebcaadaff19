"""Relations read the way PLOVER coders read news sentences (issue 21): unnamed actors, the event
lexicon's coverage of every type and mode, the event chosen among several, and modality. Invented
sentences only, run through the standard pipeline (actors, quotes, relations)."""
from __future__ import annotations

import pytest

from tests.relation_checks import relation_of


# --- unnamed actors coded by sector ---------------------------------------------------------------
@pytest.mark.parametrize("text, kind, source, target, sector", [
    ("Federal officers arrested twelve smugglers near the Sylvanian border.", "coerces", "officers", "suspects", "COP"),
    ("Border agents detained dozens of migrants at the crossing.", "coerces", "officers", "refugees", "COP"),
    ("A terrorist stabbed three locals outside the station in Freedonia.", "attacks", "militants", "civilians", "REB"),
    ("A grand jury convicted the smugglers in March.", "sanctions", "courts", "suspects", "JUD"),
    ("The senator praised the farmers for their patience.", "supports", "lawmakers", "farmers", "LEG"),
])
def test_unnamed_groups_are_coded_actors(analyse, text, kind, source, target, sector):
    doc = analyse(text)
    relation = relation_of(doc, kind, source, target)
    assert doc.entity(relation.source).sector == sector


# --- the lexicon: every PLOVER type with its modes, from the manual's definitions -----------------
@pytest.mark.parametrize("text, kind, source, target, mode", [
    ("Norway extended an invitation to Chile's president.", "agrees", "Norway", "Chile", None),
    ("Norway has stuck by Chile throughout the dispute.", "supports", "Norway", "Chile", None),
    ("Norway dropped its lawsuit against Chile on Monday.", "concedes", "Norway", "Chile", None),
    ("Norway approved the extradition of a banker to Chile.", "cooperates", "Norway", "Chile", None),
    ("Norway trains Chilean pilots at a base near Oslo.", "aids", "Norway", "Chilean", None),
    ("Norway granted asylum to a Chilean dissident.", "aids", "Norway", "Chilean dissidents", None),
    ("Norway removed its troops from Chile in May.", "retreats", "Norway", "Chile", "withdraw"),
    ("Norway gave Chile access to its ports.", "retreats", "Norway", "Chile", "access"),
    ("The court ordered Norway to pay the fine.", "requests", "courts", "Norway", "change"),
    ("Norway lashed out at Chile over the fishing quotas.", "accuses", "Norway", "Chile", "disapprove"),
    ("Norway held Chile responsible for the spill.", "accuses", "Norway", "Chile", "allege"),
    ("Norway banned Chilean officials from entering the country.", "rejects", "Norway", "Chile", None),
    ("The Norwegian government fired Officer Lars Moen on Monday.", "sanctions", "Norway", "Lars Moen", "expel"),
    ("A court in Oslo convicted Lars Moen of fraud.", "sanctions", "courts", "Lars Moen", "convict"),
    ("Norway ended its trade deal with Chile.", "sanctions", "Norway", "Chile", "discontinue"),
    ("Hundreds of farmers marched against the Chilean government.", "protests", "farmers", "Chile", "demo"),
    ("Norway stationed riot police against Chilean protesters.", "mobilizes", "Norway", "Chilean protesters", "police"),
    ("Norway cracked down on Chilean activists in its capital.", "coerces", "Norway", "Chilean activists", "restrict"),
    ("Border guards apprehended the migrants near Oslo.", "coerces", "police", "refugees", "arrest"),
    ("A gunman stabbed two Norwegian officials in Santiago.", "attacks", "gunmen", "Norway", "primitive"),
    ("Chilean soldiers opened fire on Norwegian protesters.", "attacks", "Chilean forces", "Norwegian protesters",
     "firearms"),
])
def test_lexicon_covers_the_types_and_modes(analyse, text, kind, source, target, mode):
    relation = relation_of(analyse(text), kind, source, target)
    assert relation.plover["mode"] == mode


def test_a_person_protesting_a_decision_complains_a_crowd_protests(analyse):
    complaint = relation_of(analyse("The mayor of Oslo protested the Chilean decision on fishing."), "accuses")
    assert complaint.plover["mode"] == "disapprove"
    crowd = analyse("Hundreds of students protested the Chilean decision on fishing.")
    assert not [r for r in crowd.relations if r.kind == "accuses"]


def test_fired_weapons_are_no_dismissal(analyse):
    doc = analyse("Chilean soldiers fired rockets at Norway.")
    assert not [r for r in doc.relations if r.kind == "sanctions"]
    relation_of(doc, "attacks", target="Norway")


# --- modality: conditions, questions, denials, declarations -------------------------------------
def test_a_condition_is_no_fact_and_its_consequence_a_threat(analyse):
    doc = analyse("Peru will impose sanctions on Norway if Norway attacks Chile.")
    invasion = relation_of(doc, "attacks", "Norway", "Chile")
    assert invasion.hedged and invasion.modality == "conditional" and not invasion.negated
    threat = relation_of(doc, "threatens", "Peru", "Norway")
    assert threat.plover["mode"] == "relations" and threat.modality == "conditional" and not threat.hedged
    assert not [r for r in doc.relations if r.kind == "sanctions"]


def test_a_conditional_offer_is_an_agreement(analyse):
    doc = analyse("Norway will send aid to Chile if the rebels agree to a truce.")
    assert relation_of(doc, "agrees", "Norway", "Chile").modality == "conditional"
    assert not [r for r in doc.relations if r.kind == "aids"]


def test_a_question_is_hedged(analyse):
    relation = relation_of(analyse("Has Norway bombed Chile?"), "attacks", "Norway", "Chile")
    assert relation.hedged and relation.modality == "question"


def test_an_investigated_act_is_an_open_question(analyse):
    doc = analyse("Prosecutors are looking into whether Norway attacked Chile.")
    assert relation_of(doc, "attacks", "Norway", "Chile").modality == "question"


def test_denied_and_negated_acts_say_so(analyse):
    denied = relation_of(analyse("Norway denied that it attacked Chile."), "attacks", "Norway", "Chile")
    assert denied.negated and denied.modality == "denied"
    negated = relation_of(analyse("Norway did not attack Chile."), "attacks", "Norway", "Chile")
    assert negated.negated and negated.modality == "negated"


def test_a_promise_is_told_as_fact_and_a_possibility_as_hypothetical(analyse):
    promise = relation_of(analyse("Norway will send aid to Chile next month."), "agrees", "Norway", "Chile")
    assert promise.modality is None and not promise.hedged
    maybe = relation_of(analyse("Norway could attack Chile."), "attacks", "Norway", "Chile")
    assert maybe.hedged and maybe.modality == "hypothetical"
    fact = relation_of(analyse("Norway attacked Chile on Monday."), "attacks", "Norway", "Chile")
    assert fact.modality is None and not fact.hedged


def test_a_declared_ceasefire_is_a_concession(analyse):
    doc = analyse("Norway announced a unilateral ceasefire with Chile.")
    relation_of(doc, "concedes", "Norway", "Chile")
    assert not [r for r in doc.relations if r.kind == "retreats"]


def test_a_refusal_beside_a_negated_act_is_a_fact(analyse):
    doc = analyse("Norway refused to release the Chilean prisoners.")
    refusal = relation_of(doc, "rejects", "Norway")
    assert refusal.modality is None and not refusal.negated
