"""The OpenAPI 3.1 description of the JSON API, served at ``/api/openapi.json``."""
from __future__ import annotations

from importlib import metadata

from qa.answer import MAX_QUESTION_CHARS

_ERROR = {"$ref": "#/components/schemas/Error"}


def _query(name: str, description: str, schema: dict | None = None, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def _path(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


def _operation(summary: str, parameters: list[dict] | None = None, ok: str = "application/json",
               ok_schema: dict | None = None, errors: tuple[int, ...] = (400,), body: dict | None = None) -> dict:
    responses = {"200": {"description": "OK", "content": {ok: {"schema": ok_schema or {"type": "object"}}}}}
    for status in errors:
        responses[str(status)] = {"description": "Error", "content": {"application/json": {"schema": _ERROR}}}
    operation = {"summary": summary, "parameters": parameters or [], "responses": responses}
    if body:
        operation["requestBody"] = body
    return operation


_LABELS = "Comma-separated node labels to keep: Document, Clause, Equipment, Hazard."
_DOC = "A document id (GET /api/documents lists them)."


def _paths() -> dict:
    paths = {
        "/api/ask": {"post": _operation(
            "Answer a question with citations, the Cypher that ran and the subgraph",
            ok_schema={"$ref": "#/components/schemas/Answer"}, errors=(400, 500),
            body={"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["question"], "properties": {
                    "question": {"type": "string", "maxLength": MAX_QUESTION_CHARS},
                    "doc_ids": {"type": "array", "items": {"type": "string"}}}}}}})},
        "/api/search": {"get": _operation("Entities, documents and clauses matching a text", [
            _query("q", "Text to look for.", required=True),
            _query("limit", "Results per kind (1–100, default 20).", {"type": "integer", "minimum": 1, "maximum": 100})])},
        "/api/documents": {"get": _operation("The documents in the graph", errors=())},
        "/api/clauses/{clause_id}": {"get": _operation(
            "A clause: text, entity mentions with offsets, references out and in",
            [_path("clause_id", "Clause id, DOCUMENT-ID#KEY, URL-encoded.")], errors=(404,))},
        "/api/entities/{name}": {"get": _operation(
            "An equipment item or hazard: the clauses that mention it, related entities, broader/narrower names",
            [_path("name", "Entity name, URL-encoded.")], errors=(404,))},
        "/api/graph/neighborhood": {"get": _operation("Nodes and edges around a node, for the graph browser", [
            _query("id", "Document id, clause id or entity name.", required=True),
            _query("depth", "Hops (1–3, default 1).", {"type": "integer", "minimum": 1, "maximum": 3}),
            _query("limit", "Most nodes (1–500, default 100).", {"type": "integer", "minimum": 1, "maximum": 500}),
            _query("labels", _LABELS), _query("doc", _DOC),
            _query("mandatory", "true keeps only mandatory clauses.", {"type": "boolean"})], errors=(400, 404))},
        "/api/export": {"get": _operation(
            "Clause relationships (REFERENCES, MENTIONS) with lineage, as a file", [
                _query("format", "csv (UTF-8 with BOM), xlsx, json or graphml; default csv.",
                       {"type": "string", "enum": ["csv", "xlsx", "json", "graphml"]}),
                _query("doc", "A source document id; repeat the parameter for several."),
                _query("rel", "REFERENCES or MENTIONS, comma-separated."),
                _query("label", "Target labels, comma-separated: Clause, Document, Equipment, Hazard.")],
            ok="application/octet-stream", ok_schema={"type": "string", "format": "binary"})},
        "/api/export/manifest": {"get": _operation(
            "The manifest of an export with the same filters: row counts and the file's sha256",
            [_query("format", "As for /api/export."), _query("doc", _DOC), _query("rel", "As for /api/export."),
             _query("label", "As for /api/export.")])},
        "/api/ingest": {"post": _operation(
            "Upload documents into the graph (needs the API token)", errors=(400, 401, 403, 413, 422),
            body={"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["files"], "properties": {
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "kind": {"type": "string", "enum": ["law", "regulation", "local", "standard"]}}}}}})},
        "/api/health": {"get": _operation("Store and model status", errors=(503,))},
        "/api/openapi.json": {"get": _operation("This description", errors=())},
    }
    paths["/api/ingest"]["post"]["security"] = [{"token": []}]
    return paths


def _schemas() -> dict:
    citation = {"type": "object", "properties": {
        "doc": {"type": "string"}, "number": {"type": "string"}, "number_arabic": {"type": ["integer", "null"]},
        "clause_id": {"type": "string"}, "text": {"type": "string"}}}
    return {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message"], "properties": {
                "code": {"type": "string"}, "message": {"type": "string"}, "parameter": {"type": "string"}}}}},
        "Answer": {"type": "object", "required": ["question", "answer", "citations", "abstained"], "properties": {
            "question": {"type": "string"}, "answer": {"type": "string"},
            "citations": {"type": "array", "items": citation},
            "entities": {"type": "array", "items": {"type": "object"}},
            "cypher": {"type": "array", "items": {"type": "object", "properties": {
                "query": {"type": "string"}, "parameters": {"type": "object"}}}},
            "subgraph": {"type": "object", "properties": {"nodes": {"type": "array"}, "edges": {"type": "array"}}},
            "mode": {"type": "string", "enum": ["template", "text2cypher", "text"]},
            "summarizer": {"type": "string"}, "abstained": {"type": "boolean"},
            "timings_ms": {"type": "object", "additionalProperties": {"type": "number"}}}},
    }


def openapi_document() -> dict:
    try:
        version = metadata.version("firekg")
    except metadata.PackageNotFoundError:
        version = "0+unknown"
    return {"openapi": "3.1.0",
            "info": {"title": "FireKG API", "version": version,
                     "description": "Chinese fire-safety law and codes as a knowledge graph, with cited answers."},
            "components": {"schemas": _schemas(),
                           "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
            "paths": _paths()}
