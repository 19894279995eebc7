"""Viterbi decoding over many texts at once gives each text its own best BIO-valid path."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from ner.decode import bio_transitions, constrained_tags_batch

TAGS = ["O", "B-EQUIPMENT", "I-EQUIPMENT", "B-HAZARD", "I-HAZARD"]


def best_path_by_search(probabilities: np.ndarray, allowed: np.ndarray, first: np.ndarray) -> tuple:
    """The highest-scoring valid path, by trying them all (short texts only)."""
    log = np.log(np.clip(probabilities, 1e-9, None))
    valid = (path for path in itertools.product(range(len(first)), repeat=len(probabilities))
             if first[path[0]] and all(allowed[a, b] for a, b in zip(path, path[1:])))
    return max(valid, key=lambda path: sum(log[i, tag] for i, tag in enumerate(path)))


@pytest.mark.parametrize("cells", [1 << 20, 7])   # one group, and groups of a few texts
def test_batched_viterbi_finds_each_texts_best_valid_path(cells):
    allowed, first = bio_transitions(TAGS)
    rng = np.random.default_rng(3)
    texts = [rng.dirichlet(np.ones(len(TAGS)) * 0.3, size=length) for length in [5, 1, 0, 4, 6, 2, 5, 3]]
    paths = constrained_tags_batch(texts, allowed, first, cells=cells)
    for probabilities, path in zip(texts, paths):
        assert len(path) == len(probabilities)
        if len(probabilities):
            assert tuple(path.tolist()) == best_path_by_search(probabilities, allowed, first)
