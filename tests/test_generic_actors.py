"""Unnamed group actors ("protesters", "Syrian forces") coded by sector and country, as event
coders code them; invented sentences only."""
from __future__ import annotations

from presslens.data import load_json
from presslens.knowledge import generic_nouns, sector_codes

ENTITY_TYPES = {"ORG", "NORP"}


def _entity(doc, name):
    found = [e for e in doc.entities if e.name == name]
    assert found, f"{name} not among {[e.name for e in doc.entities]}"
    return found[0]


def _relation(doc, kind, source, target):
    found = [r for r in doc.relations if r.kind == kind and r.source_name == source and r.target_name == target]
    assert found, (f"no {kind} {source} -> {target} "
                   f"among {[(r.kind, r.source_name, r.target_name) for r in doc.relations]}")
    return found[0]


# --- the lexicon ---------------------------------------------------------------------------------
def test_the_generic_lexicon_is_well_formed():
    data = load_json("actors/generic.json")
    assert "_format" in data
    seen: dict[str, str] = {}
    for name, group in data["groups"].items():
        assert group["sector"] in sector_codes(), name
        assert group["type"] in ENTITY_TYPES, name
        assert group["nouns"] and all(n == n.lower().strip() and n for n in group["nouns"]), name
        assert set(group.get("counted", ())) <= set(group["nouns"]), name
        assert all(w == w.lower() for w in group.get("not_with", ())), name
        for noun in group["nouns"]:
            assert seen.setdefault(noun, name) == name, f"{noun} is in {seen[noun]} and {name}"
            assert len(noun.split()) <= 2, noun  # the stage looks at one or two words
    assert generic_nouns()["troops"].sector == "MIL" and generic_nouns()["police"].sector == "COP"
    assert data["backing_participles"] and all(w.isalpha() and w == w.lower() for w in data["backing_participles"])


# --- what a user sees ----------------------------------------------------------------------------
def test_a_group_with_a_nationality_is_one_coded_actor(analyse):
    doc = analyse("Syrian government forces shelled the village of Tal Wardi on Sunday, killing 12 civilians.")
    forces = _entity(doc, "Syrian forces")
    assert (forces.type, forces.country, forces.sector, forces.generic) == ("ORG", "SYR", "MIL", True)
    assert [m.text for m in forces.mentions] == ["Syrian government forces"]
    assert "Syrian" not in [e.name for e in doc.entities]  # the nationality is part of the group now
    civilians = _entity(doc, "civilians")
    assert (civilians.country, civilians.sector, civilians.generic) == (None, "CVL", True)
    _relation(doc, "attacks", "Syrian forces", "civilians")


def test_police_detaining_protesters_and_the_bare_police_later(analyse):
    doc = analyse("Kenyan police detained dozens of protesters outside the parliament in Nairobi on Tuesday. "
                  "The police said the protesters had blocked the main road for hours.")
    police = _entity(doc, "Kenyan police")
    assert (police.country, police.sector) == ("KEN", "COP")
    assert [m.text for m in police.mentions] == ["Kenyan police", "police"]  # "the police" is the same force
    protesters = _entity(doc, "protesters")
    # PLOVER: protesters are civilians
    assert (protesters.country, protesters.sector, protesters.type) == (None, "CVL", "NORP")
    _relation(doc, "coerces", "Kenyan police", "protesters")
    [quote] = [q for q in doc.quotes if "blocked the main road" in q.text]
    assert quote.speaker_name == "Kenyan police"


def test_a_government_of_a_named_country_is_the_state(analyse):
    doc = analyse("The Peruvian government expelled two foreign reporters, and Bolivian troops sealed the border.")
    peru = _entity(doc, "Peru")
    assert (peru.type, peru.country, peru.generic) == ("GPE", "PER", False)
    assert "Peruvian government" in [m.text for m in peru.mentions]
    troops = _entity(doc, "Bolivian forces")
    assert (troops.country, troops.sector) == ("BOL", "MIL")


def test_a_backer_named_before_a_group_is_not_its_country(analyse):
    doc = analyse("Iranian-backed militias shelled the border post, while Turkish-led forces held the bridge.")
    groups = [e for e in doc.entities if e.generic]
    assert len(groups) == 2 and all(e.country is None for e in groups), [(e.name, e.country) for e in groups]


def test_a_group_a_named_organisation_owns_stays_with_its_owner(analyse):
    doc = analyse("Hamas militants fired rockets at Israeli soldiers near the fence.")
    assert not [e for e in doc.entities if e.generic and e.sector == "REB"]
    _relation(doc, "attacks", "Hamas", "Israeli forces")


