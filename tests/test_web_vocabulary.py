"""The names the web UI offers in its filters and legends (src/presslens/web/vocabulary.json) are
those of the analysis format and of the technique labels, in the same order."""
from __future__ import annotations

import json
import re
from pathlib import Path

import presslens
from presslens.techniques.labels import CATEGORIES

WEB = Path(presslens.__file__).parent / "web"
SCHEMA = Path(presslens.__file__).parent / "schema" / "analysis-1.schema.json"


def vocabulary() -> dict:
    return json.loads((WEB / "vocabulary.json").read_text(encoding="utf-8"))


def enum_of(part: str, field: str) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return schema["$defs"]["analysis"]["properties"][part]["items"]["properties"][field]["enum"]


def test_techniques_are_the_23_in_their_categories():
    techniques = vocabulary()["techniques"]
    assert techniques == {category: list(names) for category, names in CATEGORIES.items()}
    assert sum(len(names) for names in techniques.values()) == 23


def test_kinds_and_statuses_are_the_formats():
    words = vocabulary()
    assert words["relation_kinds"] == enum_of("relations", "kind")
    assert set(words["conflict_kinds"]) < set(words["relation_kinds"])
    assert set(words["symmetric_kinds"]) < set(words["relation_kinds"])
    assert words["claim_statuses"] == enum_of("claims", "status")
    assert list(words["quote_kinds"]) == enum_of("quotes", "kind")


def test_every_script_the_page_loads_is_in_the_package():
    html = (WEB / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'(?:src|href)="/ui/([^"]+)"', html)
    assert sources and all((WEB / s).is_file() for s in sources), sources
    for vendored in (s for s in sources if s.startswith("vendor/")):
        stem = Path(vendored).name.removesuffix(".min.js").removesuffix(".js")
        assert (WEB / "vendor" / f"{stem}.LICENSE").is_file(), f"no licence beside {vendored}"
