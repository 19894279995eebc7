"""Read the export rows out of a GraphStore, one document and one page at a time."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from kg.errors import ExportError
from kg.export.table import COLUMNS, REFERENCE_EXTRACTOR, ExportFilter, ExportRow, ExportTable, firekg_version
from kg.schema import Label, Rel
from kg.store import cypher
from kg.store.base import GraphStore

logger = logging.getLogger(__name__)
PAGE_SIZE = 2000
# Called after each page with (rows read so far, rows the graph holds for the filter).
Progress = Callable[[int, int], None]


def export_table(store: GraphStore, filters: ExportFilter = ExportFilter(), page_size: int = PAGE_SIZE,
                 on_progress: Progress | None = None) -> ExportTable:
    """The rows ``filters`` selects, in order: relation, source document, clause, evidence offset, target.

    Raises ExportError (parameter ``doc``) when a requested document is not in the store.
    """
    if page_size < 1:
        raise ExportError("page_size", f"{page_size} rows per page cannot make progress; use a positive number.")
    documents = _documents(store, filters)
    expected = count_edges(store, filters, list(documents))
    keyed: list[tuple[tuple, ExportRow]] = []
    for rel, target in filters.targets():
        query = cypher.export_edges_page(rel, target)
        for doc_id, document in documents.items():
            for page in _pages(store, query, doc_id, page_size):
                keyed += [(_order(rel, doc_id, record), _row(rel, target, document, record)) for record in page]
                if on_progress:
                    on_progress(len(keyed), expected)
    if len(keyed) != expected:
        logger.warning("read %d rows but the graph counted %d; was it written to during the export?",
                       len(keyed), expected)
    keyed.sort(key=lambda pair: pair[0])
    return ExportTable(COLUMNS, [row for _, row in keyed], filters, store.describe())


def count_edges(store: GraphStore, filters: ExportFilter, doc_ids: list[str]) -> int:
    """How many edges the graph holds for ``filters`` from the clauses of ``doc_ids``."""
    return sum(store.read(cypher.count_export_edges(rel, target), {"doc_ids": doc_ids})[0]["count"]
               for rel, target in filters.targets())


def _documents(store: GraphStore, filters: ExportFilter) -> dict[str, dict]:
    """The selected documents by id, in id order; an unknown requested id is an error naming it."""
    documents = {row["id"]: row for row in store.read(cypher.EXPORT_DOCUMENTS)}
    unknown = [doc_id for doc_id in filters.docs if doc_id not in documents]
    if unknown:
        raise ExportError("doc", f"no document with id {', '.join(map(repr, unknown))} in {store.describe()}; "
                                 f"'firekg stats' lists the document ids.")
    if not filters.docs:
        return dict(sorted(documents.items()))
    return {doc_id: documents[doc_id] for doc_id in filters.docs}


def _pages(store: GraphStore, query: str, doc_id: str, page_size: int) -> Iterator[list[dict]]:
    skip = 0
    while True:
        page = store.read(query, {"doc_id": doc_id, "skip": skip, "limit": page_size})
        yield page
        if len(page) < page_size:
            return
        skip += page_size


def _order(rel: Rel, doc_id: str, record: dict) -> tuple:
    """Sort key: relation, source document, clause position in its document, evidence offsets, target.

    >>> _order(Rel.MENTIONS, "d", {"sort_key": [3, 1, 2], "clause_id": "d#3.1.2", "start_offset": 5,
    ...        "end_offset": 8, "target_id": "灭火器"})
    ('MENTIONS', 'd', (3, 1, 2), 'd#3.1.2', 5, 8, '灭火器')
    """
    offsets = tuple(-1 if record[key] is None else record[key] for key in ("start_offset", "end_offset"))
    return (rel.value, doc_id, tuple(record["sort_key"] or ()), record["clause_id"], *offsets,
            str(record["target_id"]))


def _row(rel: Rel, target: Label, document: dict, record: dict) -> ExportRow:
    references = rel == Rel.REFERENCES
    return ExportRow(
        relation=rel.value, source_doc_id=document["id"], source_doc_title=document["title"],
        source_doc_sha256=document["sha256"], source_path=document["source_path"],
        clause_id=record["clause_id"], clause_number=record["clause_number"],
        target_label=target.value, target_id=str(record["target_id"]), target_name=record["target_name"],
        target_doc_id=record.get("target_doc_id"), evidence=record["evidence"],
        start=_integer(record["start_offset"]), end=_integer(record["end_offset"]),
        extractor=REFERENCE_EXTRACTOR if references else record["extractor"],
        model_version=firekg_version() if references else record["model_version"],
        score=None if record["score"] is None else float(record["score"]),
        ingested_at=record["ingested_at"],
    )


def _integer(value) -> int | None:
    return None if value is None else int(value)
