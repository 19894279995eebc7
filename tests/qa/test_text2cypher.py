"""Text-to-Cypher is given the question's linked values as parameters and runs the model's query with them."""
from __future__ import annotations

import re

import pytest

from qa.engine import QAEngine
from qa.summarize import LLMSummarizer
from qa.guard import MAX_ROWS, check_cypher
from qa.text2cypher import SCHEMA_PROMPT, QueryValues, TextToCypher

from tests.qa.test_engine import LAW
from tests.qa.test_summarize import ScriptedChat

BY_KEYWORDS = ("```cypher\nMATCH (c:Clause) WHERE c.doc_id = $p0 AND c.text CONTAINS $p1 "
               "RETURN c.id AS clause_id, c.doc_id AS doc_id, c.doc_title AS doc_title, c.number AS number, "
               "c.number_arabic AS number_arabic, c.text AS text LIMIT 10\n```")


def test_the_model_is_given_the_document_and_keywords_and_its_query_runs_with_them(sample_store):
    chat = ScriptedChat(BY_KEYWORDS)
    engine = QAEngine(sample_store, LLMSummarizer(ScriptedChat("应当安装可燃气体探测器[1]。")),
                      text2cypher=TextToCypher(sample_store, chat))
    answer = engine.ask("示例市的餐饮场所要注意什么？")
    prompt = chat.prompts[0][1]["content"]
    assert f'"p0": "{LAW}"' in prompt and '"p1": "餐饮"' in prompt and "p0 是文件" in prompt
    assert answer.mode == "text2cypher" and engine.text2cypher.statistics == {
        "generated": 1, "refused": 0, "invalid": 0, "executed": 1, "found": 1}
    step = next(step for step in answer.cypher if "CONTAINS $p1" in step["query"])
    assert step["parameters"]["p0"] == LAW and step["parameters"]["p1"] == "餐饮"
    assert [c.clause_id for c in answer.citations] == [f"{LAW}#6"]


def test_a_query_with_a_parameter_it_was_not_given_is_repaired_once_then_given_up(sample_store):
    chat = ScriptedChat(BY_KEYWORDS)
    result = TextToCypher(sample_store, chat).answer("餐饮场所要注意什么？", QueryValues(keywords=("餐饮",)))
    assert result.rows == [] and len(chat.prompts) == 2
    assert "出错" in chat.prompts[1][-1]["content"]


@pytest.mark.parametrize(("values", "described"), [
    (QueryValues(), "参数：{}（没有参数：不要用 $p0 之类的参数）"),
    (QueryValues(equipment=("消火栓",), hazards=("火灾",)), '参数：{"p0": "消火栓", "p1": "火灾"}（p0 是设备；p1 是危险源）'),
])
def test_the_prompt_says_what_each_parameter_is(values, described):
    assert values.described() == described


def test_the_prompts_examples_pass_the_guard_as_written():
    # the model copies the examples: one the guard would have to rewrite (a write, a LIMIT over the cap)
    # teaches it a query that is changed before it runs
    examples = re.findall(r"```cypher\n(.+?)\n```", SCHEMA_PROMPT, re.S)
    assert len(examples) == 3
    for example in examples:
        checked = check_cypher(example.strip())
        assert not checked.limit_added and checked.query.endswith(f"LIMIT {MAX_ROWS}"), checked.query
