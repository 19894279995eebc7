"""QA evaluation on a question set: citation precision/recall, fact accuracy, abstention, Cypher safety."""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.corpus.clauses import article_key
from kg.corpus.text import CHINESE_NUMERAL, chinese_to_int, int_to_chinese, normalize_standard_codes, normalize_text
from kg.errors import FireKGError, UnsafeCypherError
from qa.guard import check_cypher

CITED_TYPES = ("lookup", "fact", "entity")


_ADDED_ARTICLE = re.compile(rf"第?({CHINESE_NUMERAL}|\d+)条?之({CHINESE_NUMERAL}|\d+)")


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    type: str
    gold: frozenset[str]            # clause ids "doc#key"
    answer_contains: tuple[str, ...]


def _clause_key(clause: str) -> str:
    """An article added between two others keyed as the graph keys it: 20之一 and 第二十条之一 are 20-1.

    >>> _clause_key("20之一"), _clause_key("第二十条之一"), _clause_key("3.2.1"), _clause_key("20")
    ('20-1', '20-1', '3.2.1', '20')
    """
    found = _ADDED_ARTICLE.fullmatch(clause)
    if not found:
        return clause
    article, added = (chinese_to_int(part) for part in found.groups())
    return article_key(f"第{article}条之{int_to_chinese(added)}")[0]


def load_questions(path: Path) -> list[Question]:
    questions = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
            # a code's number as printed on its cover (T/FIREKG 041—2026) names the document its id writes with a hyphen
            gold = frozenset(f"{normalize_standard_codes(item['doc'])}#{_clause_key(str(item['clause']))}"
                             for item in row.get("gold", []))
            questions.append(Question(row["id"], row["question"], row.get("type", "fact"), gold,
                                      tuple(row.get("answer_contains", []))))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise FireKGError(f"{path}:{number}: expected {{\"id\", \"question\", \"type\", \"gold\": "
                              f"[{{\"doc\", \"clause\"}}]}}; {error}") from error
    return questions


def evaluate_answers(questions: Sequence[Question], answers: Sequence) -> dict:
    """Scores from answers (``qa.answer.Answer``) to the questions, in order."""
    counts = Counter()
    by_type: dict[str, Counter] = {}
    for question, answer in zip(questions, answers):
        cited = {citation.clause_id for citation in answer.citations}
        kind = by_type.setdefault(question.type, Counter())
        kind["questions"] += 1
        refuse = question.type == "refuse"
        kind["abstention_correct"] += answer.abstained == refuse
        counts["abstention_correct"] += answer.abstained == refuse
        if not refuse:
            kind["cited"] += len(cited)
            kind["correct"] += len(cited & question.gold)
            kind["gold"] += len(question.gold)
        if question.answer_contains:
            counts["facts"] += 1
            counts["facts_correct"] += all(states_fact(answer.answer, fact) for fact in question.answer_contains)
        for step in answer.cypher:
            counts["cypher"] += 1
            counts["cypher_read_only"] += _read_only(step["query"])
    cited_total = sum(by_type.get(t, Counter())["cited"] for t in CITED_TYPES)
    correct_total = sum(by_type.get(t, Counter())["correct"] for t in CITED_TYPES)
    gold_total = sum(by_type.get(t, Counter())["gold"] for t in CITED_TYPES)
    return {
        "questions": len(questions),
        "citation_precision": _ratio(correct_total, cited_total),
        "citation_recall": _ratio(correct_total, gold_total),
        "fact_accuracy": _ratio(counts["facts_correct"], counts["facts"]),
        "abstention_accuracy": _ratio(counts["abstention_correct"], len(questions)),
        "cypher_read_only": _ratio(counts["cypher_read_only"], counts["cypher"]),
        "by_type": {name: {"questions": c["questions"], "precision": _ratio(c["correct"], c["cited"]),
                           "recall": _ratio(c["correct"], c["gold"]),
                           "abstention": _ratio(c["abstention_correct"], c["questions"])}
                    for name, c in sorted(by_type.items())},
    }


def question_details(questions: Sequence[Question], answers: Sequence) -> list[dict]:
    """One row per question, to see which questions a change moved: its gold and cited clause ids, the gold it cited,
    whether it abstained and whether that was right, and whether the answer states each of its facts."""
    rows = []
    for question, answer in zip(questions, answers):
        cited = sorted({citation.clause_id for citation in answer.citations})
        rows.append({"id": question.id, "type": question.type, "question": question.question,
                     "gold": sorted(question.gold), "cited": cited, "hit": sorted(question.gold & set(cited)),
                     "abstained": answer.abstained, "abstention_correct": answer.abstained == (question.type == "refuse"),
                     "facts": {fact: states_fact(answer.answer, fact) for fact in question.answer_contains}})
    return rows


def states_fact(answer: str, fact: str) -> bool:
    """Whether an answer states a gold fact, digits and letters of either width alike (a file typed with
    full-width digits, ２０米, is read as 20米).

    >>> states_fact("距离不应小于20米。", "２０米"), states_fact("不应小于20米", "30米")
    (True, False)
    """
    return normalize_text(fact) in normalize_text(answer)


def _read_only(query: str) -> bool:
    """Every executed query is re-checked by the guard (templates included)."""
    try:
        check_cypher(query, max_rows=10 ** 6)
    except UnsafeCypherError:
        return False
    return True


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0
