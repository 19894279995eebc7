"""A real kill -9 in the middle of `firekg ingest` leaves the graph consistent, and a rerun completes it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from kg.store import StoreSettings, open_store
from kg.store.stats import graph_stats

CONSISTENCY = (
    "MATCH (d:Document) OPTIONAL MATCH (d)-[:HAS_CLAUSE]->(c:Clause) "
    "WITH d, count(c) AS clauses WHERE clauses <> d.clause_count RETURN d.id AS id"
)
STRAY_CLAUSES = "MATCH (c:Clause) WHERE NOT ()-[:HAS_CLAUSE]->(c) RETURN count(c) AS n"


def _environment(settings: StoreSettings) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("FIREKG_")}
    environment["FIREKG_QA_SEMANTIC"] = "off"      # the store is under test, not QA's clause embeddings
    if settings.uri:
        environment.update(FIREKG_NEO4J_URI=settings.uri, FIREKG_NEO4J_USER=settings.user,
                           FIREKG_NEO4J_PASSWORD=settings.password, FIREKG_NEO4J_DATABASE=settings.database)
    else:
        environment["FIREKG_HOME"] = str(settings.home)
    return environment


def _ingest_command(shared_corpora) -> list[str]:
    return [sys.executable, "-m", "firekg.cli", "-v", "ingest",
            str(shared_corpora / "laws"), str(shared_corpora / "regulations")]


def test_killed_ingest_leaves_a_consistent_graph_and_a_rerun_completes_it(backend_settings, shared_corpora):
    with open_store(backend_settings) as store:
        if backend_settings.uri:
            store.write([("MATCH (n) DETACH DELETE n", {})])
    environment = _environment(backend_settings)
    process = subprocess.Popen(_ingest_command(shared_corpora), env=environment, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:
            if "wrote " in line:
                break
        else:
            pytest.fail(f"ingest ended before writing anything (exit {process.wait()})")
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL

    with open_store(backend_settings) as store:
        assert store.read(CONSISTENCY) == []
        assert store.read(STRAY_CLAUSES) == [{"n": 0}]
        partial = graph_stats(store).labels["Document"]
    assert partial >= 1

    subprocess.run(_ingest_command(shared_corpora), env=environment, check=True, capture_output=True)
    with open_store(backend_settings) as store:
        completed = graph_stats(store)
        assert store.read(CONSISTENCY) == []
    assert completed.labels["Document"] == 10 and completed.labels["Clause"] == 74 + 119 + 23 + 102 + 55 + 71 + 48 + 46 + 35 + 51
