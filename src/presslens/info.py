"""What `presslens info` reports: versions of presslens, Python, key libraries and the model."""
from __future__ import annotations

import platform
from importlib import metadata

from presslens import __version__

LIBRARIES = ("spacy", "trafilatura", "dateparser", "py3langid", "torch", "sentence-transformers",
             "scikit-learn", "fastapi")


def collect_info(model: str | None = None) -> dict[str, str]:
    from presslens.nlp import model_info

    data = {"presslens": __version__, "python": platform.python_version()}
    data.update(model_info(model))
    for name in LIBRARIES:
        try:
            data[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return data
