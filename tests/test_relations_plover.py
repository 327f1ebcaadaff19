"""Relations read the way PLOVER coders read news sentences (issue 21): unnamed actors, the event
lexicon's coverage of every type and mode, the event chosen among several, and modality. Invented
sentences only, run through the standard pipeline (actors, quotes, relations)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def analyse():
    from presslens.options import AnalyzeOptions
    from presslens.runner import analyze

    options = AnalyzeOptions(jobs=1)
    return lambda text: analyze(text, options=options)


def _described(doc) -> list[tuple]:
    return [(r.kind, r.source_name, r.target_name, r.plover.get("mode")) for r in doc.relations]


def _relation(doc, kind, source=None, target=None):
    found = [r for r in doc.relations if r.kind == kind and (source is None or r.source_name == source)
             and (target is None or r.target_name == target)]
    assert found, f"no {kind} {source} -> {target} among {_described(doc)}"
    return found[0]


# --- unnamed actors coded by sector ---------------------------------------------------------------
@pytest.mark.parametrize("text, kind, source, target, sector", [
    ("Federal officers arrested twelve smugglers near the Sylvanian border.", "coerces", "officers", "suspects", "COP"),
    ("Border agents detained dozens of migrants at the crossing.", "coerces", "officers", "refugees", "COP"),
    ("A terrorist stabbed three locals outside the station in Freedonia.", "attacks", "militants", "civilians", "REB"),
    ("A grand jury convicted the smugglers in March.", "sanctions", "courts", "suspects", "JUD"),
    ("The senator praised the farmers for their patience.", "supports", "lawmakers", "farmers", "LEG"),
])
def test_unnamed_groups_are_coded_actors(analyse, text, kind, source, target, sector):
    doc = analyse(text)
    relation = _relation(doc, kind, source, target)
    assert doc.entity(relation.source).sector == sector


# --- the lexicon: every PLOVER type with its modes, from the manual's definitions -----------------
@pytest.mark.parametrize("text, kind, source, target, mode", [
    ("Norway extended an invitation to Chile's president.", "agrees", "Norway", "Chile", None),
    ("Norway has stuck by Chile throughout the dispute.", "supports", "Norway", "Chile", None),
    ("Norway dropped its lawsuit against Chile on Monday.", "concedes", "Norway", "Chile", None),
    ("Norway approved the extradition of a banker to Chile.", "cooperates", "Norway", "Chile", None),
    ("Norway trains Chilean pilots at a base near Oslo.", "aids", "Norway", "Chilean", None),
    ("Norway granted asylum to a Chilean dissident.", "aids", "Norway", "Chilean dissidents", None),
    ("Norway removed its troops from Chile in May.", "retreats", "Norway", "Chile", "withdraw"),
    ("Norway gave Chile access to its ports.", "retreats", "Norway", "Chile", "access"),
    ("The court ordered Norway to pay the fine.", "requests", "courts", "Norway", "change"),
    ("Norway lashed out at Chile over the fishing quotas.", "accuses", "Norway", "Chile", "disapprove"),
    ("Norway held Chile responsible for the spill.", "accuses", "Norway", "Chile", "allege"),
    ("Norway banned Chilean officials from entering the country.", "rejects", "Norway", "Chile", None),
    ("The Norwegian government fired Officer Lars Moen on Monday.", "sanctions", "Norway", "Lars Moen", "expel"),
    ("A court in Oslo convicted Lars Moen of fraud.", "sanctions", "courts", "Lars Moen", "convict"),
    ("Norway ended its trade deal with Chile.", "sanctions", "Norway", "Chile", "discontinue"),
    ("Hundreds of farmers marched against the Chilean government.", "protests", "farmers", "Chile", "demo"),
    ("Norway stationed riot police against Chilean protesters.", "mobilizes", "Norway", "Chilean protesters", "police"),
    ("Norway cracked down on Chilean activists in its capital.", "coerces", "Norway", "Chilean activists", "restrict"),
    ("Border guards apprehended the migrants near Oslo.", "coerces", "police", "refugees", "arrest"),
    ("A gunman stabbed two Norwegian officials in Santiago.", "attacks", "gunmen", "Norway", "primitive"),
    ("Chilean soldiers opened fire on Norwegian protesters.", "attacks", "Chilean forces", "Norwegian protesters",
     "firearms"),
])
def test_lexicon_covers_the_types_and_modes(analyse, text, kind, source, target, mode):
    relation = _relation(analyse(text), kind, source, target)
    assert relation.plover["mode"] == mode


def test_a_person_protesting_a_decision_complains_a_crowd_protests(analyse):
    complaint = _relation(analyse("The mayor of Oslo protested the Chilean decision on fishing."), "accuses")
    assert complaint.plover["mode"] == "disapprove"
    crowd = analyse("Hundreds of students protested the Chilean decision on fishing.")
    assert not [r for r in crowd.relations if r.kind == "accuses"]


def test_fired_weapons_are_no_dismissal(analyse):
    doc = analyse("Chilean soldiers fired rockets at Norway.")
    assert not [r for r in doc.relations if r.kind == "sanctions"]
    _relation(doc, "attacks", target="Norway")
