"""Exports of analyses: PLOVER JSONL, GDELT-style TSV, GraphML (loads in networkx) and CSV."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
from click.testing import CliRunner

from presslens.cli import main
from presslens.exports import exporters


def analysis(doc_id: str = "a1") -> dict:
    """An invented analysis record with one accusation, one negated attack, one alliance."""
    text = "Freedonia condemned Sylvania on Monday.\nSylvania did not attack Osterland. Osterland is an ally of Freedonia."
    entities = [
        {"id": "e1", "name": "Freedonia", "type": "GPE", "country": "XFR", "sector": "GOV", "roles": [], "aliases": [], "mentions": []},
        {"id": "e2", "name": "Sylvania", "type": "GPE", "country": "XSY", "sector": None, "roles": [], "aliases": [], "mentions": []},
        {"id": "e3", "name": "Osterland", "type": "GPE", "country": None, "sector": None, "roles": [], "aliases": [], "mentions": []},
        {"id": "e4", "name": "Karl Brandt", "type": "PERSON", "country": "XFR", "sector": "GOV", "roles": [], "aliases": [], "mentions": []},
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
    rejection = {"schema": "presslens/analysis@1", "document": {"id": "bad"}, "error": {"code": "empty", "message": "x"}}
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
