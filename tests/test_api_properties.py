"""Property: whatever a client puts in a GET request's parameters and path (huge or negative
integers, NULs and other control characters, any Unicode), the API answers it, never with a 500."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.served_stores import served_store

# Every GET endpoint of the corpus and the parameters it reads.
PARAMETERS = {
    "/articles": ("q", "source", "date_from", "date_to", "actor", "technique", "limit", "offset"),
    "/actors": ("q", "limit", "offset"),
    "/claims": ("status", "q", "min_articles", "limit", "offset"),
    "/graph": ("kinds", "date_from", "date_to", "include_negated"),
    "/techniques/stats": ("by",),
    "/health": (),
}
PATHS = ("/articles/{}", "/actors/{}")

values = st.one_of(
    st.sampled_from(["", "\x00", "russia\x00", str(2**63), str(-(2**63) - 1), "9" * 5000, "1e3", "-0", "NaN",
                     "2023-99-99", "\"", "%", "_", "\\", "NEAR(a b)", "a OR b*"]),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.integers(min_value=2**63 - 3, max_value=2**63 + 3),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Zs", "Nd", "Lu"]), max_size=20),
).map(str)


@pytest.fixture(scope="module")
def client(module_stores):
    with served_store(module_stores.new()) as c:
        yield c


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=st.sampled_from(sorted(PARAMETERS)), data=st.data())
def test_no_query_parameter_value_makes_a_500(client, endpoint, data):
    drawn = [(name, data.draw(st.none() | values, label=name)) for name in PARAMETERS[endpoint]]
    params = [(name, value) for name, value in drawn if value is not None]
    r = client.get(endpoint, params=params)
    assert r.status_code < 500, (endpoint, params, r.text[:300])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=st.sampled_from(PATHS), value=values)
def test_no_path_value_makes_a_500(client, template, value):
    r = client.get(template.format(quote(value, safe="")))
    assert r.status_code < 500, (template, value, r.text[:300])
