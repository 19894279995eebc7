"""Where the graph lives: typed settings read from flags or ``FIREKG_*`` environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from kg.errors import ConfigurationError

DEFAULT_HOME = Path.home() / ".local" / "share" / "firekg"


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
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "StoreSettings":
        """Settings from the environment; keyword overrides (CLI flags) win when not None.

        >>> StoreSettings.from_env({"FIREKG_NEO4J_URI": "bolt://127.0.0.1:7687"}).uri
        'bolt://127.0.0.1:7687'
        """
        environ = os.environ if environ is None else environ
        values = {}
        for spec in fields(cls):
            raw = overrides.get(spec.name)
            if raw is None:
                raw = environ.get(spec.metadata["env"]) or None
            if raw is not None:
                values[spec.name] = _coerce(spec.name, raw, spec.metadata["env"])
        return cls(**values)

    @property
    def embedded_path(self) -> Path:
        return Path(self.home).expanduser() / "graph"

    def describe(self) -> str:
        return self.uri or f"embedded:{self.embedded_path}"


def _coerce(name: str, raw, env: str):
    if name == "home":
        return Path(raw).expanduser()
    if name == "query_timeout_s":
        try:
            return float(raw)
        except (TypeError, ValueError) as error:
            raise ConfigurationError(f"{env}={raw!r} is not a number of seconds; set it to e.g. 30.") from error
    return raw
