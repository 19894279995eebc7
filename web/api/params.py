"""Reading and checking request parameters; every refusal names the parameter and the accepted values."""
from __future__ import annotations

from flask import current_app, request

from kg.schema import Label
from web.errors import bad_parameter
from web.services import Services


def services() -> Services:
    return current_app.extensions["firekg"]


def text_param(name: str, required: bool = True, max_length: int = 200) -> str | None:
    value = (request.args.get(name) or "").strip()
    if not value:
        if required:
            raise bad_parameter(name, f"Parameter '{name}' is required, e.g. ?{name}=消火栓.")
        return None
    if len(value) > max_length:
        raise bad_parameter(name, f"Parameter '{name}' is {len(value)} characters long; the limit is {max_length}.")
    return value


def int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_parameter(name, f"Parameter '{name}' must be a whole number from {low} to {high}, not {raw!r}.")
    if not low <= value <= high:
        raise bad_parameter(name, f"Parameter '{name}' must be from {low} to {high}; got {value}.")
    return value


def bool_param(name: str) -> bool:
    raw = (request.args.get(name) or "false").lower()
    if raw not in ("true", "false", "1", "0"):
        raise bad_parameter(name, f"Parameter '{name}' must be true or false, not {raw!r}.")
    return raw in ("true", "1")


def label_list_param(name: str) -> list[str] | None:
    """Comma-separated node labels, checked against the schema (case-insensitive)."""
    raw = request.args.get(name)
    if not raw:
        return None
    known = {label.value.lower(): label.value for label in Label}
    labels = []
    for part in (piece.strip() for piece in raw.split(",") if piece.strip()):
        if part.lower() not in known:
            raise bad_parameter(name, f"Unknown label {part!r} in '{name}'; use {', '.join(known.values())}.")
        labels.append(known[part.lower()])
    return labels or None


def document_param(name: str = "doc") -> str | None:
    """A document id that exists in the graph."""
    value = text_param(name, required=False)
    if value is not None and value not in services().document_ids():
        raise bad_parameter(name, f"No document {value!r} in the graph; GET /api/documents lists the ids.")
    return value
