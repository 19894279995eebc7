"""NER data units: sentences of clauses, and the JSON Lines files that annotate them.

A unit is one sentence of one clause, with a stable id ``DOC#CLAUSE:N``. Files in
``corpora/ner/`` follow ANNOTATION.md's format. Units whose text comes from the
shared corpora (which the repository must not copy) are stored stand-off: the line
carries ``source`` (a path under the corpora folder) and ``sha1`` of the text instead
of the text, and :func:`load_units` reads the text back from the source document.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.corpus.loader import parse_file
from kg.corpus.model import Document
from kg.errors import ExtractionError

logger = logging.getLogger(__name__)
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
MIN_UNIT_CHARS = 6


@dataclass
class Unit:
    id: str
    text: str
    entities: list[dict] = field(default_factory=list)
    source: str | None = None

    def to_line(self, inline: bool) -> dict:
        """The JSON line: text inline, or stand-off (source + sha1) for shared texts."""
        line = {"id": self.id}
        if inline or self.source is None:
            line["text"] = self.text
        else:
            line.update(source=self.source, sha1=text_sha1(self.text))
        line["entities"] = self.entities
        return line


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def units_from_document(document: Document, source: str | None = None) -> list[Unit]:
    """One unit per sentence of each clause, ids ``DOC#CLAUSE:N`` stable across runs.

    >>> from kg.corpus.law import parse_law_text
    >>> document = parse_law_text("# 示例办法\\n\\n第一条 应设置灭火器。严禁占用消防车道。", "x.md", "0")
    >>> [(unit.id, unit.text) for unit in units_from_document(document)]
    [('示例办法#1:0', '应设置灭火器。'), ('示例办法#1:1', '严禁占用消防车道。')]
    """
    units = []
    for clause in document.clauses:
        sentences = [match.group().strip() for match in _SENTENCE.finditer(clause.text)]
        for index, sentence in enumerate(s for s in sentences if len(s) >= MIN_UNIT_CHARS):
            units.append(Unit(f"{document.doc_id}#{clause.key}:{index}", sentence, source=source))
    return units


def load_units(path: Path, corpora_root: Path | None = None) -> list[Unit]:
    """Read an annotation file; stand-off lines get their text from ``corpora_root``.

    A stand-off line whose source text changed (sha1 mismatch) raises, naming the line.
    """
    units, documents = [], {}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ExtractionError(f"{path}:{number}: not valid JSON ({error.msg}).") from error
        text = line.get("text")
        if text is None:
            text = _standoff_text(line, path, number, corpora_root, documents)
        units.append(Unit(line["id"], text, line.get("entities", []), line.get("source")))
    return units


def _standoff_text(line: dict, path: Path, number: int, corpora_root: Path | None, documents: dict) -> str:
    if corpora_root is None or "source" not in line:
        raise ExtractionError(f"{path}:{number}: line {line.get('id')!r} has no text and no source; "
                              f"stand-off lines need the shared corpora folder (--corpora).")
    source = line["source"]
    if source not in documents:
        documents[source] = {unit.id: unit.text for unit in units_from_document(parse_file(corpora_root / source))}
    text = documents[source].get(line["id"])
    if text is None or text_sha1(text) != line.get("sha1"):
        raise ExtractionError(f"{path}:{number}: unit {line['id']!r} no longer matches {corpora_root / source} "
                              f"(the source text changed); re-check its annotation.")
    return text
