import pytest

from kg.corpus.model import ClauseKind, Modality
from kg.corpus.references import resolve_references
from kg.corpus.standard import parse_code_text, parse_sentence_list
from kg.errors import CorpusFormatError

from tests.conftest import REPO

CODE = """# 示例灭火设施规范 GB99997—2026

发布日期：2026-01-01
本规范第3.1.2、3.2.1A条为强制性条文，必须严格执行。

## 3 消防给水

### 3.1 一般规定

3.1.1 消防水池应符合下列规定：
1 有效容积不应小于100 m³；
2 应设置就地水位显示装置：
1) 显示装置应设于泵房内；
2) 应有最高和最低报警水位。
3 可分格设置。

3.1.2 严禁将消防水池作为生活水池使用。

### 3.2 水泵

3.2.1 消防水泵宜设置备用泵。

3.2.1A 消防水泵应能手动启停（强制性条文：见第3.1.2条）。

**3.2.2** 消防水泵房不得设置在地下三层及以下。

3 其他规定

3.3.1 室外消火栓间距不应大于120 m，并应符合表3.3.1及第3.1.1条第2款的规定。

## 附录A 试验

A.0.1 水泵试验应按本规范第3.2节执行。

## 条 文 说 明

3.1.2 本条为强制性条文，防止生活用水挤占消防用水。
3.3.1 间距按消防车供水能力确定。
9.9.9 没有对应条文的说明。
"""


@pytest.fixture(scope="module")
def code():
    document = parse_code_text(CODE, "codes/demo.md", "0")
    resolve_references([document])
    return document


def test_code_metadata(code):
    assert (code.title, code.code, code.kind.value) == ("示例灭火设施规范", "GB 99997-2026", "standard")
    assert code.dates == {"published": "2026-01-01"}


def test_clause_numbers_paths_and_order(code):
    assert [c.number for c in code.clauses] == ["3.1.1", "3.1.2", "3.2.1", "3.2.1A", "3.2.2", "3.3.1", "A.0.1"]
    assert code.clause("3.2.1A").sort_key > code.clause("3.2.1").sort_key
    assert code.clause("3.1.1").path == ["3 消防给水", "3.1 一般规定"]
    assert code.clause("3.3.1").path == ["3 其他规定"]
    assert code.clause("A.0.1").kind is ClauseKind.APPENDIX and code.clause("A.0.1").path == ["附录A 试验"]


def test_mandatory_from_header_list_and_bold_number(code):
    assert {c.number for c in code.clauses if c.mandatory} == {"3.1.2", "3.2.1A", "3.2.2"}


def test_paragraphs_and_items_of_a_code_clause(code):
    paragraphs = code.clause("3.1.1").paragraphs
    assert [p.index for p in paragraphs] == [0, 1, 2, 3]
    assert [item.number for item in paragraphs[2].items] == ["1", "2"]


def test_commentary_is_linked_to_its_clause(code):
    assert code.clause("3.1.2").commentary == "本条为强制性条文，防止生活用水挤占消防用水。"
    assert code.clause("3.3.1").commentary == "间距按消防车供水能力确定。"
    assert code.clause("3.2.1").commentary is None


def test_modalities_of_code_clauses(code):
    assert [code.clause(n).modality for n in ("3.1.2", "3.2.1", "3.2.2")] == [
        Modality.MUST_NOT, Modality.SHOULD, Modality.SHALL_NOT]


def test_code_cross_references(code):
    refs = {ref.text: ref for ref in code.clause("3.3.1").refs}
    assert refs["第3.1.1条第2款"].target_clause == "3.1.1" and refs["第3.1.1条第2款"].resolved
    assert refs["表3.3.1"].resolved and refs["表3.3.1"].target_clause == "3.3.1"
    assert code.clause("A.0.1").refs[0].kind == "section" and code.clause("A.0.1").refs[0].resolved


def test_a_plain_first_chapter_heading_is_a_heading_not_header_text():
    document = parse_code_text("某某消防技术标准\n\n1 总则\n\n1.0.1 为了规范设计，制定本标准。\n\n"
                               "3 消防给水\n\n3.1 一般规定\n\n3.1.1 消防水池的有效容积不应小于50 m³。", "x.md", "0")
    assert [(c.number, c.path) for c in document.clauses] == [
        ("1.0.1", ["1 总则"]), ("3.1.1", ["3 消防给水", "3.1 一般规定"])]
    assert not any(document.history)


def test_text_without_numbered_clauses_is_refused():
    with pytest.raises(CorpusFormatError, match="no numbered clauses") as raised:
        parse_code_text("# 规范\n\n## 1 总则\n\n没有条文。", "empty_code.md", "0")
    assert "empty_code.md" in str(raised.value)


def test_demo_code_is_complete():
    document = parse_code_text((REPO / "corpora/standards/demo_fire_code.md").read_text(encoding="utf-8"), "demo", "0")
    resolve_references([document])
    assert len(document.clauses) >= 80
    assert sum(c.mandatory for c in document.clauses) >= 10
    assert sum(c.commentary is not None for c in document.clauses) >= 30
    internal = [r for c in document.clauses for r in c.refs if r.kind in ("clause", "section", "table", "appendix")]
    assert internal and all(r.resolved for r in internal)
    chapters = {c.path[0].split()[1] for c in document.clauses if c.path}
    assert {"消防给水及消火栓系统", "自动喷水灭火系统", "火灾自动报警系统", "防烟和排烟系统", "安全疏散和避难"} <= chapters


