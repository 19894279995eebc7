"""The entity labels of FireKG and the BIO tags built from them.

This module is the single source of truth for the label set (see
ANNOTATION.md). A trained model stores ``id2label``/``label2id`` built from
:func:`bio_tags` in its own config, so no second tag list can drift.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from enum import StrEnum

logger = logging.getLogger(__name__)

OUTSIDE = "O"

Span = tuple[int, int, str]


class Label(StrEnum):
    EQUIPMENT = "EQUIPMENT"
    HAZARD = "HAZARD"
    CLAUSE = "CLAUSE"


LABELS: tuple[str, ...] = tuple(label.value for label in Label)


def bio_tags() -> list[str]:
    """All BIO tags, ``O`` first, in a stable order (index = tag id).

    >>> bio_tags()
    ['O', 'B-EQUIPMENT', 'I-EQUIPMENT', 'B-HAZARD', 'I-HAZARD', 'B-CLAUSE', 'I-CLAUSE']
    >>> dict(enumerate(bio_tags()))[5]
    'B-CLAUSE'
    """
    tags = [OUTSIDE]
    for label in LABELS:
        tags += [f"B-{label}", f"I-{label}"]
    return tags


def spans_to_bio(text_len: int, spans: Iterable[Span]) -> list[str]:
    """One BIO tag per character for non-overlapping ``(start, end, label)`` spans.

    >>> spans_to_bio(6, [(0, 3, "EQUIPMENT"), (4, 6, "HAZARD")])
    ['B-EQUIPMENT', 'I-EQUIPMENT', 'I-EQUIPMENT', 'O', 'B-HAZARD', 'I-HAZARD']
    >>> spans_to_bio(2, [])
    ['O', 'O']
    """
    tags = [OUTSIDE] * text_len
    for start, end, label in sorted(spans):
        if not 0 <= start < end <= text_len:
            raise ValueError(f"span ({start}, {end}) does not fit a text of length {text_len}")
        if any(tag != OUTSIDE for tag in tags[start:end]):
            raise ValueError(f"span ({start}, {end}, {label}) overlaps another span; "
                             "entities never overlap (ANNOTATION.md), resolve them first")
        tags[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
    return tags


def bio_to_spans(tags: Sequence[str]) -> list[Span]:
    """``(start, end, label)`` spans from BIO tags; a stray ``I-`` opens a new span.

    >>> bio_to_spans(['B-EQUIPMENT', 'I-EQUIPMENT', 'O', 'I-HAZARD', 'B-CLAUSE', 'B-CLAUSE'])
    [(0, 2, 'EQUIPMENT'), (3, 4, 'HAZARD'), (4, 5, 'CLAUSE'), (5, 6, 'CLAUSE')]
    """
    spans: list[Span] = []
    start, label = None, None
    for index, tag in enumerate([*tags, OUTSIDE]):
        prefix, _, tag_label = tag.partition("-")
        continues = prefix == "I" and tag_label == label
        if label is not None and not continues:
            spans.append((start, index, label))
            start, label = None, None
        if prefix in ("B", "I") and not continues:
            start, label = index, tag_label
    return spans
