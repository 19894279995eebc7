"""The typed result of every extractor: a Mention of one entity in a text."""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mention:
    """One entity mention; ``start``/``end`` index the original text (end exclusive).

    >>> Mention(0, 3, "EQUIPMENT", "灭火器", extractor="gazetteer").to_dict()
    {'start': 0, 'end': 3, 'label': 'EQUIPMENT', 'text': '灭火器', 'score': 1.0, 'extractor': 'gazetteer'}
    """

    start: int
    end: int
    label: str
    text: str
    score: float = 1.0
    extractor: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready dict (the ``entities`` rows of the JSONL format, plus extras)."""
        return asdict(self)

    @property
    def span(self) -> tuple[int, int, str]:
        """``(start, end, label)``, the shape :func:`ner.labels.spans_to_bio` takes."""
        return self.start, self.end, self.label
