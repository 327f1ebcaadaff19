"""Properties of the input readers over generated inputs: every file or line becomes exactly one
document or rejection, and nothing a reader is given makes it raise. The readers need no spaCy
model, so these run in seconds."""
import datetime as dt
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from presslens.document import Document
from presslens.errors import InputRejected
from presslens.ingest import Rejection, document_from_record, read_inputs
from presslens.ingest.json_input import MAX_DEPTH, load_json
from presslens.options import AnalyzeOptions, check_date

ENGLISH = ("The harbour authority said on Monday that the new crane would be delivered in spring, "
           "after months of delays caused by a shortage of steel.")
OPTIONS = AnalyzeOptions(max_chars=400)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)
# Records as they come: mostly with the fields a reader looks at, any of them of any JSON type.
field_values = st.one_of(st.just(ENGLISH), st.text(max_size=60), json_values,
                         st.sampled_from(["2024-03-14", "2023-02-01T10:00:00Z", "2023-99-99", "2023-02-01xyz"]))
records = st.one_of(
    json_values,
    st.dictionaries(st.sampled_from(["text", "html", "id", "title", "source", "url", "published"]),
                    field_values, max_size=5),
)


def read_bytes(name: str, content: bytes, options: AnalyzeOptions = OPTIONS) -> list:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(content)
        items = list(read_inputs([str(path)], options))
    assert all(isinstance(item, (Document, Rejection)) for item in items)
    return items


def json_list_length(content: bytes) -> int | None:
    """How many records a JSON list holds, when ``content`` is one."""
    try:
        value = json.loads(content.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None
    return len(value) if isinstance(value, list) else None


def is_blank(line: bytes) -> bool:
    return not line.strip(b" \t\r")


@FAST
@given(st.binary(max_size=600) | st.text(max_size=600).map(str.encode))
def test_any_text_file_is_exactly_one_document_or_rejection(content):
    assert len(read_bytes("input.txt", content)) == 1


@FAST
@given(st.binary(max_size=300) | records.map(lambda r: json.dumps(r).encode())
       | st.lists(records, max_size=4).map(lambda r: json.dumps(r).encode()))
def test_any_json_file_is_one_item_or_one_per_listed_record(content):
    items = read_bytes("input.json", content)
    assert len(items) == (json_list_length(content) or 1)


jsonl_lines = st.one_of(records.map(json.dumps), st.text(max_size=40).map(lambda t: t.replace("\n", " ")),
                        st.sampled_from(["", "  ", "\r", "[" * 1200, '{"a":' * 500])).map(str.encode)


@FAST
@given(st.lists(jsonl_lines | st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=8))
def test_any_json_lines_file_is_one_item_per_non_blank_line(lines):
    content = b"\n".join(lines)
    assume(not content.startswith((b"\xff\xfe", b"\xfe\xff")))  # UTF-16 files are read whole
    items = read_bytes("input.jsonl", content)
    non_blank = [line for line in content.split(b"\n") if not is_blank(line)]
    if not non_blank or b"\x00" in content[:65536]:
        assert len(items) == 1 and isinstance(items[0], Rejection)
    else:
        assert len(items) == len(non_blank)


@FAST
@given(st.binary(max_size=600) | st.lists(records, max_size=4).map(lambda r: "\n".join(map(json.dumps, r)).encode()))
def test_any_standard_input_gives_at_least_one_item_and_never_raises(content):
    items = list(read_inputs(["-"], OPTIONS, stdin=io.BytesIO(content)))
    assert items and all(isinstance(item, (Document, Rejection)) for item in items)


@FAST
@given(records)
def test_any_json_value_as_a_record_is_a_document_or_a_rejection(record):
    item = document_from_record(record, OPTIONS, "record")
    assert isinstance(item, (Document, Rejection))
    if isinstance(item, Rejection):  # a rejection carries a reason and is writable as UTF-8 JSON
        assert item.code and item.message
        json.dumps(item.to_json(), ensure_ascii=False).encode("utf-8")


@FAST
@given(st.text())
def test_any_text_parses_as_json_or_is_rejected_with_a_reason(text):
    try:
        load_json(text)
    except InputRejected as exc:
        assert exc.code.value in ("malformed_json", "json_too_deep", "json_number_too_long")


def nested(depth: int, draw_kind) -> str:
    """A JSON value ``depth`` levels deep, mixing lists and objects, with brackets in its strings."""
    text = '"[{ ]}\\" ["'
    for level in range(depth):
        text = f"[{text}, 1]" if draw_kind(level) else f'{{"k[": {text}}}'
    return text


@FAST
@given(st.integers(min_value=1, max_value=3 * MAX_DEPTH), st.randoms(use_true_random=False))
def test_json_is_rejected_exactly_when_nested_deeper_than_the_limit(depth, random):
    text = nested(depth, lambda level: random.random() < 0.5)
    if depth <= MAX_DEPTH:
        assert json.dumps(load_json(text)) == json.dumps(json.loads(text))
    else:
        with pytest.raises(InputRejected) as raised:
            load_json(text)
        assert raised.value.code.value == "json_too_deep"


@FAST
@given(st.dates(), st.times(), st.sampled_from(["", "Z", "+02:00", "-05:30"]), st.sampled_from("T "))
def test_a_date_or_timestamp_gives_the_date_it_was_written_on(date, time, offset, separator):
    assert check_date(date.isoformat()) == date.isoformat()
    timestamp = f"{date.isoformat()}{separator}{time.isoformat()}{offset}"
    assert check_date(timestamp) == date.isoformat()


@FAST
@given(st.dates(), st.sampled_from(["", "T10:00", " 10:00:00Z"]), st.from_regex(r"[A-Za-z]{2,8}", fullmatch=True),
       st.sampled_from("Tx+ "))
def test_a_date_with_a_word_after_it_or_an_odd_separator_is_rejected(date, time, word, separator):
    with pytest.raises(InputRejected):
        check_date(date.isoformat() + time + word)
    if separator != "T" and separator != " ":
        with pytest.raises(InputRejected):
            check_date(f"{date.isoformat()}{separator}10:00")


@FAST
@given(st.text(max_size=20))
def test_any_string_is_a_date_or_rejected(value):
    try:
        assert dt.date.fromisoformat(check_date(value))
    except InputRejected as exc:
        assert exc.code.value == "invalid_date"
