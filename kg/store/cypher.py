"""All Cypher of the graph store, in one place.

Every value is a ``$parameter``. Labels and relationship types come only from
:mod:`kg.schema`; the few builders below format them in from there, never from
user text. The same text runs on Neo4j, on ArcadeDB's Bolt server and on the
embedded ArcadeDB engine.
"""
from __future__ import annotations

from kg.schema import INDEXES, KEYS, Label, Rel


def constraint_statements() -> list[str]:
    """Uniqueness constraints on each label's key and the extra indexes, idempotent."""
    statements = [
        f"CREATE CONSTRAINT {label.value.lower()}_{key} IF NOT EXISTS "
        f"FOR (n:{label.value}) REQUIRE n.{key} IS UNIQUE"
        for label, key in KEYS.items()
    ]
    statements += [
        f"CREATE INDEX {label.value.lower()}_{prop} IF NOT EXISTS FOR (n:{label.value}) ON (n.{prop})"
        for label, prop in INDEXES
    ]
    return statements


DOCUMENT_STATE = f"MATCH (d:{Label.DOCUMENT} {{id: $id}}) RETURN d.sha256 AS sha256, d.extractor AS extractor"

DELETE_DOCUMENT_CLAUSES = f"MATCH (c:{Label.CLAUSE} {{doc_id: $id}}) DETACH DELETE c"

DELETE_DOCUMENT = f"MATCH (d:{Label.DOCUMENT} {{id: $id}}) DETACH DELETE d"

MERGE_DOCUMENT = f"MERGE (d:{Label.DOCUMENT} {{id: $id}}) SET d += $props"

CREATE_CLAUSES = (
    f"UNWIND $rows AS row "
    f"MATCH (d:{Label.DOCUMENT} {{id: $doc_id}}) "
    f"CREATE (c:{Label.CLAUSE} {{id: row.id}}) SET c += row.props "
    f"CREATE (d)-[:{Rel.HAS_CLAUSE} {{order: row.order}}]->(c)"
)


def create_mentions(label: Label) -> str:
    """Mentions of one entity label: MERGE the entity, CREATE the evidence edge."""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (c:{Label.CLAUSE} {{id: row.clause_id}}) "
        f"MERGE (e:{label} {{name: row.name}}) "
        f"CREATE (c)-[m:{Rel.MENTIONS}]->(e) SET m += row.props"
    )


def delete_orphans(label: Label) -> str:
    """Entities no clause mentions any more."""
    return f"MATCH (e:{label}) WHERE NOT ()-[:{Rel.MENTIONS}]->(e) DETACH DELETE e"


LIST_DOCUMENTS = (
    f"MATCH (d:{Label.DOCUMENT}) "
    f"RETURN d.id AS id, d.title AS title, d.code AS code, d.aliases AS aliases, d.kind AS kind, "
    f"d.sha256 AS sha256, d.clause_count AS clause_count ORDER BY d.id"
)

LIST_CLAUSE_IDS = f"MATCH (c:{Label.CLAUSE}) RETURN c.id AS id"

LIST_CLAUSE_REFERENCES = f"MATCH (c:{Label.CLAUSE}) WHERE c.refs IS NOT NULL RETURN c.id AS id, c.doc_id AS doc_id, c.refs AS refs"

def merge_references(target: Label) -> str:
    """REFERENCES edges from clauses to a Clause or a Document, one per reference position."""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (s:{Label.CLAUSE} {{id: row.source}}) MATCH (t:{target} {{id: row.target}}) "
        f"MERGE (s)-[r:{Rel.REFERENCES} {{start: row.start}}]->(t) SET r += row.props"
    )


def list_entity_names(label: Label) -> str:
    return f"MATCH (e:{label}) RETURN e.name AS name"


def merge_is_a(label: Label) -> str:
    return (
        f"UNWIND $rows AS row "
        f"MATCH (child:{label} {{name: row.child}}) MATCH (parent:{label} {{name: row.parent}}) "
        f"MERGE (child)-[:{Rel.IS_A}]->(parent)"
    )


def count_label(label: Label) -> str:
    return f"MATCH (n:{label}) RETURN count(n) AS count"


def count_rel(rel: Rel) -> str:
    return f"MATCH ()-[r:{rel}]->() RETURN count(r) AS count"


MATCH_DOCUMENT_BY_NAME = (
    f"MATCH (d:{Label.DOCUMENT}) WHERE d.id = $name OR d.title = $name OR d.code = $name OR $name IN d.aliases "
    f"RETURN d.id AS id"
)

ROW_BY_ROW_CLAUSE = (
    f"MATCH (d:{Label.DOCUMENT} {{id: $doc_id}}) "
    f"CREATE (c:{Label.CLAUSE} {{id: $id}}) SET c += $props "
    f"CREATE (d)-[:{Rel.HAS_CLAUSE} {{order: $order}}]->(c)"
)
