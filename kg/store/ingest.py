"""Write parsed documents (and their entity mentions) to a GraphStore, incrementally.

Each document is written in ONE transaction: its old clauses and their edges
go and the new ones come. An unchanged document (same source sha256, same
extractor, and the same parse: a newer parser that reads the same file
differently rewrites it) is skipped. After the documents, entities no clause mentions any more are
removed and references and IS_A edges are re-linked over the whole graph; these
steps are idempotent, so a run interrupted anywhere is completed by running it again.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Protocol

from kg.corpus.model import Clause, Document
from kg.corpus.references import DocumentIndex
from kg.corpus.text import normalize_text
from kg.errors import GraphStoreError
from kg.schema import ENTITY_LABELS, Label
from kg.store import cypher
from kg.store.base import GraphStore, Statement

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
_CLAUSE_TARGET_KINDS = {"article", "clause", "table"}


class MentionLike(Protocol):
    start: int
    end: int
    label: str
    text: str
    score: float


class MentionExtractor(Protocol):
    """What ingest needs of an extractor (``ner`` provides it; ingest never imports ``ner``)."""

    name: str
    version: str

    def extract(self, texts: list[str]) -> list[list[MentionLike]]: ...


@dataclass
class IngestReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    references: int = 0
    is_a: int = 0


def extractor_tag(extractor: MentionExtractor | None) -> str:
    return f"{extractor.name}@{extractor.version}" if extractor else "none"


def ingest_documents(store: GraphStore, documents: Sequence[Document], extractor: MentionExtractor | None = None,
                     batch_size: int = BATCH_SIZE, on_progress: Callable[[str], None] | None = None) -> IngestReport:
    """Write documents to the store; one bad document is reported, the others still go in."""
    report = IngestReport()
    for document in documents:
        try:
            if _is_unchanged(store, document, extractor):
                report.unchanged.append(document.doc_id)
            else:
                store.write(document_statements(document, extractor, batch_size))
                report.written.append(document.doc_id)
                logger.info("wrote %s (%d clauses)", document.doc_id, len(document.clauses))
        except GraphStoreError as error:
            logger.error("could not write %s: %s", document.doc_id, error)
            report.failed[document.doc_id] = str(error)
        if on_progress:
            on_progress(document.doc_id)
    finish_ingest(store, report, batch_size)
    return report


def finish_ingest(store: GraphStore, report: IngestReport, batch_size: int = BATCH_SIZE) -> None:
    """Whole-graph steps after the documents: drop orphaned entities, re-link references and IS_A.

    Each step is idempotent, so it also completes a run that was interrupted before it.
    """
    store.write([(cypher.delete_orphans(label), {}) for label in ENTITY_LABELS.values()])
    report.references = relink_references(store, batch_size)
    report.is_a = relink_is_a(store, batch_size)


def _is_unchanged(store: GraphStore, document: Document, extractor: MentionExtractor | None) -> bool:
    rows = store.read(cypher.DOCUMENT_STATE, {"id": document.doc_id})
    return bool(rows) and rows[0]["sha256"] == document.sha256 and rows[0]["extractor"] == extractor_tag(extractor) \
        and rows[0]["parsed"] == parse_digest(document)


def parse_digest(document: Document) -> str:
    """A digest of what the parser made of a document (its properties and every clause's, but not where
    the file was read from: an upload arrives under a new temporary name each time), so that a parser
    that reads an unchanged file differently has it rewritten; a graph written before digests were
    stored is rewritten once."""
    def parsed(properties: dict) -> dict:
        return {key: value for key, value in properties.items() if key != "source_path"}
    content = {**parsed(document_properties(document, None, "")), "clauses": [
        parsed(clause_properties(document, clause, "")) for clause in document.clauses]}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def document_statements(document: Document, extractor: MentionExtractor | None = None,
                        batch_size: int = BATCH_SIZE) -> list[Statement]:
    """The statements that replace one document in the graph, for one transaction."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    statements: list[Statement] = [
        (cypher.DELETE_DOCUMENT_CLAUSES, {"id": document.doc_id}),
        (cypher.MERGE_DOCUMENT, {"id": document.doc_id, "props": {**document_properties(document, extractor, now),
                                                                  "parsed": parse_digest(document)}}),
    ]
    rows = [{"id": clause.clause_id(document.doc_id), "order": order, "props": clause_properties(document, clause, now)}
            for order, clause in enumerate(document.clauses, start=1)]
    statements += [(cypher.CREATE_CLAUSES, {"doc_id": document.doc_id, "rows": chunk}) for chunk in _chunks(rows, batch_size)]
    if extractor is not None:
        statements += mention_statements(document, extractor, batch_size)
    return statements


def document_properties(document: Document, extractor: MentionExtractor | None, now: str) -> dict:
    return {
        "title": document.title, "kind": document.kind.value, "code": document.code, "issuer": document.issuer,
        "source_path": document.source_path, "sha256": document.sha256, "aliases": list(document.aliases),
        "dates": json.dumps(document.dates, ensure_ascii=False), "clause_count": len(document.clauses),
        "extractor": extractor_tag(extractor), "ingested_at": now,
    }


