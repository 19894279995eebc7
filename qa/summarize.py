"""Summarisers behind one interface, and the citation check every answer goes through.

- :class:`ExtractiveSummarizer` quotes the best sentences of the retrieved clauses; it is
  used when no LLM is configured, and the answer says so.
- :class:`LLMSummarizer` asks a chat model (OpenAI-compatible endpoint or local GGUF) to
  answer from the retrieved clauses only, citing 《文件名》第N条 / 第x.y.z条.

After generation, :func:`check_citations` removes every citation that does not point at a
retrieved clause, and counts the removals.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.corpus.text import CHINESE_NUMERAL, chinese_to_int
from qa.answer import Citation
from qa.retrieval import tokens

logger = logging.getLogger(__name__)
NO_LLM_NOTE = "（未配置大语言模型，以下为相关条文的摘录。）"
ABSTAIN_TEXT = "已载入的文件中没有找到与这个问题相关的规定，无法依据条文作答。"
_CITATION = re.compile(rf"《([^《》]{{1,60}})》\s*第\s*({CHINESE_NUMERAL}|\d+(?:\.\d+)*[A-Z]?)\s*条")
_BARE_CODE_CITATION = re.compile(r"(?<!》)第\s*(\d+\.\d+(?:\.\d+)?[A-Z]?)\s*条")
_SENTENCE = re.compile(r"[^。；：\n]+[。；：]?")


@dataclass(frozen=True)
class Evidence:
    citation: Citation
    score: float


class ExtractiveSummarizer:
    """Quote the retrieved clauses: whole when short, else the sentences that share most words with the question."""

    name = "extractive"

    def __init__(self, max_clauses: int = 5, clause_chars: int = 400) -> None:
        self.max_clauses, self.clause_chars = max_clauses, clause_chars

    def summarize(self, question: str, evidence: Sequence[Evidence], facts: Sequence[str] = ()) -> str:
        lines = [NO_LLM_NOTE, *facts]
        for item in evidence[:self.max_clauses]:
            lines.append(f"{item.citation.label()}：{quote(question, item.citation.text, self.clause_chars)}")
        return "\n".join(lines)


def quote(question: str, text: str, budget: int = 400) -> str:
    """The clause itself when it fits the budget; else its most relevant sentences, in order, within it.

    The lead-in of a list (有下列行为之一的，处…罚款：) is kept with any item quoted from the list.

    >>> quote("个人罚多少", "单位有下列行为的，处一万元罚款：\\n（一）埋压消火栓的。\\n个人有前款行为的，处五百元罚款。", 30)
    '单位有下列行为的，处一万元罚款：……个人有前款行为的，处五百元罚款。'
    """
    if len(text) <= budget:
        return text.strip()
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    question_tokens = set(tokens(question))
    ranked = sorted(range(len(sentences)), key=lambda i: -len(question_tokens & set(tokens(sentences[i]))))
    chosen: list[int] = []
    for index in ranked:
        if len(chosen) >= 2 and sum(len(sentences[i]) for i in chosen) + len(sentences[index]) > budget:
            break
        chosen.append(index)
    lead = next((i for i in range(len(sentences)) if sentences[i].endswith("：")), None)
    if lead is not None and any(i > lead for i in chosen):
        chosen.append(lead)
    chosen = sorted(set(chosen))
    parts = [sentences[chosen[0]]]
    for previous, index in zip(chosen, chosen[1:]):
        parts.append(("" if index == previous + 1 else "……") + sentences[index])
    return "".join(parts)


SYSTEM_PROMPT = (
    "你是消防法规问答助手。只能依据用户给出的条文回答，不得使用条文以外的知识。"
    "用简洁的中文回答，先直接回答问题，再给出依据。每个结论后用条文前方括号里的引用格式注明出处，"
    "例如《中华人民共和国消防法》第二十八条。不要引用未给出的条文。"
    "如果给出的条文不能回答问题，就回答：已载入的文件中没有相关规定。"
)


class LLMSummarizer:
    """Answer from the evidence with a chat model (``complete(messages, max_tokens, temperature)``)."""

    def __init__(self, chat, max_tokens: int = 400, max_clause_chars: int = 600) -> None:
        self.chat, self.max_tokens, self.max_clause_chars = chat, max_tokens, max_clause_chars
        self.name = f"llm:{getattr(chat, 'name', type(chat).__name__)}"

    def summarize(self, question: str, evidence: Sequence[Evidence], facts: Sequence[str] = ()) -> str:
        blocks = [f"[{item.citation.label()}]\n{item.citation.text[:self.max_clause_chars]}" for item in evidence]
        facts_text = ("已知统计：" + "；".join(facts) + "\n\n") if facts else ""
        user = f"{facts_text}条文：\n\n" + "\n\n".join(blocks) + f"\n\n问题：{question}"
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]
        return self.chat.complete(messages, max_tokens=self.max_tokens, temperature=0.1).strip()


def check_citations(text: str, allowed: Sequence[Citation]) -> tuple[str, list[Citation], int]:
    """Keep citations that point at a retrieved clause; drop the others. Returns (text, cited, removed).

    >>> allowed = [Citation("中华人民共和国消防法", "第二十八条", 28, "中华人民共和国消防法#28", "")]
    >>> check_citations("不得埋压消火栓（《消防法》第二十八条、《消防法》第九十九条）。", allowed)[1:]
    ([Citation(doc='中华人民共和国消防法', number='第二十八条', number_arabic=28, clause_id='中华人民共和国消防法#28', text='')], 1)
    """
    cited: list[Citation] = []
    removed = 0

    def keep_or_drop(match: re.Match) -> str:
        nonlocal removed
        citation = _resolve(match.group(1), match.group(2), allowed)
        if citation is None:
            removed += 1
            return ""
        if citation not in cited:
            cited.append(citation)
        return match.group()

    text = _CITATION.sub(keep_or_drop, text)
    text, removed_bare = _bare_codes(text, allowed, cited)
    return _tidy_brackets(text), cited, removed + removed_bare


def _tidy_brackets(text: str) -> str:
    """Remove separators and empty brackets left where citations were dropped.

    >>> _tidy_brackets("见（、《消防法》第二十八条）和（）。")
    '见（《消防法》第二十八条）和。'
    """
    text = re.sub(r"([（(])[、，\s]+|[、，\s]+([）)])", r"\1\2", text)
    return re.sub(r"（\s*）|\(\s*\)", "", text)


def _bare_codes(text: str, allowed: Sequence[Citation], cited: list[Citation]) -> tuple[str, int]:
    """第3.3.1条 without a title: valid only if exactly one retrieved code clause has that number."""
    removed = 0

    def keep_or_drop(match: re.Match) -> str:
        nonlocal removed
        matches = [c for c in allowed if c.number == match.group(1)]
        if len(matches) == 1:
            if matches[0] not in cited:
                cited.append(matches[0])
            return match.group()
        removed += 1
        return ""

    return _BARE_CODE_CITATION.sub(keep_or_drop, text), removed


def _resolve(title: str, number: str, allowed: Sequence[Citation]) -> Citation | None:
    key = str(chinese_to_int(number)) if not re.fullmatch(r"\d+(?:\.\d+)+[A-Z]?", number) else number
    for citation in allowed:
        same_number = (citation.number_arabic is not None and str(citation.number_arabic) == key) or citation.number == key
        if same_number and _same_document(title, citation.doc):
            return citation
    return None


def _same_document(cited: str, title: str) -> bool:
    """《消防法》 cites 中华人民共和国消防法; a short title inside the full one counts.

    >>> _same_document("消防法", "中华人民共和国消防法"), _same_document("安全生产法", "中华人民共和国消防法")
    (True, False)
    """
    cited = cited.removeprefix("中华人民共和国")
    return cited == title or cited == title.removeprefix("中华人民共和国") or (len(cited) >= 3 and cited in title)
