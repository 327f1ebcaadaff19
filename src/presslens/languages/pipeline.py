"""One pipeline per language, each document sent through the one of its ``meta.language``.

English keeps the standard stages. Russian's parse is spaCy's blank ``ru``
language (tokenizer and a sentencizer, no tagger or parser); Ukrainian's adds the NER model trained
on NER-UK (data/models/ner-uk), whose people, organisations and places become actors beside the
knowledge base's. Only the stages that read words rather than an English parse run on them: actors,
dates and quotes. The stages that need an English model
(relations, labels, claims, techniques) are not run, and say so in the document's ``errors``:
an English model over Cyrillic text would give confident nonsense.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

from presslens.document import Document, StageError
from presslens.errors import Code, message
from presslens.options import AnalyzeOptions
from presslens.pipeline import Pipeline, Stage
from presslens.sections import SECTION_CHARS

CYRILLIC_LANGUAGES = ("ru", "uk")
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian"}


class MultilingualPipeline(Pipeline):
    """The standard (English) pipeline, which hands Russian and Ukrainian documents to their own."""

    def __init__(self, options: AnalyzeOptions, section_chars: int = SECTION_CHARS):
        from presslens.stages import default_stages

        super().__init__(default_stages(options), section_chars)
        self.options = options
        self._others: dict[str, Pipeline] = {}

    def for_language(self, language: str) -> Pipeline:
        """The pipeline of ``language`` (built on first use: most runs never see Cyrillic)."""
        if language not in CYRILLIC_LANGUAGES:
            raise ValueError(f"no pipeline for language {language!r}")
        if language not in self._others:
            self._others[language] = Pipeline(cyrillic_stages(self.options, language), self.section_chars)
        return self._others[language]

    def pipe(self, docs: Sequence[Document]) -> Sequence[Document]:
        english = [d for d in docs if d.meta.language not in CYRILLIC_LANGUAGES]
        if english:
            super().pipe(english)
        for language in CYRILLIC_LANGUAGES:
            group = [d for d in docs if d.meta.language == language]
            if group:
                self.for_language(language).pipe(group)
        return docs


class NotInLanguage:
    """A stage that has no model or lexicon for the document's language: it records why it did
    not run, and its layers stay empty."""

    requires: tuple[str, ...] = ()

    def __init__(self, name: str, assigns: tuple[str, ...], language: str):
        self.name, self.assigns, self.language = name, assigns, language

    def __call__(self, doc: Document) -> None:
        doc.errors.append(StageError(stage=self.name, code=Code.LANGUAGE_UNSUPPORTED.value,
                                     message=message(Code.LANGUAGE_UNSUPPORTED,
                                                     language=LANGUAGE_NAMES[self.language])))


def cyrillic_stages(options: AnalyzeOptions, language: str) -> list[Stage]:
    from presslens.languages.actors import CyrillicActors
    from presslens.languages.dates import CyrillicDates
    from presslens.languages.quotes import CyrillicQuotes
    from presslens.nlp import Parse
    from presslens.stages.claims import Claims
    from presslens.stages.labels import Labels
    from presslens.stages.relations import Relations
    from presslens.stages.techniques import Techniques

    skipped = [NotInLanguage(stage.name, stage.assigns, language) for stage in (Relations, Labels, Claims, Techniques)]
    if language == "uk":  # the NER model is trained on Ukrainian only (data/models/ner-uk/MODEL_CARD.md)
        from presslens.languages.ner_actors import NerActors
        from presslens.languages.ner_model import load_shipped

        parse, actors = Parse(load_shipped(options.max_chars)), NerActors(options.actor_files)
    else:
        parse, actors = Parse(blank_model(language, options.max_chars)), CyrillicActors(options.actor_files)
    return [parse, actors, CyrillicDates(), CyrillicQuotes(), *skipped]


@functools.lru_cache(maxsize=4)
def blank_model(language: str, max_chars: int = 2_000_000):
    """spaCy's blank ``language`` with a sentencizer: tokens and sentences, no trained weights."""
    import spacy

    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    return nlp
