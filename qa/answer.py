"""The typed results of question answering: Answer, Citation, LinkedEntity."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from kg.schema import Subgraph

MAX_QUESTION_CHARS = 500     # the web API and the CLI refuse longer input before the engine sees it


@dataclass(frozen=True)
class LinkedEntity:
    """Something the question names: an entity, a document, or a clause number."""

    text: str            # as written in the question
    kind: str            # equipment | hazard | document | clause
    id: str              # graph id: entity name, document id, or clause key
    score: float = 1.0   # 1.0 exact, lower for fuzzy matches


@dataclass(frozen=True)
class Citation:
    doc: str             # document title, as cited: 《doc》
    number: str          # as printed: 第二十八条 / 3.3.1
    number_arabic: int | None
    clause_id: str
    text: str

    def label(self) -> str:
        """How the answer cites it.

        >>> Citation("中华人民共和国消防法", "第二十八条", 28, "x#28", "").label()
        '《中华人民共和国消防法》第二十八条'
        >>> Citation("消防设施设计示范规范", "3.3.1", None, "y#3.3.1", "").label()
        '《消防设施设计示范规范》第3.3.1条'
        """
        return f"《{self.doc}》{self.article()}"

    def article(self) -> str:
        """The clause's number as the documents write it: 第二十八条, 第3.3.1条 for a code's bare number, 第1章 for the
        text directly under a standard's chapter (范围).

        >>> Citation("示例技术要求", "1", None, "z#1", "").article(), Citation("示例技术要求", "A.2", None, "z#A.2", "").article()
        ('第1章', '第A.2条')
        """
        if self.number.startswith("第"):
            return self.number
        return f"第{self.number}章" if self.number.isdigit() else f"第{self.number}条"


@dataclass
class Answer:
    question: str
    answer: str
    citations: list[Citation]
    entities: list[LinkedEntity]
    cypher: list[dict]                 # {"query", "parameters"} as run
    subgraph: Subgraph
    mode: str                          # template | text2cypher | text
    summarizer: str
    abstained: bool
    timings_ms: dict[str, float] = field(default_factory=dict)
    intent: str = ""
    removed_citations: int = 0

    def to_dict(self) -> dict:
        """The ``firekg ask --json`` contract."""
        return {
            "question": self.question, "answer": self.answer,
            "citations": [asdict(citation) for citation in self.citations],
            "entities": [asdict(entity) for entity in self.entities],
            "cypher": self.cypher, "subgraph": self.subgraph.to_dict(), "mode": self.mode,
            "summarizer": self.summarizer, "abstained": self.abstained,
            "timings_ms": {stage: round(ms, 2) for stage, ms in self.timings_ms.items()},
            "intent": self.intent, "removed_citations": self.removed_citations,
        }
