"""The QA path end to end on a real embedded graph: linking, each intent, abstention, citations."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus.loader import parse_paths
from kg.store import StoreSettings, open_store
from kg.store.ingest import ingest_documents
from ner.baseline import GazetteerExtractor
from qa.engine import QAEngine
from qa.summarize import ABSTAIN_TEXT, NO_LLM_NOTE

from tests.conftest import REPO

SAMPLE_LAW = Path(__file__).parent / "data" / "示例消防管理条例.md"
DEMO_CODE = REPO / "corpora" / "standards" / "demo_fire_code.md"
LAW = "示例市消防管理条例"


def build_graph(settings: StoreSettings):
    store = open_store(settings)
    documents = parse_paths([SAMPLE_LAW, DEMO_CODE]).documents
    ingest_documents(store, documents, GazetteerExtractor())
    return store


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    store = build_graph(StoreSettings(home=tmp_path_factory.mktemp("qa-graph")))
    yield QAEngine(store)
    store.close()


def cited(answer) -> list[str]:
    return [citation.clause_id for citation in answer.citations]


LINKING = [
    ("示例市消防管理条例第八条说了什么", [("document", LAW), ("clause", "8")]),
    ("消火栓被埋压会怎么处罚？", [("equipment", "消火栓")]),
    ("第3.6.4条是什么", [("clause", "3.6.4")]),
    ("可燃气体场所要装什么", [("hazard", "可燃气体")]),
]


@pytest.mark.parametrize(("question", "expected"), LINKING)
def test_linking(engine, question, expected):
    assert [(e.kind, e.id) for e in engine.linker.link(question)] == expected


INTENTS = [
    ("示例市消防管理条例第五条说了什么？", "clause_text", [f"{LAW}#5"]),
    ("消火栓被埋压会怎么处罚？", "penalty", [f"{LAW}#8"]),
    ("违反示例市消防管理条例第五条会怎么处罚", "penalty", [f"{LAW}#9"]),
    ("哪些条文引用了示例市消防管理条例第四条？", "references", [f"{LAW}#8"]),
    ("使用可燃气体的场所需要配置哪些设备？", "equipment_for_hazard", [f"{LAW}#6"]),
    ("室内消火栓的间距是多少？", "numeric", ["T/FIREKG 001-2026#3.6.4"]),
]


@pytest.mark.parametrize(("question", "intent", "gold"), INTENTS)
def test_each_intent_finds_the_governing_clause(engine, question, intent, gold):
    answer = engine.ask(question)
    assert answer.intent == intent and answer.mode == "template" and not answer.abstained
    assert set(gold) <= set(cited(answer)), (cited(answer), answer.answer)
    assert answer.cypher and all("$" in step["query"] or "LIMIT" in step["query"] for step in answer.cypher)


def test_mandatory_documents_and_count_intents(engine):
    mandatory = engine.ask("关于消防水泵接合器有哪些强制性条文？")
    assert mandatory.intent == "mandatory" and mandatory.citations
    documents = engine.ask("哪些文件提到了灭火器？")
    assert documents.intent == "documents" and "示例市消防管理条例" in documents.answer
    count = engine.ask("有多少条条文提到灭火器？")
    assert count.intent == "count" and "条条文提到灭火器" in count.answer


def test_equipment_question_includes_is_a_children(engine):
    answer = engine.ask("消火栓有什么要求？")
    names = {row["parameters"].get("names", [None])[0] for row in answer.cypher if "names" in row["parameters"]}
    assert "消火栓" in names
    assert any("室内消火栓" in step["parameters"].get("names", []) for step in answer.cypher)


@pytest.mark.parametrize("question", ["如何申请驾驶证？", "今天天气怎么样", "个人所得税怎么算"])
def test_off_topic_questions_are_refused_without_citations(engine, question):
    answer = engine.ask(question)
    assert answer.abstained and answer.citations == [] and answer.answer.endswith(ABSTAIN_TEXT)


def test_extractive_answer_says_no_llm_and_cites_the_clause(engine):
    answer = engine.ask("示例市消防管理条例第七条说了什么？")
    assert answer.summarizer == "extractive" and answer.answer.startswith(NO_LLM_NOTE)
    assert "《示例市消防管理条例》第七条" in answer.answer
    payload = answer.to_dict()
    assert {"question", "answer", "citations", "entities", "cypher", "subgraph", "mode", "summarizer", "abstained",
            "timings_ms"} <= payload.keys()
    assert payload["citations"][0]["number_arabic"] == 7 and payload["subgraph"]["nodes"]


def test_doc_filter_restricts_the_answer(engine):
    answer = engine.ask("消火栓有什么要求？", doc_ids=["T/FIREKG 001-2026"])
    assert answer.citations and all(c.clause_id.startswith("T/FIREKG 001-2026#") for c in answer.citations)


@pytest.mark.parametrize("question", ["NFPA 13对喷头间距有什么要求？", "美国规范里消火栓怎么设置？",
                                      "《消防员职业健康标准》第五条是什么"])
def test_questions_about_documents_not_loaded_are_refused(engine, question):
    answer = engine.ask(question)
    assert answer.abstained and answer.citations == [] and "不在已载入的文件中" in answer.answer
