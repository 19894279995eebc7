import pytest

from kg.corpus.law import parse_law_text
from kg.corpus.model import DocumentKind
from kg.corpus.references import find_references, resolve_references
from kg.corpus.standard import parse_code_text

FOUND = [
    ("违反本法第六十条规定", [("本法第六十条", "article", "60", None)]),
    ("依照本规定第十条处罚", [("本规定第十条", "article", "10", None)]),
    ("符合第一百零一条的", [("第一百零一条", "article", "101", None)]),
    ("第二十条之一规定的", [("第二十条之一", "article", "20-1", None)]),
    ("有前款所列情形", [("前款", "paragraph", None, None)]),
    ("前两款规定以外的", [("前两款", "paragraph", None, None)]),
    ("应符合本规范第6.5.3条的规定", [("本规范第6.5.3条", "clause", "6.5.3", None)]),
    ("见第3.3.1条第2款", [("第3.3.1条第2款", "clause", "3.3.1", None)]),
    ("按本规范第4.2节执行", [("本规范第4.2节", "section", "4.2", None)]),
    ("见表4.3.1和附录A", [("表4.3.1", "table", "表4.3.1", None), ("附录A", "appendix", "A", None)]),
    ("按《建筑设计防火规范》GB 50016-2014执行", [("《建筑设计防火规范》GB 50016-2014", "document", None, "GB 50016-2014")]),
    ("符合GB 50974的要求", [("GB 50974", "document", None, "GB 50974")]),
    ("依据《中华人民共和国消防法》第十五条、第十六条",
     [("《中华人民共和国消防法》", "document", None, "中华人民共和国消防法"),
      ("第十五条", "article", "15", "中华人民共和国消防法"), ("第十六条", "article", "16", "中华人民共和国消防法")]),
    ("本法第三章规定", [("本法第三章", "chapter", "3", None)]),
    ("消防安全管理。", []),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_find_references(text, expected):
    found = [(r.text, r.kind, r.target_clause, r.target_title) for r in find_references(text)]
    assert found == expected


def test_reference_offsets_point_into_the_text():
    text = "违反本法第六十条和前款规定，依照《消防法》处罚。"
    for reference in find_references(text):
        assert text[reference.start:reference.end] == reference.text


LAW = """# 示例消防条例

<!-- INFO END -->

## 第一章 总则

第一条 为了预防火灾，根据《中华人民共和国消防法》第十五条，制定本条例。

第二条 单位应当遵守本条例第一条和第九条的规定。

前款规定的单位，应当配置灭火器。
"""

NATIONAL = """# 中华人民共和国消防法

第一条 为了预防火灾和减少火灾危害，制定本法。

第十五条 公众聚集场所投入使用前，建设单位应当申请消防安全检查。
"""

CODE = """# 示例防火规范 GB 99998-2026

## 3 消防给水

3.0.1 消防水池应符合本规范第3.0.2条和附录A的规定，并符合GB 50974。

3.0.2 消防水池有效容积应满足火灾延续时间内的用水量。

## 附录A 水池容积计算

A.0.1 水池容积应按本规范第3.0.2条计算。
"""


def test_references_resolve_across_a_batch():
    local = parse_law_text(LAW, "local.md", "0", DocumentKind.LOCAL)
    national = parse_law_text(NATIONAL, "law.md", "1")
    resolve_references([local, national])
    first, second = local.clauses
    document_ref, article_ref = first.refs
    assert (document_ref.target_doc, document_ref.resolved) == ("中华人民共和国消防法", True)
    assert (article_ref.target_doc, article_ref.target_clause, article_ref.resolved) == ("中华人民共和国消防法", "15", True)
    own_first, own_ninth, previous = second.refs
    assert (own_first.target_doc, own_first.target_clause, own_first.resolved) == ("示例消防条例", "1", True)
    assert (own_ninth.target_clause, own_ninth.resolved) == ("9", False)
    assert (previous.kind, previous.target_clause, previous.resolved) == ("paragraph", "2", True)


def test_unknown_documents_stay_unresolved():
    local = parse_law_text(LAW, "local.md", "0")
    resolve_references([local])
    document_ref, article_ref = local.clauses[0].refs
    assert not document_ref.resolved and document_ref.target_title == "中华人民共和国消防法"
    assert not article_ref.resolved and article_ref.target_doc is None


def test_code_references_resolve_to_clauses_appendices_and_codes():
    code = parse_code_text(CODE, "code.md", "0")
    fake_974 = parse_code_text(CODE.replace("GB 99998-2026", "GB 50974-2014"), "other.md", "1")
    resolve_references([code, fake_974])
    refs = {ref.text: ref for ref in code.clause("3.0.1").refs}
    assert refs["本规范第3.0.2条"].resolved and refs["本规范第3.0.2条"].target_doc == "GB 99998-2026"
    assert refs["附录A"].resolved
    assert refs["GB 50974"].target_doc == "GB 50974-2014" and refs["GB 50974"].resolved
    assert code.clause("A.0.1").refs[0].resolved


@pytest.mark.parametrize(("text", "targets"), [
    ("应符合5.3.2的规定。", ["5.3.2"]), ("按4.2.1执行。", ["4.2.1"]), ("记录格式见A.2。", ["A.2"]),
    ("应按照6.2.1.2和6.2.1.3进行。", ["6.2.1.2", "6.2.1.3"]), ("8.2.1规定的二级故障", ["8.2.1"]),
    ("应按8.1.1中b）处理", ["8.1.1"]),
    # values are no references
    ("压力不应低于0.35MPa，流量为设计流量的1.5倍。", []), ("系数取1.2和1.5，取大值。", []),
])
def test_a_standard_cites_clauses_by_their_bare_numbers(text, targets):
    assert [r.target_clause for r in find_references(text) if r.kind == "clause"] == targets
