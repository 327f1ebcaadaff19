"""What `presslens info` reports: versions of presslens, Python, key libraries, the spaCy model
and the sentence encoder of the technique model."""
from __future__ import annotations

import json
import platform
from importlib import metadata

from presslens import __version__

LIBRARIES = ("spacy", "trafilatura", "dateparser", "py3langid", "torch", "sentence-transformers",
             "scikit-learn", "wordllama", "tokenizers", "fastapi")


def collect_info(model: str | None = None) -> dict[str, str]:
    from presslens.nlp import model_info

    data = {"presslens": __version__, "python": platform.python_version()}
    data.update(model_info(model))
    data["technique_encoder"] = _technique_encoder()
    for name in LIBRARIES:
        try:
            data[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return data


def _technique_encoder() -> str:
    """The encoder the shipped technique model names, read from its model.json without loading
    the weights."""
    from presslens.techniques.model import shipped_directory

    return json.loads((shipped_directory() / "model.json").read_text(encoding="utf-8"))["encoder"]
