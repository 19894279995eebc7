"""The Flask application factory: ``create_app()`` builds the store, extractor and QA engine once.

``firekg serve`` runs it under waitress; tests call ``create_app(services=...)`` with their own store.
"""
from __future__ import annotations

import logging

from flask import Flask, request

from kg.store import StoreSettings, open_store
from web.api import register_api
from web.errors import register_error_handlers
from web.services import Services, default_extractor
from web.settings import WebSettings
from web.ui import STATIC
from web.ui import bp as ui_bp

logger = logging.getLogger(__name__)
# The page loads only its own script and styles; cytoscape draws on a canvas.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def create_app(settings: WebSettings | None = None, store_settings: StoreSettings | None = None,
               services: Services | None = None) -> Flask:
    """The app. Without ``services`` it opens the configured store (``FIREKG_*`` environment)."""
    settings = settings or WebSettings.from_env()
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    app.config.update(MAX_CONTENT_LENGTH=int(settings.max_upload_mb * 1024 * 1024))
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    if services is None:
        store = open_store(store_settings or StoreSettings.from_env())
        services = Services(store, settings, default_extractor(settings))
    app.extensions["firekg"] = services
    register_api(app)
    app.register_blueprint(ui_bp)
    register_error_handlers(app)
    app.after_request(_headers(settings))
    return app


def _headers(settings: WebSettings):
    origins = settings.allowed_origins

    def add_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        origin = request.headers.get("Origin")
        if origin and origin in origins and request.path.startswith("/api/"):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization"
        return response
    return add_headers
