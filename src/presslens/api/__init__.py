"""The HTTP API and web UI: ``create_app(ServerSettings(...))``, served by ``presslens serve``."""
