"""Rules that find CLAUSE references (ANNOTATION.md) in a matching copy of a text.

Decisions taken from the guideline, for the cases it does not spell out:

* Coordinated references are split at the article level: in ``第十六条、第十七条``
  each article is its own span, because each conjunct is a complete reference
  (the coordination rule of the guideline merges *truncated* tails). Lower-level
  tails that borrow their article from the head stay inside one span:
  ``本条例第三十八条第一款、第二款``, ``前款第一项、第二项``.
* ``本条`` is kept as part of the reference when a 款 or 项 follows
  (``本条第一款``); ``本条`` or ``本节`` alone is never a reference.
* A range written with 至/～ (``第5.4.12条～第5.4.13条``) is one reference.
* A document title followed by an article (``《消防法》第十四条``) is one span, as
  ``本法第十四条`` is: the longest reading that fits one label.
* Titles of permits and forms (``《烟花爆竹道路运输许可证》``) are not normative
  documents and are not tagged.
* The article's own heading number (``第一条`` at the start of the text followed
  by a space) is structure, not a reference.
"""
from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_CN = "[零〇○一二两三四五六七八九十百千]+"
_NUM = rf"(?:{_CN}|\d+)"
_DOTTED = r"\d+(?:\.\d+)+"
_PREFIX = "(?:本法|本规定|本条例|本规范|本办法|本细则|本标准|本决定|本规则|本规程)"
_ITEM = rf"第(?:{_NUM}|(?:\({_CN}\))+)项"
_LOWER = rf"(?:第{_NUM}款(?:{_ITEM})?|{_ITEM})"
_TAILS = rf"(?:(?:、|和|及|以及|或者|或){_LOWER})*"
_RANGE_SEP = "(?:至|到|~|—|-)"
_ARTICLE = (rf"{_PREFIX}?第{_NUM}条(?:{_RANGE_SEP}第{_NUM}条|{_LOWER}{_TAILS})?"
            rf"|{_PREFIX}?第{_DOTTED}条(?:{_RANGE_SEP}第?{_DOTTED}条?|{_LOWER}{_TAILS})?")
_CODE = (r"(?<![A-Za-z])(?:GBJ|GB|GA|XF|CECS|JGJ|CJJ|JTG|TSG|AQ|SY|SH|HG|NB|DL|DBJ\d*|DB\d*)"
         r"(?: */ *T| */)? *\d+(?:\.\d+)?(?: *[-—–] *\d{4})?(?!\d)")
_TITLE = r"《[^《》\n]{1,100}》"

CLAUSE_PATTERNS: dict[str, re.Pattern] = {
    "article": re.compile(_ARTICLE),
    "this_article": re.compile(rf"本条{_LOWER}{_TAILS}"),
    "preceding": re.compile(rf"前(?:[两二三四五])?[条款项](?:{_LOWER})?{_TAILS}"),
    "paragraph": re.compile(rf"{_LOWER}{_TAILS}"),
    "chapter": re.compile(rf"{_PREFIX}?第(?:{_CN}|\d+(?:\.\d+)*)[章节]"),
    "table": re.compile(rf"{_PREFIX}?表(?:{_DOTTED}|[A-Z](?:\.\d+)+)(?:-\d+)?"),
    "appendix": re.compile(rf"{_PREFIX}?附录[A-Z](?:\.\d+)*(?![A-Za-z])"),
    "document": re.compile(rf"{_TITLE}(?: *{_CODE})?(?:{_ARTICLE})?"),
    "code": re.compile(_CODE),
}
_HEADING = re.compile(rf"\s*(第{_NUM}[条章节])\s")
_NOT_NORMATIVE = re.compile(r"(?:证|证书|执照|表|单|卡|书)》")


def heading_span(copy: str) -> tuple[int, int] | None:
    """The span of the article's own heading number, if the text starts with one.

    >>> heading_span("第一条 为了预防火灾")
    (0, 3)
    >>> heading_span("第二十八条规定的") is None
    True
    """
    match = _HEADING.match(copy)
    return match.span(1) if match else None


def find_clause_spans(copy: str) -> list[tuple[int, int, str]]:
    """Candidate ``(start, end, kind)`` CLAUSE spans; they may overlap each other.

    >>> find_clause_spans("违反本法第六十条规定")
    [(2, 8, 'article')]
    >>> sorted(find_clause_spans("《自动喷水灭火系统设计规范》GB 50084"))[0]
    (0, 22, 'document')
    """
    heading = heading_span(copy)
    spans = []
    for kind, pattern in CLAUSE_PATTERNS.items():
        for match in pattern.finditer(copy):
            if match.span() == heading:
                continue
            if kind == "document" and _NOT_NORMATIVE.match(copy, _title_end(match) - 2):
                continue
            spans.append((match.start(), match.end(), kind))
    return spans


def _title_end(match: re.Match) -> int:
    return match.string.index("》", match.start()) + 1
