"""What the web app holds for its lifetime: the store, the extractor and the QA engine.

Built once by :func:`web.create_app` and kept in ``app.extensions["firekg"]``; closed
by :meth:`Services.close` when the server stops. Reads run concurrently; writes
(uploads) take the write lock, and the QA engine, which caches the graph's names and
clause texts, is rebuilt after each write.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from kg.corpus.loader import BatchResult, parse_paths
from kg.corpus.model import DocumentKind
from kg.store import cypher as store_cypher
from kg.store.base import GraphStore
from kg.store.ingest import IngestReport, ingest_documents
from qa.build import build_engine
from web.settings import WebSettings

logger = logging.getLogger(__name__)


class Services:
    """The collaborators of every request."""

    def __init__(self, store: GraphStore, settings: WebSettings, extractor=None) -> None:
        self.store = store
        self.settings = settings
        self.extractor = extractor
        self._engine = None
        self._engine_lock = threading.Lock()
        self.write_lock = threading.Lock()
        # An in-process LLM is not thread-safe; answers that use one are serialised.
        self.ask_lock = threading.Lock() if settings.llm == "local" else None

    @property
    def engine(self):
        """The QA engine, built on first use (it reads every clause once)."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = build_engine(self.store, self.settings.llm or None, extractor=self.extractor)
            return self._engine

    def ask(self, question: str, doc_ids: Sequence[str] | None):
        engine = self.engine
        if self.ask_lock is None:
            return engine.ask(question, doc_ids)
        with self.ask_lock:
            return engine.ask(question, doc_ids)

    def summarizer_name(self) -> str:
        """The engine's summariser once built, else the configured choice (without loading a model)."""
        if self._engine is not None:
            return self._engine.summarizer.name
        from qa.build import chosen_summarizer
        choice = chosen_summarizer(self.settings.llm or None)
        return "extractive" if choice == "none" else f"llm:{choice}"

    def document_ids(self) -> set[str]:
        return {row["id"] for row in self.store.read(store_cypher.LIST_DOCUMENTS)}

    def ingest(self, paths: Sequence[Path], kind: DocumentKind | None = None) -> tuple[BatchResult, IngestReport]:
        """Parse and write uploaded files; bad files are reported, the others still go in."""
        parsed = parse_paths(list(paths), kind=kind)
        with self.write_lock:
            report = ingest_documents(self.store, parsed.documents, self.extractor)
            with self._engine_lock:
                self._engine = None
        return parsed, report

    def close(self) -> None:
        """Release the store (and with it the embedded database's lock)."""
        logger.info("closing %s", self.store.describe())
        self.store.close()


def default_extractor(settings: WebSettings):
    from ner.choice import make_extractor
    return make_extractor(settings.extractor)
