"""The GraphStore interface: run read and write Cypher, whatever engine is behind it."""
from __future__ import annotations

import abc
import logging
from collections.abc import Sequence

from kg.store import cypher

logger = logging.getLogger(__name__)

Statement = tuple[str, dict]


class GraphStore(abc.ABC):
    """A Cypher graph. Implementations: :class:`~kg.store.embedded.EmbeddedStore`,
    :class:`~kg.store.bolt.BoltStore` (Neo4j or ArcadeDB's Bolt server)."""

    name: str = "graph"
    supports_explain: bool = True

    @abc.abstractmethod
    def read(self, query: str, parameters: dict | None = None) -> list[dict]:
        """Run one query in a read-only transaction and return its rows as dicts."""

    @abc.abstractmethod
    def write(self, statements: Sequence[Statement]) -> None:
        """Run statements in ONE write transaction: all of them take effect, or none."""

    @abc.abstractmethod
    def explain(self, query: str, parameters: dict | None = None) -> str:
        """The engine's plan for a query, without running it; raises on a query it cannot parse."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection or the embedded database."""

    @abc.abstractmethod
    def describe(self) -> str:
        """Where this store lives (URI or folder), for messages."""

    def ensure_schema(self) -> None:
        """Create uniqueness constraints and indexes; safe to call every time."""
        for statement in cypher.constraint_statements():
            self.write([(statement, {})])

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
