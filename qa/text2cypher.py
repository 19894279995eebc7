"""LLM text-to-Cypher for questions no template fits: schema-grounded prompt, guard, one repair round."""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from kg.errors import FireKGError, UnsafeCypherError
from kg.store.base import GraphStore
from qa.guard import check_cypher
from qa.templates import TemplateResult

logger = logging.getLogger(__name__)

# The examples return as many rows as the guard lets through (guard.MAX_ROWS): the engine ranks them
# with the question's BM25 hits, and with LIMIT 10 the model copied, keywords joined with OR returned ten
# arbitrary matches (TEXT-intent tuning questions whose rows held a gold clause: 4 → 8 of 40).
SCHEMA_PROMPT = """你把中文问题翻译成一条只读的 Cypher 查询。图里的节点和属性：
Document：id, title, kind, code
Clause：id, doc_id, doc_title, number, number_arabic, key, text, modality, mandatory, path
Equipment：name；Hazard：name
关系：(:Document)-[:HAS_CLAUSE]->(:Clause)，(:Clause)-[:MENTIONS]->(:Equipment) 或 (:Hazard)，
(:Clause)-[:REFERENCES]->(:Clause) 或 (:Document)，(:Equipment)-[:IS_A]->(:Equipment)。
规则：只用 MATCH/OPTIONAL MATCH/WHERE/WITH/RETURN/ORDER BY/LIMIT；只用给出的参数（$p0、$p1……），不要写别的值，也不要用没给出的参数；
文件用 c.doc_id = 文件参数；设备用 (:Equipment {name: 设备参数})，危险源用 (:Hazard {name: 危险源参数})；关键词用 c.text CONTAINS 关键词参数，几个关键词之间用 OR（条文只要含其中一个就算），不要用 AND 连接关键词；
返回条文时必须返回 c.id AS clause_id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, c.number_arabic AS number_arabic, c.text AS text。
只输出查询本身，放在 ```cypher 代码块里。

例子：
问题：消防水池有什么规定？
参数：{"p0": "消防水池"}（p0 是设备）
```cypher
MATCH (c:Clause)-[:MENTIONS]->(e:Equipment {name: $p0})
RETURN c.id AS clause_id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, c.number_arabic AS number_arabic, c.text AS text LIMIT 50
```
问题：示例条例里仓库值班人员要做什么？
参数：{"p0": "示例市消防管理条例", "p1": "仓库", "p2": "值班"}（p0 是文件；p1、p2 是关键词）
```cypher
MATCH (c:Clause) WHERE c.doc_id = $p0 AND (c.text CONTAINS $p1 OR c.text CONTAINS $p2)
RETURN c.id AS clause_id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, c.number_arabic AS number_arabic, c.text AS text LIMIT 50
```
问题：施工现场动火要遵守什么？
参数：{"p0": "施工现场", "p1": "动火"}（p0、p1 是关键词）
```cypher
MATCH (c:Clause) WHERE c.text CONTAINS $p0 OR c.text CONTAINS $p1
RETURN c.id AS clause_id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, c.number_arabic AS number_arabic, c.text AS text LIMIT 50
```"""
_CODE_BLOCK = re.compile(r"```(?:cypher)?\s*(.+?)```", re.S | re.I)
CLAUSE_COLUMNS = {"clause_id", "doc_id", "doc_title", "number", "text"}


# What each kind of value is called in the prompt.
_KINDS = (("documents", "文件"), ("equipment", "设备"), ("hazards", "危险源"), ("keywords", "关键词"))


@dataclass(frozen=True)
class QueryValues:
    """The values a generated query may use, from the question's linking: documents (ids), equipment
    and hazard names, and keywords of the question that occur in clause texts. The model is given
    them as $p0, $p1 … with what each is, and told to write no value of its own (a literal it writes
    anyway is still only read: the guard checks the query, not where its values came from)."""

    documents: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    hazards: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def parameters(self) -> dict[str, str]:
        """The values in the order the prompt numbers them.

        >>> QueryValues(documents=("北京市消防条例",), keywords=("演练",)).parameters()
        {'p0': '北京市消防条例', 'p1': '演练'}
        """
        values = [value for kind, _ in _KINDS for value in getattr(self, kind)]
        return {f"p{number}": value for number, value in enumerate(values)}

    def described(self) -> str:
        """The parameters as the prompt shows them, with what each one is.

        >>> QueryValues(documents=("北京市消防条例",), keywords=("演练", "学校")).described()
        '参数：{"p0": "北京市消防条例", "p1": "演练", "p2": "学校"}（p0 是文件；p1、p2 是关键词）'
        """
        parameters = self.parameters()
        if not parameters:
            return "参数：{}（没有参数：不要用 $p0 之类的参数）"
        roles, number = [], 0
        for kind, word in _KINDS:
            names = [f"p{number + offset}" for offset in range(len(getattr(self, kind)))]
            number += len(names)
            if names:
                roles.append(f"{'、'.join(names)} 是{word}")
        return f"参数：{json.dumps(parameters, ensure_ascii=False)}（{'；'.join(roles)}）"


class TextToCypher:
    """Ask a chat model for Cypher, run it only after the guard, repair once on failure.

    ``statistics`` counts generated, refused, invalid and executed queries for ``firekg qa eval``, and
    the executed ones that found clauses.
    """

    def __init__(self, store: GraphStore, chat, max_rows: int = 50) -> None:
        self.store, self.chat, self.max_rows = store, chat, max_rows
        self.statistics = {"generated": 0, "refused": 0, "invalid": 0, "executed": 0, "found": 0}

    def answer(self, question: str, values: QueryValues | None = None) -> TemplateResult:
        values = values or QueryValues()
        parameters = values.parameters()
        messages = [{"role": "system", "content": SCHEMA_PROMPT},
                    {"role": "user", "content": f"问题：{question}\n{values.described()}"}]
        result = TemplateResult()
        for attempt in range(2):
            cypher = _extract_query(self.chat.complete(messages, max_tokens=300, temperature=0.0))
            self.statistics["generated"] += 1
            try:
                rows = self._run(cypher, parameters, result)
            except UnsafeCypherError as error:
                self.statistics["refused"] += 1
                logger.warning("text2cypher refused: %s", error)
                return result
            except FireKGError as error:
                self.statistics["invalid"] += 1
                messages += [{"role": "assistant", "content": f"```cypher\n{cypher}\n```"},
                             {"role": "user", "content": f"这条查询出错：{error}。请改正后只输出查询。"}]
                continue
            result.rows = [row for row in rows if CLAUSE_COLUMNS <= row.keys()]
            self.statistics["found"] += bool(result.rows)
            return result
        return result

    def _run(self, cypher: str, parameters: dict, result: TemplateResult) -> list[dict]:
        checked = check_cypher(cypher, self.max_rows)
        self.store.explain(checked.query, parameters)
        result.cypher.append({"query": checked.query, "parameters": parameters})
        rows = self.store.read(checked.query, parameters)
        self.statistics["executed"] += 1
        return rows


def _extract_query(reply: str) -> str:
    """The query inside a ```cypher block, or the reply itself.

    >>> _extract_query("好的\\n```cypher\\nMATCH (c:Clause) RETURN c\\n```")
    'MATCH (c:Clause) RETURN c'
    """
    match = _CODE_BLOCK.search(reply)
    return (match.group(1) if match else reply).strip()
