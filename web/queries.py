"""All Cypher of the web layer: search, clause and entity pages, and graph neighbourhoods.

Every value is a ``$parameter``; labels and relationship types come from :mod:`kg.schema`.
Every query ends in ``LIMIT $limit``.
"""
from __future__ import annotations

from kg.schema import KEYS, Label, Rel

CLAUSE_SUMMARY = ("c.id AS id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, "
                  "c.text AS text, c.mandatory AS mandatory")

DOCUMENTS = (f"MATCH (d:{Label.DOCUMENT}) RETURN d.id AS id, d.title AS title, d.code AS code, d.kind AS kind, "
             f"d.clause_count AS clause_count, d.sha256 AS sha256, d.ingested_at AS ingested_at "
             f"ORDER BY d.id LIMIT $limit")

SEARCH_DOCUMENTS = (
    f"MATCH (d:{Label.DOCUMENT}) WHERE d.title CONTAINS $q OR d.id CONTAINS $q OR d.code CONTAINS $q "
    f"OR any(alias IN d.aliases WHERE alias CONTAINS $q) "
    f"RETURN d.id AS id, d.title AS title, d.code AS code, d.kind AS kind ORDER BY d.id LIMIT $limit"
)

SEARCH_CLAUSES = (
    f"MATCH (c:{Label.CLAUSE}) WHERE c.text CONTAINS $q OR c.number = $q OR c.key = $q "
    f"RETURN {CLAUSE_SUMMARY} ORDER BY c.doc_id, c.sort_key LIMIT $limit"
)


def search_entities(label: Label) -> str:
    """Entities whose name contains ``$q``, with how many clauses mention each."""
    return (f"MATCH (e:{label}) WHERE e.name CONTAINS $q "
            f"OPTIONAL MATCH (c:{Label.CLAUSE})-[:{Rel.MENTIONS}]->(e) "
            f"RETURN e.name AS name, count(DISTINCT c) AS clauses ORDER BY clauses DESC, name LIMIT $limit")


CLAUSE = (f"MATCH (c:{Label.CLAUSE} {{id: $id}}) "
          f"RETURN c.id AS id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, "
          f"c.number_arabic AS number_arabic, c.kind AS kind, c.path AS path, c.text AS text, "
          f"c.mandatory AS mandatory, c.modality AS modality, c.commentary AS commentary LIMIT $limit")

CLAUSE_MENTIONS = (
    f"MATCH (c:{Label.CLAUSE} {{id: $id}})-[m:{Rel.MENTIONS}]->(e) "
    f"RETURN e.name AS name, labels(e)[0] AS label, m.start AS start, m.end AS end, m.text AS text, "
    f"m.extractor AS extractor, m.model_version AS model_version, m.score AS score ORDER BY start LIMIT $limit"
)

CLAUSE_REFERENCES_OUT = (
    f"MATCH (c:{Label.CLAUSE} {{id: $id}})-[r:{Rel.REFERENCES}]->(t) "
    f"RETURN t.id AS target, labels(t)[0] AS target_label, coalesce(t.number, t.title) AS target_name, "
    f"t.doc_title AS target_doc_title, r.text AS text, r.start AS start, r.end AS end ORDER BY start LIMIT $limit"
)

CLAUSE_REFERENCES_IN = (
    f"MATCH (c:{Label.CLAUSE})-[r:{Rel.REFERENCES}]->(t:{Label.CLAUSE} {{id: $id}}) "
    f"RETURN c.id AS source, c.doc_title AS doc_title, c.number AS number, r.text AS text "
    f"ORDER BY c.doc_id, c.sort_key LIMIT $limit"
)


def entity_clauses(label: Label) -> str:
    return (f"MATCH (c:{Label.CLAUSE})-[:{Rel.MENTIONS}]->(e:{label} {{name: $name}}) "
            f"RETURN DISTINCT {CLAUSE_SUMMARY}, c.sort_key AS sort_key ORDER BY c.doc_id, c.sort_key LIMIT $limit")


def entity_related(label: Label) -> str:
    """Entities mentioned in the same clauses, by how many clauses they share."""
    return (f"MATCH (c:{Label.CLAUSE})-[:{Rel.MENTIONS}]->(e:{label} {{name: $name}}) "
            f"MATCH (c)-[:{Rel.MENTIONS}]->(o) WHERE o.name <> e.name OR labels(o)[0] <> labels(e)[0] "
            f"RETURN o.name AS name, labels(o)[0] AS label, count(DISTINCT c) AS clauses "
            f"ORDER BY clauses DESC, name LIMIT $limit")


def entity_broader(label: Label) -> str:
    return f"MATCH (e:{label} {{name: $name}})-[:{Rel.IS_A}]->(p) RETURN p.name AS name ORDER BY name LIMIT $limit"


def entity_narrower(label: Label) -> str:
    return f"MATCH (c)-[:{Rel.IS_A}]->(e:{label} {{name: $name}}) RETURN c.name AS name ORDER BY name LIMIT $limit"


def node_by_key(label: Label) -> str:
    """One node of ``label`` by its key (id, or name for entities), as a neighbourhood node."""
    return f"MATCH (n:{label} {{{KEYS[label]}: $id}}) RETURN {_node_fields('n')} LIMIT $limit"


def _node_fields(var: str) -> str:
    return (f"coalesce({var}.id, {var}.name) AS id, labels({var})[0] AS label, "
            f"coalesce({var}.name, {var}.number, {var}.title) AS name, {var}.doc_id AS doc_id, "
            f"{var}.doc_title AS doc_title, {var}.title AS title, {var}.mandatory AS mandatory")


_NEIGHBOUR_FILTER = (
    "($labels IS NULL OR labels(m)[0] IN $labels) "
    f"AND ($doc IS NULL OR m:{Label.EQUIPMENT} OR m:{Label.HAZARD} OR coalesce(m.doc_id, m.id) = $doc) "
    f"AND ($mandatory = false OR NOT m:{Label.CLAUSE} OR m.mandatory = true)"
)


def neighbours(label: Label, outgoing: bool) -> str:
    """Edges from (or to) the nodes of ``label`` whose keys are in ``$ids``, and the nodes at their other end."""
    key = KEYS[label]
    pattern = "(n)-[r]->(m)" if outgoing else "(n)<-[r]-(m)"
    source, target = ("n", "m") if outgoing else ("m", "n")
    return (f"MATCH (n:{label}) WHERE n.{key} IN $ids MATCH {pattern} WHERE {_NEIGHBOUR_FILTER} "
            f"RETURN coalesce({source}.id, {source}.name) AS source, coalesce({target}.id, {target}.name) AS target, "
            f"type(r) AS type, {_node_fields('m')} ORDER BY type, id LIMIT $limit")
