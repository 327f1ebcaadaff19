"""presslens as spaCy components: each stage added to a spaCy pipeline by name, ``presslens.load()``,
and the analysis they leave on the Doc."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

import presslens
from presslens.errors import InputRejected, PipelineOrderError
from presslens.nlp import load_model, resolve_model_name
from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "examples" / "articles" / "river-port-strike.txt").read_text(encoding="utf-8")
PUBLISHED = "2024-03-14"
USER_ACTORS = ROOT / "tests" / "fixtures" / "actors_user.tsv"
COMPONENTS = ["presslens_actors", "presslens_dates", "presslens_quotes", "presslens_relations", "presslens_labels",
              "presslens_claims", "presslens_techniques"]
# The span group each component fills.
GROUPS = {"presslens_actors": "presslens_entities", "presslens_dates": "presslens_dates",
          "presslens_quotes": "presslens_quotes", "presslens_relations": "presslens_relations",
          "presslens_labels": "presslens_labels", "presslens_claims": "presslens_claims",
          "presslens_techniques": "presslens_techniques"}


@pytest.fixture(scope="module")
def loaded():
    return presslens.load()


def _run(nlp, text: str, published: str | None = None):
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def test_the_issue_snippet_quotes_with_their_speakers():
    nlp = spacy.load(resolve_model_name())  # any English pipeline with a parser and NER
    nlp.add_pipe("presslens_actors")
    nlp.add_pipe("presslens_quotes")
    doc = nlp(ARTICLE)
    quotes = [(q.text, q._.speaker) for q in doc.spans["presslens_quotes"]]
    assert ("We will not unload a single ship until the ministry keeps its promises,", "Marta Kovalenko") in quotes
    assert ("the strike was “illegal”", "Pavel Strand") in quotes
    # without presslens_dates the quotes carry no date: the component reads no dates it was not given
    assert all(q._.date is None for q in doc.spans["presslens_quotes"])
    assert doc._.analysis["errors"] == []


def test_each_component_added_in_order_fills_its_span_group():
    nlp = spacy.load(resolve_model_name())
    for name in COMPONENTS:
        nlp.add_pipe(name)
        doc = _run(nlp, ARTICLE, PUBLISHED)
        assert GROUPS[name] in doc.spans, name
        assert doc._.analysis["errors"] == [], name
    # the relation's span runs from the source's name (the apposition, not the role noun) to the target
    assert [(r.text, r._.source, r._.target, r.label_) for r in doc.spans["presslens_relations"]] == [
        ("Ilona Varga, met Strand", "Ilona Varga", "Pavel Strand", "meets")]
    assert ("on Wednesday", "2024-03-13") in [(d.text, d._.date) for d in doc.spans["presslens_dates"]]
    assert doc._.presslens_genre["label"]


def test_load_gives_what_analyze_gives(loaded):
    assert loaded.pipe_names[-len(COMPONENTS):] == COMPONENTS
    doc = _run(loaded, ARTICLE, PUBLISHED)
    assert doc._.analysis == presslens.analyze(ARTICLE, published=PUBLISHED).to_json()
    assert [(q.text, q._.speaker) for q in doc.spans["presslens_quotes"]][0] == (
        "We will not unload a single ship until the ministry keeps its promises,", "Marta Kovalenko")
    assert "presslens_actors" not in load_model().pipe_names  # the parse stage's model is not handed out


def test_the_analysis_travels_with_the_serialised_doc(loaded):
    doc = _run(loaded, ARTICLE, PUBLISHED)
    again = Doc(loaded.vocab).from_bytes(doc.to_bytes())
    assert again._.analysis == doc._.analysis
    assert [(q.text, q._.speaker) for q in again.spans["presslens_quotes"]] == [
        (q.text, q._.speaker) for q in doc.spans["presslens_quotes"]]


def test_a_publication_date_that_is_not_a_date_is_refused(loaded):
    with pytest.raises(InputRejected, match="yesterday"):
        _run(loaded, ARTICLE, "yesterday")


def test_load_gives_what_analyze_gives_on_the_reference_article(loaded):
    text = shared_path("corpus", "kremlin-hamas", "article.txt").read_text(encoding="utf-8")
    doc = _run(loaded, text, "2023-10-10")
    assert doc._.analysis == presslens.analyze(text, published="2023-10-10").to_json()


def test_pipe_in_batches_gives_what_one_by_one_gives(loaded):
    texts = [ARTICLE, "Anna Berg said on Monday: \"We are concerned.\"", ARTICLE[:500], ""]
    one_by_one = [_run(loaded, text, PUBLISHED)._.analysis for text in texts]
    docs = []
    for text in texts:
        docs.append(loaded.make_doc(text))
        docs[-1]._.published = PUBLISHED
    assert [doc._.analysis for doc in loaded.pipe(docs, batch_size=3)] == one_by_one


def test_records_over_the_same_words_keep_their_own_attributes(loaded):
    doc = _run(loaded, ARTICLE, PUBLISHED)
    quote = next(q for q in doc.spans["presslens_quotes"] if q.text == "the strike was “illegal”")
    claim = next(c for c in doc.spans["presslens_claims"] if c.text == "the strike was “illegal”")
    assert (quote._.quote_kind, quote._.speaker, quote._.cue.text) == ("reported", "Pavel Strand", "said")
    assert (claim._.claim_status, claim._.claimant, claim._.quote_id) == ("unsupported", "Pavel Strand", quote.id_)
    assert claim._.speaker is None  # an attribute of quotes, not of claims


def test_a_failed_stage_stays_with_its_document_and_skips_what_needs_it():
    nlp = spacy.blank("en")  # no parser: no sentence boundaries for the actors stage to read
    for name in ["presslens_actors", "presslens_dates", "presslens_quotes"]:
        nlp.add_pipe(name)
    doc = _run(nlp, ARTICLE, PUBLISHED)
    errors = {e["stage"]: e for e in doc._.analysis["errors"]}
    assert errors["actors"]["code"] == "stage_failed" and "Sentence boundaries unset" in errors["actors"]["message"]
    assert errors["quotes"]["code"] == "stage_skipped" and "entities" in errors["quotes"]["message"]
    assert "dates" not in errors and len(doc.spans["presslens_dates"]) > 0
    assert len(doc.spans["presslens_entities"]) == 0 and len(doc.spans["presslens_quotes"]) == 0


def test_spacy_sees_what_each_component_requires_and_assigns(loaded):
    assert not any(loaded.analyze_pipes(pretty=False)["problems"].values())
    nlp = spacy.load(resolve_model_name())
    nlp.add_pipe("presslens_quotes")
    assert nlp.analyze_pipes(pretty=False)["problems"]["presslens_quotes"] == ["doc._.presslens_entities"]


def test_a_component_without_the_layers_it_reads_names_what_to_add():
    nlp = spacy.blank("en")
    nlp.add_pipe("presslens_quotes")
    with pytest.raises(PipelineOrderError, match="add presslens_actors to the pipeline before presslens_quotes"):
        nlp("Anna Berg said: \"We are ready.\"")


def test_actor_files_are_component_config_and_survive_a_save(tmp_path):
    text = "Taras Melnik visited the front on Monday. Melnik said the Shield Brigade held its line."
    nlp = spacy.load(resolve_model_name())
    nlp.add_pipe("presslens_actors", config={"actor_files": [str(USER_ACTORS)]})
    doc = nlp(text)
    entities = {(s.text, s._.entity) for s in doc.spans["presslens_entities"]}
    assert {("Taras Melnik", "Taras Melnyk"), ("Shield Brigade", "Northern Shield Brigade")} <= entities
    nlp.to_disk(tmp_path / "pipeline")
    doc = spacy.load(tmp_path / "pipeline")(text)
    assert {(s.text, s._.entity) for s in doc.spans["presslens_entities"]} == entities


def test_spacy_finds_the_components_by_name_without_importing_presslens():
    code = (f"import spacy\nnlp = spacy.blank('en')\nfor name in {COMPONENTS!r}:\n    nlp.add_pipe(name)\n"
            "print(nlp.pipe_names)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(COMPONENTS)