def clause_properties(document: Document, clause: Clause, now: str) -> dict:
    return {
        "doc_id": document.doc_id, "doc_title": document.title, "number": clause.number, "key": clause.key,
        "number_arabic": clause.number_arabic, "kind": clause.kind.value, "sort_key": list(clause.sort_key),
        "path": list(clause.path), "text": clause.text, "modality": clause.modality.value if clause.modality else None,
        "mandatory": clause.mandatory, "commentary": clause.commentary,
        "paragraphs": json.dumps([asdict(p) for p in clause.paragraphs], ensure_ascii=False),
        "refs": json.dumps([asdict(r) for r in clause.refs], ensure_ascii=False),
        "source_sha256": document.sha256, "source_path": document.source_path, "ingested_at": now,
    }


def mention_statements(document: Document, extractor: MentionExtractor, batch_size: int) -> list[Statement]:
    """MERGE entities and CREATE evidence edges for the EQUIPMENT and HAZARD mentions of each clause."""
    mentions = extractor.extract([clause.text for clause in document.clauses])
    rows: dict[Label, list[dict]] = {label: [] for label in ENTITY_LABELS.values()}
    for clause, found in zip(document.clauses, mentions):
        for mention in found:
            label = ENTITY_LABELS.get(mention.label)
            name = normalize_text(mention.text)
            if label is None or not name:
                continue
            rows[label].append({"clause_id": clause.clause_id(document.doc_id), "name": name, "props": {
                "start": mention.start, "end": mention.end, "label": mention.label, "text": mention.text,
                "score": float(mention.score), "extractor": extractor.name, "model_version": extractor.version}})
    return [(cypher.create_mentions(label), {"rows": chunk})
            for label, label_rows in rows.items() for chunk in _chunks(label_rows, batch_size)]


def relink_references(store: GraphStore, batch_size: int = BATCH_SIZE) -> int:
    """MERGE a REFERENCES edge for every stored reference whose target is now in the graph."""
    index = DocumentIndex()
    for row in store.read(cypher.LIST_DOCUMENTS):
        index.add(row["id"], row["title"], row["code"], row["aliases"] or [])
    clause_ids = {row["id"] for row in store.read(cypher.LIST_CLAUSE_IDS)}
    to_clauses, to_documents = [], []
    for row in store.read(cypher.LIST_CLAUSE_REFERENCES):
        for reference in json.loads(row["refs"]):
            edge = _reference_edge(row["id"], row["doc_id"], reference, index, clause_ids)
            if edge:
                (to_documents if reference["kind"] == "document" else to_clauses).append(edge)
    statements = [(cypher.merge_references(Label.CLAUSE), {"rows": chunk}) for chunk in _chunks(to_clauses, batch_size)]
    statements += [(cypher.merge_references(Label.DOCUMENT), {"rows": chunk})
                   for chunk in _chunks(to_documents, batch_size)]
    if statements:
        store.write(statements)
    return len(to_clauses) + len(to_documents)


def _reference_edge(source: str, own_doc: str, reference: dict, index: DocumentIndex,
                    clause_ids: set[str]) -> dict | None:
    target_doc = index.find(reference["target_title"]) if reference["target_title"] else own_doc
    if target_doc is None:
        return None
    props = {"text": reference["text"], "kind": reference["kind"], "end": reference["end"]}
    if reference["kind"] == "document":
        return {"source": source, "target": target_doc, "start": reference["start"], "props": props}
    target = f"{target_doc}#{reference['target_clause']}"
    if reference["kind"] not in _CLAUSE_TARGET_KINDS or target not in clause_ids or target == source:
        return None
    return {"source": source, "target": target, "start": reference["start"], "props": props}


def head_noun_parents(names: Iterable[str]) -> dict[str, str]:
    """Each name's parent: the longest other name it ends with (室内消火栓 → 消火栓).

    >>> sorted(head_noun_parents(["消火栓", "室内消火栓", "地下室内消火栓", "灭火器"]).items())
    [('地下室内消火栓', '室内消火栓'), ('室内消火栓', '消火栓')]
    """
    known = set(names)
    parents = {}
    for name in sorted(known):
        for start in range(1, len(name) - 1):
            if name[start:] in known:
                parents[name] = name[start:]
                break
    return parents


def relink_is_a(store: GraphStore, batch_size: int = BATCH_SIZE) -> int:
    """MERGE IS_A edges between entities of the same label from their head nouns."""
    statements: list[Statement] = []
    for label in ENTITY_LABELS.values():
        names = [row["name"] for row in store.read(cypher.list_entity_names(label))]
        rows = [{"child": child, "parent": parent} for child, parent in head_noun_parents(names).items()]
        statements += [(cypher.merge_is_a(label), {"rows": chunk}) for chunk in _chunks(rows, batch_size)]
    if statements:
        store.write(statements)
    return sum(len(parameters["rows"]) for _, parameters in statements)


def remove_document(store: GraphStore, name: str) -> str:
    """Delete a document (by id, title, code or alias), its clauses and edges; keep entities mentioned elsewhere."""
    rows = store.read(cypher.MATCH_DOCUMENT_BY_NAME, {"name": name})
    if not rows:
        raise GraphStoreError(f"No document called {name!r} in {store.describe()}; 'firekg stats --documents' lists them.")
    if len(rows) > 1:
        raise GraphStoreError(f"{name!r} names several documents ({', '.join(r['id'] for r in rows)}); give the id.")
    doc_id = rows[0]["id"]
    statements = [(cypher.DELETE_DOCUMENT_CLAUSES, {"id": doc_id}), (cypher.DELETE_DOCUMENT, {"id": doc_id})]
    statements += [(cypher.delete_orphans(label), {}) for label in ENTITY_LABELS.values()]
    store.write(statements)
    relink_references(store)
    return doc_id


def _chunks(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
