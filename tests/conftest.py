from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples" / "articles"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora sit beside the repository only on development machines")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from presslens.options import AnalyzeOptions
    from presslens.runner import build_pipeline

    return build_pipeline(AnalyzeOptions(jobs=1))
