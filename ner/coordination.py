"""Coordination inside one noun phrase (ANNOTATION.md, "Decisions on hard cases").

``消防设施、器材``, ``乙级防火门、窗``, ``甲、乙、丙类液体``, ``可燃、助燃气体`` and
``避难层（间）`` are one span. A conjunct is merged when, put in place of the
tail (or head) of a matched term, it spells another term of the same label:
``消防`` + ``器材`` = 消防器材, ``可燃`` + ``气体`` = 可燃气体. A conjunct that is
itself a matched term (``火灾、爆炸``, ``防火门、防火窗``) stays a separate span.
All text given here is a matching copy (see :mod:`ner.text`).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from ner.labels import OUTSIDE

logger = logging.getLogger(__name__)

Span = tuple[int, int, str]

MAX_CONJUNCT = 4
_WORD = re.compile(r"[\u4e00-\u9fff]+")
_BRACKETED = re.compile(r"\(([\u4e00-\u9fff]{1,4})\)")


def merge_coordination(copy: str, spans: list[Span], terms: Mapping[str, str]) -> list[Span]:
    """Grow each matched span over coordinated truncated conjuncts and bracketed variants.

    ``spans`` are non-overlapping ``(start, end, label)`` matches sorted by start.

    >>> terms = {"消防设施": "EQUIPMENT", "消防器材": "EQUIPMENT"}
    >>> merge_coordination("保护消防设施、器材。", [(2, 6, "EQUIPMENT")], terms)
    [(2, 9, 'EQUIPMENT')]
    >>> terms = {"甲类液体": "HAZARD", "乙类液体": "HAZARD", "丙类液体": "HAZARD"}
    >>> merge_coordination("甲、乙、丙类液体储罐", [(4, 8, "HAZARD")], terms)
    [(0, 8, 'HAZARD')]
    """
    starts = {start for start, _, _ in spans}
    ends = {end for _, end, _ in spans}
    merged = []
    for start, end, label in spans:
        term = copy[start:end]
        if label != OUTSIDE:
            end = _grow_right(copy, term, end, label, terms, starts)
            start = _grow_left(copy, term, start, label, terms, ends)
        merged.append((start, end, label))
    return merged


def _grow_right(copy, term, end, label, terms, starts) -> int:
    while True:
        grown = _tail_conjunct(copy, term, end, label, terms, starts) or \
            _bracket_variant(copy, term, end, label, terms)
        if not grown:
            return end
        end = grown


def _tail_conjunct(copy, term, end, label, terms, starts) -> int | None:
    """End of ``、Y`` after ``end`` when Y replaces a tail of ``term`` (器材 in 消防设施、器材)."""
    if copy[end:end + 1] != "、":
        return None
    word = _WORD.match(copy, end + 1)
    if not word:
        return None
    if end + 1 in starts:
        return None
    for size in range(min(MAX_CONJUNCT, len(word.group())), 0, -1):
        if any(end + 1 + offset in starts for offset in range(1, size)):
            continue
        if _replaces_tail(term, copy[end + 1:end + 1 + size], label, terms):
            return end + 1 + size
    return None


def _bracket_variant(copy, term, end, label, terms) -> int | None:
    """End of ``(Y)`` after ``end`` when Y replaces a tail of ``term`` (避难层（间）)."""
    match = _BRACKETED.match(copy, end)
    if match and _replaces_tail(term, match.group(1), label, terms):
        return match.end()
    return None


def _grow_left(copy, term, start, label, terms, ends) -> int:
    """Move ``start`` over ``W、`` conjuncts that replace a head of ``term`` (甲、乙、丙类液体)."""
    while start >= 2 and copy[start - 1] == "、":
        left = start - 1
        found = None
        for size in range(min(MAX_CONJUNCT, left), 0, -1):
            conjunct = copy[left - size:left]
            if not _WORD.fullmatch(conjunct) or any(left - offset in ends for offset in range(size)):
                continue
            if any(terms.get(conjunct + term[cut:]) == label for cut in range(1, len(term))):
                found = left - size
                break
        if found is None:
            return start
        start = found
    return start


def _replaces_tail(term: str, conjunct: str, label: str, terms: Mapping[str, str]) -> bool:
    return any(terms.get(term[:cut] + conjunct) == label for cut in range(1, len(term)))
