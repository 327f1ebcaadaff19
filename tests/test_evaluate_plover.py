"""evaluate plover: reading and resolving PLOVER records, matching actors, scoring, the command.

The sentences (tests/fixtures/plover-mini.jsonl) are invented; their coding is what the PLOVER
manual gives, not what presslens produces."""
from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from presslens.cli import main
from presslens.evaluate.plover import (
    GoldRecord,
    Party,
    Produced,
    ProducedRelation,
    RecordError,
    analyse_sentences,
    load_records,
    party_matches,
    read_raw_records,
    score_record,
    summarize,
)
from tests.conftest import FIXTURES

MINI = FIXTURES / "plover-mini.jsonl"
SHELLING = "Sylvanian troops shelled the Osterland town of Kessa on Tuesday."


def party(name: str, sentence: str, *mentions: str, aliases: tuple[str, ...] = ()) -> Party:
    return Party(name, aliases, tuple((sentence.index(m), sentence.index(m) + len(m)) for m in mentions))


def shelling_record(**changes) -> GoldRecord:
    record = GoldRecord(label="shelling", text=SHELLING, event="ASSAULT", sources=("Sylvanian troops",),
                        targets=("Osterland",))
    return dataclasses.replace(record, **changes)


def shelling_relation(event="ASSAULT", **changes) -> ProducedRelation:
    relation = ProducedRelation(event=event, source=party("Sylvanian forces", SHELLING, "Sylvanian troops"),
                                target=party("Osterland", SHELLING, "Osterland"))
    return dataclasses.replace(relation, **changes)


# --- actors --------------------------------------------------------------------------------------

@pytest.mark.parametrize("actor_text", ["Osterland", "the Osterland town of Kessa", "OSTERLAND", "Osterland's"])
def test_a_mention_inside_the_actor_words_matches(actor_text):
    sentence = "Sylvanian troops shelled the Osterland town of Kessa, Osterland's second city."
    assert party_matches(party("Osterland", sentence, "Osterland"), actor_text, sentence)


def test_a_mention_elsewhere_in_the_sentence_does_not_match():
    assert not party_matches(party("Osterland", SHELLING, "Osterland"), "Sylvanian troops", SHELLING)
    assert not party_matches(None, "Osterland", SHELLING)


def test_actor_words_match_whole_words_only():
    sentence = "USAid officials met US envoys."
    assert not party_matches(Party("Usaid", (), ((0, 5),)), "US", sentence)


def test_names_and_aliases_match_without_a_mention_in_place():
    sentence = "Kremlin officials met Valdorian envoys."
    russia = Party("Russia", ("Russian Federation", "Kremlin"), ())
    assert party_matches(russia, "the Kremlin", sentence)
    assert party_matches(Party("Vladimir Putin"), "Russian President Vladimir Putin", "")
    assert not party_matches(Party("Vladimir Putin"), "Valdorian envoys", sentence)


# --- scoring -------------------------------------------------------------------------------------

def test_the_right_type_source_and_target_is_counted():
    result = score_record(shelling_record(), Produced([shelling_relation()], main_event="ASSAULT"))
    assert result["type"] and result["main_event"] and result["with_actors"]


def test_a_wrong_target_is_not_counted():
    result = score_record(shelling_record(targets=("Kessa",)), Produced([shelling_relation()], main_event="ASSAULT"))
    assert result["type"] and not result["with_actors"]


def test_an_empty_gold_target_matches_any_target():
    assert score_record(shelling_record(targets=()), Produced([shelling_relation()]))["with_actors"]
    untargeted = shelling_relation(target=None)
    assert score_record(shelling_record(targets=()), Produced([untargeted]))["with_actors"]
    assert not score_record(shelling_record(), Produced([untargeted]))["with_actors"]


def test_a_negated_relation_codes_only_a_negated_record():
    produced = Produced([shelling_relation(negated=True)])
    assert not score_record(shelling_record(), produced)["type"]
    negated = score_record(shelling_record(negated=True), produced)
    assert negated["type"] and negated["with_actors"] and negated["negated"] is True
    assert score_record(shelling_record(negated=False), produced)["negated"] is False


def test_main_event_needs_a_relation_of_its_type():
    record = shelling_record()
    assert not score_record(record, Produced([], main_event="ASSAULT"))["main_event"]
    assert not score_record(record, Produced([shelling_relation()], main_event="COERCE"))["main_event"]


def test_summary_precision_per_type_confusion_and_hedging():
    records = [shelling_record(label="a", hedged=True), shelling_record(label="b", event="THREATEN"),
               shelling_record(label="c", event="COERCE")]
    produced = [Produced([shelling_relation(hedged=True), shelling_relation("COERCE")]),
                Produced([shelling_relation("SANCTION")]), Produced([])]
    report = summarize(records, produced)
    assert report["type"] == {"found": 1, "total": 3, "rate": 0.3333}
    assert report["precision"] == {"right": 1, "relations": 3, "rate": 0.3333}
    assert report["per_type"]["ASSAULT"] == {"total": 1, "type": 1, "with_source_and_target": 1}
    assert report["confusion"] == {"THREATEN": {"SANCTION": 1}, "COERCE": {"none": 1}}
    assert report["hedged"]["agree"] == 1 and report["hedged"]["gold_true_caught"] == 1
    assert report["sentences_without_relation"] == 1


# --- reading and resolving -----------------------------------------------------------------------

