import json
import shutil

import pytest
from click.testing import CliRunner

from firekg.cli import cli
from kg.corpus.loader import expand_paths, parse_file, parse_paths
from kg.corpus.model import DocumentKind
from kg.errors import CorpusFormatError

from tests.conftest import SAMPLES

GOOD_LAW = "# 示例单位消防管理办法\n\n第一条 为了加强示例单位消防安全管理，制定本办法。\n\n第二条 单位应当保持疏散通道畅通。\n"


@pytest.mark.parametrize("name", ["rules_utf8.md", "rules_gb18030.txt", "rules.docx", "rules.pdf"])
def test_every_format_goes_through_the_same_parser(name):
    reference = parse_file(SAMPLES / "rules_utf8.md")
    document = parse_file(SAMPLES / name)
    assert [c.number for c in document.clauses] == [c.number for c in reference.clauses]
    assert [c.text for c in document.clauses][:5] == [c.text for c in reference.clauses][:5]
    assert document.clauses[5].text.startswith(reference.clauses[5].text)  # the .docx adds a table after it


@pytest.mark.parametrize(("name", "problem"), [
    ("notes.xyz", "unsupported extension"),
    ("empty.md", "is empty"),
    ("random_bytes.md", "binary data"),
    ("image_png.txt", "binary data"),
    ("corrupt.docx", "not a readable .docx"),
    ("corrupt.pdf", "not a readable PDF"),
])
def test_bad_files_are_refused_with_their_name(name, problem):
    with pytest.raises(CorpusFormatError, match=problem) as raised:
        parse_file(SAMPLES / name)
    assert name in str(raised.value)


def test_articles_numbered_in_bold_read_as_plain(tmp_path):
    path = tmp_path / "bold.md"
    path.write_text("# 示例旅馆消防管理规定\n\n## **第一章 总则**\n\n**第一条** 为了预防火灾，制定本规定。\n\n"
                    "**第二条**客房内不得使用电炉。\n\n旅客不得在客房内吸烟。\n\n**第三条** 违反本规定第二条第二款的，处五十元罚款。\n",
                    encoding="utf-8")
    document = parse_file(path)
    assert [(c.number, [p.text for p in c.paragraphs]) for c in document.clauses] == [
        ("第一条", ["为了预防火灾，制定本规定。"]), ("第二条", ["客房内不得使用电炉。", "旅客不得在客房内吸烟。"]),
        ("第三条", ["违反本规定第二条第二款的，处五十元罚款。"])]
    assert document.clauses[0].path == ["第一章 总则"]


def test_articles_numbered_as_markdown_headings_take_the_paragraphs_below(tmp_path):
    path = tmp_path / "headings.md"
    path.write_text("# 示例实验室消防管理规定\n\n## 第一章 总则\n\n### 第一条\n\n为了预防火灾，制定本规定。\n\n"
                    "### **第二条** 【用电】\n\n实验室不得使用电炉。\n\n不得私拉电线。\n\n## 第二章 附则\n\n### 第三条\n\n"
                    "本规定自公布之日起施行。\n", encoding="utf-8")
    document = parse_file(path)
    assert [(c.number, [p.text for p in c.paragraphs], c.path) for c in document.clauses] == [
        ("第一条", ["为了预防火灾，制定本规定。"], ["第一章 总则"]),
        ("第二条", ["【用电】实验室不得使用电炉。", "不得私拉电线。"], ["第一章 总则"]),
        ("第三条", ["本规定自公布之日起施行。"], ["第二章 附则"])]


def test_clauses_numbered_as_markdown_headings_take_the_paragraphs_below(tmp_path):
    path = tmp_path / "code.md"
    path.write_text("# 示例防火规范\n\n编号：T/FIREKG 099-2026\n\n## 3 设计\n\n### 3.1 一般规定\n\n#### 3.1.1\n\n"
                    "灭火器的间距不应大于20m。\n\n#### **3.1.2**\n\n严禁埋压消火栓。\n", encoding="utf-8")
    document = parse_file(path)
    assert [(c.number, [p.text for p in c.paragraphs], c.path, c.mandatory) for c in document.clauses] == [
        ("3.1.1", ["灭火器的间距不应大于20m。"], ["3 设计", "3.1 一般规定"], False),
        ("3.1.2", ["严禁埋压消火栓。"], ["3 设计", "3.1 一般规定"], True)]


