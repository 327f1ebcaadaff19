"""The articles the technique benchmarks time, read in place from ../shared (never copied)."""
from __future__ import annotations

import sys
from pathlib import Path

SHARED = Path(__file__).parents[1] / ".." / "shared"
ARTICLE = SHARED / "corpus" / "kremlin-hamas" / "article.txt"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev" / "text"


def reference_article() -> str | None:
    """The reference article (1,159 words), or None, said on stderr, where ../shared is absent."""
    return ARTICLE.read_text(encoding="utf-8") if _present(ARTICLE) else None


def polnear_dev(docs: int) -> list[str] | None:
    """The first ``docs`` PolNeAR development articles, sorted by name, or None where absent."""
    if not _present(POLNEAR_DEV):
        return None
    return [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))[:docs]]


def _present(path: Path) -> bool:
    if not path.exists():
        print(f"skipped: {path} is absent", file=sys.stderr)
    return path.exists()
