"""The question sets in corpora/qa hold up against the documents as parsed today: every gold clause exists, and
every answer_contains string is in one of its question's gold clauses (a parser change that renumbers or splits
clauses would otherwise lower every score silently)."""
from __future__ import annotations

import json

import pytest

from kg.corpus.loader import parse_paths
from qa.evaluate import load_questions, states_fact

from tests.conftest import REPO

UNSEEN = sorted(folder for folder in (REPO / "corpora").glob("unseen*") if (folder / "questions.jsonl").is_file())
QUESTION_SETS = [*sorted((REPO / "corpora" / "qa").glob("*.jsonl")), *(folder / "questions.jsonl" for folder in UNSEEN)]


@pytest.fixture(scope="module")
def clause_texts(shared_corpora) -> dict[str, str]:
    documents = parse_paths([shared_corpora, REPO / "corpora" / "standards" / "demo_fire_code.md", *UNSEEN]).documents
    return {f"{document.doc_id}#{clause.key}": clause.text for document in documents for clause in document.clauses}


@pytest.mark.parametrize("path", QUESTION_SETS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_gold_clause_exists_and_holds_the_expected_words(clause_texts, path):
    problems = []
    for question in load_questions(path):
        problems += [f"{question.id}: no clause {gold}" for gold in sorted(question.gold) if gold not in clause_texts]
        texts = [clause_texts.get(gold, "") for gold in question.gold]
        problems += [f"{question.id}: {words!r} is in none of its gold clauses" for words in question.answer_contains
                     if not any(states_fact(text, words) for text in texts)]
    assert not problems, problems


@pytest.mark.parametrize("path", QUESTION_SETS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_ids_and_questions_are_unique_and_refusals_have_no_gold(path):
    questions = load_questions(path)
    assert len({q.id for q in questions}) == len(questions) and len({q.question for q in questions}) == len(questions)
    assert all(not q.gold for q in questions if q.type == "refuse")
    assert all(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_gold_names_a_code_by_its_number_as_printed_with_an_em_dash(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "x", "question": "第4.1条？", "type": "lookup", "gold": [{"doc": "T/EXAMPLE 041—2026", '
                    '"clause": "4.1"}]}\n', encoding="utf-8")
    assert load_questions(path)[0].gold == frozenset({"T/EXAMPLE 041-2026#4.1"})
