"""Labels from each construction (verbs beyond "call", copulas and appositions in quotes, charges,
designations, epithets in a quote or in the article's own voice), on invented sentences."""
from __future__ import annotations

from presslens.document import Quote, Span
from presslens.stages.labels import Labels, speaker_words
from tests.annotated import make_doc
from tests.test_labels import ACTORS, labels


def only(found, words: str):
    matching = [lb for lb in found if words in lb.label]
    assert len(matching) == 1, [lb.label for lb in found]
    return matching[0]


def test_branded_with_two_objects():
    lb = only(labels("Brandt has branded the Crimson Front a “terror army” and left."), "terror army")
    assert (lb.source_name, lb.target_name, lb.construction) == ("Karl Brandt", "Crimson Front", "verb")
    assert not lb.negated and not lb.quoted


def test_refers_to_x_as_y():
    lb = only(labels("Olsen regularly refers to the Crimson Front as “bandits”."), "bandits")
    assert (lb.source_name, lb.target_name) == ("Mira Olsen", "Crimson Front")


def test_described_as_an_adjective():
    lb = only(labels("Sylvania described the vote as “illegitimate.”"), "illegitimate")
    assert lb.source_name == "Sylvania" and lb.target_text == "the vote"


def test_passive_designation_takes_the_agent_as_source():
    found = labels("The Crimson Front was designated a terrorist organisation by Westland.")
    lb = only(found, "terrorist organisation")
    assert (lb.source_name, lb.target_name, lb.construction) == ("Westland", "Crimson Front", "designation")


def test_a_verb_that_labels_only_through_as():
    assert not labels("Westland sees the Crimson Front leaders every week.")


def test_copular_noun_in_a_quote_labels_the_subject():
    text = "“Sylvania has become a proxy of Westland,” Brandt said."
    lb = only(labels(text, quotes=[("Sylvania has become a proxy of Westland", "Karl Brandt", "direct")]), "proxy")
    assert (lb.source_name, lb.target_name, lb.construction) == ("Karl Brandt", "Sylvania", "copular")
    assert lb.quoted and not lb.negated


def test_a_negated_copular_label():
    text = "“The Crimson Front is not a threat,” Olsen said."
    lb = only(labels(text, quotes=[("The Crimson Front is not a threat", "Mira Olsen", "direct")]), "threat")
    assert lb.negated and lb.target_name == "Crimson Front"


def test_a_descriptive_predicate_is_no_label():
    text = "“The bridge is the first option,” Olsen said."
    assert not labels(text, quotes=[("The bridge is the first option", "Mira Olsen", "direct")])


def test_apposition_in_a_quote():
    text = "“Brandt, the enemy of every farmer, will lose,” Olsen said."
    lb = only(labels(text, quotes=[("Brandt, the enemy of every farmer, will lose", "Mira Olsen", "direct")]),
              "enemy")
    assert (lb.source_name, lb.target_name, lb.construction) == ("Mira Olsen", "Karl Brandt", "epithet")


def test_charged_with_espionage():
    lb = only(labels("Sylvania charged Karl Brandt with espionage on Monday."), "espionage")
    assert (lb.source_name, lb.target_name, lb.construction) == ("Sylvania", "Karl Brandt", "designation")
    passive = only(labels("Brandt was charged with treason last year."), "treason")
    assert passive.source is None and passive.target_name == "Karl Brandt"


def test_a_charge_word_without_a_charge_verb_is_no_label():
    assert not labels("Sylvania and Westland talked about espionage and sabotage at the summit.")


def test_epithet_in_the_articles_own_voice_has_no_source():
    lb = only(labels("The despot in Sylvania has again jailed his critics on trumped-up charges."), "despot")
    assert lb.source is None and lb.target_name == "Sylvania"
    assert (lb.construction, lb.quoted) == ("article voice", False)
    charges = only(labels("Westland jailed them on trumped-up charges."), "trumped-up")
    assert charges.label == "trumped-up charges" and charges.source is None


def test_epithet_in_a_quote_is_the_speakers():
    text = "“The criminal regime in Sylvania must answer,” Brandt said."
    lb = only(labels(text, quotes=[("The criminal regime in Sylvania must answer", "Karl Brandt", "direct")]), "regime")
    assert (lb.source_name, lb.target_name, lb.construction, lb.quoted) == ("Karl Brandt", "Sylvania", "epithet", True)


def test_standard_terms_and_names_are_no_epithets():
    assert not labels("Prosecutors in Westland opened a criminal investigation into breaches of the sanctions regime.")
    assert not labels("The Nazis occupied Sylvania in 1940, and Nazi Germany annexed its north.")


