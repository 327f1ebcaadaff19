"""The articles the technique benchmarks read, in place from ../shared (never copied)."""
from __future__ import annotations

import sys
from pathlib import Path

SHARED = Path(__file__).parents[1] / ".." / "shared"
ARTICLE = SHARED / "corpus" / "kremlin-hamas" / "article.txt"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev" / "text"
SEMEVAL = SHARED / "data" / "semeval2023-task3-en"


def reference_article() -> str | None:
    """The reference article (1,159 words), or None, said on stderr, where ../shared is absent."""
    return ARTICLE.read_text(encoding="utf-8") if _present(ARTICLE) else None


def polnear_dev(docs: int) -> list[str] | None:
    """The first ``docs`` PolNeAR development articles, sorted by name, or None where absent."""
    if not _present(POLNEAR_DEV):
        return None
    return [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))[:docs]]


def semeval_training(data: Path = SEMEVAL) -> tuple[list, set[str]] | None:
    """The SemEval-2023 training articles in ``data`` and the ids of the held-out fifth
    (presslens.techniques.training.holdout_ids), or None where ``data`` is absent."""
    from presslens.techniques.corpus import read_dataset
    from presslens.techniques.training import holdout_ids

    if not _present(data):
        return None
    articles = read_dataset(data)
    return articles, holdout_ids([a.id for a in articles])


def _present(path: Path) -> bool:
    if not path.exists():
        print(f"skipped: {path} is absent", file=sys.stderr)
    return path.exists()
