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
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from kg.corpus.text import CHINESE_NUMERAL, chinese_to_int
from qa.answer import Citation
from qa.ranking import is_broad
from qa.retrieval import tokens

logger = logging.getLogger(__name__)
NO_LLM_NOTE = "（未配置大语言模型，以下为相关条文的摘录。）"
ABSTAIN_TEXT = "已载入的文件中没有找到与这个问题相关的规定，无法依据条文作答。"
# 第二十八条, 第3.3.1条, 第3.2.1A条, and the sentence keys of a code loaded line by line (第S0495条)
_CITATION = re.compile(rf"《([^《》]{{1,60}})》\s*第\s*({CHINESE_NUMERAL}|\d+(?:\.\d+)*[A-Z]?|S\d+)\s*条")
_BARE_CODE_CITATION = re.compile(r"(?<!》)第\s*(\d+\.\d+(?:\.\d+)?[A-Z]?)\s*条")
_BARE_ARTICLE = re.compile(rf"(?<![》\d])第\s*({CHINESE_NUMERAL}|\d+)\s*条")
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

    A lead-in in several parts is kept whole, the fine before 拒不改正的 as well:

    >>> quote("记录保存不到一年怎么罚", "有下列情形之一的，可以处1万元以下的罚款；拒不改正的，处1万元以上5万元以下的罚款：\\n"
    ...       "（一）未设置治安保卫机构的；\\n（二）保存销售记录的时间少于1年的。", 60)
    '有下列情形之一的，可以处1万元以下的罚款；拒不改正的，处1万元以上5万元以下的罚款：……（二）保存销售记录的时间少于1年的。'
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
        start = lead     # a lead-in of several parts (可以处…罚款；拒不改正的，处…罚款：) is kept whole
        while start > 0 and sentences[start - 1].endswith("；"):
            start -= 1
        chosen.extend(range(start, lead + 1))
    chosen = sorted(set(chosen))
    parts = [sentences[chosen[0]]]
    for previous, index in zip(chosen, chosen[1:]):
        parts.append(("" if index == previous + 1 else "……") + sentences[index])
    return "".join(parts)


# Measured on the 0.5B model: asking it to cite numbers or to refuse when unsure made it answer
# with a bare [1] or refuse answerable questions; asking for the clause's own words gives
# answers whose source can be checked (see attributed()). The engine refuses before this point.
# Said again after a question for a value or a yes/no (ANSWER_ORDER), it quotes before concluding:
# fact accuracy on the dev facts 0.484 → 0.806 and on probe3's 0.367 → 0.533, where it otherwise
# answered 可以。 or a paraphrase that lost the amount. Not for a list question: there it copied every
# clause, header and all, until it ran out of tokens (防火卷帘有哪些设置要求: 26 s), and the list's
# clauses are named after its answer anyway (with_rest_of_list).
SYSTEM_PROMPT = (
    "你是消防法规问答助手。只能依据用户给出的条文回答，不得使用条文以外的知识。"
    "请用一到三句中文直接回答问题，尽量照抄条文中回答问题的原话，包括数值、期限和金额。"
)
ANSWER_ORDER = "请先照抄回答问题的条文原话，再给出结论。"
REFUSAL = re.compile(r"没有(?:找到)?(?:相关|有关)(?:的)?规定|无法依据条文作答|未(?:找到|提及)相关")
_NUMBERED = re.compile(r"[\[【［]\s*(\d{1,2})\s*[\]】］]")
_ADJACENT_LABELS = re.compile(r"(（《[^《》）]{1,60}》第[^）]{1,20}条)）（(?=《)")
# [1] 《…》第五条 严禁… (the model copying the numbered block's header) writes the label twice
_REPEATED_LABEL = re.compile(r"（(《[^《》）]{1,60}》第[^）]{1,20}条)）\s*\1")
ATTRIBUTION_SHARE = 0.5   # share of the answer's own bigrams (not the question's) that must come from a clause
ATTRIBUTION_MIN_BIGRAMS = 4