def test_a_group_word_before_a_collective_or_a_title(analyse):
    doc = analyse("The Varnian cabinet rejected demands from rebel groups. "
                  "A rebel commander surrendered to Chilean troops.")
    rebels = _entity(doc, "rebels")
    assert [m.text for m in rebels.mentions] == ["rebel groups", "rebel"]
    _relation(doc, "retreats", "rebels", "Chilean forces")
    # a definite description refers back to the organisation the text named
    named = analyse("The Crimson Dawn shelled a market, and Chile condemned the militant group on Monday.")
    assert not [e for e in named.entities if e.generic], [e.name for e in named.entities]


def test_unnamed_attackers_and_counted_people(analyse):
    doc = analyse("Gunmen killed 14 people at a market in the north of the country.")
    gunmen = _entity(doc, "gunmen")
    assert (gunmen.sector, gunmen.country) == ("UAF", None)  # PLOVER: unidentified armed forces
    _relation(doc, "attacks", "gunmen", "civilians")
    uncounted = analyse("People familiar with the plan said the vote would be delayed.")
    assert not [e for e in uncounted.entities if e.generic]
    masked = _entity(analyse("Masked gunmen stormed a bank in the morning."), "gunmen")
    assert [m.text for m in masked.mentions] == ["gunmen"]  # "masked" describes, it does not name


def test_courts_diplomats_and_prisoners_are_coded_actors(analyse):
    doc = analyse("A Kenyan court has freed two prisoners held by the Ugandan police.")
    court = _entity(doc, "Kenyan courts")
    assert (court.country, court.sector) == ("KEN", "JUD")
    _relation(doc, "retreats", "Kenyan courts", "prisoners")
    # an ambassador speaks for the state that sent them, as the government does
    summoned = analyse("Chile on Monday summoned the Peruvian ambassador in Santiago.")
    _relation(summoned, "accuses", "Chile", "Peru")
    assert not [e for e in analyse("The food court closed early.").entities if e.generic]


def test_a_group_holding_a_place_is_named_by_it(analyse):
    doc = analyse("Valdorian troops shelled a militant-controlled district of the town.")
    assert _entity(doc, "militants").generic
    _relation(doc, "attacks", "Valdorian forces", "militants")


def test_an_attack_on_a_states_own_soldiers_is_no_relation_to_them(analyse):
    doc = analyse("Chile condemned an attack on Chilean soldiers near the border.")
    assert not [r for r in doc.relations if r.source_name == "Chile"], \
        [(r.kind, r.source_name, r.target_name) for r in doc.relations]


def test_words_that_only_look_like_groups(analyse):
    doc = analyse("The leading Chilean political forces met on Monday; the neo-Nazi regime in the novel fell.")
    assert not [e for e in doc.entities if e.generic], [e.name for e in doc.entities]


def test_a_city_names_its_police(analyse):
    doc = analyse("Beijing police arrested three bloggers on Friday.")
    police = _entity(doc, "Beijing police")
    assert (police.country, police.sector) == ("CHN", "COP")


def test_countries_the_model_skips_and_dotted_abbreviations(analyse):
    doc = analyse("Moldova sent medicine to Armenia some weeks ago. "
                  "Later, France lifted its blockade of the U.K. at last.")
    assert _entity(doc, "Armenia").country == "ARM"
    assert "U.K." in [m.text for m in _entity(doc, "United Kingdom").mentions]
    # a country's name the small model tags a common noun inside a sentence
    ties = analyse("Uruguay has opened diplomatic relations with Seychelles at embassy level.")
    assert _entity(ties, "Seychelles").country == "SYC"


def test_generic_actors_merge_in_the_store_only_with_a_country(tmp_path, analyse):
    from presslens.store import SQLiteStore

    store = SQLiteStore(tmp_path / "corpus.db", claim_encoder=lambda texts: __import__("numpy").zeros(
        (len(texts), 4), dtype="float32"))
    try:
        for text in ["Protesters blocked a highway near Kisumu on Monday. Ugandan troops crossed the river.",
                     "Protesters marched through the capital on Friday. Ugandan troops shelled a rebel camp."]:
            store.add(analyse(text).to_json())
        actors = store.list_actors()["actors"]
        assert len([a for a in actors if a["name"] == "protesters"]) == 2  # two crowds, not one actor
        [ugandan] = [a for a in actors if a["name"] == "Ugandan forces"]
        assert ugandan["articles"] == 2
    finally:
        store.close()
