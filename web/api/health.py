"""``GET /api/health`` (store and model status) and ``GET /api/openapi.json``."""
from __future__ import annotations

from flask import Blueprint, jsonify

from kg.errors import GraphStoreError
from kg.schema import Label
from kg.store import cypher
from web.api.params import services
from web.openapi import openapi_document

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    current = services()
    store = current.store
    status = {"backend": store.name, "location": store.describe()}
    try:
        status["documents"] = store.read(cypher.count_label(Label.DOCUMENT))[0]["count"]
        status["clauses"] = store.read(cypher.count_label(Label.CLAUSE))[0]["count"]
        healthy = True
    except GraphStoreError as error:
        status["error"] = str(error)
        healthy = False
    extractor = current.extractor
    body = {"status": "ok" if healthy else "unavailable", "store": status,
            "extractor": {"name": extractor.name, "version": extractor.version} if extractor else None,
            "summarizer": current.summarizer_name(), "ingest_enabled": bool(current.settings.api_token)}
    return jsonify(body), 200 if healthy else 503


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
