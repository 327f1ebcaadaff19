"""Who acts on whom: the argument rules of presslens.events, one invented sentence per rule,
checked on the relations a user sees (kind, source, target, direction, negation) and, where the
rule concerns the coded event itself, on the event read from the parse."""
from __future__ import annotations

import pytest

from tests.test_relations import find, relations


def one(text, kind, source, target):
    rels = relations(text)
    found = find(rels, kind, source, target)
    assert found, [(r.kind, r.source_name, r.target_name) for r in rels]
    assert not find(rels, kind, target, source) or kind in ("agrees", "meets", "cooperates")
    return found[0]


def coded(text):
    from presslens.events import main_event
    from presslens.nlp import load_model

    [sent] = load_model()(text).sents
    return main_event(sent)


def test_pronoun_subject_of_a_reported_clause_is_the_reporting_subject():
    text = "Freedonia, which borders Sylvania, said it had expelled diplomats from Osterland."
    event = coded(text)
    assert event.event == "SANCTION" and [t.text for t in event.actors] == ["Freedonia"]
    r = one(text, "sanctions", "Freedonia", "Osterland")
    assert not r.negated
    assert not find(relations(text), "sanctions", "Sylvania", "Osterland")
    # a pronoun that does not agree stays a pronoun: "they" is no single person
    assert [t.text for t in coded("Karl Brandt said they had expelled diplomats from Osterland.").actors] == ["they"]


def test_possessive_pronoun_on_an_event_noun_is_the_clause_subject():
    event = coded("Sylvania intensified its shelling of Osterland.")
    assert event.event == "ASSAULT" and [t.text for t in event.actors] == ["Sylvania"]
    r = one("Sylvania intensified its shelling of Osterland.", "attacks", "Sylvania", "Osterland")
    assert not r.negated


@pytest.mark.parametrize("text", [
    "Valdoria provided 3 million euros in humanitarian funding to Osterland.",  # "to X" hangs on a nested noun
    "Valdoria sent forty trucks and a medical team to Osterland.",  # ... or on a coordinated object
])
def test_recipient_inside_the_object_phrase(text):
    r = one(text, "aids", "Valdoria", "Osterland")
    assert r.plover["event"] == "AID" and not r.negated


@pytest.mark.parametrize("text", [
    "Freedonia lifted sanctions imposed on Sylvania.",  # on a participle of the object
    "Freedonia on Friday lifted sanctions on Sylvania.",  # a date never fills the "on" slot
])
def test_lifting_sanctions_is_directed_at_the_sanctioned(text):
    r = one(text, "retreats", "Freedonia", "Sylvania")
    assert r.plover["event"] == "RETREAT" and not r.negated


def test_a_count_stands_for_what_it_counts():
    event = coded("Valdoria released dozens of activists.")
    assert event.event == "RETREAT" and [t.text for t in event.recipients] == ["activists"]


def test_complement_gives_the_recipient():
    r = one("Osterland threatened to shell Valdoria.", "threatens", "Osterland", "Valdoria")
    assert not r.negated
    negated = one("Freedonia did not agree to lift sanctions on Sylvania.", "agrees", "Freedonia", "Sylvania")
    assert negated.negated


def test_purpose_clause_gives_the_recipient():
    r = one("Freedonia donated ten field hospitals to assist Osterland.", "aids", "Freedonia", "Osterland")
    assert not r.negated and r.plover["event"] == "AID"


def test_a_complement_object_that_names_no_party_is_no_recipient():
    rels = relations("Freedonia and Sylvania agreed to start negotiations.")
    # the negotiations are no party: the two agree with each other instead
    assert find(rels, "agrees", "Freedonia", "Sylvania") and find(rels, "agrees", "Sylvania", "Freedonia")


@pytest.mark.parametrize("text", [
    "Freedonia and Sylvania agreed to start negotiations.",
    "Freedonia and Sylvania signed a trade treaty.",
])
def test_coordinated_actors_of_a_mutual_event_act_on_each_other(text):
    rels = relations(text)
    forward = [r for r in rels if r.source_name == "Freedonia" and r.target_name == "Sylvania"]
    backward = [r for r in rels if r.source_name == "Sylvania" and r.target_name == "Freedonia"]
    assert forward and backward and not any(r.negated for r in forward + backward)


def test_coordinated_actors_of_a_one_sided_event_do_not_act_on_each_other():
    rels = relations("Freedonia and Sylvania expelled diplomats.")
    assert not [r for r in rels if {r.source_name, r.target_name} == {"Freedonia", "Sylvania"}]


