"""The analyses of the reference article, 84 PolNeAR dev articles and 30 SemEval training
articles are exactly those recorded in tests/fixtures/golden-hashes.json (see tests/golden_outputs.py)."""
import json

import pytest

from tests import golden_outputs
from tests.conftest import shared_path

pytestmark = pytest.mark.slow


def test_real_articles_are_analysed_exactly_as_recorded():
    for source in golden_outputs.sources():
        shared_path(*source.relative_to(golden_outputs.SHARED).parts)
    recorded = json.loads(golden_outputs.HASHES.read_text(encoding="utf-8"))
    current = golden_outputs.current_hashes()
    assert len(recorded) >= 100
    assert golden_outputs.differences(recorded, current) == []
