"""Whether a question is in the loaded documents' field: the team's fire words, or words the documents use far
more often than everyday Chinese does."""
from __future__ import annotations

import pytest

from qa.domain import DomainWords, specificity
from qa.linking import _jieba_tokenizer
from qa.retrieval import BM25Index

CLAUSES = ["生产经营单位的特种作业人员必须经专门的安全作业培训，取得相应资格，方可上岗作业。",
           "未经安全生产教育和培训合格的从业人员，不得上岗作业。",
           "从业人员上岗作业前应当接受岗位安全操作规程培训。",
           "生产经营单位必须依法参加工伤保险，为从业人员缴纳保险费。",
           "公司应当组织员工参加活动。"]


@pytest.fixture(scope="module")
def domain():
    tokenizer = _jieba_tokenizer([])
    index = BM25Index(CLAUSES, tokenizer)
    return DomainWords.from_postings(index.postings, len(CLAUSES), tokenizer)


def test_words_the_documents_use_much_more_than_everyday_chinese_are_domain_words(domain):
    assert {"上岗", "作业"} <= domain.words


def test_everyday_words_the_documents_also_use_are_not(domain):
    assert not {"公司", "组织", "员工", "参加"} & domain.words


@pytest.mark.parametrize(("question", "expected"), [
    ("特种作业人员要有什么资格才能上岗？", True),      # no fire word, but the documents' own field
    ("公司年会怎么组织？", False),
    ("小孩发烧了怎么办？", False),
    ("老板让工人签的协议算数吗？", True),         # by the document terms of its everyday words: 工人 is 从业人员
    ("老板让小孩签的协议算数吗？", False),
])
def test_a_question_without_fire_words_is_in_the_domain_by_the_documents_words(domain, question, expected):
    assert domain.holds(question) is expected


def test_specificity_compares_the_clause_share_with_the_everyday_share():
    assert specificity(10, 100, 0, 1000) > specificity(10, 100, 99, 1000)