def test_a_codes_number_alone_on_its_cover_is_its_code(tmp_path):
    path = tmp_path / "cover.txt"
    path.write_text("示例隧道防火规范\n团体标准\nT/FIREKG 099-2026\n2026-02-10 发布\n1 总则\n1.0.1 为了预防火灾，制定本规范。\n"
                    "1.0.2 本规范适用于示例隧道。\n", encoding="utf-8")
    document = parse_file(path)
    assert (document.code, document.doc_id, document.title) == ("T/FIREKG 099-2026", "T/FIREKG 099-2026", "示例隧道防火规范")


def test_a_clause_number_run_into_its_text_opens_the_next_clause_but_a_reference_does_not(tmp_path):
    path = tmp_path / "run_on.txt"
    path.write_text("示例仓库防火规范\nT/FIREKG 097-2026\n1 总则\n1.0.1 为了预防火灾，制定本规范。\n1.0.2本规范适用于示例仓库。\n"
                    "3 平面布置\n3.1.1仓库之间的防火间距不应小于10m，并应符合下列规定：\n1 相邻外墙为防火墙时可减小；\n"
                    "3.1.1条的规定不适用于露天堆场。\n3.1.5本条不是下一条。\n", encoding="utf-8")
    clauses = parse_file(path).clauses
    assert [clause.number for clause in clauses] == ["1.0.1", "1.0.2", "3.1.1"]
    assert clauses[1].text == "本规范适用于示例仓库。"
    assert clauses[2].text.endswith("3.1.1条的规定不适用于露天堆场。\n3.1.5本条不是下一条。")


@pytest.mark.parametrize("body", [
    "第一条（立法目的）为了加强管理，制定本办法。\n第二条（适用范围）本办法适用于本市仓库。\n",
    "- 第一条 为了加强管理，制定本办法。\n- 第二条 本办法适用于本市仓库。\n",
    "1. **第一条** 为了加强管理，制定本办法。\n2. **第二条** 本办法适用于本市仓库。\n"])
def test_articles_with_a_bracketed_title_or_as_list_items_are_articles(tmp_path, body):
    path = tmp_path / "rules.md"
    path.write_text(f"# 示例市仓库消防管理办法\n\n## 第一章 总则\n\n{body}", encoding="utf-8")
    clauses = parse_file(path).clauses
    assert [clause.number for clause in clauses] == ["第一条", "第二条"]
    assert clauses[1].text.endswith("本办法适用于本市仓库。") and clauses[1].path == ["第一章 总则"]


def test_arabic_chapter_numbers_and_a_colon_after_the_article_number_are_read(tmp_path):
    path = tmp_path / "rules.txt"
    path.write_text("示例市仓库消防管理办法\n第1章 总则\n第1条：为了加强管理，制定本办法。\n第2章 管理\n第2条: 仓库内严禁吸烟。\n",
                    encoding="utf-8")
    assert [(clause.number, clause.text, clause.path) for clause in parse_file(path).clauses] == [
        ("第1条", "为了加强管理，制定本办法。", ["第1章 总则"]), ("第2条", "仓库内严禁吸烟。", ["第2章 管理"])]


def test_a_codes_chapters_written_as_di_n_zhang_are_headings(tmp_path):
    path = tmp_path / "code.txt"
    path.write_text("示例仓库防火规范\nT/FIREKG 097-2026\n第1章 总则\n1.0.1 为了预防火灾，制定本规范。\n"
                    "第3章 平面布置\n3.1.1 仓库之间的防火间距不应小于10m。\n", encoding="utf-8")
    clauses = parse_file(path).clauses
    assert [(clause.number, clause.text, clause.path) for clause in clauses] == [
        ("1.0.1", "为了预防火灾，制定本规范。", ["1 总则"]), ("3.1.1", "仓库之间的防火间距不应小于10m。", ["3 平面布置"])]


