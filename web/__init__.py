"""The web layer: a Flask JSON API, the analyst's graph browser and auditor exports.

``create_app()`` (:mod:`web.app`) builds the store, extractor and QA engine once;
``firekg serve`` runs it under waitress. See ``/api/openapi.json`` for the API.
"""
from web.app import create_app

__all__ = ["create_app"]