def test_sentence_list_gets_stable_ids(shared_corpora):
    path = shared_corpora / "standards" / "GB50016-2014_sentences.txt"
    text = path.read_text(encoding="utf-8")
    first, second = (parse_sentence_list(text, str(path), "0") for _ in range(2))
    assert (first.title, first.code) == ("建筑设计防火规范", "GB 50016-2014")
    assert len(first.clauses) == len([line for line in text.split("\n") if line.strip()]) - 1
    assert [c.key for c in first.clauses] == [c.key for c in second.clauses]
    assert first.clauses[0].key == "S0001" and first.clauses[0].text.startswith("为了预防建筑火灾")


@pytest.mark.parametrize("text", ["只有一句话", "标题\t1\n", "句子\t7"])
def test_malformed_sentence_lists_are_refused(text):
    with pytest.raises(CorpusFormatError, match="sentences.txt"):
        parse_sentence_list(text, "sentences.txt", "0")


def test_a_code_from_a_standards_site_keeps_each_clause_and_the_explanation_printed_under_it():
    # a standards site prints the number apart from the text and each clause's 条文说明 right under it
    text = ("示例冰场防火示范规范\n2026-03-20 发布2026-07-01 实施\n（虚构）示例省消防技术协会　发布\n## 1 总则\n1.0.1\n"
            "为预防火灾，制定本规范。\n条文说明\n冰场人员穿着厚重。\n疏散较慢。\n1.0.2\n本规范适用于室内冰场。\n"
            "## 2 制冷\n2.0.1\n氨制冷机房应单独设置。\n条文说明\n氨可燃且有毒。")
    document = parse_code_text(text, "x.html", "0")
    assert [(c.number, c.text, c.commentary) for c in document.clauses] == [
        ("1.0.1", "为预防火灾，制定本规范。", "冰场人员穿着厚重。\n疏散较慢。"), ("1.0.2", "本规范适用于室内冰场。", None),
        ("2.0.1", "氨制冷机房应单独设置。", "氨可燃且有毒。")]
    # the cover's date line and issuer line, which name no field
    assert document.dates == {"published": "2026-03-20", "effective": "2026-07-01"}
    assert document.issuer == "示例省消防技术协会"


def test_a_part_of_explanations_that_opens_with_prose_is_still_the_part():
    text = ("示例规范\n\n## 1 总则\n\n1.0.1 为预防火灾，制定本规范。\n\n## 2 设施\n\n2.0.1 应设灭火器。\n\n条文说明\n\n"
            "本规范编制过程中进行了调查研究。\n\n1 总则\n\n1.0.1 说明了编制目的。\n\n2.0.1 灭火器是初起火灾的主要手段。")
    document = parse_code_text(text, "x.md", "0")
    assert [(c.number, c.commentary) for c in document.clauses] == [
        ("1.0.1", "说明了编制目的。"), ("2.0.1", "灭火器是初起火灾的主要手段。")]


def test_a_table_row_from_a_word_file_is_not_a_chapter_and_two_fields_on_a_line_are_two():
    text = ("示例维修车间防火规范\n发布日期：2026年2月10日　实施日期：2026年5月1日\n## 6 物品储存\n"
            "6.1.2 储存限值应符合表6.1.2的规定。\n序号\t储存物品\t储存场所\t最大储存量\n8\t油漆、稀释剂\t补漆间\t20L\t40L\t—\n"
            "6.1.3 轮胎库内严禁充气。")
    document = parse_code_text(text, "x.docx", "0")
    assert [(c.number, c.path) for c in document.clauses] == [("6.1.2", ["6 物品储存"]), ("6.1.3", ["6 物品储存"])]
    assert document.dates == {"published": "2026年2月10日", "effective": "2026年5月1日"}


def test_a_joint_explanation_belongs_to_each_clause_it_names_and_front_matter_names_the_issuer():
    text = ("---\ntitle: 示例公交场站防火规范\ncode: T/EXAMPLE 040-2026\nissuer: 示例省公交场站消防技术协会\n---\n"
            "# 示例公交场站防火规范\n## 3 停放\n3.2.1 停车棚应分隔。\n3.2.2 分隔面积不应大于1000m²。\n3.2.3 设有自动灭火系统时，"
            "第3.2.2条的面积可增加一倍。\n3.2.4 车棚应设监测装置。\n## 条文说明\n3.2.1 分隔可限制蔓延。\n"
            "3.2.2、3.2.3 面积按一次火灾波及的车辆数确定。\n3.2.4～3.2.4 监测用于早期发现。")
    document = parse_code_text(text, "x.md", "0")
    assert [(c.number, c.commentary) for c in document.clauses] == [
        ("3.2.1", "分隔可限制蔓延。"), ("3.2.2", "面积按一次火灾波及的车辆数确定。"), ("3.2.3", "面积按一次火灾波及的车辆数确定。"),
        ("3.2.4", "监测用于早期发现。")]
    assert (document.code, document.issuer) == ("T/EXAMPLE 040-2026", "示例省公交场站消防技术协会")


def test_a_markdown_cover_that_sets_the_number_in_bold_gives_the_code():
    text = ("ICS 13.220.20\n\n**T/EXAMPLE**\n\n# 团　体　标　准\n\n**T/EXAMPLE 050-2026**\n\n# 示例避难层示范规范\n\n"
            "2026-03-02 发布　　2026-07-01 实施\n\n示例省建筑防火协会　发 布\n\n## 1 总则\n\n1.0.1 为规范避难层的设置，制定本规范。\n")
    document = parse_code_text(text, "x.md", "0")
    assert (document.title, document.code, document.issuer) == ("示例避难层示范规范", "T/EXAMPLE 050-2026", "示例省建筑防火协会")
