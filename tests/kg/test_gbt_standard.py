"""Standards drafted under GB/T 1.1: chapters 范围 / 规范性引用文件 / 术语和定义, clauses numbered at two to four
levels, titled numbers, terms, a) lists, an appendix and 参考文献."""
from __future__ import annotations

from kg.corpus.gbt_standard import looks_like_gbt
from kg.corpus.loader import parse_file
from kg.corpus.references import find_references

STANDARD = """ICS 13.220.01
CCS C 81
团体标准
T/EXAMPLE 041—2026
示例建筑消防设施检测技术要求
Technical requirements for testing of fire protection systems
2026-02-01发布　　2026-06-01实施
示例市消防设施维护保养行业协会　发布
目次
前言\tII
1 范围\t1
2 规范性引用文件\t1
附录A（规范性） 检测记录\t5
前言
本文件按照GB/T 1.1—2020的规定起草。
1 范围
本文件规定了建筑消防设施检测的要求。
本文件适用于已投入使用的建筑。
2 规范性引用文件
GB 25201 建筑消防设施的维护管理
3 术语和定义
3.1
检测 testing
对消防设施的功能进行的测试。
4 检测要求
4.1 检测机构应具备下列条件：
a) 有3名以上注册消防工程师；
b) 有检测仪器。
4.2 检测周期
4.2.1 消火栓系统每年应检测1次。
4.2.1.1 室内消火栓的栓口压力不应小于0.35MPa。
4.2.1.2 检测结果应符合表1的规定，并按4.2.1执行。
表1 检测项目
项目\t频次
压力\t每年
注：表中频次为最低要求。
5 记录
5.1 检测记录应保存5年，见A.1。
附录A
（规范性）
检测记录格式
A.1 记录应包括检测日期和结论。
参考文献
[1] GB 50016 建筑设计防火规范
"""


def test_a_gbt_standard_reads_its_chapters_terms_titled_numbers_and_appendix(tmp_path):
    path = tmp_path / "std.txt"
    path.write_text(STANDARD, encoding="utf-8")
    assert looks_like_gbt(STANDARD)
    document = parse_file(path)
    assert (document.title, document.code) == ("示例建筑消防设施检测技术要求", "T/EXAMPLE 041-2026")
    assert (document.issuer, document.dates) == ("示例市消防设施维护保养行业协会",
                                                 {"published": "2026-02-01", "effective": "2026-06-01"})
    assert [(c.number, c.path) for c in document.clauses] == [
        ("1", ["1 范围"]), ("2", ["2 规范性引用文件"]), ("3.1", ["3 术语和定义"]), ("4.1", ["4 检测要求"]),
        ("4.2.1", ["4 检测要求", "4.2 检测周期"]), ("4.2.1.1", ["4 检测要求", "4.2 检测周期"]),
        ("4.2.1.2", ["4 检测要求", "4.2 检测周期"]), ("5.1", ["5 记录"]), ("A.1", ["附录A 检测记录格式"])]
    assert document.clause("1").text == "本文件规定了建筑消防设施检测的要求。\n本文件适用于已投入使用的建筑。"
    assert document.clause("3.1").text == "检测 testing\n对消防设施的功能进行的测试。"
    assert document.clause("4.1").text.endswith("b) 有检测仪器。")
    assert document.clause("4.2.1.2").text.endswith("压力 每年\n注：表中频次为最低要求。")
    assert "参考文献" not in document.clause("A.1").text and "GB 50016" not in document.clause("A.1").text
    assert [(r.kind, r.target_clause) for r in find_references(document.clause("4.2.1.2").text)] == [
        ("clause", "4.2.1")]


def test_a_gbt_standard_from_word_headings_reads_the_same(tmp_path):
    # a Word file writes Heading 1/2 paragraphs as ## headings
    text = STANDARD.replace("\n1 范围\n本文件规定", "\n## 1 范围\n本文件规定").replace("\n4.2 检测周期\n", "\n## 4.2 检测周期\n")
    path = tmp_path / "std.md"
    path.write_text(text, encoding="utf-8")
    document = parse_file(path)
    assert [c.number for c in document.clauses] == ["1", "2", "3.1", "4.1", "4.2.1", "4.2.1.1", "4.2.1.2", "5.1", "A.1"]


def test_an_engineering_code_is_not_taken_for_a_gbt_standard():
    assert not looks_like_gbt("示例规范\n1 总则\n1.0.1 为了预防火灾，制定本规范。\n2 术语\n2.0.1 消火栓")
