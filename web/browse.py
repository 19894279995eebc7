"""Reading the graph for people: search, a clause with its mentions and references, an entity, a neighbourhood.

Each function takes the store and returns a typed result; the API views only serialise them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from kg.schema import ENTITY_LABELS, Label
from kg.store.base import GraphStore
from web import queries

SNIPPET_CHARS = 80
RELATED_LIMIT = 30
LIST_LIMIT = 200


@dataclass
class SearchResult:
    query: str
    entities: list[dict]
    documents: list[dict]
    clauses: list[dict]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Neighbourhood:
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    truncated: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """A window of the text around the first occurrence of the query.

    >>> snippet("甲" * 50 + "消火栓" + "乙" * 50, "消火栓", width=11)
    '…甲甲甲甲消火栓乙乙乙乙…'
    >>> snippet("短文本", "无")
    '短文本'
    """
    if len(text) <= width:
        return text
    found = max(text.find(query), 0) if query else 0
    start = max(0, min(found - (width - len(query)) // 2, len(text) - width))
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def _clause_summary(row: dict, query: str = "") -> dict:
    return {"id": row["id"], "doc_id": row["doc_id"], "doc_title": row["doc_title"], "number": row["number"],
            "snippet": snippet(row["text"] or "", query), "mandatory": bool(row["mandatory"])}


def search(store: GraphStore, query: str, limit: int) -> SearchResult:
    """Entities (exact name first, then by how many clauses mention them), documents and clauses matching ``query``."""
    entities = [{"id": row["name"], "name": row["name"], "label": label.value, "clauses": row["clauses"]}
                for label in ENTITY_LABELS.values()
                for row in store.read(queries.search_entities(label), {"q": query, "limit": LIST_LIMIT})]
    entities.sort(key=lambda item: (item["name"] != query, -item["clauses"], len(item["name"]), item["name"]))
    documents = store.read(queries.SEARCH_DOCUMENTS, {"q": query, "limit": limit})
    clauses = [_clause_summary(row, query) for row in store.read(queries.SEARCH_CLAUSES, {"q": query, "limit": limit})]
    return SearchResult(query, entities[:limit], documents, clauses)


def documents(store: GraphStore) -> list[dict]:
    return store.read(queries.DOCUMENTS, {"limit": LIST_LIMIT * 10})


def clause_detail(store: GraphStore, clause_id: str) -> dict | None:
    """The clause, its entity mentions with offsets, and its references out and in; None when absent."""
    rows = store.read(queries.CLAUSE, {"id": clause_id, "limit": 1})
    if not rows:
        return None
    detail = dict(rows[0])
    detail["mandatory"] = bool(detail["mandatory"])
    parameters = {"id": clause_id, "limit": LIST_LIMIT}
    detail["entities"] = store.read(queries.CLAUSE_MENTIONS, parameters)
    detail["references_out"] = store.read(queries.CLAUSE_REFERENCES_OUT, parameters)
    detail["references_in"] = store.read(queries.CLAUSE_REFERENCES_IN, parameters)
    return detail


def entity_detail(store: GraphStore, name: str) -> dict | None:
    """The equipment or hazard called ``name``: the clauses that mention it and what it is found with."""
    for label in ENTITY_LABELS.values():
        parameters = {"name": name, "limit": LIST_LIMIT}
        clauses = store.read(queries.entity_clauses(label), parameters)
        if not clauses:
            continue
        related = store.read(queries.entity_related(label), {"name": name, "limit": RELATED_LIMIT})
        return {"id": name, "name": name, "label": label.value,
                "clauses": [_clause_summary(row, name) for row in clauses],
                "related": [{"id": row["name"], **row} for row in related],
                "broader": [row["name"] for row in store.read(queries.entity_broader(label), parameters)],
                "narrower": [row["name"] for row in store.read(queries.entity_narrower(label), parameters)]}
    return None


def find_node(store: GraphStore, node_id: str) -> dict | None:
    """The node with this id (clause or document id) or name (equipment, hazard)."""
    order = [Label.CLAUSE, Label.DOCUMENT, *ENTITY_LABELS.values()] if "#" in node_id else \
        [Label.DOCUMENT, *ENTITY_LABELS.values(), Label.CLAUSE]
    for label in order:
        rows = store.read(queries.node_by_key(label), {"id": node_id, "limit": 1})
        if rows:
            return _node(rows[0])
    return None


def _node(row: dict) -> dict:
    return {"id": row["id"], "label": row["label"], "name": row["name"], "doc_id": row["doc_id"],
            "doc_title": row["doc_title"] or row["title"], "mandatory": bool(row["mandatory"])}


def neighbourhood(store: GraphStore, start: dict, depth: int, limit: int, labels: Sequence[str] | None = None,
                  doc: str | None = None, mandatory: bool = False) -> Neighbourhood:
    """Nodes within ``depth`` hops of ``start`` (breadth first, at most ``limit`` nodes) and the edges among them."""
    nodes = {start["id"]: start}
    edges: dict[str, dict] = {}
    frontier, result = [start], Neighbourhood()
    filters = {"labels": list(labels) if labels else None, "doc": doc, "mandatory": mandatory}
    for _ in range(depth):
        found = []
        for row in _expand(store, frontier, filters, limit):
            if row["id"] not in nodes:
                if len(nodes) >= limit:
                    result.truncated = True
                    continue
                nodes[row["id"]] = _node(row)
                found.append(nodes[row["id"]])
            edge_id = f"{row['source']}|{row['type']}|{row['target']}"
            edges.setdefault(edge_id, {"id": edge_id, "source": row["source"], "target": row["target"],
                                       "type": row["type"]})
        frontier = found
        if not frontier:
            break
    result.nodes = list(nodes.values())
    result.edges = [edge for edge in edges.values() if edge["source"] in nodes and edge["target"] in nodes]
    return result


def _expand(store: GraphStore, frontier: list[dict], filters: dict, limit: int) -> list[dict]:
    rows = []
    for label in Label:
        ids = [node["id"] for node in frontier if node["label"] == label.value]
        if not ids:
            continue
        for outgoing in (True, False):
            rows += store.read(queries.neighbours(label, outgoing), {"ids": ids, "limit": limit * 4, **filters})
    return rows
