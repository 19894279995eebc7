"""Build Clause objects from their lines: paragraphs (款), items (项), modality, references.

Every parser funnels through :func:`build_article` or :func:`build_code_clause`, so
clauses from Markdown, JSON, the law database, DOCX and PDF are built alike.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.corpus.modality import split_sentences, strongest
from kg.corpus.model import Clause, ClauseKind, Item, Paragraph
from kg.corpus.references import find_references
from kg.corpus.text import CHINESE_NUMERAL, chinese_to_int, normalize_text

_ITEM_START = re.compile(rf"^[（(]({CHINESE_NUMERAL})[)）]\s*")
_INLINE_ITEM = re.compile(rf"[（(]({CHINESE_NUMERAL})[)）]")
_CODE_PARAGRAPH_START = re.compile(r"^(\d{1,2}) (?=\S)")
_CODE_ITEM_START = re.compile(r"^(\d{1,2})[)）]\s*")
ARTICLE_NUMBER = re.compile(rf"^第({CHINESE_NUMERAL}|\d+)条(?:之({CHINESE_NUMERAL}))?")


@dataclass
class ClauseDraft:
    """An article or clause while its document is read: its number as printed, its lines so far, its headings."""

    number: str
    lines: list[str]
    path: list[str]


def article_key(number: str) -> tuple[str, int, tuple[int, ...]]:
    """Key, arabic number and sort key of an article number as printed.

    >>> article_key("第一百零一条")
    ('101', 101, (101, 0))
    >>> article_key("第二十条之一")
    ('20-1', 20, (20, 1))
    """
    match = ARTICLE_NUMBER.match(number)
    if not match:
        raise ValueError(f"not an article number: {number!r}")
    arabic = chinese_to_int(match.group(1))
    sub = chinese_to_int(match.group(2)) if match.group(2) else 0
    return (f"{arabic}-{sub}" if sub else str(arabic)), arabic, (arabic, sub)


def code_sort_key(number: str) -> tuple[int, ...]:
    """Sort key of a technical-code clause number (3.3.1A sorts after 3.3.1).

    >>> code_sort_key("3.3.1A"), code_sort_key("A.0.2")
    ((3, 3, 1, 1), (1001, 0, 2, 0))
    """
    parts = number.split(".")
    head = parts[0]
    first = 1000 + ord(head) - ord("A") + 1 if head.isalpha() else int(head)
    last = re.match(r"(\d+)([A-Z]?)", parts[-1])
    middle = [int(part) for part in parts[1:-1]]
    suffix = ord(last.group(2)) - ord("A") + 1 if last.group(2) else 0
    return (first, *middle, int(last.group(1)), suffix) if len(parts) > 1 else (first, 0)


def split_paragraphs(lines: list[str]) -> list[Paragraph]:
    """Group lines into 款; lines opening with an item marker become 项 of the 款 before.

    >>> [(p.index, len(p.items)) for p in split_paragraphs(["单位应当履行下列职责：", "（一）落实制度；", "（二）组织检查。", "另一款。"])]
    [(1, 2), (2, 0)]
    """
    paragraphs: list[Paragraph] = []
    for line in lines:
        item = _ITEM_START.match(line)
        if item and paragraphs:
            paragraphs[-1].items.append(Item(item.group(1).rstrip(")）"), line))
            paragraphs[-1].text += "\n" + line
            continue
        paragraphs.append(Paragraph(len(paragraphs) + 1, line, _inline_items(line)))
    return paragraphs


def split_code_paragraphs(lines: list[str]) -> list[Paragraph]:
    """款 of a technical-code clause are numbered lines ``1 ……``; ``1) ……`` lines are 项.

    The lead sentence before the numbered lines is paragraph 0, so that 第2款 is index 2.

    >>> [(p.index, len(p.items)) for p in split_code_paragraphs(["水池应符合下列规定：", "1 容积应满足要求；", "1) 分格；", "2 应设水位计。"])]
    [(0, 0), (1, 1), (2, 0)]
    """
    numbered = any(_CODE_PARAGRAPH_START.match(line) for line in lines[1:])
    paragraphs: list[Paragraph] = []
    for position, line in enumerate(lines):
        item, start = _CODE_ITEM_START.match(line), _CODE_PARAGRAPH_START.match(line)
        if item and paragraphs:
            paragraphs[-1].items.append(Item(item.group(1), line))
            paragraphs[-1].text += "\n" + line
        elif start and position > 0:
            paragraphs.append(Paragraph(int(start.group(1)), line))
        elif paragraphs and not numbered:
            paragraphs[-1].text += "\n" + line
        else:
            paragraphs.append(Paragraph(0 if numbered else 1, line))
    return paragraphs


def _inline_items(line: str) -> list[Item]:
    """Items written inside one line: ……：（一）……；（二）……。"""
    marks = list(_INLINE_ITEM.finditer(line))
    if len(marks) < 2 or marks[0].group(1) != "一":
        return []
    bounds = [mark.start() for mark in marks] + [len(line)]
    return [Item(mark.group(1), line[start:end]) for mark, start, end in zip(marks, bounds, bounds[1:])]


def _finish(clause: Clause, lines: list[str], splitter=split_paragraphs) -> Clause:
    clause.text = "\n".join(lines)
    clause.paragraphs = splitter(lines)
    clause.sentences = split_sentences(clause.text)
    clause.modality = strongest([sentence.modality for sentence in clause.sentences])
    clause.refs = find_references(clause.text)
    return clause


def clean_lines(lines: list[str]) -> list[str]:
    return [line for line in (normalize_text(raw) for raw in lines) if line]


def build_article(number: str, lines: list[str], path: list[str], mandatory: bool = False) -> Clause:
    """An article (第N条) of a law or regulation from its body lines (number removed)."""
    number = normalize_text(number)
    key, arabic, sort_key = article_key(number)
    clause = Clause(number=number, key=key, kind=ClauseKind.ARTICLE, text="", number_arabic=arabic,
                    sort_key=sort_key, path=list(path), mandatory=mandatory)
    return _finish(clause, clean_lines(lines))


def build_code_clause(number: str, lines: list[str], path: list[str], mandatory: bool = False) -> Clause:
    """A numbered clause (3.3.1, A.0.1) of a technical code from its body lines."""
    kind = ClauseKind.APPENDIX if number[0].isalpha() else ClauseKind.CLAUSE
    clause = Clause(number=number, key=number, kind=kind, text="", sort_key=code_sort_key(number),
                    path=list(path), mandatory=mandatory)
    return _finish(clause, clean_lines(lines), split_code_paragraphs)


def build_sentence(key: str, index: int, text: str) -> Clause:
    """One line of an unnumbered sentence list, under a stable id."""
    clause = Clause(number=key, key=key, kind=ClauseKind.SENTENCE, text="", sort_key=(index,))
    return _finish(clause, clean_lines([text]))
