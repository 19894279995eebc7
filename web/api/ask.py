"""``POST /api/ask``: the QA contract of ``firekg ask --json`` over HTTP."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from qa.answer import MAX_QUESTION_CHARS
from web.api.params import services
from web.errors import bad_parameter

bp = Blueprint("ask", __name__)
MAX_DOCS = 50


@bp.post("/ask")
def ask():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise bad_parameter("body", 'Send a JSON object: {"question": "…", "doc_ids": ["…"]} '
                                    "with Content-Type: application/json.")
    question = body.get("question")
    if not isinstance(question, str) or not question.strip():
        raise bad_parameter("question", "'question' must be a non-empty string.")
    if len(question) > MAX_QUESTION_CHARS:
        raise bad_parameter("question", f"'question' is {len(question)} characters; the limit is {MAX_QUESTION_CHARS}.")
    answer = services().ask(question.strip(), _doc_ids(body.get("doc_ids")))
    return jsonify(answer.to_dict())


def _doc_ids(raw) -> list[str] | None:
    if raw is None or raw == []:
        return None
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw) or len(raw) > MAX_DOCS:
        raise bad_parameter("doc_ids", f"'doc_ids' must be a list of at most {MAX_DOCS} document ids (strings).")
    unknown = sorted(set(raw) - services().document_ids())
    if unknown:
        raise bad_parameter("doc_ids", f"Unknown document ids {unknown}; GET /api/documents lists them.")
    return raw
