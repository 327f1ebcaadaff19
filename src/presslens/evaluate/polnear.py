"""Score quote extraction against PolNeAR (political news attribution relations, BRAT stand-off).

A split directory holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``; where an
article has several annotation files the first by name is used. Each attribution has source, cue
and content spans (content may be discontinuous).

Definitions (shared with ``bench/bench_quotes.py``, so that any extractor is scored alike):
- a gold *speech* attribution is one whose cue holds a reporting verb or phrase
  (``presslens.quote_cues.is_speech_cue_text``) or whose content opens with a quote mark; the
  latter are the gold *direct* quotes;
- recall: the share of gold speech attributions whose content some prediction overlaps;
- precision: the share of predictions that overlap the content of some gold attribution (any
  attribution: PolNeAR also annotates thoughts and evidence, which are not errors to report);
- speaker accuracy: over gold speech attributions with a source that some prediction overlaps,
  paired with the prediction overlapping their content most, the share where one of the
  prediction's speaker spans (the speaker mention, or a mention of the speaker entity) overlaps
  the gold source.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.quote_cues import is_speech_cue_text, opens_with_quote_mark

Spans = list[tuple[int, int]]
_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")


@dataclass
class GoldAttribution:
    id: str
    source: Spans
    cue: Spans
    content: Spans
    cue_text: str
    content_text: str

    @property
    def is_direct(self) -> bool:
        return opens_with_quote_mark(self.content_text)

    @property
    def is_speech(self) -> bool:
        return self.is_direct or is_speech_cue_text(self.cue_text)


@dataclass
class Prediction:
    """One predicted quote: its content spans and the spans that name its speaker."""

    content: Spans
    speaker: Spans = field(default_factory=list)
    kind: str = "direct"


@dataclass
class Article:
    name: str
    text: str
    attributions: list[GoldAttribution]


def _spans(field_value: str) -> Spans:
    spans = []
    for part in field_value.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return spans


def read_annotations(ann_text: str, text: str) -> list[GoldAttribution]:
    """The attributions of one BRAT file (text-bound annotations linked by ``E`` lines)."""
    bounds: dict[str, tuple[str, Spans]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    for line in ann_text.splitlines():
        m = _TEXT_BOUND.match(line)
        if m:
            try:
                bounds[m.group(1)] = (m.group(2), _spans(m.group(3)))
            except ValueError:
                continue
        elif line.startswith("E"):
            name, _, args = line.partition("\t")
            roles: dict[str, list[str]] = {}
            for arg in args.split():
                role, _, target = arg.partition(":")
                role = re.sub(r"\d+$", "", role)  # Content2 -> Content
                roles.setdefault(role, []).append(target)
            events.append((name, roles))
    def gather(roles: dict[str, list[str]], role: str) -> Spans:
        return [s for t in roles.get(role, []) if t in bounds for s in bounds[t][1]]

    out = []
    for name, roles in events:
        content = sorted(gather(roles, "Content"))
        if not content:
            continue
        cue = sorted(gather(roles, "Cue"))
        out.append(GoldAttribution(
            id=name, source=sorted(gather(roles, "Source")), cue=cue, content=content,
            cue_text=" ".join(text[s:e] for s, e in cue),
            content_text=" ".join(text[s:e] for s, e in content)))
    return out


def read_split(directory: str | Path, limit: int | None = None) -> Iterator[Article]:
    """The articles of a split, in name order, with the first annotation file of each."""
    directory = Path(directory)
    annotations: dict[str, Path] = {}
    for path in sorted((directory / "attributions").glob("*.ann")):
        annotations.setdefault(path.stem.rsplit("_", 1)[0], path)
    for n, text_path in enumerate(sorted((directory / "text").glob("*.txt"))):
        if limit is not None and n >= limit:
            return
        text = text_path.read_text(encoding="utf-8")
        ann = annotations.get(text_path.stem)
        gold = read_annotations(ann.read_text(encoding="utf-8"), text) if ann else []
        yield Article(text_path.stem, text, gold)


def _overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


class Score:
    """Counts accumulated over articles; ``report`` gives the figures."""

    def __init__(self) -> None:
        self.gold_speech = self.gold_speech_found = 0
        self.gold_direct = self.gold_direct_found = 0
        self.predicted = self.predicted_right = 0
        self.speaker_pairs = self.speaker_right = 0
        self.articles = 0

    def add(self, gold: Sequence[GoldAttribution], predicted: Sequence[Prediction]) -> None:
        self.articles += 1
        self.predicted += len(predicted)
        self.predicted_right += sum(any(_overlap(p.content, g.content) for g in gold) for p in predicted)
        for g in gold:
            if not g.is_speech:
                continue
            overlaps = [(_overlap(p.content, g.content), p) for p in predicted]
            best_overlap, best = max(overlaps, key=lambda pair: pair[0], default=(0, None))
            found = best_overlap > 0
            self.gold_speech += 1
            self.gold_speech_found += found
            if g.is_direct:
                self.gold_direct += 1
                self.gold_direct_found += found
            if found and g.source:
                self.speaker_pairs += 1
                self.speaker_right += bool(_overlap(best.speaker, g.source))

    def report(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        precision = ratio(self.predicted_right, self.predicted)
        recall = ratio(self.gold_speech_found, self.gold_speech)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        return {
            "articles": self.articles,
            "precision": precision, "recall": recall, "f1": f1,
            "direct_recall": ratio(self.gold_direct_found, self.gold_direct),
            "speaker_accuracy": ratio(self.speaker_right, self.speaker_pairs),
            "counts": {
                "gold_speech": self.gold_speech, "gold_speech_found": self.gold_speech_found,
                "gold_direct": self.gold_direct, "gold_direct_found": self.gold_direct_found,
                "predicted": self.predicted, "predicted_right": self.predicted_right,
                "speaker_pairs": self.speaker_pairs, "speaker_right": self.speaker_right,
            },
        }


def predictions_of(doc) -> list[Prediction]:
    """The quotes of an analysed ``Document`` as predictions: the speaker spans are the speaker
    mention and every mention of the speaker entity."""
    out = []
    for q in doc.quotes:
        speaker: Spans = []
        if q.speaker_mention is not None:
            speaker.append((q.speaker_mention.start, q.speaker_mention.end))
        entity = doc.entity(q.speaker)
        if entity is not None:
            speaker += [(m.start, m.end) for m in entity.mentions]
        out.append(Prediction([(q.start, q.end)], speaker, q.kind))
    return out


def evaluate_split(directory: str | Path, options, limit: int | None = None) -> dict[str, Any]:
    """Analyse every article of the split with the standard pipeline and score its quotes."""
    from presslens.document import Document, Metadata
    from presslens.nlp import PARSE_BATCH_SIZE
    from presslens.pipeline import batched
    from presslens.runner import build_pipeline

    pipeline = build_pipeline(options)
    score = Score()
    for batch in batched(read_split(directory, limit), PARSE_BATCH_SIZE):
        docs = [Document(a.text, Metadata(id=a.name, published=_published(a.name))) for a in batch]
        pipeline.pipe(docs)
        for article, doc in zip(batch, docs, strict=True):
            score.add(article.attributions, predictions_of(doc))
    return score.report()


def _published(name: str) -> str | None:
    """PolNeAR names start with the publisher and the date: ``nyt_2016-06-07_title``."""
    m = re.search(r"_(\d{4}-\d{2}-\d{2})_", name)
    return m.group(1) if m else None


def format_report(report: dict[str, Any]) -> str:
    c = report["counts"]
    lines = [
        f"articles          {report['articles']}",
        f"recall            {report['recall']:.4f}  "
        f"({c['gold_speech_found']}/{c['gold_speech']} gold speech attributions)",
        f"precision         {report['precision']:.4f}  ({c['predicted_right']}/{c['predicted']} predicted quotes)",
        f"f1                {report['f1']:.4f}",
        f"direct recall     {report['direct_recall']:.4f}  "
        f"({c['gold_direct_found']}/{c['gold_direct']} gold direct quotes)",
        f"speaker accuracy  {report['speaker_accuracy']:.4f}  "
        f"({c['speaker_right']}/{c['speaker_pairs']} matched pairs with a source)",
    ]
    return "\n".join(lines)
