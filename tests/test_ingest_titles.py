"""Each input's own title and date: a plain text's headline on its first line and the date of its
dateline, a record's title and date, a page's metadata; ``document.published_from`` says where
the date came from, and ``--published`` is only the fallback."""
from __future__ import annotations

import json

import pytest

from presslens.ingest import read_inputs
from presslens.ingest.headline import dateline, headline
from presslens.options import AnalyzeOptions

BODY = ("The harbour authority of Eastport said that the new crane would be delivered in spring, after months "
        "of delays caused by a shortage of steel.")


@pytest.mark.parametrize("text, title", [
    (f"Eastport crane delayed until spring\n\n{BODY}", "Eastport crane delayed until spring"),
    (f"# Eastport crane delayed?\n{BODY}", "Eastport crane delayed?"),
    (f"\n\n  Crane: a timeline  \r\n\r\n{BODY}", "Crane: a timeline"),
    (BODY, None),                                                   # one line: the story itself
    (f"The harbour authority said on Monday.\n\n{BODY}", None),     # a sentence, not a headline
    (f"The harbour authority of Eastport said that the\nnew crane would come. {BODY}", None),  # wrapped
    (f"{'Very long words ' * 20}\n\n{BODY}", None),
    (f"2023-10-10\n\n{BODY}", None),
    (f"Published: 10 October 2023\n\n{BODY}", None),                # a date line
])
def test_a_first_line_is_a_headline_only_when_it_reads_as_one(text, title):
    assert headline(text) == title


@pytest.mark.parametrize("head, date", [
    ("KELVRA, Oct. 10, 2023 (Northern Wire) — ", "2023-10-10"),
    ("NEW YORK (AP) — March 3rd, 2021 ", "2021-03-03"),
    ("Published: 10 October 2023\n", "2023-10-10"),
    ("Last updated 2023-10-10T08:00:00Z\n", "2023-10-10"),
    ("By Ada Brenner | Brindel Daily | 4 November 2023\n\n", "2023-11-04"),
    ("10.11.2023 14:05\n", "2023-11-10"),
    ("SEPT 9, 2022 — ", "2022-09-09"),
    ("On 10 October 2023 the harbour authority of Eastport said that it would no longer wait for the steel. ", None),
    ("— Ada Brenner (@ada) March 22, 2019\n", None),                # an embedded post, dated by its author
    ("KELVRA, Feb. 30, 2023 — ", None),                              # no such day
    ("KELVRA, Oct. 10 — ", None),                                    # no year: not a full date
])
def test_a_dateline_at_the_head_of_a_text_dates_it(head, date):
    assert dateline(f"Crane delayed\n\n{head}{BODY}", skip_first=True) == date


def test_a_date_in_the_headline_or_deep_in_the_text_is_not_a_dateline():
    assert dateline(f"Crane due on 10 October 2023\n\n{BODY}", skip_first=True) is None
    deep = "\n\n".join([BODY] * 7 + ["Published: 10 October 2023"])
    assert dateline(f"Crane delayed\n\n{deep}", skip_first=True) is None


def read(tmp_path, name, content, **options):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return list(read_inputs([str(path)], AnalyzeOptions(**options)))


def meta(doc):
    return doc.meta.title, doc.meta.published, doc.meta.published_from


def test_a_plain_text_is_titled_and_dated_by_its_head(tmp_path):
    (doc,) = read(tmp_path, "crane.txt", f"Crane delayed\n\nEASTPORT, 3 May 2024 — {BODY}", published="2020-01-01")
    assert meta(doc) == ("Crane delayed", "2024-05-03", "dateline")
    (plain,) = read(tmp_path, "plain.txt", BODY, published="2020-01-01")
    assert meta(plain) == (None, "2020-01-01", "default")
    (undated,) = read(tmp_path, "undated.txt", BODY)
    assert meta(undated) == (None, None, None)
    assert undated.to_json()["document"]["published_from"] is None


def test_a_records_own_title_and_date_win(tmp_path):
    records = [{"text": f"Crane delayed\n\nEASTPORT, 3 May 2024 — {BODY}", "title": "Given title",
                "published": "2024-06-01"},
               {"text": f"Crane delayed\n\nEASTPORT, 3 May 2024 — {BODY}x"},
               {"text": BODY}]
    docs = read(tmp_path, "records.jsonl", "\n".join(json.dumps(r) for r in records), published="2020-01-01")
    assert [meta(d) for d in docs] == [("Given title", "2024-06-01", "record"),
                                       ("Crane delayed", "2024-05-03", "dateline"),
                                       (None, "2020-01-01", "default")]


def test_a_pages_metadata_dates_it(tmp_path):
    page = ("<html><head><title>Crane delayed | Brindel Daily</title>"
            '<meta property="article:published_time" content="2024-05-03T10:00:00Z"></head><body><article>'
            f"<h1>Crane delayed</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>")
    (doc,) = read(tmp_path, "crane.html", page, published="2020-01-01")
    assert doc.meta.published == "2024-05-03" and doc.meta.published_from == "html"
    assert doc.meta.title.startswith("Crane delayed")


def test_a_date_given_by_a_caller_says_so():
    from presslens.ingest import document_from_text

    doc = document_from_text(f"Crane delayed\n\nEASTPORT, 3 May 2024 — {BODY}", AnalyzeOptions(), id="crane",
                             published="2024-06-01")
    assert meta(doc) == ("Crane delayed", "2024-06-01", "given")
