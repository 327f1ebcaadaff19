"""One-actor events (the analysis's ``events``): a PLOVER event whose text names an actor and no
recipient, on invented sentences; the format, the exports and the PLOVER evaluation of them."""
from __future__ import annotations

import csv
import io
import json

import pytest

from presslens.document import ID_PREFIXES, Document
from presslens.evaluate.plover import GoldRecord, Party, Produced, ProducedRelation, summarize
from presslens.exports import exporters
from presslens.schema import validation_errors
from presslens.stages.relations import Relations
from tests.annotated import make_doc
from tests.test_relations import STATES


def analysed(text: str, quotes=()) -> Document:
    doc = make_doc(text, STATES, quotes)
    Relations()(doc)
    return doc


def events_of(doc: Document) -> list[tuple[str, str, bool]]:
    return [(e.plover["event"], e.source_name, e.negated) for e in doc.events]


def test_an_event_with_no_recipient_is_an_event_not_a_relation():
    doc = analysed("Freedonia mobilised 10,000 reservists on Monday.")
    assert doc.relations == []
    assert events_of(doc) == [("MOBILIZE", "Freedonia", False)]
    event = doc.events[0]
    assert event.id == "v1" and ID_PREFIXES["events"] == "v"
    assert event.kind == "mobilizes" and event.date == "2024-05-20"
    assert event.evidence == doc.text[event.start:event.end] and event.evidence.startswith("Freedonia mobilised")


def test_an_event_with_a_named_recipient_stays_a_relation_and_is_never_both():
    doc = analysed("Sylvania attacked Osterland.")
    assert [(r.kind, r.source_name, r.target_name) for r in doc.relations] == [("attacks", "Sylvania", "Osterland")]
    assert doc.events == []


def test_a_threat_and_an_apology_without_recipients():
    assert events_of(analysed("Sylvania threatened to retaliate.")) == [("THREATEN", "Sylvania", False)]
    assert events_of(analysed("Karl Brandt apologized on Tuesday.")) == [("CONCEDE", "Karl Brandt", False)]


def test_a_refusal_keeps_the_refused_act_negated_and_adds_the_rejection():
    doc = analysed("Freedonia refused to negotiate.")
    assert sorted(events_of(doc)) == [("CONSULT", "Freedonia", True), ("REJECT", "Freedonia", False)]
    assert {e.plover["event"]: e.modality for e in doc.events} == {"CONSULT": "negated", "REJECT": None}


def test_coordinated_actors_give_one_event_each():
    doc = analysed("Freedonia and Osterland mobilised their armies.")
    assert sorted(events_of(doc)) == [("MOBILIZE", "Freedonia", False), ("MOBILIZE", "Osterland", False)]


def test_an_event_in_a_quote_is_asserted_by_its_speaker():
    doc = analysed("Karl Brandt said: “Sylvania has mobilised its reserves.”",
                   quotes=[("Sylvania has mobilised its reserves.", "Karl Brandt", "direct")])
    assert [(e.source_name, e.asserted_by) for e in doc.events] == [("Sylvania", doc.entities[4].id)]


def test_an_event_without_an_actor_entity_is_nothing():
    doc = analysed("Thousands of people rallied in the capital.")
    assert doc.events == [] and doc.relations == []


def test_a_person_possessing_an_act_done_to_people_undergoes_it():
    assert analysed("Karl Brandt's arrest angered Osterland.").events == []  # Brandt was arrested
    doc = analysed("Osterland ordered Karl Brandt's extradition.")
    assert all(source != "Karl Brandt" for _, source, _ in events_of(doc))
    # a state as possessor stays the actor
    assert events_of(analysed("Freedonia's arrests of dissidents continued.")) == [("COERCE", "Freedonia", False)]


def test_the_subject_of_a_passive_does_what_its_complement_says():
    assert events_of(analysed("Freedonia is said to have mobilised 5,000 reservists.")) == [
        ("MOBILIZE", "Freedonia", False)]
    assert events_of(analysed("Sylvania was forced to withdraw its troops.")) == [("RETREAT", "Sylvania", False)]


def test_has_yet_to_is_a_negated_act_and_no_obligation():
    doc = analysed("Freedonia has yet to apologize for the raid.")
    assert events_of(doc) == [("CONCEDE", "Freedonia", True)] and doc.events[0].modality == "negated"


def test_rallying_is_a_protest_only_without_an_object():
    assert events_of(analysed("Karl Brandt rallied with supporters in the capital.")) == [
        ("PROTEST", "Karl Brandt", False)]
    assert analysed("Karl Brandt rallied support for the plan.").events == []


def test_a_demand_that_a_party_act_is_a_request_of_it_and_the_act_no_event():
    doc = analysed("Freedonia demanded that Sylvania withdraw its troops.")
    assert [(r.kind, r.source_name, r.target_name, r.plover["mode"]) for r in doc.relations] == [
        ("requests", "Freedonia", "Sylvania", "yield")]
    assert doc.events == []  # the withdrawal was asked for, not made
    urged = analysed("Osterland urged that Valdoria end the blockade.")
    assert [(r.source_name, r.target_name) for r in urged.relations] == [("Osterland", "Valdoria")]
    assert urged.events == []


