"""The JSON API, one blueprint per area, all under ``/api``."""
from __future__ import annotations

from flask import Flask

from web.api.ask import bp as ask_bp
from web.api.browse import bp as browse_bp
from web.api.export import bp as export_bp
from web.api.health import bp as health_bp
from web.api.ingest import bp as ingest_bp

BLUEPRINTS = (ask_bp, browse_bp, export_bp, health_bp, ingest_bp)


def register_api(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint, url_prefix="/api")
