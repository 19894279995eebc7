"""Cross-references in clause text: finding them, then resolving them to targets.

Finding works on one clause's text; resolving needs the whole batch of parsed
documents, so that 《中华人民共和国消防法》第十六条 in a local regulation can
point at the 消防法's clause 16 when both are loaded.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from kg.corpus.model import Clause, Document, Reference
from kg.corpus.text import CHINESE_NUMERAL, chinese_to_int

_SELF = r"(?P<self>本法|本规定|本条例|本规范|本标准|本办法|本细则|本规则|本决定)?"
_NUM = rf"(?:{CHINESE_NUMERAL}|\d+)"
_CODE_NUMBER = r"(?P<code>\d+(?:\.\d+)+[A-Z]?)"
_BARE_NUMBER = r"(?:\d{1,2}|[A-Z])(?:\.\d{1,2}){1,4}(?![\d.])"
_REFERENCE = re.compile(
    rf"(?P<title>《[^《》\n]{{2,60}}》(?:\s?(?P<titlecode>(?:GB|GBJ|GA|XF|CECS|JGJ|CJJ|DBJ|DB)(?:/T)? \d+(?:\.\d+)?(?:-\d{{4}})?))?)"
    rf"|(?P<stdcode>(?<![A-Za-z])(?:GB|GBJ|GA|XF|CECS|JGJ|CJJ|DBJ)(?:/T)? \d+(?:\.\d+)?(?:-\d{{4}})?)"
    rf"|{_SELF}第(?:{_CODE_NUMBER}条(?:第(?P<codepara>\d+)款)?"
    rf"|(?P<section>\d+(?:\.\d+)?)节"
    rf"|(?P<chapter>{_NUM})章"
    rf"|(?P<article>{_NUM})条(?:之(?P<sub>{CHINESE_NUMERAL}))?(?:第(?P<para>{_NUM})款)?(?:第(?P<item>{_NUM})项)?)"
    rf"|(?P<prev>前[一二三两]?款)"
    rf"|(?<![条章节])第(?P<ownpara>{CHINESE_NUMERAL})款"
    rf"|(?P<table>表\d+(?:\.\d+)+(?:-\d+)?[A-Z]?)"
    rf"|(?P<appendix>附录[A-Z](?![A-Za-z]))"
    # a clause cited by its bare number, as standards under GB/T 1.1 cite (应符合5.3.2的规定, 按4.2.1执行, 见A.2,
    # 按照6.2.1.2和6.2.1.3, 8.2.1规定的二级, 5.1.1中a）)
    rf"|(?:(?<=见)|(?<=按)|(?<=按照)|(?<=依照)|(?<=符合)|(?<=依据)|(?<=满足)|(?<=参照))(?P<bare>{_BARE_NUMBER})"
    rf"(?=的|执行|进行|规定|中|和|或|及|至|[，。；、）)]|$)"
    rf"|(?<![\d.A-Za-z])(?P<bare_before>{_BARE_NUMBER})(?=的(?:规定|要求)|规定|中[a-z（(])"
    rf"|(?<=和)(?P<bare_after_and>\d{{1,2}}(?:\.\d{{1,2}}){{2,4}})(?=的|执行|进行|规定|中|[，。；、）)]|$)"
)
_ALIAS_PREFIX = re.compile(r"^中华人民共和国")
_TITLE_DATE = re.compile(r"[（(]\d{4}[-年].*?[)）]$")


def find_references(text: str) -> list[Reference]:
    """All cross-references in one clause text, unresolved, in order.

    >>> [(r.text, r.kind, r.target_clause) for r in find_references("违反本法第十六条、第6.5.3条和前款规定")]
    [('本法第十六条', 'article', '16'), ('第6.5.3条', 'clause', '6.5.3'), ('前款', 'paragraph', None)]
    >>> [(r.text, r.kind, r.target_title) for r in find_references("依据《中华人民共和国消防法》第十五条")]
    [('《中华人民共和国消防法》', 'document', '中华人民共和国消防法'), ('第十五条', 'article', '中华人民共和国消防法')]
    """
    references: list[Reference] = []
    for match in _REFERENCE.finditer(text):
        reference = _reference_from_match(match)
        previous = references[-1] if references else None
        if previous and previous.target_title and reference.kind != "document" \
                and not match.group("self") and _only_joiners(text[previous.end:match.start()]):
            reference.target_title = previous.target_title
        references.append(reference)
    return references


def _only_joiners(gap: str) -> bool:
    return len(gap) <= 2 and all(char in " 、和及或与至" for char in gap)


def _reference_from_match(match: re.Match) -> Reference:
    groups = match.groupdict()
    base = dict(text=match.group(), start=match.start(), end=match.end())
    if groups["title"]:
        title = groups["title"].split("》")[0].lstrip("《")
        return Reference(**base, kind="document", target_title=groups["titlecode"] or title)
    if groups["stdcode"]:
        return Reference(**base, kind="document", target_title=groups["stdcode"])
    clause = groups["code"] or groups["bare"] or groups["bare_before"] or groups["bare_after_and"]
    if clause:
        return Reference(**base, kind="clause", target_clause=clause)
    if groups["section"]:
        return Reference(**base, kind="section", target_clause=groups["section"])
    if groups["chapter"]:
        return Reference(**base, kind="chapter", target_clause=str(chinese_to_int(groups["chapter"])))
    if groups["article"]:
        key = str(chinese_to_int(groups["article"]))
        if groups["sub"]:
            key += f"-{chinese_to_int(groups['sub'])}"
        return Reference(**base, kind="article", target_clause=key)
    if groups["table"]:
        return Reference(**base, kind="table", target_clause=groups["table"])
    if groups["appendix"]:
        return Reference(**base, kind="appendix", target_clause=groups["appendix"][2:])
    return Reference(**base, kind="paragraph")


def document_aliases(title: str) -> list[str]:
    """Names by which other texts cite a document.

    >>> document_aliases("中华人民共和国消防法")
    ['中华人民共和国消防法', '消防法']
    >>> document_aliases("上海市消防条例(2020-03-19)")
    ['上海市消防条例(2020-03-19)', '上海市消防条例']
    """
    names = [title]
    for name in (_TITLE_DATE.sub("", title), _ALIAS_PREFIX.sub("", title)):
        if name and name not in names:
            names.append(name)
    return names


class DocumentIndex:
    """Find a document's id by title, alias or standard code (with or without year)."""

    def __init__(self) -> None:
        self._by_name: dict[str, str] = {}

    @classmethod
    def of(cls, documents: Iterable[Document]) -> "DocumentIndex":
        index = cls()
        for document in documents:
            index.add(document.doc_id, document.title, document.code, document.aliases)
        return index

    def add(self, doc_id: str, title: str, code: str | None, aliases: Iterable[str] = ()) -> None:
        for name in [doc_id, *document_aliases(title), *aliases]:
            self._by_name.setdefault(name, doc_id)
        if code:
            self._by_name.setdefault(code, doc_id)
            self._by_name.setdefault(code.split("-")[0], doc_id)

    def find(self, name: str | None) -> str | None:
        """The id of the document called ``name``, or None.

        >>> index = DocumentIndex()
        >>> index.add("GB 50016-2014", "建筑设计防火规范", "GB 50016-2014")
        >>> index.find("GB 50016"), index.find("建筑设计防火规范"), index.find("GB 50974")
        ('GB 50016-2014', 'GB 50016-2014', None)
        """
        if not name:
            return None
        return self._by_name.get(name) or self._by_name.get(name.split("-")[0])


