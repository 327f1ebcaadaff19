"""Properties of the exports for analyses holding any Unicode in their names, ids and texts: GraphML
is well-formed XML that networkx reads back as written, the tables keep one record per line with
every field, JSON lines stay one record a line, and no record, valid or not, makes an export raise."""
from __future__ import annotations

import copy
import csv
import io
import json

import networkx as nx
from hypothesis import given, settings, strategies as st
from lxml import etree

from presslens.exports import FORMATS, exporters
from presslens.exports.graphml import graph
from presslens.exports.reading import Skipped, checked
from tests.test_exports import analysis

# Any code point, lone surrogates and controls included, with the ones that broke the formats
# (XML-forbidden controls, line breaks, tab) drawn often.
BREAKERS = "\u0000\u0001\u000b\u000c\t\r\n\x1c\x85\u2028\u2029\ud800\udfff\ufffe\uffff "
TEXT = st.one_of(st.text(st.characters(exclude_categories=()), max_size=12),
                 st.text(st.sampled_from(BREAKERS + "ab"), max_size=12))
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                    max_leaves=8)
SETTINGS = settings(max_examples=150, deadline=None)


def free_text_paths(record: dict) -> list[tuple]:
    """Where an analysis holds text the format leaves free (names, ids, evidence, metadata), as
    opposed to codes it constrains (relation kinds, PLOVER events, countries, dates)."""
    paths: list[tuple] = [("document", key) for key in ("id", "title", "source", "url")] + [("text",)]
    for n in range(len(record["entities"])):
        paths += [("entities", n, key) for key in ("id", "name", "type", "sector")]
    for n in range(len(record["relations"])):
        paths += [("relations", n, key) for key in ("id", "source", "target", "source_name", "target_name",
                                                     "evidence", "asserted_by")]
        paths += [("relations", n, "plover", "mode"), ("relations", n, "plover", "context", 0)]
    return paths


def every_path(value, prefix: tuple = ()) -> list[tuple]:
    paths = [prefix]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        paths += every_path(child, prefix + (key,))
    return paths


def replaced(record: dict, path: tuple, value) -> dict:
    if not path:
        return value
    record = copy.deepcopy(record)
    parent = record
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return record


@st.composite
def analyses(draw) -> list[dict]:
    """Two valid analyses whose free text is drawn from all of Unicode."""
    records = []
    for doc_id in ("a1", "a2"):
        record = analysis(doc_id)
        for path in draw(st.lists(st.sampled_from(free_text_paths(record)), max_size=12, unique=True)):
            record = replaced(record, path, draw(TEXT.filter(bool) if path == ("document", "id") else TEXT))
        records.append(record)
    return records


@st.composite
def anything_like_analyses(draw) -> list:
    """Analyses with any one value anywhere replaced by any JSON value: mostly not analyses."""
    records = draw(analyses())
    record = records[0]
    return [replaced(record, draw(st.sampled_from(every_path(record))), draw(JSON)), records[1]]


def export(fmt: str, records: list[dict]) -> tuple[str, int]:
    out = io.StringIO()
    n = exporters()[fmt](iter(records), out)
    return out.getvalue(), n


@SETTINGS
@given(analyses())
def test_any_text_is_exported_as_it_is_valid(records):
    assert all(isinstance(checked(record, "test"), dict) for record in records)


@SETTINGS
@given(analyses())
def test_graphml_is_xml_that_networkx_reads_back_as_written(records):
    text, _ = export("graphml", records)
    etree.fromstring(text.encode("utf-8"))
    read = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    written = graph(records)
    assert dict(read.nodes(data=True)) == dict(written.nodes(data=True))
    assert edges(read) == edges(written)


def edges(g) -> list:
    return sorted((u, v, key, sorted(data.items())) for u, v, key, data in g.edges(keys=True, data=True))


@SETTINGS
@given(analyses())
def test_gdelt_tsv_has_one_line_per_row_and_every_field(records):
    text, n = export("gdelt-tsv", records)
    lines = text.encode("utf-8").decode("utf-8").splitlines()  # every Unicode line break splits
    assert len(lines) == n + 1
    assert {len(line.split("\t")) for line in lines} == {len(lines[0].split("\t"))}


@SETTINGS
@given(analyses())
def test_csv_has_one_line_per_row_and_every_field(records):
    text, n = export("csv", records)
    rows = list(csv.reader(io.StringIO(text)))
    assert len(text.encode("utf-8").decode("utf-8").splitlines()) == len(rows) == n + 1
    assert {len(row) for row in rows} == {len(rows[0])}


@SETTINGS
@given(analyses())
def test_plover_jsonl_has_one_json_record_per_line(records):
    text, n = export("plover-jsonl", records)
    lines = text.encode("utf-8").decode("utf-8").splitlines()
    assert len(lines) == n and all(isinstance(json.loads(line), dict) for line in lines)


@SETTINGS
@given(anything_like_analyses())
def test_no_record_makes_an_export_raise(records):
    exportable = [r for r in (checked(record, "test") for record in records) if not isinstance(r, Skipped)]
    assert exportable[-1] == records[1]  # the untouched record always gets through
    for fmt in FORMATS:
        text, _ = export(fmt, exportable)
        text.encode("utf-8")  # strict: nothing UTF-8 cannot carry
