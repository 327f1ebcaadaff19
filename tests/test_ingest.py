import io
import json
import os

import pytest

from presslens.document import Document
from presslens.errors import InputRejected
from presslens.ingest import Rejection, read_inputs
from presslens.options import AnalyzeOptions

ENGLISH = ("The harbour authority said on Monday that the new crane would be delivered in spring, "
           "after months of delays caused by a shortage of steel.")


def read(tmp_path, name, content, **options):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return list(read_inputs([str(path)], AnalyzeOptions(**options)))


def ident(item):
    return item.id if isinstance(item, Document) else item.meta.id


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


DEEP_LINES = ["[" * 1200, '{"a":' * 1200 + "1" + "}" * 1200, "[" * 100_000]


@pytest.mark.parametrize("deep", DEEP_LINES, ids=["open-lists", "nested-objects", "100k-lists"])
def test_a_deeply_nested_line_is_rejected_and_the_other_lines_are_read(tmp_path, deep):
    lines = [json.dumps({"id": "first", "text": ENGLISH}), deep, json.dumps({"id": "last", "text": ENGLISH})]
    items = read(tmp_path, "batch.jsonl", "\n".join(lines))
    assert [ident(i) for i in items] == ["first", "batch-2", "last"]
    assert isinstance(items[0], Document) and isinstance(items[2], Document)
    assert items[1].code == "json_too_deep" and "deeper than 100 levels" in items[1].message


@pytest.mark.parametrize("deep", DEEP_LINES, ids=["open-lists", "nested-objects", "100k-lists"])
def test_a_deeply_nested_json_file_or_standard_input_is_one_rejection(tmp_path, deep):
    assert rejection_code(read(tmp_path, "deep.json", deep)) == "json_too_deep"
    stdin = list(read_inputs(["-"], AnalyzeOptions(), stdin=io.BytesIO(deep.encode())))
    assert rejection_code(stdin) == "json_too_deep"


def test_nesting_inside_strings_does_not_count(tmp_path):
    (doc,) = read(tmp_path, "brackets.json", json.dumps({"text": ENGLISH + " [" * 300, "title": "{" * 300}))
    assert isinstance(doc, Document) and doc.meta.title == "{" * 300


def test_a_number_too_long_to_convert_is_rejected_for_its_line_only(tmp_path):
    lines = [json.dumps({"text": ENGLISH, "id": 1}), '{"text": "x", "id": ' + "9" * 5000 + "}"]
    items = read(tmp_path, "numbers.jsonl", "\n".join(lines))
    assert isinstance(items[0], Document) and items[0].id == "1"
    assert items[1].code == "json_number_too_long" and "digits" in items[1].message


def test_an_empty_record_file_or_list_is_reported(tmp_path):
    assert rejection_code(read(tmp_path, "none.jsonl", "\n \n")) == "empty"
    assert rejection_code(read(tmp_path, "none.json", " [ ] ")) == "no_records"


def test_json_lines_split_only_at_newlines(tmp_path):
    # U+2028 may stand unescaped inside a JSON string; it does not end a JSON line
    (doc,) = read(tmp_path, "separator.jsonl", json.dumps({"text": ENGLISH + "\u2028" + ENGLISH}, ensure_ascii=False))
    assert isinstance(doc, Document) and "\u2028" in doc.text


def test_an_unpaired_surrogate_in_a_record_never_reaches_the_output(tmp_path):
    lines = ['{"text": "' + ENGLISH + '\\ud800"}', '{"text": "' + ENGLISH + '", "title": "T\\udc00"}']
    text_bad, title_bad = read(tmp_path, "surrogates.jsonl", "\n".join(lines))
    assert text_bad.code == "undecodable"
    assert isinstance(title_bad, Document) and title_bad.meta.title == "T\ufffd"
    assert json.dumps(text_bad.to_json(), ensure_ascii=False).encode("utf-8")


def test_oversized_input_too_long_to_count_says_how_much_was_read(tmp_path):
    items = read(tmp_path, "long.txt", ENGLISH * 3, max_chars=100)
    assert rejection_code(items) == "oversized"
    assert items[0].message.startswith("the input has more than 404 bytes, more than the limit of 100 characters")


