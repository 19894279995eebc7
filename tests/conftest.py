"""Shared test fixtures and paths.

Graph store fixtures: the same tests run on the embedded store, ArcadeDB's Bolt server and real Neo4j.

`.ci/run` starts both servers and exports FIREKG_TEST_NEO4J_URI / FIREKG_TEST_ARCADEDB_URI
(with _USER, _PASSWORD, _DATABASE). Run locally without them, this file starts the servers
itself through scripts/servers.py and stops them at the end of the session. Set
FIREKG_LIVE=0 to skip the two server tiers deliberately.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.store import StoreSettings, open_store

from tests.servers import bolt_settings, start_bolt_server, stop_bolt_server

REPO = Path(__file__).resolve().parent.parent
SHARED_CORPORA = REPO.parent / "shared" / "corpora"
SAMPLES = Path(__file__).resolve().parent / "kg" / "samples"


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    if not SHARED_CORPORA.is_dir():
        pytest.fail(f"{SHARED_CORPORA} is missing: tests read the real texts from ../shared/corpora beside the repo.")
    return SHARED_CORPORA


BACKENDS = ["embedded", "arcadedb", "neo4j"]


@pytest.fixture(scope="session")
def server_settings(tmp_path_factory):
    """Settings of each live server, started here when .ci/run has not started them."""
    started: list[tuple[str, Path]] = []
    cache: dict[str, StoreSettings] = {}

    def get(name: str) -> StoreSettings:
        if name not in cache:
            settings = bolt_settings(name)
            if settings is None:
                if os.environ.get("FIREKG_LIVE") == "0":
                    pytest.skip(f"FIREKG_LIVE=0: the {name} tier is skipped on purpose")
                run_dir = tmp_path_factory.mktemp(f"{name}-server")
                settings = start_bolt_server(name, run_dir)
                started.append((name, run_dir))
            cache[name] = settings
        return cache[name]

    yield get
    for name, run_dir in started:
        stop_bolt_server(name, run_dir)


@pytest.fixture(params=BACKENDS)
def backend_settings(request, tmp_path, server_settings) -> StoreSettings:
    if request.param == "embedded":
        return StoreSettings(home=tmp_path / "home")
    return server_settings(request.param)


@pytest.fixture
def store(backend_settings):
    """An empty graph on each backend (a live server's test database is wiped first)."""
    graph = open_store(backend_settings)
    if backend_settings.uri:
        graph.write([("MATCH (n) DETACH DELETE n", {})])
    yield graph
    graph.close()
