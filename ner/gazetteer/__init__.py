"""The team-written term lists of the baseline: one ``.txt`` file per label.

``equipment.txt`` and ``hazard.txt`` hold EQUIPMENT and HAZARD terms;
``out.txt`` holds phrases that are out of every label per ANNOTATION.md and
only serve to hide the shorter terms inside them.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from kg.errors import ExtractionError
from ner.labels import Label, OUTSIDE
from ner.text import matching_copy

logger = logging.getLogger(__name__)

TERM_FILES: dict[str, str] = {
    "equipment.txt": Label.EQUIPMENT,
    "hazard.txt": Label.HAZARD,
    "out.txt": OUTSIDE,
}


def parse_terms(lines: Iterable[str]) -> list[str]:
    """Terms from the lines of a term file: ``#`` comments and blank lines dropped.

    >>> parse_terms(["# comment", "消防车道  # also 消防车通道", "", " 灭火器 "])
    ['消防车道', '灭火器']
    """
    terms = []
    for line in lines:
        term = line.split("#", 1)[0].strip()
        if term:
            terms.append(term)
    return terms


def read_term_file(path: str | Path) -> list[str]:
    """The terms of one term file; a missing file raises :class:`ExtractionError`."""
    try:
        return parse_terms(Path(path).read_text(encoding="utf-8").splitlines())
    except OSError as error:
        raise ExtractionError(
            f"Can't read gazetteer file {path}: {error}. Check the path, or omit it "
            "to use the term lists shipped in ner/gazetteer/."
        ) from error


def load_gazetteer(directory: str | Path | None = None) -> dict[str, str]:
    """Map every term (in its matching form) to its label; ``O`` marks an out phrase.

    When a term is listed under two labels the later file wins and a warning is
    logged, so a term list can never silently carry two labels.
    """
    folder = Path(directory) if directory else Path(str(resources.files(__package__)))
    gazetteer: dict[str, str] = {}
    for file_name, label in TERM_FILES.items():
        for term in read_term_file(folder / file_name):
            key = matching_copy(term)
            if gazetteer.get(key, label) != label:
                logger.warning("term %r is listed as %s and %s; keeping %s",
                               term, gazetteer[key], label, label)
            gazetteer[key] = label
    return gazetteer
