"""presslens: read news articles as structured intelligence.

The public API:

    >>> import presslens
    >>> doc = presslens.analyze("Peskov said on Monday: \\"We are concerned.\\"", published="2023-10-10")
    >>> doc.to_json()["quotes"]

`analyze_many` runs the same pipeline over many inputs (files, records) across processes.
"""
__version__ = "0.1.0"

from presslens.document import Document  # noqa: E402
from presslens.options import AnalyzeOptions  # noqa: E402
from presslens.pipeline import Pipeline  # noqa: E402
from presslens.runner import analyze, analyze_many  # noqa: E402

__all__ = ["Document", "Pipeline", "AnalyzeOptions", "analyze", "analyze_many", "__version__"]
