"""Graph storage: one Cypher path over Neo4j, ArcadeDB's Bolt server or the embedded ArcadeDB default."""
from __future__ import annotations

from kg.store.base import GraphStore
from kg.store.settings import StoreSettings


def open_store(settings: StoreSettings, ensure_schema: bool = True) -> GraphStore:
    """The configured store: a Bolt server when ``settings.uri`` is set, else the embedded graph.

    Raises GraphStoreUnavailable, naming the URI or folder and what to check, before any write.
    """
    if settings.uri:
        from kg.store.bolt import BoltStore
        store: GraphStore = BoltStore(settings)
    else:
        from kg.store.embedded import EmbeddedStore
        store = EmbeddedStore(settings.embedded_path, settings.query_timeout_s)
    if ensure_schema:
        try:
            store.ensure_schema()
        except Exception:
            store.close()
            raise
    return store


__all__ = ["GraphStore", "StoreSettings", "open_store"]
