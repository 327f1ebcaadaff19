"""Long documents are analysed in sections of whole lines and merged into one analysis: offsets in
the whole text, one entity per actor, every reference resolving. Short ones take the single pass."""
from __future__ import annotations

import json
from itertools import pairwise

from hypothesis import given, settings, strategies as st

from presslens.document import ID_PREFIXES, REFERENCES, Document, Metadata
from presslens.pipeline import Pipeline
from presslens.sections import SECTION_CHARS, section_bounds

from .conftest import EXAMPLES


def example_texts() -> list[str]:
    texts = [(EXAMPLES / "river-port-strike.txt").read_text(encoding="utf-8")]
    lines = (EXAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return texts + [json.loads(line)["text"] for line in lines]


def analysed(pipeline: Pipeline, text: str) -> dict:
    doc = Document(text, Metadata(id="long", published="2024-03-21"))
    return pipeline(doc).to_json()


# The field of a located record that holds its stretch of the text, by record kind.
TEXT_FIELDS = ("text", "label", "evidence")


def located_text(record: dict) -> str:
    return next(record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str))


def spans(value):
    """Every record or span with its own offsets, anywhere in an analysis."""
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            yield value
        for item in value.values():
            yield from spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from spans(item)


def assert_one_consistent_analysis(text: str, out: dict) -> None:
    assert out["text"] == text and out["errors"] == []
    located = list(spans({k: v for k, v in out.items() if k != "text"}))
    assert located and all(located_text(s) == text[s["start"]:s["end"]] for s in located)
    ids = {layer: [r["id"] for r in out[layer]] for layer in ID_PREFIXES}
    for layer, values in ids.items():
        assert len(values) == len(set(values)), layer
        assert values == [f"{ID_PREFIXES[layer]}{n}" for n in range(1, len(values) + 1)]
    names = {e["id"]: e["name"] for e in out["entities"]}
    for layer, references in REFERENCES.items():
        for record in out[layer]:
            for field, target, name_field in references:
                if record[field] is not None:
                    assert record[field] in ids[target], (layer, record)
                    if name_field:
                        assert record[name_field] == names[record[field]], (layer, record)
    identities = [(e["type"], e["name"]) for e in out["entities"]]
    assert len(identities) == len(set(identities))
    lines = text.count("\n") + 1
    assert all(1 <= p["line"] <= lines for p in out["paragraph_techniques"])


def entity_named(out: dict, name: str) -> dict:
    found = [e for e in out["entities"] if e["name"] == name]
    assert len(found) == 1, [e["name"] for e in out["entities"]]
    return found[0]


def sections_of(entity: dict, bounds: list[tuple[int, int]]) -> set[int]:
    return {n for m in entity["mentions"] for n, (a, b) in enumerate(bounds) if a <= m["start"] < b}


def test_an_actor_named_in_several_sections_is_one_entity_and_offsets_are_the_whole_texts(pipeline):
    text = "\n".join(example_texts())
    sectioned = Pipeline(pipeline.stages, section_chars=1_000)
    bounds = section_bounds(text, 1_000)
    assert len(bounds) >= 3
    out = analysed(sectioned, text)
    assert_one_consistent_analysis(text, out)
    kovalenko = entity_named(out, "Marta Kovalenko")
    strand = entity_named(out, "Pavel Strand")
    assert len(sections_of(kovalenko, bounds)) >= 2 and len(sections_of(strand, bounds)) >= 2
    # a bare surname in a section without the full name is the person named in full elsewhere
    assert not [e for e in out["entities"] if e["name"] in ("Kovalenko", "Strand")]
    money = next(q for q in out["quotes"] if q["text"].startswith("This is not about money"))
    assert money["speaker"] == kovalenko["id"]
    assert out["frames"] and out["genre"] is not None


def test_a_text_of_three_windows_is_one_analysis(pipeline):
    paragraphs = "\n".join(example_texts()).split("\n")
    lines: list[str] = []
    while sum(len(line) + 1 for line in lines) < 2.5 * SECTION_CHARS:
        lines += [f"{p} (Report {len(lines) // len(paragraphs) + 1}.)" for p in paragraphs]
    text = "\n".join(lines)
    bounds = section_bounds(text, SECTION_CHARS)
    assert len(bounds) == 3 and len(text) > 2 * SECTION_CHARS
    out = analysed(pipeline, text)
    assert_one_consistent_analysis(text, out)
    assert sections_of(entity_named(out, "Ilona Varga"), bounds) == {0, 1, 2}


def test_each_section_keeps_the_analysis_it_has_alone_at_its_place_in_the_text(pipeline):
    river, harbour = example_texts()[:2]
    text = f"{river.rstrip()}\n{harbour}"
    sectioned = Pipeline(pipeline.stages, section_chars=len(river.rstrip()) + 1)
    offsets = [0, len(river.rstrip()) + 1]
    assert section_bounds(text, sectioned.section_chars) == [(0, offsets[1]), (offsets[1], len(text))]
    out = analysed(sectioned, text)
    alone = [analysed(pipeline, river.rstrip() + "\n"), analysed(pipeline, harbour)]
    for layer in ("quotes", "dates", "claims", "labels"):
        expected = [(r["start"] + at, r["end"] + at, located_text(r)) for part, at in zip(alone, offsets, strict=True)
                    for r in part[layer]]
        assert [(r["start"], r["end"], located_text(r)) for r in out[layer]] == expected, layer
    speakers = [q["speaker_name"] for part in alone for q in part["quotes"]]
    assert [q["speaker_name"] for q in out["quotes"]] == speakers


def test_a_text_within_one_window_is_analysed_in_one_pass(pipeline):
    one_pass = Pipeline(pipeline.stages, section_chars=10 ** 9)
    for text in example_texts():
        assert len(text) <= SECTION_CHARS
        assert analysed(pipeline, text) == analysed(one_pass, text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .!\n", max_size=300), st.integers(1, 40))
def test_sections_cover_the_text_in_whole_lines_within_the_window(text, window):
    bounds = section_bounds(text, window)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(bounds))
    assert all(0 < end - start <= window for start, end in bounds) or text == ""
    for start, end in bounds[:-1]:
        if "\n" in text[start:start + window]:  # never cut a line that fits in a window
            assert text[end - 1] == "\n" and "\n" not in text[end:start + window]


def test_a_line_longer_than_the_window_is_cut_after_a_sentence_else_a_space():
    text = "One two three. Four five six seven eight"
    assert section_bounds(text, 20) == [(0, 15), (15, 35), (35, 40)]
    assert section_bounds("abcdefgh", 3) == [(0, 3), (3, 6), (6, 8)]
