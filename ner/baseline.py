"""The dictionary + rules baseline: gazetteer longest match plus CLAUSE rules.

It is fast, needs no model, produces weak labels for training, and is the
baseline a fine-tuned model must beat. Matching runs on a length-preserving
copy of the text (:func:`ner.text.matching_copy`), so every offset points into
the original string.
"""
from __future__ import annotations

import hashlib

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from hanlp_trie import Trie

from ner.clause_rules import find_clause_spans
from ner.coordination import merge_coordination
from ner.gazetteer import load_gazetteer
from ner.labels import OUTSIDE, Label
from ner.mention import Mention
from ner.text import matching_copy

logger = logging.getLogger(__name__)

Span = tuple[int, int, str]


def gazetteer_fingerprint(terms: Mapping[str, str]) -> str:
    """A short, stable hash of the term lists: it changes when any term or label changes.

    >>> gazetteer_fingerprint({"火灾": "HAZARD"}) == gazetteer_fingerprint({"火灾": "HAZARD"})
    True
    """
    listing = "\n".join(f"{term}\t{label}" for term, label in sorted(terms.items()))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()[:12]


class GazetteerExtractor:
    """Tag EQUIPMENT and HAZARD from term lists and CLAUSE from rules.

    ``gazetteer`` maps a term to its label (``O`` for an out phrase); by default
    the lists shipped in ``ner/gazetteer/`` are loaded.

    >>> extractor = GazetteerExtractor({"消防设施": "EQUIPMENT", "消防器材": "EQUIPMENT", "火灾": "HAZARD"})
    >>> [(m.text, m.label) for m in extractor.extract_one("第五条 保护消防设施、器材，预防火灾，见本法第六十条。")]
    [('消防设施、器材', 'EQUIPMENT'), ('火灾', 'HAZARD'), ('本法第六十条', 'CLAUSE')]
    """

    name = "gazetteer"

    def __init__(self, gazetteer: Mapping[str, str] | None = None) -> None:
        terms = load_gazetteer() if gazetteer is None else gazetteer
        self.terms = {matching_copy(term): label for term, label in terms.items()}
        self.trie = Trie(self.terms)
        self.version = gazetteer_fingerprint(self.terms)

    @classmethod
    def from_directory(cls, directory: str | Path) -> GazetteerExtractor:
        """An extractor over the term files (equipment.txt, hazard.txt, out.txt) in ``directory``."""
        return cls(load_gazetteer(directory))

    def knows(self, name: str, label: str) -> bool:
        """Whether ``name`` is listed under ``label`` (the test for an *unseen* name).

        >>> GazetteerExtractor({"消火栓": "EQUIPMENT"}).knows("消火栓", "EQUIPMENT")
        True
        """
        return self.terms.get(matching_copy(name)) == label

    def extract(self, texts: Iterable[str]) -> list[list[Mention]]:
        """Mentions for each text, in text order."""
        return [self.extract_one(text) for text in texts]

    def extract_one(self, text: str) -> list[Mention]:
        """Non-overlapping mentions in ``text``, sorted by start offset."""
        copy = matching_copy(text)
        matches = resolve_longest(self.trie.parse(copy), len(copy))
        matches = merge_coordination(copy, matches, self.terms)
        clauses = [(start, end, Label.CLAUSE) for start, end, _ in find_clause_spans(copy)]
        spans = resolve_longest(matches + clauses, len(copy))
        return [self._mention(text, span) for span in spans if span[2] != OUTSIDE]

    def _mention(self, text: str, span: Span) -> Mention:
        start, end, label = span
        return Mention(start, end, str(label), text[start:end], extractor=self.name)


def resolve_longest(spans: Iterable[Span], text_len: int) -> list[Span]:
    """Keep the longest spans so that none overlap (leftmost first on ties), sorted by start.

    >>> resolve_longest([(0, 2, "A"), (1, 5, "B"), (5, 6, "C"), (4, 6, "D")], 6)
    [(1, 5, 'B'), (5, 6, 'C')]
    """
    taken = bytearray(text_len)
    kept = []
    for start, end, label in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, label))
    return sorted(kept)
