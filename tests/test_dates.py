import datetime as dt

import pytest

from presslens.document import Document, Metadata
from presslens.stages.dates import Dates, find_expressions, resolve

ANCHOR = dt.date(2024, 3, 14)  # a Thursday


def values(text, anchor=ANCHOR):
    return [(text[m.start:m.end], resolve(m, text, anchor)) for m in find_expressions(text)]


@pytest.mark.parametrize("text,expected", [
    ("The talks ended on Monday.", ("on Monday", "2024-03-11")),
    ("They met on Thursday.", ("on Thursday", "2024-03-14")),
    ("She left last Thursday.", ("last Thursday", "2024-03-07")),
    ("The vote will be held on Friday.", ("on Friday", "2024-03-15")),
    ("He spoke on March 9.", ("on March 9", "2024-03-09")),
    ("The fire broke out on 2 February.", ("on 2 February", "2024-02-02")),
    ("It happened on November 30.", ("on November 30", "2023-11-30")),
    ("The summit will open on April 2.", ("on April 2", "2024-04-02")),
    ("Prices fell last year.", ("last year", "2023")),
    ("Prices fell last month.", ("last month", "2024-02")),
    ("The most recent visit was in March.", ("in March", "2024-03")),
    ("He returned in late December.", ("in late December", "2023-12")),
    ("It was signed in mid-July 2019.", ("in mid-July 2019", "2019-07")),
    ("Trade has grown since 2020.", ("since 2020", "2020")),
    ("In 2010, the talks failed.", ("In 2010", "2010")),
    ("It began on Oct. 7, 2023.", ("on Oct. 7, 2023", "2023-10-07")),
    ("Published 2022-05-01 in print.", ("2022-05-01", "2022-05-01")),
    ("The plant closed two years ago.", ("two years ago", "2022")),
    ("She arrived yesterday.", ("yesterday", "2024-03-13")),
])
def test_expressions_resolve_against_the_publication_date(text, expected):
    assert expected in values(text)


def test_without_a_publication_date_only_expressions_with_a_year_resolve():
    text = "On Monday the deal of May 5, 2021 was annulled."
    assert [v for _, v in values(text, anchor=None) if v] == ["2021-05-05"]


def run_stage(pipeline, text, published="2024-03-14"):
    doc = Document(text, Metadata(id="t", published=published))
    pipeline.stages[0](doc)  # parse
    Dates()(doc)
    return [(d.text, d.value) for d in doc.dates]


def test_counts_are_not_years_but_the_2022_election_is(pipeline):
    found = run_stage(pipeline, "About 2000 troops crossed the river after the 2022 election.")
    assert ("2022", "2022") in found
    assert all(text != "2000" for text, _ in found)


def test_the_modal_may_is_not_a_month(pipeline):
    assert run_stage(pipeline, "May I add that the port may reopen soon?") == []
