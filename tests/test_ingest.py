import io
import json

import pytest

from presslens.document import Document
from presslens.ingest import Rejection, read_inputs
from presslens.options import AnalyzeOptions

ENGLISH = ("The harbour authority said on Monday that the new crane would be delivered in spring, "
           "after months of delays caused by a shortage of steel.")


def read(tmp_path, name, content, **options):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return list(read_inputs([str(path)], AnalyzeOptions(**options)))


def rejection_code(items):
    assert len(items) == 1 and isinstance(items[0], Rejection), items
    return items[0].code


def test_a_text_file_becomes_a_document_named_after_its_stem(tmp_path):
    (doc,) = read(tmp_path, "harbour-news.txt", ENGLISH, published="2024-03-14")
    assert isinstance(doc, Document)
    assert doc.id == "harbour-news" and doc.meta.published == "2024-03-14" and doc.meta.language == "en"


def test_utf8_bom_and_utf16_are_decoded(tmp_path):
    (a,) = read(tmp_path, "a.txt", b"\xef\xbb\xbf" + ENGLISH.encode())
    (b,) = read(tmp_path, "b.txt", ENGLISH.encode("utf-16"))
    assert a.text == ENGLISH and b.text == ENGLISH


@pytest.mark.parametrize("name,content,code", [
    ("empty.txt", "", "empty"),
    ("blank.txt", " \n\t\n", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("latin1.txt", "Caf\u00e9 owners protested in the capital on Monday.".encode("latin-1"), "undecodable"),
    ("german.txt", "Der Bürgermeister hat am Montag erklärt, dass der Hafen wegen des Streiks geschlossen bleibt.",
     "not_english"),
    ("notes.pdf", ENGLISH, "unsupported_type"),
])
def test_bad_inputs_are_rejected_with_a_reason(tmp_path, name, content, code):
    items = read(tmp_path, name, content)
    assert rejection_code(items) == code
    assert items[0].message


def test_oversized_input_is_rejected_against_the_configured_limit(tmp_path):
    items = read(tmp_path, "long.txt", ENGLISH * 3, max_chars=100)
    assert rejection_code(items) == "oversized"
    assert "100" in items[0].message


def test_jsonl_reads_every_good_line_and_rejects_only_the_malformed_one(tmp_path):
    lines = [json.dumps({"id": "a", "text": ENGLISH, "published": "2024-01-02", "source": "Gazette"}),
             "{not json",
             json.dumps({"title": "no body"}),
             json.dumps({"text": ENGLISH})]
    items = read(tmp_path, "batch.jsonl", "\n".join(lines))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Rejection", "Document"]
    assert items[0].meta.published == "2024-01-02" and items[0].meta.source == "Gazette"
    assert items[1].code == "malformed_json" and "line 2" in items[1].message
    assert items[2].code == "missing_text"
    assert items[3].id == "batch-4"


def test_a_json_file_may_hold_one_record_or_a_list(tmp_path):
    (one,) = read(tmp_path, "one.json", json.dumps({"text": ENGLISH}))
    many = read(tmp_path, "many.json", json.dumps([{"text": ENGLISH}, {"text": ENGLISH, "id": "x"}]))
    assert one.id == "one" and [d.id for d in many] == ["many-1", "x"]


def test_html_gives_main_text_title_and_date(tmp_path):
    html = f"""<!DOCTYPE html><html><head><title>Crane delayed again | Harbour Times</title>
    <meta property="article:published_time" content="2024-03-12T08:00:00Z"></head>
    <body><nav>Home | Sport | Weather</nav><article><h1>Crane delayed again</h1>
    <p>{ENGLISH}</p><p>{ENGLISH.replace('crane', 'barge')}</p></article><footer>Contact us</footer></body></html>"""
    (doc,) = read(tmp_path, "crane.html", html)
    assert "shortage of steel" in doc.text and "Contact us" not in doc.text
    assert doc.meta.title.startswith("Crane delayed again")
    assert doc.meta.published == "2024-03-12"


def test_directories_are_read_recursively_in_order_skipping_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ENGLISH)
    (tmp_path / "one.txt").write_text(ENGLISH)
    (tmp_path / ".cache.txt").write_text(ENGLISH)
    items = list(read_inputs([str(tmp_path)], AnalyzeOptions()))
    assert [i.id for i in items] == ["two", "one"]


def test_standard_input_is_sniffed_for_json_lines():
    stdin = io.BytesIO((json.dumps({"text": ENGLISH}) + "\n" + json.dumps({"text": ENGLISH}) + "\n").encode())
    items = list(read_inputs(["-"], AnalyzeOptions(), stdin=stdin))
    assert [i.id for i in items] == ["stdin-1", "stdin-2"]


def test_a_missing_file_is_reported_not_raised(tmp_path):
    items = list(read_inputs([str(tmp_path / "gone.txt")], AnalyzeOptions()))
    assert rejection_code(items) == "unreadable"
