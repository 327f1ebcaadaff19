"""``presslens serve --workers N``: N server processes on one port (uvicorn's own), each with its
app, its store connections and its /analyze workers, over one PostgreSQL store.

uvicorn starts each process afresh and builds its app from an import string, so the settings
travel in an environment variable. Every process runs the claim grouping thread; the PostgreSQL
store lets one grouping run at a time across processes, the others wait and then find nothing left
to embed, so reads in every process see the same groups.
"""
from __future__ import annotations

import base64
import os
import pickle

from fastapi import FastAPI

from presslens.api.app import ServerSettings, create_app

SETTINGS_VARIABLE = "PRESSLENS_SERVE_SETTINGS"
APP_FACTORY = "presslens.api.workers:app_from_environment"


def export_settings(settings: ServerSettings) -> None:
    """Hand ``settings`` to the server processes about to start (they inherit the environment)."""
    os.environ[SETTINGS_VARIABLE] = base64.b64encode(pickle.dumps(settings)).decode("ascii")


def app_from_environment() -> FastAPI:
    """The app of one server process, its /analyze workers started before the server runs threads."""
    settings = pickle.loads(base64.b64decode(os.environ[SETTINGS_VARIABLE]))  # written by this server's parent
    app = create_app(settings)
    app.state.analyses.start()
    return app
