"""The embedded default: ArcadeDB in-process (PyPI ``arcadedb-embedded``), running the same Cypher."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from kg.errors import GraphStoreError, GraphStoreUnavailable
from kg.store.base import GraphStore, Statement

logger = logging.getLogger(__name__)
LANGUAGE = "opencypher"


_JAVA_SEVERE, _JAVA_WARNING = 1000, 900
_logs_routed = False


def _import_arcadedb():
    try:
        import arcadedb_embedded
    except ImportError as error:
        raise GraphStoreUnavailable(
            "The embedded graph store needs the package arcadedb-embedded: "
            "pip install arcadedb-embedded==26.10.2.post1 (or set FIREKG_NEO4J_URI to use a Neo4j server)."
        ) from error
    _route_engine_logs(arcadedb_embedded)
    return arcadedb_embedded


def _route_engine_logs(arcadedb_embedded) -> None:
    """Send the engine's own log lines to Python logging instead of raw stderr.

    The engine's SEVERE lines become errors, its WARNING lines info (they are
    mostly start-up notes), anything lower debug.
    """
    global _logs_routed
    if _logs_routed:
        return
    import jpype
    properties = Path(__file__).with_name("arcadedb-logging.properties")
    if not jpype.isJVMStarted():
        arcadedb_embedded.jvm.start_jvm(jvm_args=[f"-Djava.util.logging.config.file={properties}", "-Xrs"])
    engine_logger = logging.getLogger("arcadedb")

    def python_level(level) -> int:
        value = level.intValue()
        return logging.ERROR if value >= _JAVA_SEVERE else logging.INFO if value >= _JAVA_WARNING else logging.DEBUG

    @jpype.JImplements("com.arcadedb.log.Logger")
    class _EngineLogger:
        @jpype.JOverride
        def isLoggable(self, requester, level):
            return engine_logger.isEnabledFor(python_level(level))

        @jpype.JOverride
        def log(self, requester, level, message, exception, context, *args):
            if message is not None and engine_logger.isEnabledFor(python_level(level)):
                engine_logger.log(python_level(level), "%s", str(message))

        @jpype.JOverride
        def flush(self):
            return None

    jpype.JClass("com.arcadedb.log.LogManager").instance().setLogger(_EngineLogger())
    _logs_routed = True


class EmbeddedStore(GraphStore):
    """A graph in a folder, opened in this process. One process at a time may hold it.

    Every statement is bounded by ``query_timeout_s`` (the engine's command timeout, checked
    inside its scan and expansion loops), and reads go through the engine's query path, which
    refuses any statement that would write.
    """

    name = "embedded"

    def __init__(self, path: Path, query_timeout_s: float = 30.0) -> None:
        arcadedb = _import_arcadedb()
        self.path = Path(path)
        self.query_timeout_s = query_timeout_s
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if arcadedb.database_exists(str(self.path)):
                self._database = arcadedb.open_database(str(self.path))
            else:
                self._database = arcadedb.create_database(str(self.path))
        except Exception as error:
            raise GraphStoreUnavailable(
                f"Cannot open the embedded graph at {self.path}: {error}. Check that no other FireKG process "
                f"(a running 'firekg serve'?) holds it, and that the folder is writable; "
                f"FIREKG_HOME moves it.") from error
        self._set_timeout(query_timeout_s)

    def _set_timeout(self, seconds: float) -> None:
        import jpype
        timeout = jpype.JClass("com.arcadedb.GlobalConfiguration").COMMAND_TIMEOUT
        self._database.get_java_database().getConfiguration().setValue(timeout, int(seconds * 1000))

    def read(self, query: str, parameters: dict | None = None) -> list[dict]:
        try:
            return [row.to_dict() for row in self._database.query(LANGUAGE, query, parameters or {})]
        except Exception as error:
            raise GraphStoreError(f"Read query failed on {self.describe()}: {self._explain(error)}") from error

    def write(self, statements: Sequence[Statement]) -> None:
        try:
            with self._database.transaction():
                for query, parameters in statements:
                    self._database.command(LANGUAGE, query, parameters or {})
        except Exception as error:
            raise GraphStoreError(f"Write failed on {self.describe()} (rolled back): {self._explain(error)}") from error

    def _explain(self, error: Exception) -> str:
        if "TimeoutException" in str(error):
            return (f"the statement ran longer than {self.query_timeout_s:g} s and was stopped; "
                    f"set FIREKG_QUERY_TIMEOUT higher if it is expected to take longer")
        return str(error)

    def explain(self, query: str, parameters: dict | None = None) -> str:
        rows = self.read(f"EXPLAIN {query}", parameters)
        return str(rows[0].get("executionPlanAsString", "")) if rows else ""

    def close(self) -> None:
        if getattr(self, "_database", None) is not None and self._database.is_open():
            self._database.close()

    def describe(self) -> str:
        return f"embedded:{self.path}"
