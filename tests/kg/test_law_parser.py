import json
import re

import pytest

from kg.corpus.law import parse_law_text
from kg.corpus.model import DocumentKind, Modality
from kg.corpus.structured import load_law_from_database, parse_law_json
from kg.corpus.text import normalize_text
from kg.errors import CorpusFormatError

LAW = """# 示例市消防条例

2020年3月1日 示例市第十五届人民代表大会常务委员会第三次会议通过

2022年6月1日 示例市第十五届人民代表大会常务委员会第九次会议修正

<!-- INFO END -->

## 第一编 总则

### 第一章 一般规定

第一条 为了预防火灾，制定本条例。

第二条 单位应当履行下列职责：
（一）配置灭火器材；
（二）保障疏散通道畅通。

单位的主要负责人是消防安全责任人。

### 第二章 火灾预防

#### 第一节 公共场所

第三条 严禁在楼梯间停放电动自行车。

第\u3000四\u3000条 违反第三条规定的，处罚款。
"""


def test_law_structure_paths_paragraphs_and_items():
    document = parse_law_text(LAW, "local/示例.md", "abc")
    assert document.title == "示例市消防条例"
    assert document.kind is DocumentKind.LOCAL
    assert [c.number_arabic for c in document.clauses] == [1, 2, 3]
    second = document.clause("2")
    assert second.path == ["第一编 总则", "第一章 一般规定"]
    assert [p.index for p in second.paragraphs] == [1, 2]
    assert [item.number for item in second.paragraphs[0].items] == ["一", "二"]
    assert second.modality is Modality.SHALL
    third = document.clause("3")
    assert third.path == ["第一编 总则", "第二章 火灾预防", "第一节 公共场所"]
    assert third.modality is Modality.MUST_NOT
    assert document.issuer == "示例市人民代表大会常务委员会"
    assert document.dates == {"adopted": "2020-03-01", "amended": "2022-06-01"}


def test_article_text_continues_over_paragraphs_until_next_article():
    document = parse_law_text(LAW, "x.md", "0")
    assert document.clause("2").text.endswith("单位的主要负责人是消防安全责任人。")
    assert "第三条" not in document.clause("2").text


def test_chapter_names_on_lines_of_their_own_are_headings_not_article_text():
    text = ("# 示例省消防条例\n\n第一条 为了预防火灾，制定本条例。\n\n消防职责\n\n"
            "第二条 县级以上人民政府负责本行政区域内的消防工作。\n\n第三章\n\n法律 责任\n\n"
            "第三条 违反本条例的，处罚款。\n\n单位应当配置灭火器。\n\n第四条 本条例自公布之日起施行。")
    document = parse_law_text(text, "local/示例.md", "0")
    assert [c.path for c in document.clauses] == [[], ["消防职责"], ["第三章 法律责任"], ["第三章 法律责任"]]
    assert document.clause("1").text == "为了预防火灾，制定本条例。"
    # a line with punctuation stays article text
    assert document.clause("3").text.endswith("单位应当配置灭火器。")


def test_an_article_number_run_into_its_text_opens_the_next_article():
    text = ("某某市消防安全条例\n\n第一章　总　　则\n\n第一条【立法目的】为了预防火灾，制定本条例。\n\n"
            "第二条单位应当配置灭火器，\n第二条规定的灭火器应当定期检查。\n\n第三条 依照第一条规定执行。\n第九条为了……")
    document = parse_law_text(text, "某某市消防安全条例.txt", "0")
    assert [c.number for c in document.clauses] == ["第一条", "第二条", "第三条"]
    assert document.clause("1").text == "【立法目的】为了预防火灾，制定本条例。"
    # a reference to an article (第二条规定的…) and a run-on number out of sequence stay article text
    assert document.clause("2").text.endswith("第二条规定的灭火器应当定期检查。")
    assert document.clause("3").text.endswith("第九条为了……")
    assert document.clause("1").path == ["第一章 总则"]

    # a short run-on article without punctuation is an article, not a bare chapter name
    short = parse_law_text("示例条例\n\n第一条 为了预防火灾，制定本条例。\n\n第二条单位应当配置灭火器\n\n"
                           "第三条 本条例自公布之日起施行。", "x.md", "0")
    assert [(c.number, c.path) for c in short.clauses] == [("第一条", []), ("第二条", []), ("第三条", [])]


@pytest.mark.parametrize(("text", "problem"), [
    ("# 只有标题\n\n这里没有任何条文。", "no articles"),
    ("第一条 没有标题的条文。", "no title line"),
    ("", "contains no text"),
    ("# 标题\n\n第一条", "has no text"),
])
def test_law_text_without_articles_is_refused(text, problem):
    with pytest.raises(CorpusFormatError, match=problem) as raised:
        parse_law_text(text, "bad/law.md", "0")
    assert "bad/law.md" in str(raised.value)