def test_a_pdf_cover_keeps_the_codes_number_on_its_own_line():
    document = parse_file(SAMPLES / "code_cover.pdf")
    assert (document.code, document.title) == ("T/FIREKG 098-2026", "示例地下空间防火规范")
    assert [clause.number for clause in document.clauses] == ["1.0.1", "1.0.2"]


@pytest.mark.parametrize("opening", [
    "示例市人民政府公报　2026年第6期\n",                                   # a gazette's running header
    "示例市人民政府令\n第61号\n《示例市仓库消防管理办法》已经2026年2月9日市人民政府常务会议通过，现予公布。\n"
    "市长　某某\n2026年2月20日\n",                                        # a government order printed before the rule
])
def test_lines_printed_before_a_rules_title_are_history_not_the_title(tmp_path, opening):
    path = tmp_path / "rules.txt"
    path.write_text(f"{opening}示例市仓库消防管理办法\n第一章　总则\n第一条　为了加强管理，制定本办法。\n", encoding="utf-8")
    document = parse_file(path)
    assert document.title == "示例市仓库消防管理办法"
    assert document.history == [line.replace("\u3000", " ") for line in opening.split("\n") if line]
    assert [clause.number for clause in document.clauses] == ["第一条"]


@pytest.mark.parametrize("opening", [
    *(f"ICS 13.220.01\nC 84\n{banner}\nT/FIREKG 097-2026\n示例仓库防火规范\nModel code\n"   # a cover, its banner first
      for banner in ("团 体 标 准", "示例市防火协会团体标准", "中华人民共和国国家标准")),
    "T/FIREKG 097-2026  示例仓库防火规范\n",                                       # the number first on the title's line
])
def test_a_codes_title_is_found_after_its_cover_lines_and_beside_its_number(tmp_path, opening):
    path = tmp_path / "code.txt"
    path.write_text(f"{opening}1 总则\n1.0.1 为了预防火灾，制定本规范。\n1.0.2 本规范适用于新建仓库。\n", encoding="utf-8")
    document = parse_file(path)
    assert (document.title, document.code) == ("示例仓库防火规范", "T/FIREKG 097-2026")


def test_a_rule_copied_from_a_law_database_keeps_its_fields_as_history_and_drops_the_footer(tmp_path):
    path = tmp_path / "rules.txt"
    path.write_text("示例市仓库消防管理办法\r\n【发布部门】示例市人民政府\r\n【发文字号】示例市人民政府令第7号\r\n"
                    "【时效性】现行有效\r\n\r\n第一章　总则\r\n第一条【立法目的】为了加强管理，制定本办法。\r\n"
                    "第二条　【施行日期】本办法自2026年1月1日起施行。\r\n【法宝引证码】EX-2026-7\r\n"
                    "原文链接：https://example.org/rules/7.html\r\n", encoding="utf-8")
    document = parse_file(path)
    assert (document.title, document.issuer) == ("示例市仓库消防管理办法", "示例市人民政府")
    assert [(clause.number, clause.text) for clause in document.clauses] == [
        ("第一条", "【立法目的】为了加强管理，制定本办法。"), ("第二条", "【施行日期】本办法自2026年1月1日起施行。")]


def test_a_codes_explanations_headed_fu_tiaowen_shuoming_are_commentary_not_clauses(tmp_path):
    path = tmp_path / "code.txt"
    path.write_text("示例仓库防火规范\nT/FIREKG 097-2026\n1 总则\n1.0.1 为了预防火灾，制定本规范。\n"
                    "1.0.2 本规范适用于新建仓库。\n附：条文说明\n1.0.2 本条规定适用范围，改建仓库另行规定。\n",
                    encoding="utf-8")
    clauses = parse_file(path).clauses
    assert [(clause.number, clause.text) for clause in clauses] == [
        ("1.0.1", "为了预防火灾，制定本规范。"), ("1.0.2", "本规范适用于新建仓库。")]
    assert clauses[1].commentary == "本条规定适用范围，改建仓库另行规定。"


