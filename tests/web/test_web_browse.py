"""The browsing Cypher on every backend: embedded ArcadeDB, ArcadeDB's Bolt server and real Neo4j."""
from __future__ import annotations

import pytest

from kg.corpus.loader import parse_paths
from kg.store.ingest import ingest_documents
from ner.baseline import GazetteerExtractor
from tests.web.conftest import graph_sources
from web import browse

CLAUSE = "T/FIREKG 001-2026#3.6.4"


@pytest.fixture
def graph(store):
    ingest_documents(store, parse_paths(graph_sources()).documents, GazetteerExtractor())
    return store


def test_browsing_reads_the_same_graph_on_every_backend(graph):
    found = browse.search(graph, "消火栓", 20)
    assert found.entities[0]["name"] == "消火栓" and found.clauses

    clause = browse.clause_detail(graph, CLAUSE)
    assert all(clause["text"][m["start"]:m["end"]] == m["text"] for m in clause["entities"])

    entity = browse.entity_detail(graph, "室内消火栓")
    assert entity["broader"] == ["消火栓"] and CLAUSE in [row["id"] for row in entity["clauses"]]

    start = browse.find_node(graph, "室内消火栓")
    around = browse.neighbourhood(graph, start, depth=2, limit=200)
    ids = {node["id"] for node in around.nodes}
    assert {CLAUSE, "消火栓", "T/FIREKG 001-2026"} <= ids
    assert all(edge["source"] in ids and edge["target"] in ids for edge in around.edges)

    document = browse.find_node(graph, "T/FIREKG 001-2026")
    mandatory = browse.neighbourhood(graph, document, depth=1, limit=500, mandatory=True)
    clauses = [node for node in mandatory.nodes if node["label"] == "Clause"]
    assert len(clauses) == 23 and all(node["mandatory"] for node in clauses)
    only_equipment = browse.neighbourhood(graph, browse.find_node(graph, CLAUSE), 1, 100, labels=["Equipment"])
    assert {node["label"] for node in only_equipment.nodes[1:]} == {"Equipment"}