class LLMSummarizer:
    """Answer from the evidence with a chat model (``complete(messages, max_tokens, temperature)``).

    The clauses are numbered in the prompt ([1], [2] …); small models cite a number more
    reliably than a title. :func:`check_citations` turns the numbers back into 《文件名》第N条.
    """

    def __init__(self, chat, max_tokens: int = 400, max_clause_chars: int = 600) -> None:
        self.chat, self.max_tokens, self.max_clause_chars = chat, max_tokens, max_clause_chars
        self.name = f"llm:{getattr(chat, 'name', type(chat).__name__)}"

    def summarize(self, question: str, evidence: Sequence[Evidence], facts: Sequence[str] = ()) -> str:
        blocks = [f"[{number}] {item.citation.label()}\n{item.citation.text[:self.max_clause_chars]}"
                  for number, item in enumerate(evidence, start=1)]
        facts_text = ("已知统计：" + "；".join(facts) + "\n\n") if facts else ""
        order = "" if is_broad(question) else f"\n\n{ANSWER_ORDER}"
        user = f"{facts_text}条文：\n\n" + "\n\n".join(blocks) + f"\n\n问题：{question}{order}"
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]
        return without_echo(self.chat.complete(messages, max_tokens=self.max_tokens, temperature=0.1), question)


def without_echo(reply: str, question: str) -> str:
    """The model's reply less a line that only repeats the prompt's 问题：… (the 0.5B does so in about one
    answer in ten before its 结论：).

    >>> without_echo("条文规定不限。\\n\\n问题：两个储罐要隔多远？\\n\\n结论：不限。", "两个储罐要隔多远？")
    '条文规定不限。\\n\\n结论：不限。'
    """
    echo = re.compile(rf"^[ \t]*问题[:：][ \t]*{re.escape(question)}[ \t]*\n+", re.MULTILINE)
    return echo.sub("", reply.strip() + "\n").strip()


LIST_REST = "其余相关条文："


def with_rest_of_list(text: str, cited: list[Citation], allowed: Sequence[Citation]) -> tuple[str, list[Citation]]:
    """A list question's answer rests on every clause retrieved for the list, but a small model quotes
    one of them (室内消火栓有哪些设置要求 → the first clause only): the others are named after the answer
    and cited too, so the reader sees the whole list.

    >>> first, second = [Citation("示范规范", f"3.6.{n}", None, f"示范#3.6.{n}", "") for n in (1, 2)]
    >>> text, cited = with_rest_of_list("各层均应设置（《示范规范》第3.6.1条）。", [first], [first, second])
    >>> text.splitlines()[-1], [c.clause_id for c in cited]
    ('其余相关条文：《示范规范》第3.6.2条', ['示范#3.6.1', '示范#3.6.2'])
    """
    rest = [citation for citation in allowed if citation not in cited]
    if not rest:
        return text, cited
    return f"{text}\n{LIST_REST}{'、'.join(c.label() for c in rest)}", [*cited, *rest]


SOURCE_LEAD = "原文："
SOURCE_CHARS = 160     # the clause itself up to this length, else its sentences closest to the question
QUOTED_RUN = 10        # characters in a row copied from the clause that make an answer a quote of it


