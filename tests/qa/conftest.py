"""The tests' sample graph (示例市消防管理条例 and the demo code), built once per test module."""
from __future__ import annotations

import pytest

from kg.store import StoreSettings

from tests.qa.test_engine import build_graph


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = build_graph(StoreSettings(home=tmp_path_factory.mktemp("qa-sample-graph")))
    yield store
    store.close()
