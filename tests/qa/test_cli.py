"""`firekg ask` and `firekg qa eval` through the real command line."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from firekg.cli import cli
from kg.store import StoreSettings

from tests.qa.test_engine import build_graph


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qa-cli")
    build_graph(StoreSettings(home=folder)).close()
    return folder


def invoke(home, monkeypatch, *args):
    monkeypatch.setenv("FIREKG_HOME", str(home))
    monkeypatch.delenv("FIREKG_NEO4J_URI", raising=False)
    monkeypatch.delenv("FIREKG_LLM_BASE_URL", raising=False)
    return CliRunner().invoke(cli, list(args))


def test_ask_json_contract(home, monkeypatch):
    result = invoke(home, monkeypatch, "ask", "示例市消防管理条例第八条说了什么？", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["mode"] == "template" and payload["summarizer"] == "extractive" and not payload["abstained"]
    assert payload["citations"][0]["clause_id"] == "示例市消防管理条例#8"
    assert payload["cypher"] and payload["timings_ms"]["linking"] >= 0


def test_ask_many_questions_in_one_process(home, monkeypatch, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "a", "question": "消火栓被埋压会怎么处罚？"}\n{"id": "b", "question": "个人所得税怎么算"}\n',
                         encoding="utf-8")
    answers = tmp_path / "a.jsonl"
    result = invoke(home, monkeypatch, "ask", "--input", str(questions), "--output", str(answers))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a", "b"]
    assert not rows[0]["abstained"] and rows[1]["abstained"] and rows[1]["citations"] == []


def test_ask_needs_a_question_or_an_input_file(home, monkeypatch):
    result = invoke(home, monkeypatch, "ask")
    assert result.exit_code == 2 and "QUESTION or --input" in result.output


def test_ask_refuses_a_question_over_the_limit_naming_it(home, monkeypatch, tmp_path):
    from qa.answer import MAX_QUESTION_CHARS
    long = "消火栓" * (MAX_QUESTION_CHARS // 3 + 1)
    result = invoke(home, monkeypatch, "ask", long)
    assert result.exit_code == 2 and f"the limit is {MAX_QUESTION_CHARS}" in result.output
    questions = tmp_path / "long.jsonl"
    questions.write_text(json.dumps({"id": "a", "question": "消火栓被埋压会怎么处罚？"}, ensure_ascii=False) + "\n"
                         + json.dumps({"id": "b", "question": long}, ensure_ascii=False) + "\n", encoding="utf-8")
    answers = tmp_path / "long-answers.jsonl"
    result = invoke(home, monkeypatch, "ask", "--input", str(questions), "--output", str(answers))
    # firekg's main() prints a FireKGError as "error: …" and exits 2; nothing is answered or written
    assert f"{questions}:2" in str(result.exception) and "the limit is" in str(result.exception)
    assert not answers.exists()
    questions.write_text('{"id": "a", "question": "消火栓"\n', encoding="utf-8")
    result = invoke(home, monkeypatch, "ask", "--input", str(questions), "--output", str(answers))
    assert f"{questions}:1: not JSON" in str(result.exception) and not answers.exists()


def test_qa_eval_prints_the_scores(home, monkeypatch, tmp_path):
    data = tmp_path / "dev.jsonl"
    rows = [{"id": "1", "question": "示例市消防管理条例第五条说了什么？", "type": "lookup",
             "gold": [{"doc": "示例市消防管理条例", "clause": "5"}], "answer_contains": ["电动自行车"]},
            {"id": "2", "question": "今天天气怎么样", "type": "refuse", "gold": []}]
    data.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
    details = tmp_path / "details.jsonl"
    result = invoke(home, monkeypatch, "qa", "eval", "--data", str(data), "--json", "--details", str(details))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    assert [(row["id"], row["hit"], row["abstained"], row["abstention_correct"]) for row in rows] == [
        ("1", ["示例市消防管理条例#5"], False, True), ("2", [], True, True)]
    assert rows[0]["cited"] == ["示例市消防管理条例#5"] and rows[0]["facts"] == {"电动自行车": True}
    scores = json.loads(result.stdout)
    missing = tmp_path / "no-such-folder" / "details.jsonl"
    refused = invoke(home, monkeypatch, "qa", "eval", "--data", str(data), "--details", str(missing))
    assert refused.exit_code == 2 and "--details" in refused.output and "does not exist" in refused.output
    assert scores["citation_recall"] == 1.0 and scores["abstention_accuracy"] == 1.0
    assert scores["fact_accuracy"] == 1.0 and scores["cypher_read_only"] == 1.0
    assert scores["semantic"] is True          # the ner extra is installed where the tests run