def test_json_lines_and_a_json_array_read_alike(tmp_path):
    lines = [json.loads(line) for line in MINI.read_text(encoding="utf-8").splitlines()]
    array = tmp_path / "mini.json"
    array.write_text(json.dumps(lines, indent=1), encoding="utf-8")
    assert [r for _, r in read_raw_records(array)] == [r for _, r in read_raw_records(MINI)] == lines
    assert load_records(array) == load_records(MINI)


def test_a_bad_line_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"event": "AGREE", "text": "x"}\n{"event": \n', encoding="utf-8")
    with pytest.raises(RecordError, match=r"bad.jsonl:2"):
        read_raw_records(path)


@pytest.mark.parametrize("record, message", [
    ({"id": "r1", "text": "Freedonia agreed.", "event": "AGRE"}, "r1: event 'AGRE'"),
    ({"id": "r2", "text": "Freedonia agreed.", "event": "AGREE", "source": [{"name": "x"}]}, "r2: every source"),
    ({"id": "r3", "event": "AGREE"}, "r3: the record has neither text nor origin"),
    ({"id": "r4", "event": "AGREE", "text": "x", "negated": "yes"}, "r4: negated"),
])
def test_malformed_records_are_named(tmp_path, record, message):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(RecordError, match=message):
        load_records(path, tmp_path)


def write_origin_records(tmp_path, *records) -> object:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_origins_resolve_against_the_data_root(tmp_path):
    root = tmp_path / "data"
    (root / "polnear" / "dev").mkdir(parents=True)
    article = "Headline\r\nFreedonia accused Valdoria of hiding weapons. Talks failed.\n"
    (root / "polnear" / "dev" / "a.txt").write_bytes(article.encode("utf-8"))
    (root / "cameo").mkdir()
    (root / "cameo" / "classes.tsv").write_bytes(b"First line.\t0\r\nOsterland shelled Kessa.\t4\r\n")
    start = article.replace("\r\n", "\n").index("Freedonia")  # offsets count a line break as one character
    path = write_origin_records(
        tmp_path,
        {"id": "p", "event": "ACCUSE", "source": [{"actorText": "Freedonia"}], "target": [],
         "origin": {"corpus": "polnear", "file": "polnear/dev/a.txt", "start": start, "end": start + 45}},
        {"id": "c", "event": "ASSAULT", "origin": {"corpus": "cameo", "file": "cameo/classes.tsv", "line": 1}},
        {"id": "t", "event": "AGREE", "text": "Sylvania agreed.",
         "origin": {"corpus": "cameo", "file": "cameo/absent.tsv", "line": 0}})
    records = load_records(path, root)
    assert [r.text for r in records] == ["Freedonia accused Valdoria of hiding weapons.", "Osterland shelled Kessa.",
                                         "Sylvania agreed."]
    assert records[0].sources == ("Freedonia",) and records[1].targets == ()


@pytest.mark.parametrize("origin, message", [
    ({"corpus": "polnear", "file": "polnear/missing.txt", "start": 0, "end": 4}, "r9: cannot read .*missing.txt"),
    ({"corpus": "polnear", "file": "a.txt", "start": 3, "end": 400}, "r9: offsets 3-400 are out of range"),
    ({"corpus": "cameo", "file": "a.txt", "line": 7}, "r9: line 7 is out of range"),
    ({"corpus": "newswire", "file": "a.txt", "start": 0, "end": 4}, "r9: origin corpus 'newswire'"),
])
def test_unresolvable_origins_are_named(tmp_path, origin, message):
    (tmp_path / "a.txt").write_text("Freedonia agreed.\n", encoding="utf-8")
    path = write_origin_records(tmp_path, {"id": "r9", "event": "AGREE", "origin": origin})
    with pytest.raises(RecordError, match=message):
        load_records(path, tmp_path)


def test_the_command_names_a_record_it_cannot_resolve(tmp_path):
    path = write_origin_records(tmp_path, {"id": "r9", "event": "AGREE", "origin": {
        "corpus": "polnear", "file": "polnear/missing.txt", "start": 0, "end": 4}})
    result = CliRunner().invoke(main, ["evaluate", "plover", str(path), "--shared-data", str(tmp_path)])
    assert result.exit_code == 2 and "r9: cannot read" in result.output


# --- the analysis, end to end on the fixture ------------------------------------------------------

@pytest.fixture(scope="module")
def mini():
    records = load_records(MINI)
    return records, analyse_sentences([r.text for r in records])


def test_an_assault_with_its_actors_is_counted_and_a_wrong_target_is_not(mini):
    records, produced = mini
    shelling = records[0]
    assert shelling.text == SHELLING and shelling.label == "mini-01"
    assert score_record(shelling, produced[0])["with_actors"]
    wrong_target = score_record(dataclasses.replace(shelling, targets=("Sylvanian troops",)), produced[0])
    assert wrong_target["type"] and not wrong_target["with_actors"]


def test_a_denial_is_found_as_a_negated_event(mini):
    records, produced = mini
    [denial] = [i for i, r in enumerate(records) if r.negated]
    result = score_record(records[denial], produced[denial])
    assert result["type"] and result["negated"] is True


def test_the_report_figures_nest(mini):
    records, produced = mini
    report = summarize(records, produced, file=str(MINI))
    assert report["records"] == len(records) == 21
    assert report["type"]["found"] >= report["main_event"]["found"] >= 1
    assert report["type"]["found"] >= report["with_source_and_target"]["found"] >= 1
    assert sum(row["total"] for row in report["per_type"].values()) == 21
    assert all(any(not d["type"] for d in report["details"] if d["event"] == event) for event in report["confusion"])
    json.dumps(report)