def test_a_recipient_that_is_the_actor_itself_leaves_an_event():
    doc = analysed("Karl Brandt demanded that his country be consulted.")
    assert doc.relations == [] and events_of(doc) == [("REQUEST", "Karl Brandt", False)]


def test_events_are_in_the_format_and_read_back():
    doc = analysed("Freedonia mobilised 10,000 reservists on Monday.")
    record = doc.to_json()
    assert list(record).index("events") == list(record).index("relations") + 1
    assert record["events"][0]["plover"] == {"event": "MOBILIZE", "mode": "troops", "context": ["military"]}
    assert Document.from_json(record).events == doc.events
    old = {k: v for k, v in record.items() if k != "events"}  # an analysis made before events
    assert Document.from_json(old).events == []


def test_the_schema_takes_events_and_catches_a_broken_one():
    from presslens import analyze

    record = analyze("Freedonia mobilised 10,000 reservists on Monday.", id="x", published="2024-05-20").to_json()
    assert validation_errors(record) == []
    broken = json.loads(json.dumps(record))
    broken["events"] = [{"id": "v1", "kind": "attacks", "source": "e1", "source_name": "Freedonia",
                         "plover": {"event": "ATTACK", "mode": None, "context": []}, "negated": False,
                         "hedged": False, "date": None, "start": 0, "end": 9, "evidence": "Freedonia",
                         "asserted_by": None}]
    assert validation_errors(broken)


# --- exports -----------------------------------------------------------------------------------
def analysis_with_events() -> dict:
    doc = analysed("Sylvania attacked Osterland. Freedonia mobilised its army. "
                   "Osterland did not mobilise its reserves.")
    return doc.to_json()


def export(fmt: str, records: list[dict]) -> str:
    out = io.StringIO()
    exporters()[fmt](iter(records), out)
    return out.getvalue()


def test_plover_jsonl_writes_events_with_no_recipient_after_the_relations():
    record = analysis_with_events()
    lines = [json.loads(line) for line in export("plover-jsonl", [record]).splitlines()]
    assert [(r["event"], r["recipient"] == []) for r in lines] == [
        (["ASSAULT"], False), (["MOBILIZE"], True), (["MOBILIZE"], True)]
    mobilised = lines[1]
    assert mobilised["actor"][0]["entity_text"] == "Freedonia" and mobilised["id"].endswith("-v1")
    assert "negation" in lines[2]["context"] and lines[2]["negated"] is True


def test_gdelt_tsv_writes_an_event_with_the_second_actor_empty_and_leaves_negated_ones_out():
    rows = list(csv.DictReader(io.StringIO(export("gdelt-tsv", [analysis_with_events()])), delimiter="\t"))
    assert [(r["PLOVEREvent"], r["Actor1Name"], r["Actor2Name"]) for r in rows] == [
        ("ASSAULT", "SYLVANIA", "OSTERLAND"), ("MOBILIZE", "FREEDONIA", "")]
    assert rows[1]["Actor2Code"] == "" and rows[1]["EventRootCode"]


# --- the evaluation ----------------------------------------------------------------------------
def gold(event: str, source: str, target: str | None) -> GoldRecord:
    return GoldRecord("g", "Freedonia mobilised troops near Sylvania.", event, (source,),
                      (target,) if target else ())


FREEDONIA = Party("Freedonia", (), ((0, 9),))


@pytest.mark.parametrize("target, counted", [(None, True), ("Sylvania", False)])
def test_an_event_counts_only_for_a_gold_record_without_a_target(target, counted):
    produced = Produced(events=[ProducedRelation("MOBILIZE", FREEDONIA, None)])
    report = summarize([gold("MOBILIZE", "Freedonia", target)], [produced])
    assert report["type"]["found"] == report["with_source_and_target"]["found"] == int(counted)
    assert report["relations_alone"]["found"] == 0
    assert report["event_precision"] == {"right": 1, "events": 1, "rate": 1.0}
    assert report["precision"]["relations"] == 0


def test_an_event_of_another_type_or_actor_is_no_find():
    wrong_type = Produced(events=[ProducedRelation("ASSAULT", FREEDONIA, None)])
    wrong_actor = Produced(events=[ProducedRelation("MOBILIZE", Party("Sylvania"), None)])
    report = summarize([gold("MOBILIZE", "Freedonia", None)] * 2, [wrong_type, wrong_actor])
    assert report["with_source_and_target"]["found"] == 0 and report["type"]["found"] == 1
    assert report["confusion"]["MOBILIZE"] == {"ASSAULT": 1}
    assert report["event_precision"]["rate"] == 0.5


def test_a_negated_event_counts_only_for_a_negated_record():
    produced = Produced(events=[ProducedRelation("MOBILIZE", FREEDONIA, None, negated=True)])
    plain = gold("MOBILIZE", "Freedonia", None)
    negated = GoldRecord(plain.label, plain.text, plain.event, plain.sources, (), negated=True)
    report = summarize([plain, negated], [produced, produced])
    assert [d["with_actors"] for d in report["details"]] == [False, True]
    assert report["negated"]["agree"] == 1