def with_source(text: str, question: str, cited: list[Citation], allowed: Sequence[Citation],
                named: Collection[str] = ()) -> tuple[str, list[Citation]]:
    """An answer to a value or yes/no question ends with the words of the clause it rests on, unless it
    already repeats all of them: the 0.5B model often concludes without the amount or the period it was
    asked for (失火会被拘留吗？拘多久？ → 会被拘留。), or copies part of a clause and takes its value from
    the wrong branch (不应低于B2级；…低于1.00h时，不应低于B1级 → B1级), and a reader should see the rule,
    not only the verdict.
    That clause is the first cited one the question does not name by number (``named``: clause ids; 违反
    消防法第28条…罚多少 rests on the penalty article, not on 28), else the first such retrieved one (then
    cited too), else the first cited.

    >>> clause = Citation("消防法", "第六十四条", 64, "消防法#64", "过失引起火灾的，处十日以上十五日以下拘留。")
    >>> with_source("会被拘留（《消防法》第六十四条）。", "失火会被拘留吗？拘多久？", [clause], [clause])[0].splitlines()[-1]
    '原文：《消防法》第六十四条：「过失引起火灾的，处十日以上十五日以下拘留。」'
    >>> with_source("过失引起火灾的，处十日以上十五日以下拘留。", "拘多久？", [clause], [clause])[0]
    '过失引起火灾的，处十日以上十五日以下拘留。'
    >>> with_source("处十日以上拘留。", "拘多久？", [clause], [clause])[0].splitlines()[-1][:3]
    '原文：'
    >>> named = Citation("消防法", "第二十八条", 28, "消防法#28", "不得占用消防车通道。")
    >>> text, cited = with_source("要处罚（第二十八条）。", "违反消防法第28条罚多少？", [named], [named, clause],
    ...                           named={"消防法#28"})
    >>> text.splitlines()[-1][:20], [c.clause_id for c in cited]
    ('原文：《消防法》第六十四条：「过失引起火', ['消防法#28', '消防法#64'])
    """
    source = next((c for c in [*cited, *allowed] if c.clause_id not in named), cited[0] if cited else None)
    words = quote(question, source.text, SOURCE_CHARS) if source else ""
    if source is None or _compact(words) in _compact(text):
        return text, cited
    return f"{text}\n{_source_line(source, words)}", cited if source in cited else [*cited, source]


def with_each_source(text: str, question: str, cited: list[Citation],
                     allowed: Sequence[Citation]) -> tuple[str, list[Citation]]:
    """An answer about several documents or places (39号令和建规分别…) ends with the words of each one's
    clause it does not repeat, and cites them all: the 0.5B model answers from one of them.

    >>> first = Citation("39号令", "第十四条", 14, "a#14", "歌舞娱乐场所只能设在地下一层。")
    >>> second = Citation("建规", "S0286", None, "b#S0286", "不应布置在地下二层及以下楼层。")
    >>> text, cited = with_each_source("歌舞娱乐场所只能设在地下一层（《39号令》第十四条）。", "分别怎么说？", [first],
    ...                                [first, second])
    >>> text.splitlines()[1:], [c.clause_id for c in cited]
    (['原文：《建规》第S0286条：「不应布置在地下二层及以下楼层。」'], ['a#14', 'b#S0286'])
    """
    sources = [_source_line(c, quote(question, c.text, SOURCE_CHARS)) for c in allowed if not _repeats(text, c.text)]
    return "\n".join([text, *sources]), [*cited, *(c for c in allowed if c not in cited)]


VALUE_NOTE = "注意：回答中的数值{values}在所依据的条文中没有，请以条文原文为准。"
# A value as written: arabic (2.5, 1/2 gives 1 and 2, 5千 gives 5000) or Chinese numerals before a unit.
_ARABIC_VALUE = re.compile(r"(?<![\dA-Za-z.])(\d+(?:\.\d+)?)(?:\s*([万千百]))?")
_MULTIPLIER = {"万": 10000, "千": 1000, "百": 100}
_CHINESE_VALUE = re.compile(rf"百分之({CHINESE_NUMERAL})"
                            rf"|(?<![\d.])({CHINESE_NUMERAL})(万)?(?=[万元日天周年月米人层倍次个名台具只条项小分秒级岁度户栋座间辆])")
# What an answer writes besides values: citations and ordinals (第28条, 第3.6.2条, 第S0199条, 第一层), titles and
# standard codes (《…》, GB 50016-2014) and the numbers of its own list.
_NOT_VALUES = re.compile(rf"第\s*(?:{CHINESE_NUMERAL}|S?\d+(?:\.\d+)*[A-Z]?)|《[^》]*》|[A-Z]+(?:/[A-Z]+)?\s*\d+(?:[-—.]\d+)*"
                         r"|^\s*\d+\s*[.、)）]|[（(]\d+[)）]", re.MULTILINE)
