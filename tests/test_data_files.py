"""Integrity of the curated language data shipped in the package."""
from presslens.data import load_json


def test_date_vocabulary_is_complete_and_consistent():
    vocab = load_json("cues/dates.json")
    assert sorted(vocab["months"].values()) == list(range(1, 13))
    assert sorted(vocab["weekdays"].values()) == list(range(1, 8))
    assert all(name[0].isupper() for name in [*vocab["months"], *vocab["weekdays"]])
    assert all(isinstance(n, int) and 1 <= n <= 12 for n in vocab["number_words"].values())
    assert all(w == w.lower() and w.strip() == w for w in vocab["year_lead_words"] + vocab["future_markers"])
