import pytest

from presslens.document import Document, Entity, Metadata, Quote, Span


def make_doc(text="Anna Berg said the port will reopen."):
    return Document(text, Metadata(id="t1", published="2024-03-14"))


def test_text_cannot_be_reassigned():
    doc = make_doc()
    with pytest.raises(AttributeError):
        doc.text = "other"


def test_span_takes_its_text_from_the_document_and_checks_bounds():
    doc = make_doc()
    assert doc.span(0, 9) == Span(0, 9, "Anna Berg")
    with pytest.raises(ValueError):
        doc.span(5, 500)


def test_ids_count_per_layer():
    doc = make_doc()
    assert [doc.new_id("e"), doc.new_id("e"), doc.new_id("q")] == ["e1", "e2", "q1"]


def test_entity_at_prefers_the_longest_overlapping_mention():
    doc = make_doc()
    short = Entity("e1", "Berg", "PERSON", mentions=[doc.span(5, 9)])
    full = Entity("e2", "Anna Berg", "PERSON", mentions=[doc.span(0, 9)])
    doc.entities = [short, full]
    assert doc.entity_at(5, 9) is full
    assert doc.entity_at(15, 20) is None


def test_analysis_json_round_trips_with_every_list_present():
    doc = make_doc()
    doc.entities.append(Entity("e1", "Anna Berg", "PERSON", mentions=[doc.span(0, 9)]))
    doc.quotes.append(Quote("q1", "reported", 15, 35, doc.text[15:35], "e1", "Anna Berg",
                            speaker_mention=doc.span(0, 9), cue=doc.span(10, 14)))
    data = doc.to_json()
    assert data["schema"] == "presslens/analysis@1"
    for layer in ("entities", "quotes", "claims", "labels", "relations", "techniques", "paragraph_techniques",
                  "frames", "dates", "errors"):
        assert isinstance(data[layer], list)
    again = Document.from_json(data)
    assert again.to_json() == data
    assert again.quotes[0].speaker_mention == Span(0, 9, "Anna Berg")
