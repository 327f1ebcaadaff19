"""Persuasion techniques (SemEval-2023 Task 3), frames and genre, each technique attributed to
who uses it: the speaker of the direct or partial quote it lies in, or the article's own voice.

The sentences of every document in a batch are embedded in one call (the encoder dominates the
cost); paragraphs, frames and genre reuse those embeddings. See presslens.techniques.model.
"""
from __future__ import annotations

from collections.abc import Sequence

from presslens.document import Document, Quote, Technique
from presslens.pipeline import BatchStage
from presslens.syntax import overlaps
from presslens.techniques.encoders import TORCH_ENCODERS
from presslens.techniques.features import sentence_texts
from presslens.techniques.labels import CATEGORY_OF
from presslens.techniques.model import SpanPrediction, TechniqueModel, shipped_model

# Quote kinds whose words are the speaker's own: a technique inside them is the speaker's.
OWN_WORDS = ("direct", "partial")
# A span counts as quoted when at least this share of its characters lies inside quotes.
QUOTED_SHARE = 0.5


class Techniques(BatchStage):
    name = "techniques"
    requires = ("parse", "quotes")
    assigns = ("techniques", "paragraph_techniques", "frames", "genre")

    def __init__(self, model: TechniqueModel | None = None):
        self.model = model or shipped_model()

    @property
    def fork_safe(self) -> bool:
        """Whether a forked worker can run this stage: not with a torch encoder (see runner)."""
        return self.model.encoder not in TORCH_ENCODERS

    def pipe(self, docs: Sequence[Document]) -> None:
        texts = [sentence_texts(doc.text)[2] for doc in docs]
        vectors = self.model.encode([t for group in texts for t in group])
        offset = 0
        for doc, group in zip(docs, texts, strict=True):
            self.annotate(doc, vectors[offset:offset + len(group)])
            offset += len(group)

    def __call__(self, doc: Document) -> None:
        self.pipe([doc])

    def annotate(self, doc: Document, sentence_vectors) -> None:
        prediction = self.model.predict(doc.text, sentence_vectors)
        doc.paragraph_techniques = [
            {"line": line, "techniques": sorted(hits, key=lambda t: (-hits[t], t))}
            for line, hits in prediction.paragraphs if hits]
        quotes = [q for q in doc.quotes if q.kind in OWN_WORDS]
        for span in prediction.spans:
            doc.techniques.append(self._record(doc, span, quotes))
        doc.frames = [{"frame": frame, "score": round(score, 3)} for frame, score in prediction.frames]
        if prediction.genre is not None:
            doc.genre = {"label": prediction.genre[0], "score": round(prediction.genre[1], 3)}

    def _record(self, doc: Document, span: SpanPrediction, quotes: list[Quote]) -> Technique:
        start, end, cues = span.start, span.end, span.cues
        quote = speaker_quote(span.start, span.end, cues, quotes)
        if quote is not None:  # the technique is the speaker's: keep the span to their words
            start, end = max(start, quote.start), min(end, quote.end)
            cues = [c for c in cues if start <= c[0] and c[1] <= end]
            if not cues:
                cues = self.model.cue_spans(doc.text, start, end, self.model.labels.index(span.technique))
        text = doc.span(start, end).text
        return Technique(
            id=doc.new_id("t"), technique=span.technique, category=CATEGORY_OF[span.technique],
            start=start, end=end, text=text,
            speaker=quote.speaker if quote else None, speaker_name=quote.speaker_name if quote else None,
            score=round(span.score, 3), cues=[doc.text[a:b] for a, b in cues])


def speaker_quote(start: int, end: int, cues: list[tuple[int, int]], quotes: list[Quote]) -> Quote | None:
    """The quote whose speaker uses the technique at ``start:end``: the one holding its strongest
    cue (none when that cue is outside quotes); without cues, the one overlapping the span most
    when quotes cover most of it. None stands for the article's own voice."""
    overlapping = [q for q in quotes if overlaps((q.start, q.end), (start, end))]
    if not overlapping:
        return None
    if cues:  # the strongest cue decides: "claimed" in the narration is the article's doubt
        a, b = cues[0]
        return next((q for q in overlapping if q.start <= a and b <= q.end), None)
    inside = sum(min(end, q.end) - max(start, q.start) for q in overlapping)
    if inside < QUOTED_SHARE * (end - start):
        return None
    return max(overlapping, key=lambda q: (min(end, q.end) - max(start, q.start), -q.start))
