"""The graph schema: the one place that names node labels, relationship types and keys.

Cypher cannot take labels or relationship types as parameters, so every query
that needs one takes it from here, never from user text.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Label(StrEnum):
    DOCUMENT = "Document"
    CLAUSE = "Clause"
    EQUIPMENT = "Equipment"
    HAZARD = "Hazard"


class Rel(StrEnum):
    HAS_CLAUSE = "HAS_CLAUSE"      # (Document)-[:HAS_CLAUSE {order}]->(Clause)
    REFERENCES = "REFERENCES"      # (Clause)-[:REFERENCES {text, kind, start, end}]->(Clause|Document)
    MENTIONS = "MENTIONS"          # (Clause)-[:MENTIONS {start, end, label, text, score, extractor, model_version}]->(Equipment|Hazard)
    IS_A = "IS_A"                  # (Equipment)-[:IS_A]->(Equipment), (Hazard)-[:IS_A]->(Hazard), from the head noun


# The property that identifies a node of each label; a uniqueness constraint is created on it.
KEYS: dict[Label, str] = {
    Label.DOCUMENT: "id",
    Label.CLAUSE: "id",
    Label.EQUIPMENT: "name",
    Label.HAZARD: "name",
}
# Extra indexed properties used by lookups.
INDEXES: tuple[tuple[Label, str], ...] = (
    (Label.CLAUSE, "doc_id"),
)
# Entity labels as the NER contract names them, mapped to the node label they become.
ENTITY_LABELS: dict[str, Label] = {"EQUIPMENT": Label.EQUIPMENT, "HAZARD": Label.HAZARD}


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    properties: dict


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: str
    properties: dict


@dataclass
class Subgraph:
    """Nodes and edges cut out of the graph, the typed result the store hands to ``qa`` and ``web``."""

    nodes: list[Node]
    edges: list[Edge]

    def to_dict(self) -> dict:
        return {"nodes": [vars(node) for node in self.nodes], "edges": [vars(edge) for edge in self.edges]}
