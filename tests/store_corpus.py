"""A small invented corpus of analysis records (presslens/analysis@1) for store, API and UI tests.

Annotations are written as substrings of the text; offsets are computed here, so the records are
always consistent with their text. Every layer is filled, whatever the analysis stages produce
today, so that the store, the API and the UI are tested on all of them.
"""
from __future__ import annotations

import threading
from pathlib import Path

from presslens.document import SCHEMA_ID
from presslens.stages.relations import EVENT_OF_KIND
from presslens.store import SQLiteStore

SCRIPT_MARKER = "window.__presslens_pwned"


def _at(text: str, fragment: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(fragment, start + 1)
    return start, start + len(fragment)


def _span(text: str, fragment: str) -> dict:
    start, end = _at(text, fragment)
    return {"start": start, "end": end, "text": fragment}


def _record(doc_id, text, *, title, source, published, entities, quotes=(), claims=(), labels=(),
            relations=(), techniques=(), generic=()):
    """``generic`` names the entities that are unnamed groups ("police"), as the actors stage marks them."""
    names = {}
    record_entities = []
    for n, (name, etype, country, surfaces) in enumerate(entities, 1):
        eid = f"e{n}"
        names[name] = eid
        record_entities.append({"id": eid, "name": name, "type": etype, "country": country, "sector": None,
                                "roles": [], "aliases": list(surfaces),
                                "mentions": [_span(text, s) for s in surfaces], "generic": name in generic})
    record_quotes = []
    for n, (fragment, speaker) in enumerate(quotes, 1):
        start, end = _at(text, fragment)
        record_quotes.append({"id": f"q{n}", "kind": "direct", "start": start, "end": end, "text": fragment,
                              "speaker": names.get(speaker), "speaker_name": speaker, "speaker_mention": None,
                              "cue": None, "channel": None, "date": published})
    record_claims = []
    for n, (fragment, claimant, status) in enumerate(claims, 1):
        start, end = _at(text, fragment)
        record_claims.append({"id": f"c{n}", "start": start, "end": end, "text": fragment,
                              "claimant": names.get(claimant), "claimant_name": claimant, "status": status,
                              "cues": [], "quote": None})
    record_labels = []
    for n, (fragment, source_name, target_name) in enumerate(labels, 1):
        start, end = _at(text, fragment)
        record_labels.append({"id": f"l{n}", "start": start, "end": end, "label": fragment,
                              "source": names.get(source_name), "source_name": source_name,
                              "target": names.get(target_name), "target_name": target_name,
                              "target_text": target_name})
    record_relations = []
    for n, (kind, source_name, target_name, evidence, negated) in enumerate(relations, 1):
        start, end = _at(text, evidence)
        record_relations.append({"id": f"r{n}", "kind": kind, "source": names[source_name],
                                 "source_name": source_name, "target": names[target_name],
                                 "target_name": target_name, "plover": {"event": EVENT_OF_KIND[kind], "mode": None,
                                                                         "context": []},
                                 "negated": negated, "hedged": False, "date": published, "start": start,
                                 "end": end, "evidence": evidence, "asserted_by": None})
    record_techniques = []
    for n, (technique, category, fragment, speaker, cues) in enumerate(techniques, 1):
        start, end = _at(text, fragment)
        record_techniques.append({"id": f"t{n}", "technique": technique, "category": category, "start": start,
                                  "end": end, "text": fragment, "speaker": names.get(speaker),
                                  "speaker_name": speaker, "score": 0.9, "cues": list(cues)})
    return {
        "schema": SCHEMA_ID,
        "document": {"id": doc_id, "title": title, "source": source, "url": None, "published": published,
                     "language": "en"},
        "text": text,
        "entities": record_entities, "quotes": record_quotes, "claims": record_claims, "labels": record_labels,
        "relations": record_relations, "techniques": record_techniques,
        "paragraph_techniques": [], "frames": [], "genre": None, "dates": [], "errors": [],
    }


def corpus() -> list[dict]:
    """Four invented articles from two sources over two months."""
    a1 = ("Norland's foreign minister Oren Talvik accused Veloria of arming the militia in Kelvra. "
          "\"Veloria supplied drones to the rebels in Eastport, and everybody knows it,\" Talvik said on Monday, "
          "without offering evidence. He called the Velorian government \"a gang of arsonists\".\n"
          "Veloria's spokeswoman Ilse Brandvold denied the accusation. \"We have never sent a single drone "
          "to Eastport,\" she said.")
    a2 = ("Talvik repeated on Thursday that the rebels in Eastport received drones from Veloria. "
          "Veloria and Ostmark signed a new grain agreement in Brindel the same day. "
          "\"This shameful betrayal will not go unanswered,\" Talvik warned.")
    a3 = ("Ostmark's prime minister Hanne Solberg met Oren Talvik in Brindel on 3 November. "
          "Solberg said Ostmark would support Norland's call for an inquiry. "
          "\"Only cowards hide from the truth,\" Solberg said.")
    a4 = ("The dockers' union in Eastport blamed Veloria for the collapse of the port. "
          "\"The harbour strike cost the economy two billion crowns,\" union leader Pavel Dressler claimed.")
    records = [
        _record("talvik-accuses", a1, title="Talvik accuses Veloria over drones", source="Northern Courier",
                published="2023-10-09",
                entities=[("Oren Talvik", "PERSON", "NRL", ["Oren Talvik", "Talvik"]),
                          ("Veloria", "GPE", "VLR", ["Veloria"]),
                          ("Ilse Brandvold", "PERSON", "VLR", ["Ilse Brandvold"]),
                          ("Norland", "GPE", "NRL", ["Norland"])],
                quotes=[("Veloria supplied drones to the rebels in Eastport, and everybody knows it", "Oren Talvik"),
                        ("We have never sent a single drone to Eastport", "Ilse Brandvold")],
                claims=[("Veloria supplied drones to the rebels in Eastport", "Oren Talvik", "unsupported")],
                labels=[("a gang of arsonists", "Oren Talvik", "Veloria")],
                relations=[("accuses", "Oren Talvik", "Veloria",
                            "Norland's foreign minister Oren Talvik accused Veloria of arming the militia in Kelvra.",
                            False)],
                techniques=[("Name_Calling-Labeling", "Attack on reputation", "a gang of arsonists", "Oren Talvik",
                             ["gang", "arsonists"]),
                            ("Appeal_to_Popularity", "Justification", "everybody knows it", "Oren Talvik",
                             ["everybody knows"])]),
        _record("talvik-repeats", a2, title="Talvik repeats drone claim", source="Northern Courier",
                published="2023-10-12",
                entities=[("Oren Talvik", "PERSON", "NRL", ["Talvik"]),
                          ("Veloria", "GPE", "VLR", ["Veloria"]),
                          ("Ostmark", "GPE", "OSM", ["Ostmark"])],
                quotes=[("This shameful betrayal will not go unanswered", "Oren Talvik")],
                claims=[("the rebels in Eastport received drones from Veloria", "Oren Talvik", "asserted")],
                relations=[("agrees", "Veloria", "Ostmark",
                            "Veloria and Ostmark signed a new grain agreement in Brindel the same day.", False)],
                techniques=[("Loaded_Language", "Manipulative wording", "shameful betrayal", "Oren Talvik",
                             ["shameful"])]),
        _record("solberg-meets", a3, title="Solberg meets Talvik in Brindel", source="Brindel Daily",
                published="2023-11-03",
                entities=[("Hanne Solberg", "PERSON", "OSM", ["Hanne Solberg", "Solberg"]),
                          ("Oren Talvik", "PERSON", None, ["Oren Talvik"]),
                          ("Ostmark", "GPE", "OSM", ["Ostmark"]),
                          ("Norland", "GPE", "NRL", ["Norland"])],
                quotes=[("Only cowards hide from the truth", "Hanne Solberg")],
                relations=[("meets", "Hanne Solberg", "Oren Talvik",
                            "Ostmark's prime minister Hanne Solberg met Oren Talvik in Brindel on 3 November.", False),
                           ("supports", "Ostmark", "Norland",
                            "Solberg said Ostmark would support Norland's call for an inquiry.", False)],
                techniques=[("Name_Calling-Labeling", "Attack on reputation", "cowards", "Hanne Solberg",
                             ["cowards"])]),
        _record("dockers-blame", a4, title="Dockers blame Veloria", source="Brindel Daily", published="2023-11-20",
                entities=[("Veloria", "GPE", "VLR", ["Veloria"]),
                          ("Pavel Dressler", "PERSON", None, ["Pavel Dressler"])],
                quotes=[("The harbour strike cost the economy two billion crowns", "Pavel Dressler")],
                claims=[("The harbour strike cost the economy two billion crowns", "Pavel Dressler", "disputed")],
                relations=[("accuses", "Pavel Dressler", "Veloria",
                            "The dockers' union in Eastport blamed Veloria for the collapse of the port.", False)]),
    ]
    return records


def police_articles() -> list[dict]:
    """Three invented articles where "police" is an unnamed crowd without a country, then a named
    organisation, then a crowd again, and where "Norland police" is a group of a country twice."""
    crowd = "Police fired tear gas at students in Kelvra on Monday. Norland police watched from the bridge."
    named = ("Police, the rock band from Eastport, cancelled its Brindel concert. "
             "Norland police closed the venue on Saturday.")
    again = "Police cordoned off the Eastport docks on Sunday after a fire."
    return [
        _record("police-crowd", crowd, title="Tear gas in Kelvra", source="Northern Courier", published="2023-12-04",
                entities=[("police", "ORG", None, ["Police"]), ("Norland police", "ORG", "NRL", ["Norland police"])],
                generic=("police", "Norland police")),
        _record("police-band", named, title="Concert cancelled", source="Brindel Daily", published="2023-12-09",
                entities=[("Police", "ORG", None, ["Police"]), ("Norland police", "ORG", "NRL", ["Norland police"])],
                generic=("Norland police",)),
        _record("police-docks", again, title="Docks cordoned off", source="Brindel Daily", published="2023-12-10",
                entities=[("police", "ORG", None, ["Police"])], generic=("police",)),
    ]


def script_article() -> dict:
    """An article whose text and metadata carry HTML and script: it must display as text."""
    text = ("Protesters in Kelvra posted <script>" + SCRIPT_MARKER + "=1</script> on a forum, "
            "then <img src=x onerror=\"" + SCRIPT_MARKER + "=2\"> appeared in a \"statement\" by Oren Talvik.")
    record = _record("script-article", text, title="<b>Bold</b> <script>" + SCRIPT_MARKER + "=3</script>",
                     source="Test <i>Source</i>", published="2023-12-01",
                     entities=[("Oren Talvik", "PERSON", "NRL", ["Oren Talvik"])],
                     quotes=[("statement", "Oren Talvik")],
                     techniques=[("Loaded_Language", "Manipulative wording", "<script>" + SCRIPT_MARKER + "=1</script>",
                                  None, ["<script>"])])
    return record


def word_encoder(texts: list[str]):
    """A cheap stand-in for the sentence-embedding model where a test is not about claim
    grouping: hashed bags of lower-cased words as unit vectors (same words, same vector)."""
    import zlib

    import numpy as np

    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            vectors[row, zlib.crc32(word.strip(".,\"'").encode()) % 384] += 1.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


class CountingEncoder:
    """``word_encoder`` that remembers every text it was asked to encode: for tests about when
    claims get embedded."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def __call__(self, texts: list[str]):
        self.encoded.extend(texts)
        return word_encoder(texts)


class HeldEncoder:
    """``word_encoder`` that holds every call until ``release`` is set (at most ``timeout``
    seconds): a claim grouping in progress, for as long as a test needs one. ``encoding`` is set
    once a grouping has started."""

    def __init__(self, timeout: float) -> None:
        self.encoding, self.release, self.timeout = threading.Event(), threading.Event(), timeout

    def __call__(self, texts: list[str]):
        self.encoding.set()
        self.release.wait(self.timeout)
        return word_encoder(texts)


def held_corpus(path: Path, timeout: float) -> tuple[SQLiteStore, HeldEncoder]:
    """A store at ``path`` holding the corpus above with its claims ungrouped (as ingest leaves
    them), whose groupings are held by the encoder returned beside it."""
    encoder = HeldEncoder(timeout)
    store = SQLiteStore(path, claim_encoder=encoder)
    for record in corpus():
        store.add(record)
    return store, encoder