_ANY_CHINESE_VALUE = re.compile(CHINESE_NUMERAL)


def unsupported_values(answer: str, question: str, allowed: Sequence[Citation], facts: Sequence[str] = ()) -> list[str]:
    """The values an answer states that neither its clauses nor the question do: the 0.5B model sometimes
    concludes with a number of its own (防火间距不限 → 结论：10m). Chinese numerals and arabic digits
    compare by value (五万元 = 50000元 = 5万元, 百分之五十 = 50%), and citations and list numbers are not
    values; ``facts`` (a template's counts) are known too.

    >>> clause = Citation("建规", "S0199", None, "b#S0199", "容积不大于50m3的氧气储罐与其使用厂房的防火间距不限。")
    >>> unsupported_values("1. 防火间距不限（第S0199条）。结论：10m", "两个储罐要隔多远？", [clause])
    ['10']
    >>> fine = Citation("消防法", "第六十条", 60, "a#60", "处五千元以上五万元以下罚款")
    >>> unsupported_values("罚款5000元至5万元（《消防法》第六十条）。", "罚多少？", [fine])
    []
    >>> unsupported_values("罚5千元以上", "", [fine])
    []
    >>> unsupported_values("占50%，罚款6000元", "", [Citation("规", "1", 1, "c#1", "不超过百分之五十")])
    ['6000']
    >>> unsupported_values("可以布置在第一层或地下二层。", "", [Citation("规", "1", 1, "c#1", "宜布置在首层或地下一、二层。")])
    []
    >>> unsupported_values("按GB 50016-2014和T/FIREKG 001-2026，罚款5000元", "", [fine])
    []
    """
    known = {value for text in [question, *facts, *(c.text for c in allowed)] for value in _values(text)}
    stated = _written_values(_NOT_VALUES.sub(" ", answer))
    return [written for written, value in stated if value not in known]


def _values(text: str) -> set[float]:
    """Every value a source states, Chinese numerals with or without a unit (地下一、二层)."""
    return {value for _, value in _written_values(text)} | \
        {float(chinese_to_int(match.group())) for match in _ANY_CHINESE_VALUE.finditer(text)}


def _written_values(text: str) -> list[tuple[str, float]]:
    arabic = [(match[1], float(match[1]) * _MULTIPLIER.get(match[2], 1)) for match in _ARABIC_VALUE.finditer(text)]
    chinese = [(match[1] or match[2], float(chinese_to_int(match[1] or match[2]) * (10000 if match[3] else 1)))
               for match in _CHINESE_VALUE.finditer(text)]
    return arabic + chinese


def with_value_note(text: str, question: str, allowed: Sequence[Citation], facts: Sequence[str] = ()) -> str:
    """The answer, with a warning when it states values that its clauses do not (see :func:`unsupported_values`)."""
    values = list(dict.fromkeys(unsupported_values(text, question, allowed, facts)))
    return f"{text}\n{VALUE_NOTE.format(values='、'.join(values))}" if values else text


def _source_line(citation: Citation, words: str) -> str:
    return f"{SOURCE_LEAD}{citation.label()}：「{words}」"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _repeats(answer: str, clause: str, run: int = QUOTED_RUN) -> bool:
    """Whether the answer copies ``run`` characters in a row of the clause (all of a shorter clause)."""
    run = min(run, len(clause))
    return any(answer[start:start + run] in clause for start in range(len(answer) - run + 1))


def attributed(answer: str, question: str, allowed: Sequence[Citation]) -> list[Citation]:
    """The retrieved clauses an answer repeats: at least ATTRIBUTION_SHARE of the answer's own bigrams
    (those not in the question, so echoing the question attributes nothing) occur in the clause.

    >>> clause = Citation("消防法", "第二十八条", 28, "消防法#28", "任何单位不得埋压、圈占、遮挡消火栓或者占用防火间距。")
    >>> [c.clause_id for c in attributed("答：不得埋压、圈占、遮挡消火栓。", "消火栓能埋吗", [clause])]
    ['消防法#28']
    >>> attributed("消火栓被埋压、圈占了怎么办", "消火栓被埋压、圈占了怎么办", [clause])
    []
    """
    own = _bigrams(answer) - _bigrams(question)
    if len(own) < ATTRIBUTION_MIN_BIGRAMS:
        return []
    return [citation for citation in allowed
            if len(own & _bigrams(citation.text)) >= ATTRIBUTION_SHARE * len(own)]


