"""Browsing: search, documents, a clause, an entity, and graph neighbourhoods for the analyst UI."""
from __future__ import annotations

from flask import Blueprint, jsonify

from web import browse
from web.api.params import (
    bool_param,
    document_param,
    int_param,
    label_list_param,
    services,
    text_param,
)
from web.errors import not_found

bp = Blueprint("browse", __name__)
MAX_DEPTH = 3
MAX_NODES = 500


@bp.get("/search")
def search():
    query = text_param("q", max_length=100)
    limit = int_param("limit", 20, 1, 100)
    return jsonify(browse.search(services().store, query, limit).to_dict())


@bp.get("/documents")
def documents():
    return jsonify({"documents": browse.documents(services().store)})


@bp.get("/clauses/<path:clause_id>")
def clause(clause_id: str):
    detail = browse.clause_detail(services().store, clause_id)
    if detail is None:
        raise not_found(f"No clause {clause_id!r}; clause ids look like 'DOCUMENT-ID#3.3.1' (see /api/search).")
    return jsonify(detail)


@bp.get("/entities/<path:name>")
def entity(name: str):
    detail = browse.entity_detail(services().store, name)
    if detail is None:
        raise not_found(f"No equipment or hazard called {name!r}; /api/search?q=… finds names.")
    return jsonify(detail)


@bp.get("/graph/neighborhood")
def neighborhood():
    node_id = text_param("id", max_length=300)
    depth = int_param("depth", 1, 1, MAX_DEPTH)
    limit = int_param("limit", 100, 1, MAX_NODES)
    labels, doc, mandatory = label_list_param("labels"), document_param("doc"), bool_param("mandatory")
    store = services().store
    start = browse.find_node(store, node_id)
    if start is None:
        raise not_found(f"No node {node_id!r}: give a document id, a clause id or an entity name.", "id")
    return jsonify(browse.neighbourhood(store, start, depth, limit, labels, doc, mandatory).to_dict())