def test_a_pdf_setting_numbers_in_a_latin_font_reads_each_clause_as_one_line():
    document = parse_file(SAMPLES / "mixed_fonts.pdf")
    assert [(clause.number, clause.text, clause.path) for clause in document.clauses] == [
        ("1.0.1", "为了预防示例仓库火灾，制定本规范。", ["1 总则"]),
        ("3.1.1", "仓库之间的防火间距不应小于10m，并应符合表3.1.1的规定。\n类别 间距（m）", ["3 平面布置"])]


def test_a_clause_number_met_twice_is_kept_as_text_so_the_code_still_loads(tmp_path, caplog):
    path = tmp_path / "code.txt"
    path.write_text("示例仓库防火规范\nT/FIREKG 097-2026\n1 总则\n1.0.1 为了预防火灾，制定本规范。\n"
                    "1.0.2 本规范适用于新建仓库。\n1.0.2 本规范适用于改建仓库。\n1.0.3 本规范自发布之日起施行。\n",
                    encoding="utf-8")
    clauses = parse_file(path).clauses
    assert [clause.key for clause in clauses] == ["1.0.1", "1.0.2", "1.0.3"]
    assert clauses[1].text == "本规范适用于新建仓库。\n1.0.2 本规范适用于改建仓库。"
    assert "1.0.2 appear a second time" in caplog.text and str(path) in caplog.text


def test_a_text_hard_wrapped_at_a_fixed_width_reads_each_article_whole(tmp_path):
    articles = [f"第{number}条　" + "本市烟花爆竹批发企业的仓库应当设置防雷装置并于每年雨季前检测一次" * 2 + "，检测报告保存二年。"
                for number in "一二三四五"]
    wrapped = [article[start:start + 36] for article in articles for start in range(0, len(article), 36)]
    path = tmp_path / "rules.txt"
    path.write_bytes("\r\n".join(["示例市烟花爆竹管理办法", "　　　　第一章　总　　则", *wrapped]).encode("gbk"))
    clauses = parse_file(path).clauses
    assert [clause.text for clause in clauses] == [article[4:] for article in articles]


def test_a_code_copied_out_of_a_pdf_viewer_loses_its_page_headers_numbers_and_contents(tmp_path):
    clauses = [f"3.1.{number}　第{number}手术部的洁净走廊和清洁走廊应当保持畅通，并设置疏散指示标志和应急照明灯具，"
               f"走廊内不得堆放第{number}类物品。" for number in range(1, 7)]
    wrapped = [clause[start:start + 38] for clause in clauses for start in range(0, len(clause), 38)]
    pages = [["T/FIREKG 097-2026", *wrapped[at:at + 5], f"— {page} —"] for page, at in enumerate(range(0, len(wrapped), 5), 1)]
    path = tmp_path / "code.txt"
    path.write_text("\r\n".join(["示例手术部防火规范", "目　　次", "3　平面布置……………1", "3　平面布置", "3.1　一般规定",
                                  *(line for page in pages for line in page)]), encoding="utf-8-sig")
    document = parse_file(path)
    assert [clause.text for clause in document.clauses] == [clause[6:] for clause in clauses]
    assert document.clauses[0].path == ["3 平面布置", "3.1 一般规定"]


def test_pdftotext_layout_clauses_set_apart_from_their_numbers_by_two_spaces_read_whole(tmp_path):
    # as `pdftotext -layout` prints a typeset code: two spaces after the number, continuation lines hung under the text
    text = "第{0}洁净室的吊顶和隔墙应采用不燃材料，其耐火极限不应低于第{0}种构件的耐火极限，且不应低于0.50h"
    clauses = [f"4.2.{number}" + "  " + text.format(number) + "。" for number in range(1, 7)]
    lines = [line for clause in clauses for line in (clause[:42], " " * 7 + clause[42:])]
    path = tmp_path / "code.txt"
    path.write_text("\n".join(["示例洁净厂房防火规范", "4  建筑构造", "4.2  吊顶和隔墙", *lines]), encoding="utf-8")
    assert [clause.text for clause in parse_file(path).clauses] == [clause[7:] for clause in clauses]