def test_reported_obligation_is_the_reporters_request():
    r = one("Osterland says Valdoria must withdraw its troops from Sylvania.", "requests", "Osterland", "Valdoria")
    assert r.plover["event"] == "REQUEST" and not r.negated


def test_the_coded_event_is_one_whose_actor_is_named():
    event = coded("Twenty civilians were killed as Sylvanian forces launched air strikes against Valdoria.")
    assert event.event == "ASSAULT"  # air strikes are no labour strike
    assert [t.text for t in event.actors] == ["forces"] and [t.text for t in event.recipients] == ["Valdoria"]


def test_evaluate_events_scores_type_source_and_target_together(tmp_path):
    from presslens.evaluate.cameo import evaluate_events

    roles = tmp_path / "roles.txt"
    roles.write_text(
        "Freedonia B-S\nshelled O\nSylvania B-T\n. O\n\n"  # right on all three
        "Osterland B-S\nthreatened O\nto O\nshell O\nValdoria B-T\n. O\n\n"  # type wrong: gold says 4
        "The O\nminister B-S\npraised O\nValdoria B-T\n. O\n\n", encoding="utf-8")  # statement: class 0
    classes = tmp_path / "classes.tsv"
    classes.write_text("Freedonia shelled Sylvania.\t4\nOsterland threatened to shell Valdoria.\t4\n"
                       "The minister praised Valdoria.\t0\n", encoding="utf-8")
    report = evaluate_events(roles, classes)
    assert report["typed_sentences"] == 3
    assert report["source_right"] == 1.0 and report["target_right"] == 1.0
    assert report["type_source_target_right"] == round(1 / 3, 4)
    plover = report["plover_events"]
    assert plover["sentences"] == 2 and plover["type_source_target_right"] == 0.5


@pytest.mark.parametrize("text, kind", [
    ("Freedonia declared a ceasefire in Sylvania.", "concedes"),  # declared, not carried out: CONCEDE
    ("Freedonia began a ceasefire in Sylvania.", "retreats"),
    ("Freedonia strengthened its forces in Sylvania.", "mobilizes"),
])
def test_an_act_on_the_people_of_a_place_is_directed_at_the_place(text, kind):
    r = one(text, kind, "Freedonia", "Sylvania")
    assert not r.negated


def test_a_venue_is_no_party():
    rels = relations("Freedonia held talks with Osterland in Sylvania.")
    assert find(rels, "meets", "Freedonia", "Osterland")
    assert not [r for r in rels if r.target_name == "Sylvania"]
    assert not find(relations("Protesters from Freedonia rallied in Sylvania."), "protests", "Freedonia", "Sylvania")


def test_the_recipient_of_the_first_of_two_objects_counts():
    r = one("Valdoria provides 10 million euros in aid to Osterland, including 3 million euros through Sylvania.",
            "aids", "Valdoria", "Osterland")
    assert not r.negated


def test_obligation_on_a_plain_verb_in_reported_speech_is_a_demand():
    r = one("Osterland said that Valdoria must ensure security for the pilgrims.", "requests", "Osterland", "Valdoria")
    assert r.plover["event"] == "REQUEST" and not r.negated
    assert not relations("Osterland said that Valdoria must not ensure anything.")
    # without a reporting clause nobody is known to demand it
    assert not relations("Valdoria must ensure security for the pilgrims.")


@pytest.mark.parametrize("text, kind, source, target", [
    ("Freedonia has established diplomatic ties with Osterland.", "supports", "Freedonia", "Osterland"),
    ("Karl Brandt sought refuge in Osterland.", "requests", "Karl Brandt", "Osterland"),
    ("The Crimson Front held two Osterland officials as hostages.", "attacks", "Crimson Front", "Osterland"),
])
def test_event_words_of_cameo_categories(text, kind, source, target):
    r = one(text, kind, source, target)
    assert not r.negated


@pytest.mark.parametrize("text, kind, source, target", [
    ("Sylvanian warplanes bombed Osterland positions.", "attacks", "Sylvania", "Osterland"),  # modifiers name the sides
    ("The Crimson Front shelled a military base in Osterland.", "attacks", "Crimson Front", "Osterland"),  # the place
    ("Valdoria's court lifted the ban on the leaders of the Crimson Front.", "retreats", "Valdoria", "Crimson Front"),
])
def test_participants_are_coded_as_the_party_they_belong_to(text, kind, source, target):
    r = one(text, kind, source, target)
    assert not r.negated


