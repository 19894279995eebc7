"""``firekg serve``: the web app under waitress, with the demo graph on a first run."""
from __future__ import annotations

import logging
import signal
import sys

import click

from kg.errors import ConfigurationError
from kg.schema import Label
from kg.store import cypher, open_store
from kg.store.ingest import ingest_documents
from firekg.options import store_settings, store_options

logger = logging.getLogger(__name__)


def _load_demo_if_empty(store) -> None:
    """A first run shows something: the demo code goes in when the graph has no document."""
    from firekg.cli import DEMO_CODE
    from kg.corpus.loader import parse_paths
    from ner.baseline import GazetteerExtractor

    if store.read(cypher.count_label(Label.DOCUMENT))[0]["count"] or not DEMO_CODE.exists():
        return
    click.echo(f"The graph is empty: loading the demo code {DEMO_CODE.name} (firekg ingest PATH loads your own).",
               err=True)
    ingest_documents(store, parse_paths([DEMO_CODE]).documents, GazetteerExtractor())


def _stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so the store is closed (the embedded graph flushed) before exit.

    The embedded store starts its JVM with -Xrs, which leaves these signals to Python.
    """
    def handler(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, handler)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.option("--llm", type=click.Choice(["none", "server", "local"]), default=None,
              help="Summariser for /api/ask (default: server if FIREKG_LLM_BASE_URL is set, else none).")
@click.option("--demo/--no-demo", default=True, show_default=True,
              help="Load the demo code when the graph has no document.")
@store_options
def serve(host: str, port: int, threads: int, llm: str | None, demo: bool, **options) -> None:
    """Serve the analyst UI and the JSON API (waitress) until Ctrl-C."""
    from waitress import create_server

    from web import create_app
    from web.services import Services, default_extractor
    from web.settings import WebSettings

    settings = WebSettings.from_env(llm=llm)
    store = open_store(store_settings(options))
    try:
        if demo:
            _load_demo_if_empty(store)
        services = Services(store, settings, default_extractor(settings))
        services.engine  # built now, so the first question is not the slow one
        app = create_app(settings, services=services)
        server = create_server(app, host=host, port=port, threads=threads, ident="firekg")
    except OSError as error:
        store.close()
        raise ConfigurationError(f"Cannot listen on {host}:{port}: {error}. Choose another --port.") from error
    except BaseException:
        store.close()
        raise
    _stop_on_sigterm()
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    click.echo(f"FireKG is serving {store.describe()} at http://{shown_host}:{server.effective_port}/ "
               f"(API: /api/openapi.json). Ctrl-C stops it.", err=False)
    sys.stdout.flush()
    try:
        server.run()  # returns on Ctrl-C or SIGTERM
    finally:
        server.close()
        services.close()
    click.echo("stopped; the graph is closed.", err=True)
