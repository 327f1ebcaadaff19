from __future__ import annotations

from pathlib import Path

import pytest

from tests.pg_cluster import ServerUnavailable, new_database, throwaway_server

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples" / "articles"

# The stores a test that asks for ``store_backend`` (or a fixture built on it) runs against.
STORE_BACKENDS = ("sqlite", "postgresql")
SQLITE_ONLY = "sqlite_only"


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


@pytest.fixture(scope="module")
def analyse():
    """The whole analysis of a text, in this process."""
    from presslens.options import AnalyzeOptions
    from presslens.runner import analyze

    options = AnalyzeOptions(jobs=1)
    return lambda text: analyze(text, options=options)


@pytest.fixture(scope="module")
def quote_stages():
    """The stages quotes need (parse, actors) and quotes, run on a text."""
    from presslens.document import Document, Metadata
    from presslens.nlp import load_model
    from presslens.stages.actors import Actors
    from presslens.stages.quotes import Quotes

    nlp = load_model()

    def run(text: str) -> Document:
        doc = Document(text, Metadata(id="fixture", published="2024-03-15"))
        doc.parse = nlp(text)
        Actors()(doc)
        Quotes()(doc)
        return doc

    return run


# --- stores of both backends ---------------------------------------------------------------------
def pytest_configure(config) -> None:
    config.addinivalue_line("markers", f"{SQLITE_ONLY}(reason): a test of a store fixture that runs on SQLite only; "
                                       "the reason (required) says why")


def pytest_generate_tests(metafunc) -> None:
    """A test using ``store_backend`` runs once per backend, one module's tests on one backend
    after the other (the backend is module-scoped, so a module's stores and servers are shared by
    its tests); ``@pytest.mark.sqlite_only(reason=...)`` keeps a test to SQLite."""
    if "store_backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker(SQLITE_ONLY)
    if marker is not None and not marker.kwargs.get("reason"):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: @pytest.mark.{SQLITE_ONLY} needs reason=...")
    backends = ("sqlite",) if marker else STORE_BACKENDS
    metafunc.parametrize("store_backend", backends, indirect=True, scope="module")


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a throwaway PostgreSQL server, one for the whole session (tests/pg_cluster.py);
    its tests skip, saying why, where none can be started."""
    try:
        with throwaway_server() as url:
            yield url
    except ServerUnavailable as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")


@pytest.fixture(scope="module")
def store_backend(request) -> str:
    return request.param


class StoreLocations:
    """Where new, empty stores of one backend go: files in a folder, or new databases on the
    session's PostgreSQL server (CREATE DATABASE: a fifth of a second)."""

    def __init__(self, backend: str, folder: Path, request) -> None:
        self.backend, self.folder = backend, folder
        self.server = request.getfixturevalue("postgres_server") if backend == "postgresql" else None

    def new(self, name: str = "corpus.db") -> str:
        """A new store's location; ``name`` is the SQLite file's (unique within the folder)."""
        if self.server is not None:
            return new_database(self.server)
        path = self.folder / name
        if path.exists():
            raise FileExistsError(f"{path} is taken: give each store of a test a name of its own")
        return str(path)


@pytest.fixture(scope="module")
def module_stores(store_backend, request, tmp_path_factory) -> StoreLocations:
    """Locations for stores shared by a module's tests (its served corpus)."""
    return StoreLocations(store_backend, tmp_path_factory.mktemp(f"stores-{store_backend}"), request)


@pytest.fixture
def stores(store_backend, request, tmp_path) -> StoreLocations:
    """Locations for stores of one test."""
    return StoreLocations(store_backend, tmp_path, request)