def resolve_references(documents: list[Document], known: Iterable[Document] = ()) -> None:
    """Point every reference of ``documents`` at its target, in place.

    ``known`` adds documents that may be cited but are not being parsed now.
    Unresolved references stay in the list with ``resolved=False``.
    """
    by_id = {document.doc_id: document for document in [*known, *documents]}
    index = DocumentIndex.of(by_id.values())
    for document in documents:
        for clause in document.clauses:
            for reference in clause.refs:
                _resolve(reference, document, clause, index, by_id)


def _resolve(reference: Reference, document: Document, clause: Clause, index: DocumentIndex,
             by_id: dict[str, Document]) -> None:
    if reference.kind == "paragraph":
        reference.target_doc, reference.target_clause = document.doc_id, clause.key
        reference.resolved = True
        return
    target = by_id.get(index.find(reference.target_title)) if reference.target_title else document
    if target is None:
        return
    reference.target_doc = target.doc_id
    if reference.kind == "document":
        reference.resolved = True
    elif reference.kind in ("section", "appendix", "chapter"):
        reference.resolved = _has_part(target, reference)
    elif reference.kind == "table":
        # Codes number a table after the clause that holds it: 表3.4.2 sits in clause 3.4.2.
        owner = target.clause(reference.target_clause.removeprefix("表").split("-")[0])
        reference.resolved = owner is not None
        reference.target_clause = owner.key if owner else reference.target_clause
    else:
        reference.resolved = target.clause(reference.target_clause or "") is not None


def _has_part(document: Document, reference: Reference) -> bool:
    prefix = f"{reference.target_clause}."
    if any(clause.key.startswith(prefix) for clause in document.clauses):
        return True
    return reference.kind == "chapter" and any(
        clause.path and _chapter_number(clause.path[0]) == reference.target_clause for clause in document.clauses)


def _chapter_number(heading: str) -> str | None:
    match = re.match(rf"第({CHINESE_NUMERAL})章", heading)
    return str(chinese_to_int(match.group(1))) if match else None
