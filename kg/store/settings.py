"""Where the graph lives: typed settings read from flags or ``FIREKG_*`` environment variables."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.envsettings import DEFAULT_HOME, settings_from_env


@dataclass(frozen=True)
class StoreSettings:
    """Graph store settings. With no ``uri`` the embedded store under ``home`` is used."""

    uri: str | None = field(default=None, metadata={"env": "FIREKG_NEO4J_URI",
                                                   "help": "Bolt URI of a Neo4j (or ArcadeDB Bolt) server, e.g. bolt://127.0.0.1:7687."})
    user: str = field(default="neo4j", metadata={"env": "FIREKG_NEO4J_USER", "help": "Bolt user name."})
    password: str = field(default="", metadata={"env": "FIREKG_NEO4J_PASSWORD", "help": "Bolt password."}, repr=False)
    database: str = field(default="neo4j", metadata={"env": "FIREKG_NEO4J_DATABASE", "help": "Database name on the server."})
    home: Path = field(default=DEFAULT_HOME, metadata={"env": "FIREKG_HOME",
                                                     "help": "Folder for the embedded graph and cached models."})
    query_timeout_s: float = field(default=30.0, metadata={"env": "FIREKG_QUERY_TIMEOUT",
                                                           "help": "Seconds a single query may run."})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "StoreSettings":
        """Settings from the environment; keyword overrides (CLI flags) win when not None.

        >>> StoreSettings.from_env({"FIREKG_NEO4J_URI": "bolt://127.0.0.1:7687"}).uri
        'bolt://127.0.0.1:7687'
        """
        return settings_from_env(cls, environ, overrides)

    @property
    def embedded_path(self) -> Path:
        return Path(self.home).expanduser() / "graph"

    def describe(self) -> str:
        return self.uri or f"embedded:{self.embedded_path}"
