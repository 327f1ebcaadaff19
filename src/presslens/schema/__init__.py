"""The JSON Schema of the analysis format, and validation against it (offsets included)."""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

SCHEMA_FILE = "analysis-1.schema.json"


@functools.lru_cache(maxsize=1)
def analysis_schema() -> dict[str, Any]:
    return json.loads(resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def validation_errors(record: dict[str, Any]) -> list[str]:
    """Everything wrong with ``record``: schema violations, and spans whose ``text`` is not
    ``text[start:end]``. An empty list means the record is valid."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(analysis_schema())
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
                for e in validator.iter_errors(record)]
    if problems or "error" in record:
        return problems
    text = record["text"]

    def check(where: str, span: dict[str, Any], key: str = "text") -> None:
        if text[span["start"]:span["end"]] != span[key] or span["start"] > span["end"]:
            problems.append(f"{where}: {key} {span[key]!r} is not text[{span['start']}:{span['end']}]")

    for entity in record["entities"]:
        for n, mention in enumerate(entity["mentions"]):
            check(f"entities/{entity['id']}/mentions/{n}", mention)
    for q in record["quotes"]:
        check(f"quotes/{q['id']}", q)
        for key in ("speaker_mention", "cue"):
            if q[key]:
                check(f"quotes/{q['id']}/{key}", q[key])
    for c in record["claims"]:
        check(f"claims/{c['id']}", c)
        for n, cue in enumerate(c["cues"]):
            check(f"claims/{c['id']}/cues/{n}", cue)
    for lb in record["labels"]:
        check(f"labels/{lb['id']}", lb, "label")
    for r in record["relations"]:
        check(f"relations/{r['id']}", r, "evidence")
    for t in record["techniques"]:
        check(f"techniques/{t['id']}", t)
    for n, d in enumerate(record["dates"]):
        check(f"dates/{n}", d)
    return problems
