"""Relations between entities in PLOVER terms, on invented sentences (one phenomenon each)."""
from __future__ import annotations

from pathlib import Path

import pytest

from presslens.data import load_json
from presslens.document import Document, Metadata
from presslens.stages.relations import EVENT_OF_KIND, KIND_OF_EVENT, Relations
from tests.annotated import make_doc
from tests.conftest import shared_path

PLOVER_EVENTS = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                 "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
STANDING = {"ally", "relations_worsen", "relations_improve"}
SLOTS = {"subj", "obj", "dative", "poss", "modifier", "governor_subj", "governor_obj", "content_subj"}

STATES = [
    ("Freedonia", "GPE", "XFR", ["Freedonia"]),
    ("Sylvania", "GPE", "XSY", ["Sylvania"]),
    ("Osterland", "GPE", "XOS", ["Osterland"]),
    ("Valdoria", "GPE", "XVA", ["Valdoria"]),
    ("Karl Brandt", "PERSON", "XFR", ["Karl Brandt", "Brandt"]),
    ("Anna Keller", "PERSON", "XVA", ["Anna Keller", "Keller"]),
    ("Crimson Front", "ORG", "XSY", ["Crimson Front"]),
]


def relations(text: str, quotes=()) -> list:
    doc = make_doc(text, STATES, quotes)
    Relations()(doc)
    return doc.relations


def find(rels, kind, source, target):
    return [r for r in rels if r.kind == kind and r.source_name == source and r.target_name == target]


def test_plain_accusation_with_evidence_span():
    rels = relations("Freedonia condemned Sylvania for the raid on the harbour.")
    [r] = find(rels, "accuses", "Freedonia", "Sylvania")
    assert r.plover["event"] == "ACCUSE" and r.plover["mode"] == "disapprove"
    assert not r.negated and not r.hedged
    assert "Freedonia condemned Sylvania" in r.evidence


@pytest.mark.parametrize("text", [
    "Freedonia stopped short of condemning Sylvania after the border clash.",
    "Freedonia refused to criticize Sylvania over the border clash.",
    "Freedonia did not condemn Sylvania after the border clash.",
])
def test_negated_accusation(text):
    [r] = find(relations(text), "accuses", "Freedonia", "Sylvania")
    assert r.negated


def test_definite_description_refers_back_to_the_organisation():
    text = ("After Crimson Front fighters shelled a border post, "
            "Freedonia stopped short of condemning the militant group.")
    [r] = find(relations(text), "accuses", "Freedonia", "Crimson Front")
    assert r.negated


@pytest.mark.parametrize("text", [
    "Valdoria could provide tanks to Osterland.",
    "Valdoria reportedly supplied rockets to Osterland.",
])
def test_hedged_aid(text):
    [r] = find(relations(text), "aids", "Valdoria", "Osterland")
    assert r.hedged and not r.negated


@pytest.mark.parametrize("text", [
    "Osterland is heavily dependent on Valdoria for artillery shells.",
    "Osterland turned to Valdoria for supplies of artillery shells.",
    "Osterland received artillery shells from Valdoria.",
])
def test_the_supplier_is_the_source_of_aid(text):
    rels = relations(text)
    [r] = find(rels, "aids", "Valdoria", "Osterland")
    assert "military" in r.plover["context"]
    assert not find(rels, "aids", "Osterland", "Valdoria")


def test_standing_alliance_from_copula():
    [r] = find(relations("Sylvania is an ally of Osterland."), "ally", "Sylvania", "Osterland")
    assert r.plover["event"] is None


def test_relations_souring_through_whose():
    rels = relations("Valdoria is not the only state whose relations with Freedonia have soured since the election.")
    assert find(rels, "relations_worsen", "Valdoria", "Freedonia")


def test_possessive_relations_deteriorated_with_date():
    [r] = find(relations("Freedonia's relations with Osterland deteriorated in 2019."), "relations_worsen",
               "Freedonia", "Osterland")
    assert r.date == "2019"


def test_coordinated_partners_expand():
    rels = relations("Meanwhile, Freedonia has strengthened alliances with Valdoria and Osterland.")
    assert find(rels, "ally", "Freedonia", "Valdoria") and find(rels, "ally", "Freedonia", "Osterland")


def test_patron_in_apposition():
    rels = relations("Sylvania, a longtime patron of the Crimson Front, sent envoys abroad.")
    assert find(rels, "supports", "Sylvania", "Crimson Front")


