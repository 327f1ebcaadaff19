"""The rhetorical-pattern detectors of persuasion techniques: their data file, the spans and cues
they find, and the speaker a quoted hit is given to. All text here is invented."""
from __future__ import annotations

import re

import pytest

from presslens.data import load_json
from presslens.document import Document, Metadata
from presslens.techniques.labels import CATEGORY_OF
from presslens.techniques.patterns import DATA, detect, load_patterns
from presslens.techniques.units import paragraphs
from tests.annotated import quoted


def _hits(text: str):
    units = [s for p in paragraphs(text) for s in p.sentences]
    return [(h.technique, text[h.start:h.end], text[h.cue[0]:h.cue[1]]) for h in detect(text, units)]


# --- the data file ---------------------------------------------------------------------------------
def test_the_pattern_file_is_whole_and_every_pattern_finds_its_own_example():
    data = load_json(DATA)
    assert data["_format"]
    names = [p["name"] for p in data["patterns"]]
    assert len(names) == len(set(names))
    for spec in data["patterns"]:
        assert spec["technique"] in CATEGORY_OF, spec["name"]
        assert spec["span"] in ("match", "sentence"), spec["name"]
        re.compile(spec["regex"])
        found = [h for h in _hits(spec["example"]) if h[0] == spec["technique"]]
        assert found, f"{spec['name']} misses its own example"
    epithets = data["epithets"]
    assert epithets["technique"] in CATEGORY_OF
    for key in ("modifiers", "political_nouns", "pejorative_nouns"):
        words = epithets[key]
        assert words and len(words) == len(set(words)), key
        assert all(w == w.lower().strip() and re.fullmatch(r"[a-z]+(?:-[a-z]+)*", w) for w in words), key
    assert [h[0] for h in _hits(epithets["example"])].count(epithets["technique"]) == 2
    for technique, confidence in data["confidence"].items():
        assert technique in CATEGORY_OF and 0 < confidence <= 1
    patterns, _ = load_patterns()
    assert {p.technique for p in patterns} <= set(CATEGORY_OF)


# --- what each detector finds ---------------------------------------------------------------------
def test_a_false_dilemma_is_the_sentence_with_its_choice_as_cue():
    text = "Our grain goes north, theirs goes south. So the farmers must pick a side now!\nRain fell."
    assert _hits(text) == [("False_Dilemma-No_Choice", "So the farmers must pick a side now!", "pick a side")]
    text = "Either we build the dam this year or the valley floods."
    assert _hits(text) == [("False_Dilemma-No_Choice", text[:-1], text[:-1])]


def test_what_about_and_hypocrisy_words():
    text = "The mayor was fined, but what about the governor and his yacht? Such hypocrisy."
    assert _hits(text) == [("Whataboutism", "but what about the governor and his yacht", "but what about"),
                           ("Loaded_Language", "hypocrisy", "hypocrisy")]


def test_a_dismissive_name_for_a_situation_and_a_witch_hunt():
    assert _hits("Ratepayers are sick of this whole charade.") == [
        ("Loaded_Language", "this whole charade", "this whole charade")]
    assert _hits("The minister called the audit a partisan witch hunt.") == [
        ("Name_Calling-Labeling", "witch hunt", "witch hunt")]
    # the same words said plainly: a clause opened by "that", a noun modifying another
    for plain in ("The mayor said that the circus will return to the town in May.",
                  "Police said that hoax calls had been made to the school.",
                  "The whole mess hall was repainted over the summer."):
        assert _hits(plain) == [], plain


def test_an_epithet_is_the_noun_phrase_with_its_modifiers():
    text = "The speech blamed the corrupt, lying junta and a fascist regime for the shortages."
    assert _hits(text) == [("Name_Calling-Labeling", "corrupt, lying junta", "corrupt, lying junta"),
                           ("Name_Calling-Labeling", "fascist regime", "fascist regime")]


