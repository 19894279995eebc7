"""Citations in LLM answers: numbered ones written out, bare article numbers, attribution by repeated words."""
from __future__ import annotations

import pytest

from qa.answer import Citation
from qa.engine import QAEngine
from qa.summarize import ANSWER_ORDER, VALUE_NOTE, LLMSummarizer, attributed, check_citations, is_refusal

from tests.qa.test_engine import LAW

EVIDENCE = [Citation("中华人民共和国消防法", "第二十八条", 28, "消防法#28", "任何单位不得埋压、圈占、遮挡消火栓。"),
            Citation("消防设施设计示范规范", "3.5.2", None, "示范#3.5.2", "室外消火栓的间距不应大于120 m，保护半径不应大于150 m。"),
            Citation("建筑设计防火规范", "S0494", None, "GB 50016-2014#S0494", "防火卷帘应具有火灾时靠自重自动关闭功能。")]

CHECKED = [
    # model answer, cited clause ids, removed citations
    ("不得埋压消火栓[1]。", ["消防法#28"], 0),
    ("不得埋压消火栓【1】，间距不大于120 m[2][7]。", ["消防法#28", "示范#3.5.2"], 1),
    ("见第二十八条。", ["消防法#28"], 0),
    ("见第3.5.2条和第9.9.9条。", ["示范#3.5.2"], 1),
    ("依据《中华人民共和国消防法》第二十八条、《消防法》第九十九条。", ["消防法#28"], 1),
    # a code loaded one sentence per line is cited by its sentence key, as its label writes it
    ("《建筑设计防火规范》第S0494条 防火卷帘应具有自重关闭功能；《建筑设计防火规范》第S0999条", ["GB 50016-2014#S0494"], 1),
]


@pytest.mark.parametrize(("answer", "cited", "removed"), CHECKED)
def test_citations_are_resolved_against_the_evidence(answer, cited, removed):
    text, found, dropped = check_citations(answer, EVIDENCE)
    assert [c.clause_id for c in found] == cited and dropped == removed
    assert "[7]" not in text and "九十九" not in text


def test_numbered_citations_are_written_out_as_titles():
    text = check_citations("不得埋压消火栓[1][2]。", EVIDENCE)[0]
    assert text == "不得埋压消火栓（《中华人民共和国消防法》第二十八条、《消防设施设计示范规范》第3.5.2条）。"


def test_a_number_followed_by_the_label_it_stands_for_writes_the_label_once():
    text, cited, _ = check_citations("[1] 《中华人民共和国消防法》第二十八条 任何单位不得埋压消火栓。", EVIDENCE)
    assert text == "《中华人民共和国消防法》第二十八条 任何单位不得埋压消火栓。"
    assert [c.clause_id for c in cited] == ["消防法#28"]


ATTRIBUTED = [
    ("室外消火栓的间距最大能到120 m，保护半径应不大于150 m。", "室外消火栓之间距离最大多少？", ["示范#3.5.2"]),
    ("任何单位不得埋压、圈占、遮挡消火栓。", "消火栓能埋压吗？", ["消防法#28"]),
    ("消火栓能埋压吗？不能。", "消火栓能埋压吗？", []),
]


@pytest.mark.parametrize(("answer", "question", "expected"), ATTRIBUTED)
def test_an_answer_is_attributed_to_the_clauses_it_repeats(answer, question, expected):
    assert [c.clause_id for c in attributed(answer, question, EVIDENCE)] == expected


@pytest.mark.parametrize(("answer", "expected"), [("已载入的文件中没有相关规定。", True), ("条文未提及相关内容", True),
                                                  ("不得埋压消火栓。", False)])
def test_refusals_by_the_model_are_recognised(answer, expected):
    assert is_refusal(answer) is expected


class ScriptedChat:
    name = "scripted"

    def __init__(self, reply: str) -> None:
        self.reply, self.prompts = reply, []

    def complete(self, messages, max_tokens=256, temperature=0.0, stop=None):
        self.prompts.append(messages)
        return self.reply


def test_the_prompt_numbers_the_evidence_and_a_numbered_answer_cites_it(sample_store):
    chat = ScriptedChat("严禁在楼梯间停放电动自行车[1]。")
    answer = QAEngine(sample_store, LLMSummarizer(chat)).ask("示例市消防管理条例第五条说了什么？")
    assert "[1] 《示例市消防管理条例》第五条" in chat.prompts[0][1]["content"]
    assert [c.clause_id for c in answer.citations] == [f"{LAW}#5"] and "（《示例市消防管理条例》第五条）" in answer.answer


def test_an_answer_that_neither_cites_nor_repeats_a_clause_cites_the_clauses_it_was_given(sample_store):
    answer = QAEngine(sample_store, LLMSummarizer(ScriptedChat("不能。"))).ask("示例市消防管理条例第五条说了什么？")
    assert not answer.abstained and [c.clause_id for c in answer.citations] == [f"{LAW}#5"]


