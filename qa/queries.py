"""All Cypher of question answering: one parameterised template per intent.

Every value a question supplies is a ``$parameter``; labels and relationship types
come from :mod:`kg.schema`. ``$doc_ids`` is ``null`` for "all documents" or a list
of document ids (``--doc``). Every template ends in ``LIMIT $limit``.
"""
from __future__ import annotations

from kg.schema import Label, Rel

CLAUSE_FIELDS = (
    "c.id AS clause_id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, "
    "c.number_arabic AS number_arabic, c.key AS key, c.text AS text, c.mandatory AS mandatory, "
    "c.modality AS modality, c.path AS path"
)
_IN_DOCS = "($doc_ids IS NULL OR c.doc_id IN $doc_ids)"
_PENALTY_CHAPTER = "any(part IN c.path WHERE part CONTAINS '法律责任' OR part CONTAINS '罚则')"

CLAUSE_BY_KEY = f"MATCH (c:{Label.CLAUSE}) WHERE c.key = $key AND {_IN_DOCS} RETURN {CLAUSE_FIELDS} LIMIT $limit"

# The same for a clause whose document is known (消防法第二十八条): the doc_id index finds it.
CLAUSE_BY_DOCUMENT_KEY = (f"MATCH (c:{Label.CLAUSE}) WHERE c.doc_id IN $doc_ids AND c.key = $key "
                          f"RETURN {CLAUSE_FIELDS} LIMIT $limit")

CLAUSES_BY_IDS = f"MATCH (c:{Label.CLAUSE}) WHERE c.id IN $ids RETURN {CLAUSE_FIELDS} LIMIT $limit"

ALL_CLAUSES = f"MATCH (c:{Label.CLAUSE}) WHERE {_IN_DOCS} RETURN {CLAUSE_FIELDS} LIMIT $limit"


def narrower_names(label: Label) -> str:
    """Names below the given ones in the IS_A hierarchy (室内消火栓 under 消火栓)."""
    return (f"MATCH (child:{label})-[:{Rel.IS_A}*1..3]->(e:{label}) WHERE e.name IN $names "
            f"RETURN DISTINCT child.name AS name, e.name AS parent LIMIT $limit")


def _mentioning(label: Label, condition: str, order: str) -> str:
    """Clauses that mention any of ``$names`` and meet ``condition``, with the names they matched."""
    return (f"MATCH (c:{Label.CLAUSE})-[:{Rel.MENTIONS}]->(e:{label}) WHERE e.name IN $names AND {_IN_DOCS} "
            f"{condition} WITH c, collect(DISTINCT e.name) AS matched "
            f"RETURN {CLAUSE_FIELDS}, matched ORDER BY {order}, c.doc_id, c.sort_key LIMIT $limit")


def clauses_mentioning(label: Label) -> str:
    """Clauses that mention any of ``$names``, most matches first."""
    return _mentioning(label, "", "size(matched) DESC")


def mandatory_mentioning(label: Label) -> str:
    """Mandatory clauses (marked 强制性条文, or worded 必须/严禁) that mention ``$names``."""
    return _mentioning(label, "AND (c.mandatory = true OR c.modality IN ['must', 'must_not'])", "c.mandatory DESC")


def penalties_sharing_entities(label: Label) -> str:
    """法律责任 articles that mention the same things as the obligation."""
    return _mentioning(label, f"AND {_PENALTY_CHAPTER} AND c.text CONTAINS '罚'", "size(matched) DESC")


def mentions_among() -> str:
    """Which of the clauses ``$ids`` mention which of the equipment or hazard ``$names``.

    Each id is looked up on its own (UNWIND): the embedded engine then seeks the unique index
    instead of scanning every MENTIONS edge.
    """
    return (f"UNWIND $ids AS id MATCH (c:{Label.CLAUSE} {{id: id}})-[:{Rel.MENTIONS}]->(e) WHERE e.name IN $names "
            f"RETURN c.id AS clause_id, collect(DISTINCT e.name) AS matched LIMIT $limit")


PENALTIES_REFERENCING = (
    f"MATCH (c:{Label.CLAUSE})-[:{Rel.REFERENCES}]->(o:{Label.CLAUSE}) WHERE o.id IN $ids AND {_PENALTY_CHAPTER} "
    f"RETURN {CLAUSE_FIELDS}, collect(DISTINCT o.id) AS matched LIMIT $limit"
)

