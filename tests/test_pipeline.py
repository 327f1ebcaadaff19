import pytest

from presslens.document import Document, Metadata
from presslens.errors import PipelineOrderError
from presslens.pipeline import BatchStage, Pipeline


class Marker:
    """A stage that records it ran, or fails on documents whose text contains 'boom'."""

    def __init__(self, name, requires=("text",), assigns=()):
        self.name, self.requires, self.assigns = name, requires, assigns or (name,)

    def __call__(self, doc):
        if "boom" in doc.text:
            raise RuntimeError("cannot handle boom")
        doc.frames.append({"frame": self.name, "score": 1.0})


def docs(*texts):
    return [Document(t, Metadata(id=f"d{n}")) for n, t in enumerate(texts)]


def test_a_stage_needing_a_layer_nobody_assigns_is_refused():
    with pytest.raises(PipelineOrderError, match="requires"):
        Pipeline([Marker("b", requires=("a",)), Marker("a")])


def test_duplicate_stage_names_are_refused():
    with pytest.raises(PipelineOrderError):
        Pipeline([Marker("a"), Marker("a")])


def test_a_failing_stage_is_recorded_on_its_document_and_the_batch_goes_on():
    pipeline = Pipeline([Marker("a"), Marker("b", requires=("a",)), Marker("c")])
    good, bad = pipeline.pipe(docs("fine", "boom"))
    assert [f["frame"] for f in good.frames] == ["a", "b", "c"]
    assert good.errors == []
    assert [(e.stage, e.code) for e in bad.errors] == [("a", "stage_failed"), ("b", "stage_skipped"),
                                                       ("c", "stage_failed")]
    assert "cannot handle boom" in bad.errors[0].message
    assert "a" in bad.errors[1].message


class FragileBatch(BatchStage):
    name, requires, assigns = "batch", ("text",), ("batch",)

    def pipe(self, batch):
        for doc in batch:
            self(doc)

    def __call__(self, doc):
        if "boom" in doc.text:
            raise ValueError("bad document")
        doc.genre = {"label": "reporting", "score": 1.0}


def test_a_batch_stage_failure_is_isolated_to_the_document_that_caused_it():
    a, b, c = Pipeline([FragileBatch()]).pipe(docs("one", "boom", "three"))
    assert a.genre and c.genre and b.genre is None
    assert b.errors[0].stage == "batch"
