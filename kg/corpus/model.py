"""The document model every parser produces: a Document holding Clauses.

A clause is the unit people cite: an article (第N条) of a law or regulation, a
numbered clause (3.3.1) of a technical code, or one line of a sentence list.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class DocumentKind(StrEnum):
    LAW = "law"
    REGULATION = "regulation"
    LOCAL = "local"
    STANDARD = "standard"


class Modality(StrEnum):
    MUST = "must"
    MUST_NOT = "must_not"
    SHALL = "shall"
    SHALL_NOT = "shall_not"
    SHOULD = "should"
    SHOULD_NOT = "should_not"
    MAY = "may"


class ClauseKind(StrEnum):
    ARTICLE = "article"      # 第N条 of a law or regulation
    CLAUSE = "clause"        # 3.3.1 of a technical code
    APPENDIX = "appendix"    # 附录A, A.0.1
    SENTENCE = "sentence"    # one line of an unnumbered sentence list


@dataclass
class Reference:
    """A cross-reference found in a clause's text.

    ``start``/``end`` are offsets into ``Clause.text``. ``target_doc`` is the id
    of the document referred to (``None`` when it is not known), and
    ``target_clause`` the referred clause's key (``"28"`` or ``"6.5.3"``).
    """

    text: str
    start: int
    end: int
    kind: str                       # article | clause | paragraph | table | appendix | chapter | section | document
    target_doc: str | None = None
    target_clause: str | None = None
    target_title: str | None = None  # title or code as written, for document references
    resolved: bool = False


@dataclass
class Item:
    """One 项 of a paragraph, such as （一）."""

    number: str
    text: str


@dataclass
class Paragraph:
    """One 款 of a clause (1-based ``index``) with its 项."""

    index: int
    text: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Sentence:
    text: str
    start: int
    modality: Modality | None = None


@dataclass
class Clause:
    number: str                          # as printed: 第二十八条, 3.3.1, A.0.1, S0042
    key: str                             # stable key inside the document: "28", "3.3.1", "S0042"
    kind: ClauseKind
    text: str
    number_arabic: int | None = None     # 28 for 第二十八条, None for codes
    sort_key: tuple[int, ...] = ()
    path: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    modality: Modality | None = None
    mandatory: bool = False
    refs: list[Reference] = field(default_factory=list)
    commentary: str | None = None        # 条文说明 of a technical-code clause

    def clause_id(self, doc_id: str) -> str:
        """The graph-wide id of this clause inside document ``doc_id``.

        >>> Clause(number="第五条", key="5", kind=ClauseKind.ARTICLE, text="").clause_id("消防法")
        '消防法#5'
        """
        return f"{doc_id}#{self.key}"


@dataclass
class Document:
    title: str
    kind: DocumentKind
    source_path: str
    sha256: str
    clauses: list[Clause] = field(default_factory=list)
    code: str | None = None              # GB 50016-2014, 公安部令第61号
    issuer: str | None = None
    dates: dict[str, str] = field(default_factory=dict)   # promulgated / amended / effective, ISO dates
    history: list[str] = field(default_factory=list)      # promulgation history lines as printed
    aliases: list[str] = field(default_factory=list)      # short names: 消防法, 61号令, 高层规定

    @property
    def doc_id(self) -> str:
        """Graph-wide id: the standard code when there is one, else the title.

        >>> Document("建筑设计防火规范", DocumentKind.STANDARD, "x", "0", code="GB 50016-2014").doc_id
        'GB 50016-2014'
        """
        if self.kind is DocumentKind.STANDARD and self.code:
            return self.code
        return self.title

    def clause(self, key: str) -> Clause | None:
        return next((clause for clause in self.clauses if clause.key == key), None)

    def to_dict(self) -> dict:
        """A JSON-ready dict (the ``firekg parse --json`` contract)."""
        data = asdict(self)
        data["id"] = self.doc_id
        for clause, clause_data in zip(self.clauses, data["clauses"]):
            clause_data["id"] = clause.clause_id(self.doc_id)
            clause_data["sort_key"] = list(clause.sort_key)
        return data