def test_ordinary_news_wording_triggers_nothing():
    text = ("Not only the mayor but also the council attended the opening. The committee chose a site "
            "for the library, which is the only one in the district. Either option costs money.\n"
            "The regime of the river changes in spring, officials said.")
    assert _hits(text) == []


def test_a_pattern_never_reaches_across_sentences():
    assert _hits("Either we stay in the union. Or they leave it.") == []


# --- in the technique stage ------------------------------------------------------------------------
ARTICLE = ("Harbour strike enters its third week\n\n"
           "The union leader Odile Marchetti spoke to dockers on Friday.\n\n"
           "“The owners sell our jobs abroad. The choice is simple: pick a side!” Marchetti said.\n\n"
           "The port authority declined to comment.\n")


def _document() -> Document:
    return quoted(ARTICLE, ARTICLE.index("The owners"), ARTICLE.index("!”") + 1, "Odile Marchetti", "strike")


def test_the_stage_gives_a_quoted_pattern_hit_to_the_speaker_with_its_cue():
    from presslens.stages.techniques import Techniques

    doc = _document()
    Techniques()(doc)
    dilemmas = [t for t in doc.techniques if t.technique == "False_Dilemma-No_Choice"]
    assert len(dilemmas) == 1
    found = dilemmas[0]
    assert found.text == "The choice is simple: pick a side!"
    assert found.speaker == "e1" and found.speaker_name == "Odile Marchetti"
    assert found.cues == ["choice is simple"]  # the first of its cues in the sentence
    assert found.category == "Simplification"
    line = ARTICLE.count("\n", 0, found.start) + 1
    assert "False_Dilemma-No_Choice" in next(p["techniques"] for p in doc.paragraph_techniques if p["line"] == line)


def test_the_model_without_patterns_does_not_find_them():
    import dataclasses

    from presslens.techniques.model import shipped_model

    model = shipped_model()
    plain = dataclasses.replace(model, use_patterns=False).predict(ARTICLE)
    assert "False_Dilemma-No_Choice" not in {s.technique for s in plain.spans}
    assert "False_Dilemma-No_Choice" in {s.technique for s in model.predict(ARTICLE).spans}


def test_a_model_saved_without_patterns_loads_without_them(tmp_path):
    import dataclasses
    import json

    from presslens.techniques.model import TechniqueModel, shipped_model

    plain = dataclasses.replace(shipped_model(), use_patterns=False)
    plain.save(tmp_path)
    loaded = TechniqueModel.load(tmp_path)
    assert loaded.use_patterns is False
    spans = loaded.predict(ARTICLE).spans
    assert "False_Dilemma-No_Choice" not in {s.technique for s in spans}
    assert spans == plain.predict(ARTICLE).spans
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    del meta["use_patterns"]  # a file saved before the setting was: the patterns were on
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    assert TechniqueModel.load(tmp_path).use_patterns is True


@pytest.mark.slow
def test_the_full_pipeline_attributes_a_quoted_epithet_to_its_speaker(pipeline):
    text = ("Border talks collapse\n\n"
            "Defence minister Arvid Lindqvist said on Tuesday: “The weapons were sold to a fascist regime "
            "across the river.”\n")
    doc = pipeline(Document(text, Metadata(id="talks")))
    epithets = [t for t in doc.techniques if t.technique == "Name_Calling-Labeling" and t.text == "fascist regime"]
    assert epithets and epithets[0].speaker_name and "Lindqvist" in epithets[0].speaker_name
    assert epithets[0].cues == ["fascist regime"]


def test_a_cue_word_inside_a_hyphenated_compound_is_shown_whole():
    from presslens.techniques.model import shipped_model

    model = shipped_model()
    k = model.labels.index("Loaded_Language")
    word = next(w for w in model.lexicon.weights[k] if " " not in w and model.lexicon.weights[k][w] >= 2.0)
    text = f"They called it a pseudo-{word}-ish scheme."
    cues = model.cue_spans(text, 0, len(text), k)
    assert (text.index("pseudo"), text.index(" scheme")) in cues
    assert len(cues) == len(set(cues))
