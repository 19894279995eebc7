"""Shared test fixtures and paths."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_CORPORA = REPO.parent / "shared" / "corpora"
SAMPLES = Path(__file__).resolve().parent / "kg" / "samples"


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    if not SHARED_CORPORA.is_dir():
        pytest.fail(f"{SHARED_CORPORA} is missing: tests read the real texts from ../shared/corpora beside the repo.")
    return SHARED_CORPORA
