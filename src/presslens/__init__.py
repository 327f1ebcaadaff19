"""presslens: read news articles as structured intelligence.

The public API:

    >>> import presslens
    >>> doc = presslens.analyze("Peskov said on Monday: \\"We are concerned.\\"", published="2023-10-10")
    >>> doc.to_json()["quotes"]

`analyze_many` runs the same pipeline over many inputs (files, records) across processes.
`load` gives a spaCy pipeline with presslens's stages as components (presslens.components).
"""
__version__ = "0.1.0"

from presslens.document import Document  # noqa: E402
from presslens.options import AnalyzeOptions  # noqa: E402
from presslens.pipeline import Pipeline  # noqa: E402
from presslens.runner import analyze, analyze_many  # noqa: E402

__all__ = ["Document", "Pipeline", "AnalyzeOptions", "analyze", "analyze_many", "load", "__version__"]


def load(model: str | None = None, *, actor_files=(), max_chars: int | None = None):
    """A spaCy ``Language`` (the model presslens uses, a copy of its own) with every presslens
    component: ``load()(text)._.analysis`` is what ``analyze(text)`` gives (see presslens.components)."""
    from presslens import components  # spaCy is imported only by those who ask for it

    options = {"max_chars": max_chars} if max_chars is not None else {}
    return components.load(model, actor_files=actor_files, **options)
