"""The errors the HTTP layer sends: one JSON shape, a status code, and never a stack trace.

``{"error": {"code": "bad_parameter", "message": "...", "parameter": "depth"}}``
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from kg.errors import (
    ConfigurationError,
    CorpusFormatError,
    FireKGError,
    GraphStoreError,
    GraphStoreUnavailable,
    UnsafeCypherError,
)

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the API refuses, with the parameter at fault when there is one."""

    def __init__(self, status: int, code: str, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.parameter = status, code, message, parameter


def bad_parameter(parameter: str, message: str) -> ApiError:
    return ApiError(400, "bad_parameter", message, parameter)


def not_found(message: str, parameter: str | None = None) -> ApiError:
    return ApiError(404, "not_found", message, parameter)


def error_response(status: int, code: str, message: str, parameter: str | None = None):
    body = {"code": code, "message": message}
    if parameter:
        body["parameter"] = parameter
    return jsonify({"error": body}), status


# FireKG errors that are the request's fault, and those that are the server's.
_CLIENT_ERRORS: tuple[type[FireKGError], ...] = (CorpusFormatError, UnsafeCypherError, ConfigurationError)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return error_response(error.status, error.code, error.message, error.parameter)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        return error_response(error.code or 500, code, error.description or error.name)

    @app.errorhandler(GraphStoreUnavailable)
    def store_down(error: GraphStoreUnavailable):
        logger.error("graph store unavailable: %s", error)
        return error_response(503, "store_unavailable", "The graph store cannot be reached; see the server log.")

    @app.errorhandler(FireKGError)
    def firekg_error(error: FireKGError):
        if isinstance(error, _CLIENT_ERRORS) or getattr(error, "parameter", None):
            return error_response(400, "bad_request", str(error), getattr(error, "parameter", None))
        logger.error("request failed: %s", error, exc_info=isinstance(error, GraphStoreError))
        return error_response(500, "server_error", "The server could not complete the request; see the server log.")

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        logger.exception("unexpected error")
        return error_response(500, "server_error", "The server could not complete the request; see the server log.")
