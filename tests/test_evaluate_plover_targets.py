"""evaluate plover: the figures split by whether the gold record names a target (invented sentences)."""
from __future__ import annotations

from presslens.evaluate.plover import GoldRecord, Party, Produced, ProducedRelation, format_report, summarize

RALLY = "Farmers rallied in Kessa against the Osterland tax."
RAID = "Sylvanian police raided the office of the Kessa Herald."


def _party(name: str, sentence: str, mention: str) -> Party:
    start = sentence.index(mention)
    return Party(name, (), ((start, start + len(mention)),))


def test_records_without_a_gold_target_are_counted_apart():
    records = [GoldRecord("rally", RALLY, "PROTEST", ("Farmers",), ()),
               GoldRecord("raid", RAID, "COERCE", ("Sylvanian police",), ("the Kessa Herald",))]
    produced = [Produced([ProducedRelation("PROTEST", _party("farmers", RALLY, "Farmers"),
                                           _party("Osterland", RALLY, "Osterland"))]),
                Produced([ProducedRelation("COERCE", _party("police", RAID, "police"),
                                           Party("Osterland"))])]
    report = summarize(records, produced)
    split = report["by_gold_target"]
    assert split["without_target"]["records"] == 1
    assert split["without_target"]["with_source_and_target"]["found"] == 1
    assert split["with_target"]["type"] == {"found": 1, "total": 1, "rate": 1.0}
    # the raid's target is the newspaper, not a state the sentence does not name
    assert split["with_target"]["with_source_and_target"]["found"] == 0
    assert "gold names no target (1)" in format_report(report)