def test_a_model_that_says_the_documents_do_not_cover_it_abstains_without_citations(sample_store):
    answer = QAEngine(sample_store, LLMSummarizer(ScriptedChat("已载入的文件中没有相关规定。"))).ask("示例市消防管理条例第五条说了什么？")
    assert answer.abstained and answer.citations == [] and answer.subgraph.nodes == []


def test_a_list_answer_that_quotes_one_clause_names_and_cites_the_rest_of_the_list(sample_store):
    question = "室内消火栓有哪些设置要求？"
    extractive = QAEngine(sample_store).ask(question)
    assert len(extractive.citations) > 1, extractive.citations
    first = extractive.citations[0]
    answer = QAEngine(sample_store, LLMSummarizer(ScriptedChat(f"{first.text}[1]"))).ask(question)
    assert [c.clause_id for c in answer.citations] == [c.clause_id for c in extractive.citations]
    rest = "、".join(c.label() for c in extractive.citations[1:])
    assert answer.answer.endswith(f"其余相关条文：{rest}")


def test_a_value_answer_cites_only_what_the_model_cited(sample_store):
    question = "消防水池的有效容积至少多少，补水时间最长多久？"
    retrieved = QAEngine(sample_store).ask(question).citations
    assert len(retrieved) == 2
    answer = QAEngine(sample_store, LLMSummarizer(ScriptedChat("补水时间不宜大于48 h[2]。"))).ask(question)
    assert answer.citations == [retrieved[1]]
    assert "其余相关条文" not in answer.answer


@pytest.mark.parametrize(("question", "quoted_first"), [("室内消火栓的间距是多少？", True),
                                                        ("室内消火栓有哪些设置要求？", False)])
def test_the_model_is_asked_to_quote_first_for_a_value_but_not_for_a_list(sample_store, question, quoted_first):
    chat = ScriptedChat("不应大于30 m[1]。")
    QAEngine(sample_store, LLMSummarizer(chat)).ask(question)
    assert chat.prompts[0][1]["content"].endswith(ANSWER_ORDER) is quoted_first


def test_an_answer_for_several_named_documents_cites_and_quotes_the_clause_of_each(sample_store):
    question = "示例市消防管理条例和示范规范对室内消火栓分别是怎么规定的？"
    extractive = QAEngine(sample_store).ask(question)
    assert {c.doc for c in extractive.citations} == {"示例市消防管理条例", "消防设施设计示范规范"}
    answer = QAEngine(sample_store, LLMSummarizer(ScriptedChat("应当配置室内消火栓[1]。"))).ask(question)
    assert answer.citations == extractive.citations
    assert answer.answer.splitlines()[1:] == [f"原文：{c.label()}：「{c.text}」" for c in extractive.citations]


def test_a_yes_no_answer_without_the_clauses_words_ends_with_them(sample_store):
    question = "示例市的住宅楼梯间能停放电动自行车吗？"
    answer = QAEngine(sample_store, LLMSummarizer(ScriptedChat("不能[1]。"))).ask(question)
    clause = answer.citations[0]
    assert clause.clause_id == f"{LAW}#5"
    assert answer.answer.splitlines()[-1].startswith(f"原文：{clause.label()}：「") and answer.answer.endswith("」")


def test_an_answer_that_already_quotes_its_clause_whole_gets_no_second_quote(sample_store):
    # a part copied is not enough: the 0.5B copies one branch of a clause and takes the value of another
    question = "示例市的住宅楼梯间能停放电动自行车吗？"
    clause = QAEngine(sample_store).ask(question).citations[0]
    whole = QAEngine(sample_store, LLMSummarizer(ScriptedChat(f"不能，条文规定：{clause.text}[1]"))).ask(question)
    assert "原文：" not in whole.answer
    part = QAEngine(sample_store, LLMSummarizer(ScriptedChat(f"不能，条文规定：{clause.text[:20]}[1]。"))).ask(question)
    assert part.answer.splitlines()[-1].startswith(f"原文：{clause.label()}：「")


def test_a_value_the_clauses_do_not_state_is_flagged_and_one_they_state_is_not(sample_store):
    # the 0.5B once concluded 结论：10m from a clause that says 防火间距不限
    question = "室内消火栓的间距是多少？"
    made_up = QAEngine(sample_store, LLMSummarizer(ScriptedChat("间距不应大于45 m[1]。"))).ask(question)
    assert made_up.answer.splitlines()[-1] == VALUE_NOTE.format(values="45")
    stated = QAEngine(sample_store, LLMSummarizer(ScriptedChat("不应大于30 m[1]。"))).ask(question)
    assert "注意：" not in stated.answer


def test_a_line_that_only_repeats_the_question_is_dropped(sample_store):
    question = "室内消火栓的间距是多少？"
    answer = QAEngine(sample_store, LLMSummarizer(ScriptedChat(f"不应大于30 m[1]。\n\n问题：{question}\n\n结论：30 m。"))).ask(question)
    assert "问题：" not in answer.answer and "结论：30 m。" in answer.answer
