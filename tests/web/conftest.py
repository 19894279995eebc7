"""Web fixtures: a Flask app over a real embedded graph of the demo code and the sample law."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus.loader import parse_paths
from kg.store import StoreSettings, open_store
from kg.store.ingest import ingest_documents
from ner.baseline import GazetteerExtractor
from web import create_app
from web.services import Services
from web.settings import WebSettings

from tests.conftest import REPO

DEMO_CODE = REPO / "corpora" / "standards" / "demo_fire_code.md"
SAMPLE_LAW = REPO / "tests" / "qa" / "data" / "示例消防管理条例.md"
TOKEN = "test-token-123"


def graph_sources() -> list[Path]:
    return [DEMO_CODE, SAMPLE_LAW]


def make_app(store, **settings):
    web_settings = WebSettings(**{"api_token": TOKEN, **settings})
    return create_app(web_settings, services=Services(store, web_settings, GazetteerExtractor()))


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory):
    store = open_store(StoreSettings(home=tmp_path_factory.mktemp("web-graph")))
    ingest_documents(store, parse_paths(graph_sources()).documents, GazetteerExtractor())
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(loaded_store):
    return make_app(loaded_store).test_client()
