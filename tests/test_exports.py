"""Exports of analyses: PLOVER JSONL, GDELT-style TSV, GraphML (loads in networkx) and CSV."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import networkx as nx
from click.testing import CliRunner

from presslens.cli import main
from presslens.exports import exporters


def analysis(doc_id: str = "a1") -> dict:
    """An invented analysis record with one accusation, one negated attack, one alliance."""
    text = ("Freedonia condemned Sylvania on Monday.\n"
            "Sylvania did not attack Osterland. Osterland is an ally of Freedonia.")
    entities = [
        {"id": "e1", "name": "Freedonia", "type": "GPE", "country": "XFR", "sector": "GOV",
         "roles": [], "aliases": [], "mentions": []},
        {"id": "e2", "name": "Sylvania", "type": "GPE", "country": "XSY", "sector": None,
         "roles": [], "aliases": [], "mentions": []},
        {"id": "e3", "name": "Osterland", "type": "GPE", "country": None, "sector": None,
         "roles": [], "aliases": [], "mentions": []},
        {"id": "e4", "name": "Karl Brandt", "type": "PERSON", "country": "XFR", "sector": "GOV",
         "roles": [], "aliases": [], "mentions": []},
    ]

    def rel(rid, kind, event, source, target, start, end, negated=False, date=None, asserted_by=None, mode=None):
        names = {e["id"]: e["name"] for e in entities}
        return {"id": rid, "kind": kind, "source": source, "source_name": names[source], "target": target,
                "target_name": names[target], "plover": {"event": event, "mode": mode, "context": ["diplomatic"]},
                "negated": negated, "hedged": False, "date": date, "start": start, "end": end,
                "evidence": text[start:end], "asserted_by": asserted_by}

    return {"schema": "presslens/analysis@1",
            "document": {"id": doc_id, "title": None, "source": None, "url": "https://news.example/a1",
                         "published": "2024-05-22", "language": "en"},
            "text": text, "entities": entities, "quotes": [], "claims": [], "labels": [],
            "relations": [rel("r1", "accuses", "ACCUSE", "e1", "e2", 0, 28, date="2024-05-20", mode="disapprove"),
                          rel("r2", "attacks", "ASSAULT", "e2", "e3", 40, 73, negated=True),
                          rel("r3", "ally", None, "e3", "e1", 74, 110, asserted_by="e4")],
            "techniques": [], "paragraph_techniques": [], "frames": [], "genre": None, "dates": [], "errors": []}


def export(fmt: str, records: list[dict]) -> tuple[str, int]:
    out = io.StringIO()
    n = exporters()[fmt](iter(records), out)
    return out.getvalue(), n


def test_plover_jsonl_has_the_manuals_fields_and_keeps_negation():
    text, n = export("plover-jsonl", [analysis()])
    records = [json.loads(line) for line in text.splitlines()]
    assert n == len(records) == 2  # the alliance is a standing relation, not an event
    accusation, attack = records
    assert accusation["event"] == ["ACCUSE"] and accusation["mode"] == ["disapprove"]
    assert accusation["actor"][0]["code"] == "XFR" and accusation["actor"][0]["sector"] == "GOV"
    assert accusation["recipient"][0]["entity_text"] == "Sylvania"
    assert accusation["date"] == "2024-05-20" and accusation["quad_code"] == 3
    assert "negation" in attack["context"] and attack["negated"] and attack["date"] == "2024-05-22"


def test_gdelt_tsv_uses_gdelt_column_names_and_codes():
    text, n = export("gdelt-tsv", [analysis()])
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    header = text.splitlines()[0].split("\t")
    for column in ("Actor1Code", "Actor1Name", "Actor2Code", "EventCode", "EventRootCode", "QuadClass",
                   "IsRootEvent", "SOURCEURL", "SQLDATE"):
        assert column in header
    assert n == len(rows) == 1  # the negated attack and the standing alliance are no events
    [row] = rows
    assert row["Actor1Code"] == "XFRGOV" and row["Actor2Code"] == "XSY" and row["Actor1Name"] == "FREEDONIA"
    assert row["EventRootCode"] == "11" and row["QuadClass"] == "3"
    assert row["SQLDATE"] == "20240520" and row["IsRootEvent"] == "1"
    assert row["SOURCEURL"] == "https://news.example/a1"


def test_graphml_loads_in_networkx_and_merges_actors_across_documents(tmp_path):
    text, n = export("graphml", [analysis("a1"), analysis("a2")])
    path = tmp_path / "actors.graphml"
    path.write_text(text, encoding="utf-8")
    g = nx.read_graphml(path)
    assert n == 6 and g.number_of_edges() == 6 and g.number_of_nodes() == 3
    freedonia = next(node for node, data in g.nodes(data=True) if data["name"] == "Freedonia")
    assert g.nodes[freedonia]["code"] == "XFRGOV"
    kinds = {data["kind"] for _, _, data in g.edges(data=True)}
    assert kinds == {"accuses", "attacks", "ally"}
    assert any(data["asserted_by"] == "Karl Brandt" for _, _, data in g.edges(data=True))


def test_csv_has_one_row_per_relation_and_skips_rejections():
    rejection = {"schema": "presslens/analysis@1", "document": {"id": "bad"},
                 "error": {"code": "empty", "message": "x"}}
    text, n = export("csv", [rejection, analysis()])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert n == len(rows) == 3
    assert [r["kind"] for r in rows] == ["accuses", "attacks", "ally"]
    assert rows[1]["negated"] == "1" and rows[2]["asserted_by_name"] == "Karl Brandt"


def test_cli_export_reads_jsonl_and_reports_bad_lines(tmp_path):
    source = tmp_path / "analyses.jsonl"
    source.write_text(json.dumps(analysis()) + "\n" + json.dumps(analysis("a2")) + "\n", encoding="utf-8")
    out = tmp_path / "events.tsv"
    result = CliRunner().invoke(main, ["export", "--format", "gdelt-tsv", "-o", str(out), str(source)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(analysis()) + "\n{not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--format", "csv", str(broken)])
    assert result.exit_code != 0 and "line 2" in result.output


def test_cli_export_reads_a_corpus_store(tmp_path):
    from presslens.store import SQLiteStore
    from tests.store_corpus import word_encoder

    db = tmp_path / "corpus.db"
    store = SQLiteStore(db, claim_encoder=word_encoder)
    store.add(analysis("a1"))
    store.add(analysis("a2") | {"text": analysis()["text"] + " "})
    store.close()
    out = tmp_path / "network.graphml"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    assert {data["name"] for _, data in graph.nodes(data=True)} == {"Freedonia", "Sylvania", "Osterland"}
    assert graph.number_of_edges() == 6  # both stored articles
    assert CliRunner().invoke(main, ["export", "--format", "csv"]).exit_code == 2
    assert CliRunner().invoke(main, ["export", "--format", "csv", "--db", str(tmp_path / "none.db")]).exit_code == 2


# Characters that broke the formats: XML 1.0 forbids the controls, UTF-8 cannot carry a lone
# surrogate, and line-based readers split on any of the line breaks.
HOSTILE = "\u000b\u0001\u0000\ud800\ufffe\r\n\t\u2028\x85"


def hostile_analysis() -> dict:
    record = analysis(f"doc{HOSTILE}1")
    for entity in record["entities"]:
        entity["name"] = f"{entity['name']}{HOSTILE}x"
    for relation in record["relations"]:
        relation["id"] += HOSTILE
        relation["evidence"] = f"line one{HOSTILE}line two"
        relation["plover"]["mode"] = HOSTILE
    return record


def test_graphml_is_well_formed_xml_whatever_ids_and_names_hold(tmp_path):
    from lxml import etree

    text, n = export("graphml", [hostile_analysis()])
    etree.fromstring(text.encode("utf-8"))  # raises on anything that is not well-formed XML 1.0
    path = tmp_path / "actors.graphml"
    path.write_text(text, encoding="utf-8")
    g = nx.read_graphml(path)
    assert n == g.number_of_edges() == 3 and g.number_of_nodes() == 3
    names = {data["name"] for _, data in g.nodes(data=True)}
    assert "Freedonia\ufffd\ufffd\ufffd\ufffd\ufffd\n\t\u2028\x85x" in names


def test_tables_keep_one_record_per_line_with_every_field(tmp_path):
    tsv, n = export("gdelt-tsv", [hostile_analysis()])
    lines = tsv.encode("utf-8").decode("utf-8").splitlines()  # splits on every Unicode line break
    assert n == 1 and len(lines) == 2
    assert {len(line.split("\t")) for line in lines} == {31}
    assert "FREEDONIA \ufffd\ufffe X" in lines[1].split("\t")

    table, n = export("csv", [hostile_analysis()])
    lines = table.encode("utf-8").decode("utf-8").splitlines()
    rows = list(csv.reader(io.StringIO(table)))
    assert n == 3 and len(lines) == len(rows) == 4
    assert {len(row) for row in rows} == {21}
    assert rows[1][-1] == "line one \ufffd\ufffe line two"


def test_plover_jsonl_is_one_utf8_json_record_per_line():
    text, n = export("plover-jsonl", [hostile_analysis()])
    lines = text.encode("utf-8").decode("utf-8").splitlines()
    assert n == len(lines) == 2
    assert json.loads(lines[0])["text"] == f"line one{HOSTILE}line two".replace("\ud800", "\ufffd")


BAD_LINES = {
    "null": "null",
    "a string": '"an analysis"',
    "a number": "42",
    "a list": "[1, 2]",
    "a relation with a null kind":
        json.dumps(analysis() | {"relations": [analysis()["relations"][0] | {"kind": None}]}),
    "a relation with a numeric kind":
        json.dumps(analysis() | {"relations": [analysis()["relations"][0] | {"kind": 7}]}),
    "entities that are not objects": json.dumps(analysis() | {"entities": ["e1", 2]}),
    "a relation without its fields": json.dumps(analysis() | {"relations": [{"id": "r1"}]}),
    "no document": json.dumps({k: v for k, v in analysis().items() if k != "document"}),
    "deep nesting": "[" * 1200,
    "not JSON": "{not json",
}


def test_cli_export_reports_what_is_not_an_analysis_and_exports_the_rest(tmp_path):
    source = tmp_path / "analyses.jsonl"
    good = json.dumps(analysis()) + "\n"
    source.write_bytes((good + "\n".join(BAD_LINES.values()) + "\n").encode() + b'{"id": "caf\xe9"}\n'
                       + json.dumps(analysis("a2")).encode())
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"title": "caf\xe9"}')
    result = CliRunner().invoke(main, ["export", "--format", "csv", str(source), str(latin),
                                       str(tmp_path / "missing.jsonl"), str(tmp_path)])
    assert result.exit_code == 3, result.output
    assert isinstance(result.exception, SystemExit)  # an exit status, not an exception
    reported = result.stderr.splitlines()[:-1]
    expected = [f"{source}:{n}:" for n in range(2, 2 + len(BAD_LINES) + 1)]
    expected += [f"{latin}:", f"{tmp_path / 'missing.jsonl'}:", f"{tmp_path}:"]
    assert [line.split(" ")[2] for line in reported] == expected
    assert "records written" in result.stderr.splitlines()[-1]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["document"] for r in rows] == ["a1"] * 3 + ["a2"] * 3


def damaged_stores(tmp_path) -> dict:
    from presslens.store import SQLiteStore
    from tests.store_corpus import word_encoder

    whole = tmp_path / "whole.db"
    store = SQLiteStore(whole, claim_encoder=word_encoder)
    for i in range(200):
        store.add(analysis(f"a{i}") | {"text": analysis()["text"] + " " * i + "x" * 2000})
    store.close()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("shopping list: bread, milk\n" * 100)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    db.close()
    return {"truncated": truncated, "not SQLite": not_sqlite, "another SQLite database": other}


def test_cli_export_of_a_damaged_store_is_one_clear_error(tmp_path):
    for kind, path in damaged_stores(tmp_path).items():
        before = path.read_bytes()
        result = CliRunner().invoke(main, ["export", "--format", "graphml", "--db", str(path)])
        assert result.exit_code in (1, 2), (kind, result.output)
        assert isinstance(result.exception, SystemExit), (kind, result.exception)
        assert len(result.stderr.splitlines()) == 1 and str(path) in result.stderr, (kind, result.stderr)
        assert result.stdout == "" and path.read_bytes() == before, kind  # nothing written, nothing created
