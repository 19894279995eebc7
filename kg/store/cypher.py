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


DOCUMENT_STATE = (f"MATCH (d:{Label.DOCUMENT} {{id: $id}}) "
                  "RETURN d.sha256 AS sha256, d.extractor AS extractor, d.parsed AS parsed")

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


# --- Export (kg.export) ---------------------------------------------------------------------------
# Relationship rows with their lineage, read one document and one page at a time.

EXPORT_DOCUMENTS = (
    f"MATCH (d:{Label.DOCUMENT}) "
    f"RETURN d.id AS id, d.title AS title, d.sha256 AS sha256, d.source_path AS source_path ORDER BY d.id"
)

# How an export row identifies a target of each label: (target_id, target_name, target_doc_id or None).
_EXPORT_TARGET: dict[Label, tuple[str, str, str | None]] = {
    Label.CLAUSE: ("t.id", "t.number", "t.doc_id"),
    Label.DOCUMENT: ("t.id", "t.title", "t.id"),
    Label.EQUIPMENT: ("t.name", "t.name", None),
    Label.HAZARD: ("t.name", "t.name", None),
}


def export_edges_page(rel: Rel, target: Label) -> str:
    """One page ($skip, $limit) of the ``rel`` edges from the clauses of document $doc_id to ``target`` nodes.

    The order is total for distinct edges, so consecutive pages neither repeat nor skip an edge.
    Properties an edge lacks (a reference has no score) come back as null.
    """
    target_id, target_name, target_doc = _EXPORT_TARGET[target]
    doc_column = f"{target_doc} AS target_doc_id, " if target_doc else ""
    return (
        f"MATCH (c:{Label.CLAUSE} {{doc_id: $doc_id}})-[r:{rel}]->(t:{target}) "
        f"RETURN c.id AS clause_id, c.number AS clause_number, c.sort_key AS sort_key, c.ingested_at AS ingested_at, "
        f"{target_id} AS target_id, {target_name} AS target_name, {doc_column}"
        f"r.text AS evidence, r.start AS start_offset, r.end AS end_offset, "
        f"r.extractor AS extractor, r.model_version AS model_version, r.score AS score "
        f"ORDER BY clause_id, start_offset, end_offset, target_id SKIP $skip LIMIT $limit"
    )


def count_export_edges(rel: Rel, target: Label) -> str:
    """How many ``rel`` edges run from the clauses of the documents $doc_ids to ``target`` nodes."""
    return (
        f"MATCH (c:{Label.CLAUSE})-[r:{rel}]->(t:{target}) WHERE c.doc_id IN $doc_ids "
        f"RETURN count(r) AS count"
    )