def test_a_foreword_listing_the_chapters_does_not_become_the_chapters(tmp_path):
    path = tmp_path / "code.txt"
    path.write_text("示例仓库防火规范\n前言\n本规范共分2章，主要技术内容是：\n1 总则\n2 货架\n本规范由示例协会负责解释。\n"
                    "1 总则\n1.0.1 为了预防火灾，制定本规范。\n2 货架\n2.0.1 货架应采用不燃材料。\n", encoding="utf-8")
    assert [clause.path for clause in parse_file(path).clauses] == [["1 总则"], ["2 货架"]]


def test_attachments_after_a_rules_last_article_are_not_part_of_it(tmp_path):
    path = tmp_path / "rules.txt"
    path.write_text("示例市仓库消防管理办法\n第1条　检查应当按照附件1的记录表进行。\n第2条　本办法自2026年1月1日起施行。\n"
                    "附件1\n仓库消防安全检查记录表\n灭火器\t是否完好有效\t□符合\n附件2：易燃物品目录\n1. 酒精\n", encoding="utf-8")
    assert [clause.text for clause in parse_file(path).clauses] == ["检查应当按照附件1的记录表进行。", "本办法自2026年1月1日起施行。"]


def test_table_rows_numbered_like_chapters_and_the_back_matter_stay_out_of_headings_and_clauses(tmp_path):
    path = tmp_path / "code.txt"
    path.write_text("示例烘干室防火规范\nT/FIREKG 097-2026\n1 总则\n1.0.1 为了预防火灾，制定本规范。\n4 烘干室\n"
                    "4.0.1 烘干室的最高工作温度应符合表4.0.1的规定。\n表4.0.1 最高工作温度\n序号 涂料类别 温度（℃）\n"
                    "1 溶剂型涂料 155\n2 水性涂料 95\n4.0.2 烘干室应设置超温保护装置。\n本规范用词说明\n"
                    "1 表示很严格，非这样做不可的：正面词采用“必须”。\n引用标准名录\n1 《建筑设计防火规范》GB 50016\n",
                    encoding="utf-8")
    clauses = parse_file(path).clauses
    assert clauses[1].text.endswith("1 溶剂型涂料 155\n2 水性涂料 95") and clauses[1].path == ["4 烘干室"]
    assert (clauses[2].text, clauses[2].path) == ("烘干室应设置超温保护装置。", ["4 烘干室"])


def test_text_without_articles_says_what_was_expected(tmp_path):
    path = tmp_path / "essay.md"
    path.write_text("# 一篇随笔\n\n今天天气很好，我们讨论了消防安全。\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="第N条") as raised:
        parse_file(path)
    assert "essay.md" in str(raised.value) and "Expected" in str(raised.value)


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    (tmp_path / "good.md").write_text(GOOD_LAW, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(GOOD_LAW.replace("示例单位", "另一单位").encode("gbk"))
    shutil.copy(SAMPLES / "random_bytes.md", tmp_path / "garbage.md")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    result = parse_paths([tmp_path])
    assert sorted(d.title for d in result.documents) == ["另一单位消防管理办法", "示例单位消防管理办法"]
    assert sorted(f.source.split("/")[-1] for f in result.failures) == ["empty.md", "garbage.md"]


def test_folder_expansion_skips_readme_files(tmp_path):
    (tmp_path / "README.md").write_text("# about", encoding="utf-8")
    (tmp_path / "law.md").write_text(GOOD_LAW, encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path])] == ["law.md"]


def test_kind_can_be_forced(tmp_path):
    path = tmp_path / "law.md"
    path.write_text(GOOD_LAW, encoding="utf-8")
    assert parse_paths([path], kind=DocumentKind.LOCAL).documents[0].kind is DocumentKind.LOCAL


