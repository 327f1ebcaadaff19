import copy

import pytest

from presslens import analyze
from presslens.document import rejection_record
from presslens.schema import analysis_schema, validation_errors


@pytest.fixture(scope="module")
def record():
    text = ("Harbour chief Anna Berg said on Monday that the port of Valdora would reopen. "
            "“We are ready,” she told reporters in Estria.")
    return analyze(text, id="port", published="2024-03-14").to_json()


def test_the_schema_is_the_format_version_1():
    assert analysis_schema()["$id"] == "presslens/analysis@1"


def test_an_analysis_validates(record):
    assert validation_errors(record) == []


def test_a_rejection_validates():
    assert validation_errors(rejection_record({"id": "x"}, "empty", "no text")) == []


@pytest.mark.parametrize("breakage", [
    lambda r: r.pop("quotes"),
    lambda r: r.__setitem__("schema", "presslens/analysis@2"),
    lambda r: r["dates"].append({"start": 0, "end": 5, "text": "Harbo", "value": "next week"}),
    lambda r: r["entities"][0]["mentions"].append({"start": 0, "end": 3, "text": "xyz"}),
    lambda r: r["entities"][0].__setitem__("country", "Russia"),
])
def test_broken_records_are_caught(record, breakage):
    broken = copy.deepcopy(record)
    breakage(broken)
    assert validation_errors(broken)