@pytest.mark.parametrize("text", [
    "Freedonia has come under heavy criticism from Sylvania for its dam project.",
    "Freedonia drew fire from Sylvania last month.",
])
def test_criticism_received_names_the_critic_as_source(text):
    rels = relations(text)
    assert find(rels, "accuses", "Sylvania", "Freedonia")
    assert not find(rels, "accuses", "Freedonia", "Sylvania")


def test_meeting_in_a_setting_phrase():
    rels = relations("During a meeting with the Valdorian envoy Anna Keller in the capital, "
                     "Karl Brandt praised the treaty.")
    assert find(rels, "meets", "Karl Brandt", "Anna Keller")


def test_passive_attack():
    assert find(relations("Freedonia was attacked by Sylvania on Monday."), "attacks", "Sylvania", "Freedonia")


def test_the_target_is_the_place_left_not_the_troops():
    assert find(relations("Valdoria withdrew its troops from Osterland."), "retreats", "Valdoria", "Osterland")


@pytest.mark.parametrize("text,kind", [
    ("Sylvania threatened to invade Freedonia.", "threatens"),
    ("Sylvania will attack Freedonia if the talks fail.", "threatens"),
    ("Osterland is ready to send troops to Valdoria.", "agrees"),
    ("Osterland will meet Valdoria next week.", "agrees"),
])
def test_modality_decides_the_type(text, kind):
    rels = relations(text)
    countries = {"Sylvania", "Freedonia", "Osterland", "Valdoria"}
    assert [r.kind for r in rels if {r.source_name, r.target_name} <= countries] == [kind]


def test_a_requested_act_is_the_requests_mode_not_an_event():
    rels = relations("Freedonia urged Valdoria to withdraw its troops from Osterland.")
    [r] = find(rels, "requests", "Freedonia", "Valdoria")
    assert r.plover["mode"] == "yield"
    assert not find(rels, "retreats", "Valdoria", "Osterland")


def test_relation_in_a_quote_is_the_speakers_assertion():
    text = "Karl Brandt said: “Osterland is our closest ally.”"
    rels = relations(text, quotes=[("Osterland is our closest ally.", "Karl Brandt", "direct")])
    [r] = find(rels, "ally", "Osterland", "Freedonia")
    assert r.asserted_by == "e5"


def test_obligation_in_a_quote_is_the_speakers_request():
    text = "Karl Brandt said: “Valdoria must release the prisoners.”"
    rels = relations(text, quotes=[("Valdoria must release the prisoners.", "Karl Brandt", "direct")])
    assert find(rels, "requests", "Freedonia", "Valdoria")


def test_allegation_in_reported_speech():
    text = "Karl Brandt claimed on Tuesday that Valdoria had sent rockets to the Crimson Front."
    rels = relations(text, quotes=[("Valdoria had sent rockets to the Crimson Front", "Karl Brandt", "reported")])
    [accusation] = find(rels, "accuses", "Karl Brandt", "Valdoria")
    assert accusation.asserted_by is None and accusation.date == "2024-05-14"
    [aid] = find(rels, "aids", "Valdoria", "Crimson Front")
    assert aid.asserted_by == "e5"


def test_no_relation_without_entities_and_no_crash_on_odd_input():
    assert relations("The weather was mild and nobody did anything.") == []
    bare = Document("", Metadata(id="empty"))
    Relations()(bare)  # no parse: nothing to read, nothing raised
    assert bare.relations == []


def test_every_relation_points_at_its_evidence():
    text = "Freedonia condemned Sylvania. Osterland is an ally of Valdoria."
    doc = make_doc(text, STATES)
    Relations()(doc)
    assert doc.relations
    for r in doc.relations:
        assert doc.text[r.start:r.end] == r.evidence
        assert r.kind in KIND_OF_EVENT.values() or r.kind in STANDING


