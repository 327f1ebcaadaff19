"""Integrity of the curated language data shipped in the package."""
import datetime as dt

from presslens.data import load_json
from presslens.stages.dates import find_expressions, resolve


def _is_word_list(words) -> bool:
    """Lower-case single words, none twice."""
    return bool(words) and len(set(words)) == len(words) and all(w == w.lower() and w.isalpha() for w in words)


def test_date_vocabulary_is_complete_and_consistent():
    vocab = load_json("cues/dates.json")
    assert sorted(vocab["months"].values()) == list(range(1, 13))
    assert sorted(vocab["weekdays"].values()) == list(range(1, 8))
    assert all(name[0].isupper() for name in [*vocab["months"], *vocab["weekdays"], *vocab["month_abbreviations"]])
    assert all(isinstance(n, int) and 1 <= n <= 12 for n in vocab["number_words"].values())
    assert all(w == w.lower() and w.strip() == w
               for w in vocab["year_lead_words"] + vocab["future_markers"] + vocab["part_of_month"])


def test_month_abbreviations_begin_their_month_and_are_read_by_the_date_stage():
    vocab = load_json("cues/dates.json")
    names = {number: name for name, number in vocab["months"].items()}
    for abbreviation, number in vocab["month_abbreviations"].items():
        assert names[number].startswith(abbreviation) and abbreviation != names[number]
        for written in (abbreviation, abbreviation + "."):
            text = f"It began on {written} 7, 2023."
            found = [(text[m.start:m.end], resolve(m, text, None)) for m in find_expressions(text)]
            assert found == [(f"on {written} 7, 2023", f"2023-{number:02d}-07")]


def test_parts_of_a_month_are_read_at_the_start_of_a_sentence_too():
    for part in load_json("cues/dates.json")["part_of_month"]:
        text = f"{part.capitalize()} January 2020 was cold."
        found = [(text[m.start:m.end], resolve(m, text, dt.date(2024, 3, 14))) for m in find_expressions(text)]
        assert found == [(f"{part.capitalize()} January 2020", "2020-01")]


def test_denial_verbs_are_lemmas():
    assert _is_word_list(load_json("cues/claims.json")["denial_verbs"])


def test_every_claim_status_has_cues_and_a_place_in_the_precedence():
    claims = load_json("cues/claims.json")
    assert set(claims["status"]) == {"false", "unsupported", "disputed", "denied", "confirmed"}
    assert set(claims["status"]) <= set(claims["status_precedence"])
    for phrases in claims["status"].values():  # lower-case phrases, none twice
        assert phrases and len(set(phrases)) == len(phrases) and all(p == p.lower().strip() for p in phrases)


def test_content_verbs_are_speech_verbs_listed_once():
    vocab = load_json("cues/quotes.json")
    speech, np_content, passive = (set(vocab[k]) for k in ("speech_verbs", "np_content_verbs", "passive_content_verbs"))
    assert np_content <= speech and passive <= speech
    assert not np_content & passive  # a verb of np_content_verbs has a passive content already


def test_preposition_and_governor_lists_are_lower_case_words_listed_once():
    events, modality = load_json("cues/events.json"), load_json("cues/modality.json")
    assert _is_word_list(events["setting_prepositions"]) and _is_word_list(events["blocking_prepositions"])
    assert _is_word_list(modality["refusing_governors"])
    assert _is_word_list(load_json("actors/generic.json")["counting_words"])