JSON_LAW = {
    "law_name": "示例高层建筑消防管理规定", "law_abbr": "示例高层规定", "authority": "示例部",
    "document_no": "示例部令第9号", "issued_date": "2021-06-21", "effective_date": "2021-08-01",
    "chapters": [{"chapter_title": "第一章 总则", "articles": [
        {"num": "第一条", "text": "为了加强高层建筑消防安全管理，制定本规定。"},
        {"num": "第二条", "text": "高层住宅的公共门厅严禁停放电动自行车。\n违反前款规定的，责令改正。"}]}],
}


def test_json_layout():
    document = parse_law_json(json.dumps(JSON_LAW, ensure_ascii=False), "rules.json", "0")
    assert document.code == "示例部令第9号"
    assert "示例高层规定" in document.aliases and "9号令" in document.aliases
    assert document.dates == {"adopted": "2021-06-21", "effective": "2021-08-01"}
    second = document.clause("2")
    assert len(second.paragraphs) == 2 and second.refs[0].text == "前款"


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d.pop("law_name"), "law_name"),
    (lambda d: d["chapters"][0]["articles"][1].pop("text"), "chapters[0].articles[1].text"),
    (lambda d: d["chapters"][0].update(articles="x"), "chapters[0].articles"),
    (lambda d: d["chapters"][0]["articles"][0].update(num="一"), "chapters[0].articles[0].num"),
])
def test_json_errors_name_the_field(mutate, field):
    data = json.loads(json.dumps(JSON_LAW))
    mutate(data)
    with pytest.raises(CorpusFormatError) as raised:
        parse_law_json(json.dumps(data, ensure_ascii=False), "rules.json", "0")
    assert field in str(raised.value) and "rules.json" in str(raised.value)


def test_json_syntax_error_is_reported_with_the_line():
    with pytest.raises(CorpusFormatError, match="not valid JSON"):
        parse_law_json("{\n\"law_name\": ", "broken.json", "0")


def test_law_database_and_markdown_copy_agree(shared_corpora):
    markdown = parse_law_text((shared_corpora / "laws" / "消防法.md").read_text(), "消防法.md", "0")
    database = load_law_from_database("中华人民共和国消防法")
    assert database.title == markdown.title == "中华人民共和国消防法"
    assert [c.number for c in database.clauses] == [c.number for c in markdown.clauses]
    assert [c.text for c in database.clauses] == [c.text for c in markdown.clauses]
    assert load_law_from_database("消防法").title == "中华人民共和国消防法"


def test_unknown_law_name_suggests_similar_ones():
    with pytest.raises(CorpusFormatError, match="has no law named") as raised:
        load_law_from_database("中华人民共和国消防条例法")
    assert "Similar names" in str(raised.value) or "exact law name" in str(raised.value)


def _heading_count(text: str) -> int:
    return len(re.findall(r"(?m)^第[一二三四五六七八九十百零〇两]+条(?:\s|$)", normalize_text(text)))


KNOWN_COUNTS = {"消防法.md": 74, "机关团体企业事业单位消防安全管理规定.md": 48}


def test_every_shared_law_has_one_clause_per_article_heading(shared_corpora):
    files = sorted(p for folder in ("laws", "regulations", "local") for p in (shared_corpora / folder).glob("*.md"))
    assert len(files) >= 19
    for path in files:
        text = path.read_text(encoding="utf-8")
        text = "\n".join(normalize_text(line) for line in text.split("\n"))
        document = parse_law_text(text, str(path), "0")
        assert len(document.clauses) == _heading_count(text), path.name
        assert len(document.clauses) == KNOWN_COUNTS.get(path.name, len(document.clauses)), path.name
        assert [c.number_arabic for c in document.clauses] == sorted(c.number_arabic for c in document.clauses)


def test_shared_json_regulation_has_51_articles(shared_corpora):
    path = shared_corpora / "regulations" / "高层民用建筑消防安全管理规定.json"
    document = parse_law_json(path.read_text(encoding="utf-8"), str(path), "0")
    assert len(document.clauses) == 51
    assert "高层规定" in document.aliases


def test_a_chapter_name_set_apart_character_by_character_reads_as_one_word():
    text = "某市消防管理办法\n\n第一章　总　　则\n\n第一条 为了预防火灾，制定本办法。\n\n第二章　法　律　责　任\n\n第二条 违反本办法的，处罚款。"
    document = parse_law_text(text, "x.txt", "0")
    assert [c.path for c in document.clauses] == [["第一章 总则"], ["第二章 法律责任"]]