def test_event_lexicon_integrity():
    lexicon = load_json("cues/events.json")
    assert "_format" in lexicon
    assert set(lexicon["quad"]) == PLOVER_EVENTS
    assert set(KIND_OF_EVENT) == PLOVER_EVENTS and set(EVENT_OF_KIND.values()) == PLOVER_EVENTS
    for table in ("verbs", "nouns", "adjectives"):
        for lemma, frames in lexicon[table].items():
            assert lemma == lemma.lower() and frames, lemma
            for frame in frames:
                assert frame["event"] in PLOVER_EVENTS | STANDING, (lemma, frame)
                for slot in frame.get("actor", []) + frame.get("recipient", []):
                    assert slot in SLOTS or slot.startswith("prep:"), (lemma, slot)
                for requirement in frame.get("requires", []):
                    assert (requirement in ("actor", "recipient", "noclause", "nolabel", "noobj", "party", "solo")
                            or requirement.split(":")[0] in ("word", "governor", "unless", "without"))
                assert set(frame) <= {"event", "mode", "context", "actor", "recipient", "requires", "particle",
                                      "cameo"}, frame
                if "cameo" in frame:
                    assert frame["cameo"] in load_json("plover.json")["cameo_class_of_root"]
    modality = load_json("cues/modality.json")
    assert "_format" in modality and modality["negators"] and modality["contexts"]


@pytest.mark.slow
def test_reference_article_relations_labels_claims():
    directory = shared_path("corpus", "kremlin-hamas")
    from presslens.evaluate.corpus import evaluate_directory
    from presslens.options import AnalyzeOptions
    from presslens.stages import default_stages

    if not any("quotes" in s.assigns for s in default_stages(AnalyzeOptions())):
        pytest.skip("no quotes stage in the pipeline yet: relations, labels and claims do not run")
    report = evaluate_directory(directory, AnalyzeOptions(jobs=1))
    parts = report["parts"]
    assert parts["relations"]["found"] >= 19, parts["relations"]["missed"]
    assert parts["labels"]["found"] == parts["labels"]["total"], parts["labels"]["missed"]
    assert parts["claims"]["found"] == parts["claims"]["total"], parts["claims"]["missed"]


def test_evaluate_cameo_scores_classes_and_roles():
    from presslens.evaluate.cameo import evaluate, evaluate_roles

    fixtures = Path(__file__).parent / "fixtures"
    report = evaluate(fixtures / "cameo_classes.tsv")
    assert report["sentences"] == 5 and report["agreement"] >= 0.8
    assert report["confusion"][3][3] == 1 and report["confusion"][0][0] == 1
    held = evaluate(fixtures / "cameo_classes.tsv", part="held-out")
    assert held["sentences"] == 1  # every fifth sentence is held out
    roles = evaluate_roles(fixtures / "cameo_roles.txt")
    assert roles["sentences"] == 2  # the first sentence has no annotated roles
    assert roles["source_right"] == roles["source_and_target_right"] == 1.0


def test_evaluate_cameo_reads_role_sentences_as_written(tmp_path):
    """The role set is tokenised ("the U . K ."); the class set has the sentence as written, which
    is what a user analyses: the role spans move onto it."""
    from presslens.evaluate.cameo import joined_rows

    roles = tmp_path / "roles.txt"
    tagged = [("Freedonia", "B-S"), ("lifted", "O"), ("its", "O"), ("blockade", "O"), ("of", "O"), ("the", "B-T"),
              ("U", "I-T"), (".", "I-T"), ("K", "I-T"), (".", "O"), ("on", "O"), ("Monday", "O"), ("'s", "O"),
              ("eve", "O"), (".", "O")]
    roles.write_text("\n".join(f"{t} {tag}" for t, tag in tagged) + "\n\n", encoding="utf-8")
    classes = tmp_path / "classes.tsv"
    classes.write_text("Freedonia lifted its blockade of the U.K. on Mondayʼs eve.\t2\n", encoding="utf-8")
    [row] = joined_rows(roles, classes)
    text = row["text"]
    assert text == "Freedonia lifted its blockade of the U.K. on Mondayʼs eve." and row["gold_class"] == 2
    assert [text[a:b] for a, b in row["spans"]["S"]] == ["Freedonia"]
    assert [text[a:b] for a, b in row["spans"]["T"]] == ["the U.K"]
    # a letter whose lower case is two characters keeps the places aligned
    from presslens.evaluate.cameo import _as_written
    moved = _as_written("İ İ left İzmir", ["İ", "İ", "left", "İzmir"], "İ İ left İzmir",
                        {"S": [(0, 1)], "T": [(9, 14)], "R": []})
    assert moved == ("İ İ left İzmir", {"S": [(0, 1)], "T": [(9, 14)], "R": []})