def _bigrams(text: str) -> set[str]:
    """Character bigrams of the Han runs, and numbers as whole tokens (120 m → '120')."""
    found = set(re.findall(r"\d+(?:\.\d+)?", text))
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        found |= {run[i:i + 2] for i in range(len(run) - 1)}
    return found


def is_refusal(answer: str) -> bool:
    """Whether a model's answer says the documents do not cover the question.

    >>> is_refusal("已载入的文件中没有相关规定。"), is_refusal("禁止停放[1]。")
    (True, False)
    """
    return bool(REFUSAL.search(answer))


def check_citations(text: str, allowed: Sequence[Citation]) -> tuple[str, list[Citation], int]:
    """Keep citations that point at a retrieved clause; drop the others. Returns (text, cited, removed).

    Numbered citations ([1], 【2】) refer to the evidence in prompt order and are written out.

    >>> allowed = [Citation("中华人民共和国消防法", "第二十八条", 28, "中华人民共和国消防法#28", "")]
    >>> check_citations("不得埋压消火栓（《消防法》第二十八条、《消防法》第九十九条）。", allowed)[1:]
    ([Citation(doc='中华人民共和国消防法', number='第二十八条', number_arabic=28, clause_id='中华人民共和国消防法#28', text='')], 1)
    >>> check_citations("不得埋压消火栓[1][3]。", allowed)[0::2]
    ('不得埋压消火栓（《中华人民共和国消防法》第二十八条）。', 1)
    """
    cited: list[Citation] = []
    removed = 0

    def number_to_label(match: re.Match) -> str:
        nonlocal removed
        number = int(match.group(1))
        if 1 <= number <= len(allowed):
            return f"（{allowed[number - 1].label()}）"
        removed += 1
        return ""

    text = _REPEATED_LABEL.sub(r"\1", _ADJACENT_LABELS.sub(r"\1、", _NUMBERED.sub(number_to_label, text)))

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
    _bare_articles(text, allowed, cited)
    return _tidy_brackets(text), cited, removed + removed_bare


def _tidy_brackets(text: str) -> str:
    """Remove separators and empty brackets left where citations were dropped.

    >>> _tidy_brackets("见（、《消防法》第二十八条）和（）。")
    '见（《消防法》第二十八条）和。'
    """
    text = re.sub(r"([（(])[、，\s]+|[、，\s]+([）)])", r"\1\2", text)
    return re.sub(r"（\s*）|\(\s*\)", "", text)


def _bare_articles(text: str, allowed: Sequence[Citation], cited: list[Citation]) -> None:
    """第二十五条 without a title cites the one retrieved article with that number, if only one has it.

    Unlike a bare code number it is left in the text either way: a sentence may name an article
    without citing it.

    >>> allowed = [Citation("消防法", "第十七条", 17, "a#17", ""), Citation("规定", "第二十五条", 25, "b#25", "")]
    >>> cited = []; _bare_articles("见第二十五条和第九十条", allowed, cited); [c.clause_id for c in cited]
    ['b#25']
    """
    for match in _BARE_ARTICLE.finditer(text):
        number = chinese_to_int(match.group(1)) if not match.group(1).isdigit() else int(match.group(1))
        matches = [c for c in allowed if c.number_arabic == number]
        if len(matches) == 1 and matches[0] not in cited:
            cited.append(matches[0])


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
    key = number if re.fullmatch(r"\d+(?:\.\d+)+[A-Z]?|S\d+", number) else str(chinese_to_int(number))
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
