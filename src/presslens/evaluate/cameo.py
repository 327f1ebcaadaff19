"""Agreement of presslens's PLOVER event types with CAMEO quad classes, as a development signal.

Input: ConfliBERT's CAMEO classification set (``sentence<TAB>class``, class 0 statement/appeal,
1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict). Each
sentence is parsed, its main event read (``presslens.events.main_event``: entities are not
needed), and its PLOVER type mapped to a class through the CAMEO root the crosswalk gives it; a
sentence without an event counts as class 0.

Every fifth sentence (index 4, 9, ...) is held out: develop on ``dev``, check on ``held-out``.

The role set (``cameo_ner_train.txt``: source, target and reciprocal spans) joined with the class
set asks the question of a PLOVER event coder: per sentence, the right type with the right source
and target (``evaluate_events``), for the coded event and for the relations a user gets.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from presslens.data import load_json

CLASS_NAMES = ["statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
HOLD_OUT_EVERY = 5


def read_tsv(path: str | Path) -> list[tuple[str, int]]:
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.rstrip("\r")
        if not line.strip():
            continue
        sentence, _, label = line.rpartition("\t")
        if sentence and label.strip().isdigit():
            rows.append((sentence, int(label)))
    return rows


def split(rows: list, part: str) -> list:
    if part == "all":
        return rows
    held = [r for i, r in enumerate(rows) if i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1]
    dev = [r for i, r in enumerate(rows) if i % HOLD_OUT_EVERY != HOLD_OUT_EVERY - 1]
    return held if part == "held-out" else dev


def class_of_event(event) -> int:
    """The class of an ``events.Event`` (0 for none): through the CAMEO root its wording gives, a
    refusal's REJECT, or the root the crosswalk maps its PLOVER type from."""
    if event is None:
        return 0
    facts = load_json("plover.json")
    root = facts["cameo_root"]["REJECT"] if event.refused else (event.cameo or facts["cameo_root"][event.event])
    return facts["cameo_class_of_root"][root]


def predict(sentences: list[str], nlp=None) -> list[tuple[int, str | None]]:
    from presslens.events import main_event
    from presslens.nlp import load_model

    nlp = nlp or load_model()
    out = []
    for parsed in nlp.pipe(sentences, batch_size=32):
        best = None
        for sent in parsed.sents:
            event = main_event(sent)
            if (event is not None and (event.refused or not event.negated)
                    and event.event in load_json("plover.json")["cameo_root"]):
                best = event
                break
        out.append((class_of_event(best), best.event if best else None))
    return out


def evaluate(path: str | Path, part: str = "all") -> dict[str, Any]:
    rows = split(read_tsv(path), part)
    predictions = predict([s for s, _ in rows])
    confusion = [[0] * 5 for _ in range(5)]
    for (_, gold), (guess, _) in zip(rows, predictions, strict=True):
        confusion[gold][guess] += 1
    correct = sum(confusion[i][i] for i in range(5))
    per_class = {}
    for i, name in enumerate(CLASS_NAMES):
        predicted = sum(confusion[g][i] for g in range(5))
        actual = sum(confusion[i])
        per_class[name] = {"precision": round(confusion[i][i] / predicted, 3) if predicted else None,
                           "recall": round(confusion[i][i] / actual, 3) if actual else None, "support": actual}
    majority = max(sum(row) for row in confusion)
    return {"file": str(path), "part": part, "sentences": len(rows),
            "agreement": round(correct / len(rows), 4) if rows else None,
            "majority_baseline": round(majority / len(rows), 4) if rows else None,
            "per_class": per_class, "confusion": confusion, "classes": CLASS_NAMES}


def format_report(report: dict[str, Any]) -> str:
    lines = [f"CAMEO quad-class agreement on {report['file']} ({report['part']}, {report['sentences']} sentences): "
             f"{report['agreement']:.3f} (majority class: {report['majority_baseline']:.3f})"]
    for name, scores in report["per_class"].items():
        p = "-" if scores["precision"] is None else f"{scores['precision']:.2f}"
        r = "-" if scores["recall"] is None else f"{scores['recall']:.2f}"
        lines.append(f"  {name:<22} precision {p:>5}  recall {r:>5}  n={scores['support']}")
    lines.append("  confusion (rows gold, columns predicted): " + " | ".join(
        " ".join(f"{n:3d}" for n in row) for row in report["confusion"]))
    return "\n".join(lines)


