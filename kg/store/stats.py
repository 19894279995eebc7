"""Counts per node label and relationship type, and the list of stored documents."""
from __future__ import annotations

from dataclasses import dataclass

from kg.schema import Label, Rel
from kg.store import cypher
from kg.store.base import GraphStore


@dataclass
class GraphStats:
    labels: dict[str, int]
    relationships: dict[str, int]
    documents: list[dict]

    def to_dict(self) -> dict:
        return {"labels": self.labels, "relationships": self.relationships, "documents": self.documents}


def graph_stats(store: GraphStore) -> GraphStats:
    labels = {label.value: store.read(cypher.count_label(label))[0]["count"] for label in Label}
    relationships = {rel.value: store.read(cypher.count_rel(rel))[0]["count"] for rel in Rel}
    documents = [{key: row[key] for key in ("id", "title", "kind", "clause_count", "sha256")}
                 for row in store.read(cypher.LIST_DOCUMENTS)]
    return GraphStats(labels, relationships, documents)
