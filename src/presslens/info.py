"""What `presslens info` reports: versions of presslens, Python, key libraries, the spaCy model
and the sentence encoder of the technique model."""
from __future__ import annotations

import platform
from importlib import metadata

from presslens import __version__

# The libraries whose versions `presslens info` reports: what analyses, the claim store and the server
# run on (dateparser reads HTML page dates inside trafilatura).
LIBRARIES = ("spacy", "trafilatura", "dateparser", "py3langid", "torch", "sentence-transformers",
             "scikit-learn", "wordllama", "tokenizers", "fastapi")


def collect_info(model: str | None = None) -> dict[str, str]:
    from presslens.nlp import model_info
    from presslens.techniques.model import encoder_of, shipped_directory

    data = {"presslens": __version__, "python": platform.python_version()}
    data.update(model_info(model))
    data["technique_encoder"] = encoder_of(shipped_directory())
    for name in LIBRARIES:
        try:
            data[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return data