# --- source and target (ConfliBERT's CAMEO role set: token, BIO tag S source / T target / R both) ---

def read_roles(path: str | Path) -> list[tuple[list[str], list[str]]]:
    sentences, tokens, tags = [], [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        line = line.rstrip("\r")
        if not line.strip():
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        token, _, tag = line.rpartition(" ")
        tokens.append(token)
        tags.append(tag)
    return sentences


def _role_offsets(tokens: list[str], tags: list[str]) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The sentence as space-joined tokens and the character spans of each role."""
    text, spans, offset = [], {"S": [], "T": [], "R": []}, 0
    current = None
    for token, tag in zip(tokens, tags, strict=True):
        start = offset
        text.append(token)
        offset += len(token) + 1
        role = tag[2:] if tag != "O" else None
        if tag.startswith("B-") or (role and (current is None or current[0] != role)):
            current = [role, start, start + len(token)]
            spans[role].append(current)
        elif tag.startswith("I-") and current is not None:
            current[2] = start + len(token)
        else:
            current = None
    return " ".join(text), {k: [(s, e) for _, s, e in v] for k, v in spans.items()}


def evaluate_roles(path: str | Path, part: str = "all") -> dict[str, Any]:
    """Share of sentences whose main event has an actor inside an annotated source and a
    recipient inside an annotated target (a reciprocal span counts as either)."""
    from presslens.events import main_event
    from presslens.nlp import load_model

    rows = split(read_roles(path), part)
    nlp = load_model()
    prepared = [_role_offsets(tokens, tags) for tokens, tags in rows]
    scored = source_right = both_right = 0
    for (_, spans), parsed in zip(prepared, nlp.pipe([t for t, _ in prepared], batch_size=32), strict=True):
        sources = spans["S"] + spans["R"]
        targets = spans["T"] + spans["R"]
        if not sources or not targets:
            continue
        scored += 1
        event = next((e for e in (main_event(s) for s in parsed.sents) if e is not None), None)
        if event is None:
            continue

        def inside(tokens, regions):
            return any(s <= t.idx < e for t in tokens for s, e in regions)

        if inside(event.actors, sources):
            source_right += 1
            if inside(event.recipients, targets):
                both_right += 1
    return {"file": str(path), "part": part, "sentences": scored,
            "source_right": round(source_right / scored, 4) if scored else None,
            "source_and_target_right": round(both_right / scored, 4) if scored else None}


def format_roles_report(report: dict[str, Any]) -> str:
    return (f"CAMEO roles on {report['file']} ({report['part']}, "
            f"{report['sentences']} sentences with a source and a target): "
            f"source right {report['source_right']:.3f}, "
            f"source and target right {report['source_and_target_right']:.3f}")


# --- type, source and target together (the two sets joined on their sentences) --------------------

def _sentence_key(text: str) -> str:
    """Letters and digits only: the two files tokenise and quote differently."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text).lower() if _letter(ch))


def joined_rows(roles_path: str | Path, classes_path: str | Path | None) -> list[dict[str, Any]]:
    """Every sentence of the role set, with its quad class where the class set has the same
    sentence, and then as the class set writes it (the role set's tokens, "U . K .", are no text
    a user analyses). A sentence is held out when either set's split holds it out, so that neither the
    event-type work (class set) nor the role work (role set) has seen it."""
    classes: dict[str, tuple[int, int]] = {}
    if classes_path is not None and Path(classes_path).is_file():
        for i, (sentence, label) in enumerate(read_tsv(classes_path)):
            classes.setdefault(_sentence_key(sentence), (i, label, sentence))
    rows = []
    for i, (tokens, tags) in enumerate(read_roles(roles_path)):
        text, spans = _role_offsets(tokens, tags)
        class_index, gold, raw = classes.get(_sentence_key("".join(tokens)), (None, None, None))
        if raw is not None:  # read the sentence as written, not as the role set tokenised it ("U . K .")
            text, spans = _as_written(raw, tokens, text, spans)
        held = i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 or (
            class_index is not None and class_index % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1)
        rows.append({"text": text, "spans": spans, "gold_class": gold, "held_out": held})
    return rows


def _as_written(raw: str, tokens: list[str], joined: str,
                spans: dict[str, list[tuple[int, int]]]) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The role spans moved from the space-joined tokens onto the sentence as written: each
    token's letters and digits are found in order in ``raw``. Where a token cannot be placed
    (the two sets spell a character differently), the tokenised text is kept."""
    raw_places: list[int] = [i for i, ch in enumerate(raw) if _letter(ch)]
    raw_key = "".join(_lower(raw[i]) for i in raw_places)  # one character per place
    starts, ends, cursor, offset = {}, {}, 0, 0
    for token in tokens:
        key = "".join(_lower(ch) for ch in token if _letter(ch))
        token_start, token_end = offset, offset + len(token)
        offset = token_end + 1
        if not key:
            continue
        if not raw_key.startswith(key, cursor):
            return joined, spans
        starts[token_start] = raw_places[cursor]
        ends[token_end] = raw_places[cursor + len(key) - 1] + 1
        cursor += len(key)

    def moved(start: int, end: int) -> tuple[int, int] | None:
        inner = [a for a in starts if start <= a < end]
        outer = [b for b in ends if start < b <= end]
        return (starts[min(inner)], ends[max(outer)]) if inner and outer else None

    placed = {role: [moved(s, e) for s, e in regions] for role, regions in spans.items()}
    if any(p is None for regions in placed.values() for p in regions):
        return joined, spans
    return raw, placed


def _lower(ch: str) -> str:
    # "İ".lower() is two characters: keep such a letter as it is, so places stay aligned
    low = ch.lower()
    return low if len(low) == 1 else ch


def _letter(ch: str) -> bool:
    # a letter or digit, but not a modifier letter: "ʼ" is an apostrophe in one set, "'" in the other
    return ch.isalnum() and unicodedata.category(ch) != "Lm"


def coded_event(parsed):
    """The event a coder records for a parsed text: the main event of its first sentence that has
    one, skipping negated events (PLOVER drops them) unless the negation is a refusal (REJECT)."""
    from presslens.events import main_event

    roots = load_json("plover.json")["cameo_root"]
    for sent in parsed.sents:
        event = main_event(sent)
        if event is not None and (event.refused or not event.negated) and event.event in roots:
            return event
    return None


def _inside(tokens, regions) -> bool:
    return any(s <= t.idx < e for t in tokens for s, e in regions)


def score_sentence(row: dict[str, Any], event) -> dict[str, Any]:
    """Whether the coded event has the right type (quad class of its CAMEO root), an actor inside
    the annotated source and a recipient inside the annotated target. A reciprocal span (R)
    counts as either role."""
    spans = row["spans"]
    sources = spans["S"] + spans["R"]
    targets = spans["T"] + spans["R"]
    actors = event.actors if event is not None else []
    recipients = event.recipients if event is not None else []
    type_right = None if row["gold_class"] is None else class_of_event(event) == row["gold_class"]
    return {"type": type_right, "source": _inside(actors, sources), "target": _inside(recipients, targets)}


def evaluate_events(roles_path: str | Path, classes_path: str | Path | None = None,
                    part: str = "all") -> dict[str, Any]:
    """Per sentence with an annotated source and target: the right event type, source, target,
    and all three at once (the held-back PLOVER measure's question), over the sentences of the
    role set that the class set also has. ``part``: dev, held-out (see ``joined_rows``) or all."""
    from presslens.nlp import load_model

    if classes_path is None:
        beside = Path(roles_path).with_name("cameo_class_train.tsv")
        classes_path = beside if beside.is_file() else None
    rows = [r for r in joined_rows(roles_path, classes_path)
            if (part == "all" or r["held_out"] == (part == "held-out"))
            and (r["spans"]["S"] or r["spans"]["R"]) and (r["spans"]["T"] or r["spans"]["R"])]
    nlp = load_model()
    relations = _RelationReader()
    scores = []
    for row, parsed in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=32), strict=True):
        event = coded_event(parsed)
        score = score_sentence(row, event)
        score["class"] = row["gold_class"]
        score.update(relations.score(row, parsed, event))
        scores.append(score)
    typed = [s for s in scores if s["type"] is not None]
    # The PLOVER reading: class 0 is CAMEO 01 (statements) and 02 (appeals), which the crosswalk
    # maps to no PLOVER event, so a set of PLOVER event sentences holds none of them.
    plover = [s for s in typed if s["class"] != 0]

    def rate(items, *keys):
        return round(sum(all(s[k] for k in keys) for s in items) / len(items), 4) if items else None

    def rates(items):
        return {"sentences": len(items), "type_right": rate(items, "type"), "source_right": rate(items, "source"),
                "target_right": rate(items, "target"), "source_and_target_right": rate(items, "source", "target"),
                "type_source_target_right": rate(items, "type", "source", "target")}

    def relation_rates(items):
        return {"sentences": len(items), "coded_relation_right": rate(items, "relation"),
                "any_relation_right": rate(items, "any_relation")}

    return {"file": str(roles_path), "classes": str(classes_path) if classes_path else None, "part": part,
            "sentences": len(scores), "typed_sentences": len(typed),
            **{k: v for k, v in rates(typed).items() if k != "sentences"},
            "plover_events": rates(plover),
            "relations": {"strict": relation_rates(typed), "plover_events": relation_rates(plover)},
            "untyped": {"sentences": len(scores) - len(typed),
                        "source_and_target_right": rate([s for s in scores if s["type"] is None], "source", "target")}}


def format_events_report(report: dict[str, Any]) -> str:
    if not report["typed_sentences"]:
        return "no sentence of the role set has a quad class (class set not found beside it)"

    def line(r):
        return (f"type {r['type_right']:.3f}, source {r['source_right']:.3f}, target {r['target_right']:.3f}, "
                f"source+target {r['source_and_target_right']:.3f}, "
                f"type+source+target {r['type_source_target_right']:.3f}")

    plover = report["plover_events"]
    rels = report["relations"]
    return (f"CAMEO type+roles on {report['file']} with classes from {report['classes']} ({report['part']}; "
            f"held out: every fifth sentence of either set):\n"
            f"  strict, {report['typed_sentences']} sentences with a class, a source and a target: {line(report)}\n"
            f"  PLOVER events only (classes 1-4), {plover['sentences']} sentences: {line(plover)}\n"
            f"  as relations between entities (full pipeline), type+source+target: coded relation "
            f"{rels['strict']['coded_relation_right']:.3f} strict, {rels['plover_events']['coded_relation_right']:.3f} "
            f"PLOVER events; any relation of the sentence {rels['strict']['any_relation_right']:.3f} strict, "
            f"{rels['plover_events']['any_relation_right']:.3f} PLOVER events")


class _RelationReader:
    """What a user of ``presslens analyze`` gets for a sentence: relations between entities. The
    coded relation is the one read from the coded event (its evidence holds the event word, it
    has the event's PLOVER type, REJECT for a refusal, and is not negated: PLOVER drops negated
    events); a source or target is right when a mention of its entity in the sentence overlaps
    the annotated span."""

    def __init__(self):
        from presslens.stages.actors import Actors
        from presslens.stages.dates import Dates
        from presslens.stages.quotes import Quotes
        from presslens.stages.relations import Relations

        self.stages = [Actors(), Dates(), Quotes(), Relations()]

    def score(self, row: dict[str, Any], parsed, event) -> dict[str, bool]:
        from presslens.document import Document, Metadata

        doc = Document(row["text"], Metadata(id="sentence"))
        doc.parse = parsed
        for stage in self.stages:
            stage(doc)
        spans = row["spans"]
        sources, targets = spans["S"] + spans["R"], spans["T"] + spans["R"]

        def names(entity_id, regions):
            entity = doc.entity(entity_id)
            return entity is not None and any(m.start < e and s < m.end for m in entity.mentions for s, e in regions)

        def right(relation, kind_class=None):
            if kind_class is None and relation.plover.get("event"):
                root = load_json("plover.json")["cameo_root"][relation.plover["event"]]
                kind_class = load_json("plover.json")["cameo_class_of_root"][root]
            return (not relation.negated and kind_class == row["gold_class"] and names(relation.source, sources)
                    and names(relation.target, targets))

        coded = None
        if event is not None:
            trigger = event.trigger
            wanted = "REJECT" if event.refused else event.event
            coded = next((r for r in doc.relations if r.start <= trigger.idx < r.end
                          and r.plover.get("event") == wanted and not r.negated), None)
        # the coded relation is typed as its event is (with the CAMEO root its wording gives:
        # "will release" is an intent, CAMEO 03); any other relation by its PLOVER type's root
        return {"relation": coded is not None and right(coded, class_of_event(event)),
                "any_relation": any(right(r) for r in doc.relations)}