REFERENCES_FROM = (
    f"UNWIND $ids AS id MATCH (s:{Label.CLAUSE} {{id: id}})-[r:{Rel.REFERENCES}]->(t) "
    f"RETURN s.id AS source, r.text AS text, "
    f"CASE WHEN t.doc_id IS NULL THEN '{Label.DOCUMENT}' ELSE '{Label.CLAUSE}' END AS target_label, t.id AS target, "
    f"t.doc_title AS doc_title, t.title AS title, t.number AS number, t.text AS target_text LIMIT $limit"
)

REFERENCES_TO = (
    f"UNWIND $ids AS id MATCH (c:{Label.CLAUSE})-[r:{Rel.REFERENCES}]->(t:{Label.CLAUSE} {{id: id}}) "
    f"RETURN {CLAUSE_FIELDS}, r.text AS reference_text LIMIT $limit"
)


def equipment_for_hazard() -> str:
    """Equipment named in the same clauses as the hazard, the most specific first: by shared clauses
    squared over all clauses that name the equipment, so 可燃气体探测器 (1 of 1) comes before 消防车道
    (4 of 60), which many clauses name for other reasons."""
    return (f"MATCH (c:{Label.CLAUSE})-[:{Rel.MENTIONS}]->(h:{Label.HAZARD}) WHERE h.name IN $names AND {_IN_DOCS} "
            f"MATCH (c)-[:{Rel.MENTIONS}]->(e:{Label.EQUIPMENT}) "
            f"WITH e, collect(DISTINCT c.id) AS clause_ids "
            f"MATCH (e)<-[:{Rel.MENTIONS}]-(any_clause:{Label.CLAUSE}) "
            f"WITH e, clause_ids, count(DISTINCT any_clause) AS total "
            f"RETURN e.name AS equipment, size(clause_ids) AS clauses, clause_ids[0..3] AS clause_ids "
            f"ORDER BY toFloat(size(clause_ids) * size(clause_ids)) / total DESC, clauses DESC, equipment "
            f"LIMIT $limit")


def documents_mentioning(label: Label) -> str:
    return (f"MATCH (d:{Label.DOCUMENT})-[:{Rel.HAS_CLAUSE}]->(c:{Label.CLAUSE})-[:{Rel.MENTIONS}]->(e:{label}) "
            f"WHERE e.name IN $names AND {_IN_DOCS} "
            f"WITH d, collect(DISTINCT c.id) AS clause_ids "
            f"RETURN d.id AS doc_id, d.title AS title, size(clause_ids) AS clauses, clause_ids[0..2] AS clause_ids "
            f"ORDER BY clauses DESC, d.id LIMIT $limit")


def count_mentioning(label: Label) -> str:
    return (f"MATCH (c:{Label.CLAUSE})-[:{Rel.MENTIONS}]->(e:{label}) WHERE e.name IN $names AND {_IN_DOCS} "
            f"RETURN count(DISTINCT c) AS clauses, count(DISTINCT c.doc_id) AS documents LIMIT $limit")


# The target's label comes from the MENTIONS edge (its NER label) or from whether it belongs to a
# document: labels() is slow on the embedded engine.
SUBGRAPH_EDGES = (
    f"UNWIND $ids AS id MATCH (c:{Label.CLAUSE} {{id: id}})-[r]->(t) "
    f"WHERE type(r) IN ['{Rel.MENTIONS}', '{Rel.REFERENCES}'] "
    f"RETURN c.id AS source, type(r) AS type, coalesce(t.id, t.name) AS target, "
    f"CASE WHEN type(r) = '{Rel.MENTIONS}' THEN r.label WHEN t.doc_id IS NULL THEN '{Label.DOCUMENT}' "
    f"ELSE '{Label.CLAUSE}' END AS label, coalesce(t.name, t.title, t.number) AS name LIMIT $limit"
)

ENTITY_NAMES = (
    f"MATCH (e) WHERE e:{Label.EQUIPMENT} OR e:{Label.HAZARD} RETURN e.name AS name, labels(e)[0] AS label"
)

DOCUMENT_NAMES = (f"MATCH (d:{Label.DOCUMENT}) "
                  f"RETURN d.id AS id, d.title AS title, d.code AS code, d.aliases AS aliases, d.kind AS kind")
