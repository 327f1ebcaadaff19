"""Labels (who calls whom what) on invented sentences."""
from __future__ import annotations

from presslens.data import load_json
from presslens.stages.labels import Labels
from tests.annotated import make_doc

ACTORS = [
    ("Freedonia", "GPE", "XFR", ["Freedonia", "Palace"]),
    ("Sylvania", "GPE", "XSY", ["Sylvania"]),
    ("Crimson Front", "ORG", "XSY", ["Crimson Front"]),
    ("Karl Brandt", "PERSON", "XFR", ["Karl Brandt", "Brandt"]),
    ("Mira Olsen", "PERSON", "XFR", ["Mira Olsen", "Olsen"]),
    ("Westland", "GPE", "USA", ["Westland"]),
]


def labels(text: str, quotes=()):
    doc = make_doc(text, ACTORS, quotes)
    Labels()(doc)
    return doc.labels


def test_calls_as_with_a_scare_quoted_label_and_a_phrase_target():
    [lb] = labels("After the floods, the Palace calls the protests by the river unions as “foreign sabotage.”")
    assert lb.source_name == "Freedonia" and lb.label == "foreign sabotage"
    assert lb.target is None and lb.target_text == "the protests by the river unions"


def test_fronted_target_with_an_impersonal_subject_continues_the_labeller():
    text = ("The Palace calls the strikes “riots.” Its own critics, such as Lena Voss and Piet Ruud, "
            "one also branded as “traitors”.")
    found = labels(text)
    traitors = [lb for lb in found if lb.label == "traitors"]
    assert traitors and traitors[0].source_name == "Freedonia"
    assert "Lena Voss and Piet Ruud" in traitors[0].target_text


def test_considers_x_a_y():
    [lb] = labels("Sylvania considers the Crimson Front a terrorist organisation.")
    assert (lb.source_name, lb.target_name, lb.label) == ("Sylvania", "Crimson Front", "terrorist organisation")


def test_recognition_reported_from_a_speaker_is_the_speakers_label():
    text = "According to Brandt, Freedonia recognizes the Crimson Front as a legitimate partner."
    [lb] = labels(text, quotes=[("Freedonia recognizes the Crimson Front as a legitimate partner", "Karl Brandt",
                                 "reported")])
    assert (lb.source_name, lb.target_name, lb.label) == ("Karl Brandt", "Crimson Front", "legitimate partner")


def test_a_labeller_who_is_no_known_actor_gives_no_label():
    text = "Olsen said: “Many others, including those who consider the Crimson Front a criminal gang, talk to it.”"
    found = labels(text, quotes=[("Many others, including those", "Mira Olsen", "direct")])
    assert not [lb for lb in found if lb.label == "criminal gang"]


def test_epithet_in_a_quote_labels_the_actor_it_names():
    text = "“Arms sent to the fascist junta in Sylvania end up everywhere,” Olsen wrote."
    [lb] = labels(text, quotes=[("Arms sent to the fascist junta in Sylvania end up everywhere", "Mira Olsen",
                                 "direct")])
    assert (lb.source_name, lb.target_name, lb.label) == ("Mira Olsen", "Sylvania", "fascist junta")


def test_epithet_without_a_named_target_takes_its_conventional_referent():
    text = "Brandt wrote: “The globalist octopus will be busy elsewhere, and Westland knows it.”"
    [lb] = labels(text, quotes=[("The globalist octopus will be busy elsewhere", "Karl Brandt", "direct")])
    assert (lb.source_name, lb.target_name, lb.label) == ("Karl Brandt", "Westland", "globalist octopus")


def test_event_free_relative_points_at_the_attacker():
    text = ("After Crimson Front fighters attacked a border post, Freedonia stopped short of condemning them, "
            "instead calling what happened a “cycle of revenge”.")
    found = [lb for lb in labels(text) if lb.label == "cycle of revenge"]
    assert found and found[0].source_name == "Freedonia" and found[0].target_name == "Crimson Front"


def test_label_cues_integrity():
    cues = load_json("cues/labels.json")
    assert "_format" in cues and "call" in cues["labelling_verbs"]
    assert set(cues["as_only_verbs"]) <= set(cues["labelling_verbs"])
    lexicon = load_json("cues/label_lexicon.json")
    evaluative = [w for category in lexicon["evaluative"].values() for w in category]
    assert len(evaluative) == len(set(evaluative)), "a word in two categories"
    words = evaluative + [w for key in ("designations", "charges", "characterising_nouns", "also_names",
                                        "neutral_phrases") for w in lexicon[key]] + list(lexicon["referents"])
    assert words and all(word == word.lower() == word.strip() for word in words)
    assert all(isinstance(refs, list) for refs in lexicon["referents"].values())
