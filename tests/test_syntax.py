"""The shared syntax: the arguments of a verb read from the parse, the pronoun classes, and the
overlap of character spans."""
import pytest
import spacy

from presslens.nlp import resolve_model_name
from presslens.syntax import (
    ACTIVE_SUBJECTS,
    FIRST_PERSON_PRONOUNS,
    GROUP_PRONOUNS,
    NOMINAL_SUBJECTS,
    NUMBER_LABELS,
    PARTY_LABELS,
    PERSON_PRONOUNS,
    PLACE_LABELS,
    SUBJECTS,
    TIME_LABELS,
    agent_of,
    is_passive,
    objects_of,
    overlaps,
    overlaps_any,
    subject_of,
    subjects_of,
)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(resolve_model_name())


def word(doc, text: str):
    return next(t for t in doc if t.text == text)


def test_an_active_verb_has_its_subject_and_object(nlp):
    doc = nlp("Russia denied the report.")
    denied = word(doc, "denied")
    assert subject_of(denied).text == "Russia"
    assert subject_of(denied, ACTIVE_SUBJECTS).text == "Russia"
    assert [t.text for t in objects_of(denied)] == ["report"]
    assert agent_of(denied) is None
    assert not is_passive(denied)


def test_a_passive_has_its_doer_in_the_agent_and_no_active_subject(nlp):
    doc = nlp("The rebels were attacked by government forces.")
    attacked = word(doc, "attacked")
    assert is_passive(attacked)
    assert agent_of(attacked).text == "forces"
    assert subject_of(attacked).text == "rebels"  # the passive subject is a subject...
    assert subject_of(attacked, NOMINAL_SUBJECTS).text == "rebels"
    assert subject_of(attacked, ACTIVE_SUBJECTS) is None  # ...but not the doer


def test_a_clause_can_be_a_subject_but_not_a_nominal_one(nlp):
    doc = nlp("What he said was false.")
    was = word(doc, "was")
    assert subject_of(was).text == "said"
    assert subject_of(was, ACTIVE_SUBJECTS).text == "said"
    assert subject_of(was, NOMINAL_SUBJECTS) is None


def test_subjects_of_lists_every_subject_in_text_order(nlp):
    doc = nlp("She told him that they had spoken with us.")
    assert [t.text for t in subjects_of(word(doc, "told"))] == ["She"]
    assert [t.text for t in subjects_of(word(doc, "spoken"))] == ["they"]
    assert subjects_of(word(doc, "him")) == []


def test_the_subject_sets_nest():
    assert ACTIVE_SUBJECTS | NOMINAL_SUBJECTS == SUBJECTS
    assert "nsubjpass" not in ACTIVE_SUBJECTS and "csubj" not in NOMINAL_SUBJECTS


def test_pronoun_classes_do_not_overlap():
    assert not PERSON_PRONOUNS & GROUP_PRONOUNS
    assert not (PERSON_PRONOUNS | GROUP_PRONOUNS) & FIRST_PERSON_PRONOUNS
    assert {"he", "her", "hers"} <= PERSON_PRONOUNS and {"it", "they", "their"} <= GROUP_PRONOUNS


def test_places_are_parties_and_numbers_and_times_are_not():
    assert PLACE_LABELS < PARTY_LABELS
    assert not (NUMBER_LABELS | TIME_LABELS) & PARTY_LABELS


def test_spans_overlap_when_they_share_a_character():
    assert overlaps((0, 5), (4, 9))
    assert not overlaps((0, 5), (5, 9))  # touching spans share nothing
    assert overlaps((2, 3), (0, 10)) and overlaps((0, 10), (2, 3))
    assert overlaps_any((4, 6), [(0, 2), (5, 8)])
    assert not overlaps_any((4, 6), [(0, 4), (6, 8)])
    assert not overlaps_any((4, 6), [])
