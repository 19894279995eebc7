"""Write throughput, batched vs row-by-row, on each graph backend, in one run.

    python bench/ingest.py [--docs 6] [--backends embedded,arcadedb,neo4j]

Units are clauses + mentions written per second. "batched" is what `firekg ingest`
does (UNWIND … in chunks of 500, one transaction per document); "row-by-row" sends the
same statements one row per transaction. Servers come from FIREKG_TEST_<NAME>_URI/
_USER/_PASSWORD/_DATABASE when set, else are started (and stopped) with scripts/servers.py.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.corpus.loader import parse_paths  # noqa: E402
from kg.schema import ENTITY_LABELS  # noqa: E402
from kg.store import StoreSettings, open_store  # noqa: E402
from kg.store.ingest import document_statements  # noqa: E402
from ner.baseline import GazetteerExtractor  # noqa: E402
from tests.servers import bolt_settings, start_bolt_server, stop_bolt_server  # noqa: E402


def server_settings(name: str, run_dir: Path, started: list[str]) -> StoreSettings:
    settings = bolt_settings(name)
    if settings is None:
        settings = start_bolt_server(name, run_dir)
        started.append(name)
    return settings


def run_mode(store, documents, extractor, row_by_row: bool) -> float:
    store.write([("MATCH (n) DETACH DELETE n", {})])
    start = time.perf_counter()
    for document in documents:
        statements = document_statements(document, extractor, batch_size=1 if row_by_row else 500)
        if row_by_row:
            for statement in statements:
                store.write([statement])
        else:
            store.write(statements)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=6, help="how many documents of ../shared/corpora to write")
    parser.add_argument("--backends", default="embedded,arcadedb,neo4j")
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    args = parser.parse_args()
    documents = parse_paths([args.corpora / "laws", args.corpora / "regulations"]).documents[:args.docs]
    extractor = GazetteerExtractor()
    mentions = sum(1 for document in documents
                   for found in extractor.extract([clause.text for clause in document.clauses])
                   for mention in found if mention.label in ENTITY_LABELS)
    units = sum(len(document.clauses) for document in documents) + mentions
    print(f"{len(documents)} documents, {units} units (clauses + EQUIPMENT/HAZARD mentions)")
    started: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        run_dir = Path(scratch)
        try:
            for backend in args.backends.split(","):
                settings = (StoreSettings(home=run_dir / "embedded") if backend == "embedded"
                            else server_settings(backend, run_dir, started))
                with open_store(settings) as store:
                    run_mode(store, documents, extractor, row_by_row=False)  # warm-up, not counted
                    batched = run_mode(store, documents, extractor, row_by_row=False)
                    rowwise = run_mode(store, documents, extractor, row_by_row=True)
                print(f"{backend:<9} batched {units / batched:9,.0f} units/s   row-by-row {units / rowwise:9,.0f} "
                      f"units/s   batched/row-by-row = {rowwise / batched:5.1f}x")
        finally:
            for name in started:
                stop_bolt_server(name, run_dir)


if __name__ == "__main__":
    main()