def test_a_predicate_adjective_without_a_labelling_verb_is_no_label():
    assert not labels("Olsen thinks the plan of Westland is absurd.")


def test_a_phrasal_verb_is_no_labelling_verb():
    assert not labels("Freedonia called up the reservists of the Crimson Front.")


def test_conjoined_predicates_in_a_quote_are_each_a_label():
    text = "“The blockade of Sylvania represents an attack on farmers, and a violation of the treaty,” Olsen said."
    found = labels(text, quotes=[("The blockade of Sylvania represents an attack on farmers, and a violation of "
                                  "the treaty", "Mira Olsen", "direct")])
    assert {lb.label.split()[0] for lb in found if lb.construction == "copular"} == {"attack", "violation"}
    assert all(lb.source_name == "Mira Olsen" for lb in found)


def test_the_outlets_own_we_labels_in_the_articles_voice():
    lb = only(labels("The Crimson Front, which we have designated as a terrorist organisation, met in Sylvania."),
              "terrorist organisation")
    assert lb.source is None and not lb.quoted and lb.target_name == "Crimson Front"


def test_word_list_finds_plurals_hyphen_parts_and_phrases():
    from presslens.stages.labels import WordList

    words = WordList(["regime", "radical", "witch hunt", "trumped-up"])
    text = "Regimes, a radical-extremist wing, witch hunts and trumped-up charges; regimental bands."
    assert [(text[s:e], entry) for s, e, entry in words.find(text)] == [
        ("Regimes", "regime"), ("radical", "radical"), ("witch hunts", "witch hunt"), ("trumped-up", "trumped-up")]


def test_an_epithet_in_a_quote_of_an_unnamed_source_is_that_sources():
    text = "“The junta in Sylvania will fall,” one official source said on Monday."
    doc = make_doc(text, ACTORS)
    end = text.index("”")
    mention = text.index("one official source")
    doc.quotes.append(Quote("q1", "direct", 1, end, text[1:end], speaker_mention=doc.span(mention, mention + 19)))
    Labels()(doc)
    lb = only(doc.labels, "junta")
    assert (lb.source, lb.source_name, lb.target_name) == (None, "one official source", "Sylvania")


def test_no_source_words_for_a_pronoun_speaker():
    assert speaker_words(Quote("q1", "direct", 0, 5, "xxxxx", speaker_mention=None)) is None
    assert speaker_words(Quote("q1", "direct", 0, 5, "xxxxx", speaker_mention=Span(6, 8, "he"))) is None
    assert speaker_words(Quote("q1", "direct", 0, 5, "xxxxx", speaker_mention=Span(6, 10, "’s"))) is None


def test_general_invective_in_the_outlets_words_is_the_articles_voice():
    lb = only(labels("The lapdogs of Sylvania cheered the new treaty on Monday."), "lapdogs")
    assert (lb.source, lb.construction, lb.target_name) == (None, "article voice", "Sylvania")


def test_no_epithet_inside_a_web_address():
    assert not labels("The list is at https://example.org/wanted/terrorists for anyone to read.")


def test_verbs_of_praise_and_scorn_label_through_as():
    hailed = only(labels("Olsen hailed the Crimson Front as “a beacon of freedom” on Sunday."), "beacon")
    assert (hailed.source_name, hailed.target_name, hailed.construction) == ("Mira Olsen", "Crimson Front", "verb")
    mocked = only(labels("Brandt mocked Sylvania as a paper tiger at the rally."), "paper tiger")
    assert (mocked.source_name, mocked.target_name) == ("Karl Brandt", "Sylvania")
    assert not labels("Brandt mocked Sylvania at the rally.")


def test_so_called_disowns_the_name_after_it():
    front = only(labels("Troops of the so-called Crimson Front crossed the river."), "so-called")
    assert (front.label, front.source, front.target_name, front.construction) == (
        "so-called Crimson Front", None, "Crimson Front", "article voice")
    keepers = only(labels("Sylvania sent its so-called “peacekeepers” to the border."), "so-called")
    assert (keepers.label, keepers.target_text) == ("so-called “peacekeepers”", "peacekeepers")


def test_so_called_before_a_place_introduces_a_term():
    found = labels("Guns are dug into the so-called Amber Valley near the coast.")
    assert all("so-called" not in lb.label for lb in found)


def test_a_judging_predicate_in_the_outlets_words_is_the_articles_label():
    found = labels("The Crimson Front is a threat to the whole region. Brandt is a lawyer and a victim of the flood.")
    lb = only(found, "threat")
    assert (lb.source, lb.construction, lb.target_name, lb.quoted) == (None, "copular", "Crimson Front", False)
    assert not [x for x in found if "lawyer" in x.label or "victim" in x.label]
