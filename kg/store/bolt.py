"""A graph on a Bolt server — Neo4j, or ArcadeDB's Bolt server — through the official ``neo4j`` driver."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from kg.errors import GraphStoreError, GraphStoreUnavailable
from kg.store.base import GraphStore, Statement
from kg.store.settings import StoreSettings

logger = logging.getLogger(__name__)


def _import_neo4j():
    try:
        import neo4j
    except ImportError as error:
        raise GraphStoreUnavailable("The Neo4j store needs the driver: pip install neo4j") from error
    return neo4j


def _unavailable(settings: StoreSettings, error: Exception) -> GraphStoreUnavailable:
    neo4j = _import_neo4j()
    where = f"{settings.uri} (database {settings.database!r}, user {settings.user!r})"
    if isinstance(error, neo4j.exceptions.AuthError):
        hint = "the user name and password were refused: check FIREKG_NEO4J_USER and FIREKG_NEO4J_PASSWORD."
    elif isinstance(error, neo4j.exceptions.ClientError) and "database" in str(error).lower():
        hint = "the database does not exist: check FIREKG_NEO4J_DATABASE (Neo4j Community has only 'neo4j')."
    elif isinstance(error, (neo4j.exceptions.ServiceUnavailable, OSError)):
        hint = ("nothing answers there: check that the server is running and that FIREKG_NEO4J_URI "
                "has the right host and Bolt port (bolt://host:7687, neo4j+s://… for Aura).")
    else:
        hint = f"the server refused the connection ({type(error).__name__}); check the server log."
    return GraphStoreUnavailable(f"Cannot use the graph at {where}: {hint} Details: {error}")


class BoltStore(GraphStore):
    """Reads in read transactions, writes in one write transaction with the driver's retries."""

    name = "bolt"

    def __init__(self, settings: StoreSettings) -> None:
        neo4j = _import_neo4j()
        self.settings = settings
        self._timeout = settings.query_timeout_s
        try:
            self._driver = neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                                      connection_timeout=10, max_transaction_retry_time=15)
            self._driver.verify_connectivity()
            with self._driver.session(database=settings.database) as session:
                session.run("RETURN 1 AS ok").consume()
        except Exception as error:
            self._close_driver()
            if isinstance(error, (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError)):
                raise _unavailable(settings, error) from error
            raise
        agent = self._driver.get_server_info().agent or ""
        self.name = "arcadedb-bolt" if "arcade" in agent.lower() else "neo4j"

    def read(self, query: str, parameters: dict | None = None) -> list[dict]:
        def run(tx):
            return [record.data() for record in tx.run(query, parameters or {})]

        return self._session_call("execute_read", run)

    def write(self, statements: Sequence[Statement]) -> None:
        def run(tx):
            for query, parameters in statements:
                tx.run(query, parameters or {}).consume()

        self._session_call("execute_write", run)

    def explain(self, query: str, parameters: dict | None = None) -> str:
        def run(tx):
            summary = tx.run(f"EXPLAIN {query}", parameters or {}).consume()
            return str(summary.plan or "")

        return self._session_call("execute_read", run)

    def _session_call(self, method: str, work):
        """Run ``work`` in a managed transaction: retried on transient errors, bounded by the query timeout."""
        neo4j = _import_neo4j()
        work = neo4j.unit_of_work(timeout=self._timeout)(work)
        try:
            with self._driver.session(database=self.settings.database) as session:
                return getattr(session, method)(work)
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError) as error:
            raise _unavailable(self.settings, error) from error
        except neo4j.exceptions.Neo4jError as error:
            raise GraphStoreError(f"Query failed on {self.describe()}: {error.code}: {error.message}") from error

    def _close_driver(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()
            self._driver = None

    def close(self) -> None:
        self._close_driver()

    def describe(self) -> str:
        return f"{self.settings.uri} (database {self.settings.database})"