def test_parse_cli_prints_json_and_lists_failures(tmp_path):
    (tmp_path / "good.md").write_text(GOOD_LAW, encoding="utf-8")
    (tmp_path / "bad.xyz").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / "good.md"), str(tmp_path / "bad.xyz"), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    clause = payload["documents"][0]["clauses"][1]
    assert {"number", "number_arabic", "text", "modality", "mandatory", "refs"} <= clause.keys()
    assert (clause["number"], clause["number_arabic"], clause["modality"]) == ("第二条", 2, "shall")
    assert payload["failures"][0]["source"].endswith("bad.xyz")
    assert "1 of 2 sources failed" in result.stderr and "bad.xyz" in result.stderr


def test_parse_cli_without_paths_parses_the_demo_code():
    result = CliRunner().invoke(cli, ["parse", "--json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)["documents"][0]
    assert document["kind"] == "standard" and len(document["clauses"]) >= 80


def test_a_rule_an_open_data_api_returns_as_json_is_read_with_its_record_fields(tmp_path):
    content = ("<p style=\"text-align:center\"><strong>某市托管机构消防安全管理办法</strong></p>"
               "<p style=\"text-align:center\"><strong>第一章　总则</strong></p><p>第一条　为了预防托管机构火灾，制定本办法。</p>"
               "<p>第二条　托管机构应当遵守下列规定：</p><p>（一）不得使用电暖器；</p><p>（二）每日巡查。</p>")
    record = {"code": 0, "msg": "success", "data": {"title": "某市托管机构消防安全管理办法", "docNo": "某市人民政府令第31号",
                                                    "publishOrg": "某市人民政府", "publishDate": "2026-03-02",
                                                    "effectiveDate": "2026-05-01", "content": content}}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    document = parse_file(path)
    assert document.title == "某市托管机构消防安全管理办法" and document.issuer == "某市人民政府"
    assert document.dates == {"published": "2026-03-02", "effective": "2026-05-01"} and document.code == "某市人民政府令第31号"
    assert [(c.number, c.path) for c in document.clauses] == [("第一条", ["第一章 总则"]), ("第二条", ["第一章 总则"])]
    assert document.clause("2").text == "托管机构应当遵守下列规定：\n（一）不得使用电暖器；\n（二）每日巡查。"


def test_an_api_result_with_several_records_says_which_ones_are_not_read(tmp_path, caplog):
    records = [{"title": f"某市{name}消防安全管理办法", "content": "第一条　为了预防火灾，保护人身和财产安全，制定本办法。" * 2}
               for name in ("仓库", "市场")]
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"data": {"list": records}}, ensure_ascii=False), encoding="utf-8")
    with caplog.at_level("WARNING"):
        document = parse_file(path)
    assert document.title == "某市仓库消防安全管理办法"
    assert "results.json holds 2 records" in caplog.text and "《某市市场消防安全管理办法》" in caplog.text


def test_json_that_is_neither_layout_names_both(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"items": [1, 2, 3]}', encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="law_name.*title.*content"):
        parse_file(path)


def test_a_rule_copied_into_one_line_gets_its_line_breaks_back(tmp_path):
    numbers = ["二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    body = "".join(f"第{number}条 学生宿舍内禁止使用电炉、电热毯和其他大功率电器。 违反的，由学校责令改正，并予以批评教育。 "
                   for number in numbers)
    path = tmp_path / "flat.txt"
    path.write_text("某省学生宿舍消防安全管理规定　（2026年1月2日通过　自2026年3月1日起施行）  第一章 总则 "
                    "第一条 为了预防宿舍火灾，制定本规定。 " + body + "第十三条 禁止下列行为：（一）吸烟； （二）使用电炉。\n",
                    encoding="utf-8")
    document = parse_file(path)
    assert document.title == "某省学生宿舍消防安全管理规定" and len(document.clauses) == 13
    assert document.clause("3").text == "学生宿舍内禁止使用电炉、电热毯和其他大功率电器。\n违反的，由学校责令改正，并予以批评教育。"
    assert document.dates == {"adopted": "2026-01-02", "effective": "2026-03-01"}