def test_a_participant_of_no_known_party_gives_no_relation():
    assert not relations("Unknown gunmen shelled a remote farm.")


def test_us_in_capitals_is_the_country_not_the_speakers():
    from presslens.stages.relations import Relations
    from tests.annotated import make_doc

    doc = make_doc("The US suspended military aid to Sylvania.",
                   [("United States", "GPE", "USA", ["United States", "US"]), ("Sylvania", "GPE", "XSY", ["Sylvania"])])
    Relations()(doc)
    [r] = find(doc.relations, "sanctions", "United States", "Sylvania")
    assert not r.negated


def test_an_act_done_to_another_act_is_directed_at_its_recipient():
    r = one("Freedonia lifted its naval blockade of Sylvania.", "retreats", "Freedonia", "Sylvania")
    assert not r.negated


def test_helping_a_party_do_something_aids_the_party():
    r = one("Valdoria sent engineers to help Osterland rebuild its bridges.", "aids", "Valdoria", "Osterland")
    assert not r.negated


def test_a_hyphenated_cease_fire_is_a_ceasefire():
    r = one("Freedonia began a weeklong cease-fire with the Crimson Front.", "retreats", "Freedonia",
            "Crimson Front")
    assert r.plover["mode"] == "ceasefire" and not r.negated
    # "drew fire from X" is still criticism
    assert find(relations("Sylvania drew fire from Osterland."), "accuses", "Osterland", "Sylvania")


@pytest.mark.parametrize("text", [
    "Freedonia refused to lift sanctions on Sylvania.",
    "Freedonia will not lift sanctions on Sylvania.",
])
def test_a_refusal_is_a_rejection_beside_the_negated_act(text):
    rels = relations(text)
    [refused] = find(rels, "retreats", "Freedonia", "Sylvania")
    [rejection] = find(rels, "rejects", "Freedonia", "Sylvania")
    assert refused.negated and not rejection.negated
    assert rejection.plover == {"event": "REJECT", "mode": "yield", "context": []}


def test_a_plain_negation_is_no_rejection():
    rels = relations("Freedonia did not lift sanctions on Sylvania.")
    assert find(rels, "retreats", "Freedonia", "Sylvania")[0].negated
    assert not find(rels, "rejects", "Freedonia", "Sylvania")


def test_a_naming_word_deeper_in_the_phrase_names_the_party():
    r = one("Freedonian troops launched an assault on the last Crimson Front group bastion.",
            "attacks", "Freedonia", "Crimson Front")
    assert not r.negated


def test_an_actor_located_in_a_place_is_not_the_place():
    rels = relations("A car bomb in Sylvania killed an envoy of Osterland.")
    assert not [r for r in rels if r.source_name == "Sylvania"]


def test_the_nationality_before_an_event_noun_is_its_actor():
    r = one("Osterland condemned the Sylvanian air strikes on Valdoria.", "attacks", "Sylvania", "Valdoria")
    assert not r.negated
    assert find(relations("Osterland condemned the Sylvanian air strikes on Valdoria."), "accuses", "Osterland",
                "Sylvania")


def test_the_author_of_an_act_is_the_agent_of_its_participle():
    r = one("Osterland rejected an appeal lodged by the Crimson Front.", "rejects", "Osterland", "Crimson Front")
    assert not r.negated


def test_an_offer_of_something_is_not_that_things():
    event = coded("The rebels rejected an offer of a ceasefire.")
    assert event.event == "REJECT" and [t.text for t in event.recipients] == ["offer"]


@pytest.mark.parametrize("text, kind, source, target", [
    # a naming word outranks a pronoun possessor that stands for the actor itself
    ("Valdoria shared intelligence with their Sylvanian counterparts.", "cooperates", "Valdoria", "Sylvania"),
    # the party of an "of" phrase, however deep
    ("Freedonian hackers launched cyber attacks on a number of Osterland government websites.",
     "attacks", "Freedonia", "Osterland"),
    # an institution "in X" is X's; a recipient lies in its place
    ("Authorities in Sylvania imposed a curfew in parts of Osterland.", "coerces", "Sylvania", "Osterland"),
])
def test_party_of_a_participant_phrase(text, kind, source, target):
    r = one(text, kind, source, target)
    assert not r.negated


