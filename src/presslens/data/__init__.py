"""Curated language data shipped with presslens, loaded once per process."""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


@functools.cache
def load_json(relative_path: str) -> Any:
    """A JSON data file of this package, e.g. ``load_json("cues/dates.json")``."""
    return json.loads(resources.files(__name__).joinpath(relative_path).read_text(encoding="utf-8"))