def test_oversized_input_gives_its_size_in_characters(tmp_path):
    items = read(tmp_path, "accents.txt", "é" * 150, max_chars=100)
    assert rejection_code(items) == "oversized" and "150 characters" in items[0].message


@pytest.mark.parametrize("published,expected", [
    ("2023-02-01", "2023-02-01"),
    ("2023-02-01T10:00:00Z", "2023-02-01"),
    ("2023-02-01T23:30:00-05:00", "2023-02-01"),
    ("2023-02-01 10:00", "2023-02-01"),
])
def test_iso_dates_and_timestamps_are_accepted(published, expected):
    assert AnalyzeOptions(published=published).published == expected


@pytest.mark.parametrize("published", ["2023-99-99", "2023-02-01xyz", "2023-02-30", "2023-02-01T25:00", "last tuesday"])
def test_impossible_dates_are_rejected(tmp_path, published):
    with pytest.raises(InputRejected) as raised:
        AnalyzeOptions(published=published)
    assert raised.value.code.value == "invalid_date"
    items = read(tmp_path, "dated.jsonl", json.dumps({"text": ENGLISH, "published": published}))
    assert rejection_code(items) == "invalid_date" and repr(published) in items[0].message


def test_a_line_too_long_to_read_is_rejected_and_the_next_one_read(tmp_path):
    # max_chars=1 bounds a JSON line at 12 bytes plus 1 MiB for its metadata
    lines = [json.dumps({"text": "x" * ((1 << 20) + 100)}), json.dumps({"text": "Crane."})]
    too_long, short = read(tmp_path, "long-lines.jsonl", "\n".join(lines), max_chars=1)
    assert too_long.code == "oversized" and "more than 1,048,588 bytes" in too_long.message
    assert short.code == "oversized" and "6 characters" in short.message


def test_large_json_lines_on_standard_input_are_read_a_line_at_a_time():
    lines = [json.dumps({"id": f"n{n}", "text": "Crane delayed."}) for n in range(50)]
    stdin = io.BytesIO(("\n".join(lines) + "\n").encode())
    items = list(read_inputs(["-"], AnalyzeOptions(max_chars=20), stdin=stdin))
    assert [ident(i) for i in items] == [f"n{n}" for n in range(50)]


def test_a_large_pretty_printed_json_list_on_standard_input_is_one_document():
    stdin = io.BytesIO(json.dumps([{"text": "Crane delayed."}] * 20, indent=2).encode())
    items = list(read_inputs(["-"], AnalyzeOptions(max_chars=20), stdin=stdin))
    assert [ident(i) for i in items] == [f"stdin-{n}" for n in range(1, 21)]


def directory_of_links(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ENGLISH)
    (root / "broken.txt").symlink_to(root / "gone.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "sub" / "up").symlink_to(root)
    (root / "sub" / "z.txt").write_text(ENGLISH)
    return root


def test_broken_and_looping_symlinks_in_a_directory_are_reported(tmp_path):
    items = list(read_inputs([str(directory_of_links(tmp_path))], AnalyzeOptions()))
    assert [(ident(i), getattr(i, "code", None)) for i in items] == [
        ("a", None), ("broken", "unreadable"), ("loop", "unreadable"), ("up", "unreadable"), ("z", None)]
    assert "link to" in items[1].message and "gone.txt cannot be followed" in items[1].message
    assert "loop.txt cannot be followed" in items[2].message
    assert "symbolic link loop: it leads back to" in items[3].message


def test_special_files_in_a_directory_are_reported_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert "not a regular file" in list(read_inputs([str(tmp_path)], AnalyzeOptions()))[0].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a directory whatever its mode")
def test_an_unreadable_subdirectory_is_reported(tmp_path):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(ENGLISH)
    (tmp_path / "locked").chmod(0)
    try:
        items = list(read_inputs([str(tmp_path)], AnalyzeOptions()))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert rejection_code(items) == "unreadable" and "ermission" in items[0].message