@pytest.mark.parametrize("text, kind, source, target", [
    ("The missiles fired by Valdoria struck a fuel depot of Osterland overnight.", "attacks", "Valdoria", "Osterland"),
    ("A car bombing by Sylvania killed two guards of Freedonia.", "attacks", "Sylvania", "Freedonia"),
    ("Freedonia rejected a request by Sylvania to extradite the suspects.", "rejects", "Freedonia", "Sylvania"),
])
def test_a_by_phrase_names_the_party_behind_a_thing_or_an_act(text, kind, source, target):
    one(text, kind, source, target)


@pytest.mark.parametrize("text, recipient", [
    ("Valdoria strengthened its forces in Crimea.", "Crimea"),  # the small model tags it an organisation
    ("Valdoria imposed blockades in some parts of Darfur.", "Darfur"),  # a part of a place: the place
    ("The rebels have agreed to a ceasefire in Aleppo.", "Aleppo"),  # a place in what was agreed
])
def test_an_act_on_a_place_with_no_party_named_is_directed_at_the_place(text, recipient):
    assert [t.text for t in coded(text).recipients] == [recipient]


def test_the_venue_of_an_agreement_is_no_party():
    event = coded("The rebels agreed in Geneva to hold talks.")
    assert event.event == "AGREE" and "Geneva" not in [t.text for t in event.recipients]


def test_a_party_named_inside_a_recipient_thing_is_the_recipient():
    one("Freedonia rejected the announcement that Karl Brandt had won the vote.", "rejects", "Freedonia", "Karl Brandt")
    # ... but not the other side of a struggle, and not a topic of talks
    rels = relations("Valdoria sent weapons to an uprising against Osterland.")
    assert not find(rels, "aids", "Valdoria", "Osterland"), [(r.kind, r.source_name, r.target_name) for r in rels]
    rels = relations("Freedonia and Sylvania discussed the role of Osterland in the region.")
    assert not [r for r in rels if r.target_name == "Osterland"], [(r.kind, r.source_name, r.target_name) for r in rels]


@pytest.mark.parametrize("text, kind, target", [
    ("Freedonia arrested a man wanted by Sylvania on Tuesday.", "coerces", "Sylvania"),  # the agent of a participle
    # a border is no place named
    ("Freedonia shelled a village near the Sylvanian border on Sunday.", "attacks", "Sylvania"),
])
def test_a_party_merely_mentioned_in_a_recipient_phrase_is_not_the_recipient(text, kind, target):
    rels = relations(text)
    assert not find(rels, kind, "Freedonia", target), [(r.kind, r.source_name, r.target_name) for r in rels]


def test_talks_agreed_to_are_held_in_a_venue_not_directed_at_it():
    assert "Aleppo" not in [t.text for t in coded("The rebels agreed to talks in Aleppo next month.").recipients]


@pytest.mark.parametrize("text, event_type, actors, recipients", [
    ("Valdoria launched a campaign of air strikes against Osterland.", "ASSAULT", ["Valdoria"], ["Osterland"]),
    ("Valdoria and Osterland began a new round of joint military exercises.", "COOPERATE",
     ["Valdoria", "Osterland"], ["Valdoria", "Osterland"]),
    ("The prime minister launched a mediation effort between Valdoria and Osterland.", "CONSULT",
     ["minister"], ["Valdoria", "Osterland"]),
    ("Prosecutors opened an investigation against the mayor of Brindel.", "ACCUSE", ["Prosecutors"], ["mayor"]),
])
def test_an_event_noun_carried_by_a_frame_noun_takes_the_verbs_subject(text, event_type, actors, recipients):
    event = coded(text)
    assert event.event == event_type
    assert [t.text for t in event.actors] == actors and [t.text for t in event.recipients] == recipients


def test_a_frame_noun_is_not_its_own_events_actor():
    event = coded("The Valdorian government's assistance package consisted of medicine and tents.")
    assert [t.text for t in event.actors] == ["government"]


@pytest.mark.parametrize("text, kind, target", [
    ("Freedonia arrested a man who threatened Sylvania.", "coerces", "Sylvania"),  # the man acts in his own clause
    ("Freedonia rejected a plan to punish Sylvania.", "rejects", "Sylvania"),
    ("Freedonia welcomed a ceasefire between Sylvania and Osterland.", "supports", "Sylvania"),
])
def test_a_party_the_recipient_thing_acts_on_or_stands_between_is_not_the_recipient(text, kind, target):
    rels = relations(text)
    assert not find(rels, kind, "Freedonia", target), [(r.kind, r.source_name, r.target_name) for r in rels]
