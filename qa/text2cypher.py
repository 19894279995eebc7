"""LLM text-to-Cypher for questions no template fits: schema-grounded prompt, guard, one repair round."""
from __future__ import annotations

import logging
import re

from kg.errors import FireKGError, UnsafeCypherError
from kg.store.base import GraphStore
from qa.guard import check_cypher
from qa.templates import TemplateResult

logger = logging.getLogger(__name__)

SCHEMA_PROMPT = """你把中文问题翻译成一条只读的 Cypher 查询。图的结构：
(:Document {id, title, kind, code})-[:HAS_CLAUSE {order}]->(:Clause {id, doc_id, doc_title, number, number_arabic, key, text, modality, mandatory, path})
(:Clause)-[:MENTIONS {start, end, label}]->(:Equipment {name}) 或 (:Hazard {name})
(:Clause)-[:REFERENCES {text, kind}]->(:Clause) 或 (:Document)
(:Equipment)-[:IS_A]->(:Equipment)
规则：只用 MATCH/OPTIONAL MATCH/WHERE/WITH/RETURN/ORDER BY/LIMIT；问题里的值写成参数 $p0、$p1……；
返回条文时必须返回 c.id AS clause_id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, c.number_arabic AS number_arabic, c.text AS text。
只输出查询本身，放在 ```cypher 代码块里。

例子：
问题：哪些强制性条文提到消防水池？ 参数：{"p0": "消防水池"}
```cypher
MATCH (c:Clause)-[:MENTIONS]->(e:Equipment {name: $p0}) WHERE c.mandatory = true
RETURN c.id AS clause_id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, c.number_arabic AS number_arabic, c.text AS text LIMIT 10
```
问题：消防法中哪些条文同时提到灭火器和火灾隐患？ 参数：{"p0": "中华人民共和国消防法", "p1": "灭火器", "p2": "火灾隐患"}
```cypher
MATCH (c:Clause)-[:MENTIONS]->(:Equipment {name: $p1}) MATCH (c)-[:MENTIONS]->(:Hazard {name: $p2}) WHERE c.doc_id = $p0
RETURN c.id AS clause_id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, c.number_arabic AS number_arabic, c.text AS text LIMIT 10
```"""
_CODE_BLOCK = re.compile(r"```(?:cypher)?\s*(.+?)```", re.S | re.I)
CLAUSE_COLUMNS = {"clause_id", "doc_id", "doc_title", "number", "text"}


class TextToCypher:
    """Ask a chat model for Cypher, run it only after the guard, repair once on failure.

    ``statistics`` counts generated, valid and executed queries for ``firekg qa eval``.
    """

    def __init__(self, store: GraphStore, chat, max_rows: int = 50) -> None:
        self.store, self.chat, self.max_rows = store, chat, max_rows
        self.statistics = {"generated": 0, "refused": 0, "invalid": 0, "executed": 0}

    def answer(self, question: str, scope: list[str] | None, parameters: dict | None = None) -> TemplateResult:
        parameters = dict(parameters or {})
        messages = [{"role": "system", "content": SCHEMA_PROMPT},
                    {"role": "user", "content": f"问题：{question} 参数：{parameters}"}]
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
