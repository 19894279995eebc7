"""Tests for kg.corpus.readers on the tiny samples in tests/kg/samples.

The samples are made by samples/make_samples.py; these tests only read them.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from kg.corpus.loader import parse_file
from kg.corpus.readers import SourceText, read_source
from kg.errors import CorpusFormatError

SAMPLES = Path(__file__).parent / "samples"
TITLE = "示例单位消防安全管理办法"
FIRST_ARTICLE = "第一条 为了加强示例单位的消防安全管理，预防火灾和减少火灾危害，制定本办法。"
AREA_ARTICLE = "第五条 仓库防火分区的建筑面积不应大于500m²。"
MARKDOWN = (SAMPLES / "rules_utf8.md").read_text(encoding="utf-8")

# file, format, encoding
READ_TESTS = [
    ("rules_utf8.md", "markdown", "utf-8"),
    ("rules_gb18030.txt", "text", "gb18030"),
    ("rules_gbk.txt", "text", "gb18030"),          # GBK is read as its superset GB18030
    ("rules_big5.txt", "text", "big5"),
    ("rules_bom_crlf.txt", "text", "utf-8"),
    ("rules_utf16.txt", "text", "utf-16"),
    ("rules.json", "json", "utf-8"),
    ("sentences.txt", "tsv", "utf-8"),
    ("rules.docx", "docx", "docx"),
    ("rules.doc", "doc", "doc"),
    ("rules.pdf", "pdf", "pdf"),
    ("rules.html", "html", "utf-8"),
    ("rules_gb2312.htm", "html", "gb18030"),     # decoded by the charset its <meta> declares
]

# file, words the message must contain besides the file name
REJECT_TESTS = [
    ("empty.md", "is empty"),
    ("blank.txt", "is empty"),
    ("random_bytes.md", "looks like binary data, not text"),
    ("image_png.txt", "PNG image"),
    ("cut_off_utf8.md", "invalid byte sequence"),
    ("notes.xyz", ".md, .markdown, .txt, .json, .docx, .doc, .rtf, .odt, .pdf, .html, .htm, .mht, .mhtml"),
    ("corrupt.docx", "is not a readable .docx file"),
    ("corrupt.doc", "is not a readable .doc file"),
    ("corrupt.pdf", "is not a readable PDF"),
    ("scanned.pdf", "OCR"),
    ("broken.json", "is not valid JSON"),
    ("missing.md", "does not exist"),
]


@pytest.mark.parametrize(("name", "source_format", "encoding"), READ_TESTS)
def test_read_source_detects_format_and_encoding(name, source_format, encoding):
    source = read_source(SAMPLES / name)
    assert isinstance(source, SourceText)
    assert (source.format, source.encoding) == (source_format, encoding)
    assert source.path == SAMPLES / name
    assert source.sha256 == hashlib.sha256((SAMPLES / name).read_bytes()).hexdigest()
    assert "\r" not in source.text and "\ufeff" not in source.text


@pytest.mark.parametrize("name", ["rules_gb18030.txt", "rules_bom_crlf.txt", "rules_utf16.txt"])
def test_other_encodings_read_the_same_as_utf8(name):
    assert read_source(SAMPLES / name).text == MARKDOWN


def test_gbk_file_decodes_to_its_text():
    assert read_source(SAMPLES / "rules_gbk.txt").text == MARKDOWN.replace("500m²", "500平方米")


def test_big5_file_decodes_to_traditional_chinese():
    assert read_source(SAMPLES / "rules_big5.txt").text.startswith("第一條 為了加強示例單位的消防安全管理")


def test_text_is_not_otherwise_normalised(tmp_path):
    path = tmp_path / "fullwidth.md"
    path.write_text("第３．３．１条　见ＧＢ50016—2014\n", encoding="utf-8")
    assert read_source(path).text == "第３．３．１条　见ＧＢ50016—2014\n"


def test_docx_keeps_paragraph_order_headings_and_table_rows():
    lines = read_source(SAMPLES / "rules.docx").text.split("\n")
    assert lines[:3] == [TITLE, "## 第一章 总则", FIRST_ARTICLE]
    assert "## 第二章 防火措施" in lines
    assert AREA_ARTICLE in lines
    table_start = lines.index("场所\t灭火器配置")
    assert lines[table_start:table_start + 4] == [
        "场所\t灭火器配置", "仓库\t每层不少于2具", "注：配置数量按本办法第四条确定。", "附：本办法自发布之日起施行。"]


def test_pdf_text_keeps_the_running_header_once_and_drops_page_numbers():
    lines = read_source(SAMPLES / "rules.pdf").text.split("\n")
    assert lines[:3] == [TITLE, "第一章 总则", FIRST_ARTICLE]
    assert AREA_ARTICLE in lines
    assert lines[-1].startswith("第六条 疏散通道")
    assert lines.count(TITLE) == 1
    assert not any(line.strip("- ").isdigit() for line in lines)


def test_pdf_lines_wrapped_inside_an_article_are_joined_across_pages():
    lines = read_source(SAMPLES / "wrapped.pdf").text.split("\n")
    assert lines == [
        TITLE, "第一章 总则",
        "第一条 为了加强示例单位仓库和配套用房的消防安全管理，预防火灾和减少火灾危害，保护人身和财产安全，制定本办法。",
        "第二条 仓库内不得使用明火，严禁吸烟。",
        "第三条 仓库防火分区的建筑面积不应大于500m²，疏散通道、安全出口应当保持畅通，不得占用、堵塞或者封闭，"
        "不得在门窗上设置影响逃生的障碍物。"]


def test_web_page_keeps_the_title_and_articles_and_drops_menus_scripts_and_footer():
    text = read_source(SAMPLES / "rules.html").text
    articles = [line.replace("\u3000", " ") for line in text.split("\n") if line.startswith("第") and "条" in line[:4]]
    assert text.split("\n")[:2] == [TITLE, "第一章 总则"]
    assert articles == [FIRST_ARTICLE, *MARKDOWN.split("\n")[5:7], *MARKDOWN.split("\n")[10:13]]
    for furniture in ("首页", "当前位置", "发布日期", "不是正文", "margin", "关于做好冬春火灾防控工作的通知", "版权所有"):
        assert furniture not in text


def test_old_table_laid_out_gb2312_page_reads_as_its_lines():
    lines = read_source(SAMPLES / "rules_gb2312.htm").text.split("\n")
    assert lines[:3] == [TITLE, "第一章 总则", FIRST_ARTICLE]
    assert lines[-1] == "第六条 疏散通道、安全出口应当保持畅通，不得占用、堵塞或者封闭。"
    assert not any("首页" in line or "主办单位" in line for line in lines)


@pytest.mark.parametrize("name", ["rules.html", "rules_gb2312.htm"])
def test_web_pages_parse_into_the_same_articles_as_the_markdown(name):
    from kg.corpus.loader import parse_file

    def articles(path):
        return [(clause.number, clause.text.replace("平方米", "m²")) for clause in parse_file(path).clauses]

    assert articles(SAMPLES / name) == articles(SAMPLES / "rules_utf8.md")


def test_pdf_drops_a_table_of_contents_and_keeps_runs_of_one_line_together():
    lines = read_source(SAMPLES / "mixed_fonts.pdf").text.split("\n")
    assert lines == ["示例仓库防火规范", "1 总则", "1.0.1\u3000为了预防示例仓库火灾，制定本规范。", "3 平面布置",
                     "3.1.1\u3000仓库之间的防火间距不应小于10m，并应符合表3.1.1的规定。", "类别 间距（m）"]


def test_sentence_list_is_tsv():
    lines = read_source(SAMPLES / "sentences.txt").text.splitlines()
    assert lines[0] == "仓库内不得使用明火。\t1"


def test_text_with_a_tab_that_is_not_a_label_stays_text(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text("仓库内不得使用明火。\t1\n第一条 为了加强消防安全管理，制定本办法。\n", encoding="utf-8")
    assert read_source(path).format == "text"


@pytest.mark.parametrize(("name", "words"), REJECT_TESTS)
def test_read_source_rejects_bad_files_naming_them(name, words):
    with pytest.raises(CorpusFormatError) as caught:
        read_source(SAMPLES / name)
    message = str(caught.value)
    assert str(SAMPLES / name) in message
    assert caught.value.path == str(SAMPLES / name)
    assert words in message


def test_binary_garbage_is_never_decoded():
    with pytest.raises(CorpusFormatError, match="Expected text encoded as UTF-8, GB18030/GBK or Big5"):
        read_source(SAMPLES / "random_bytes.md")


@pytest.mark.parametrize("raw", [
    b"\x00" * 64 + "第一条 为了加强消防安全管理。".encode("utf-8"),     # valid UTF-8, but NULs
    "第一条 总则".encode("utf-16-le") * 20,                             # UTF-16 without a BOM
    b"\x1b\x02\x03\x04\x05\x06\x07\x08" * 30,
])
def test_control_characters_mean_binary(tmp_path, raw):
    path = tmp_path / "odd.txt"
    path.write_bytes(raw)
    with pytest.raises(CorpusFormatError, match="looks like binary data") as caught:
        read_source(path)
    assert str(path) in str(caught.value)


def test_directory_is_rejected(tmp_path):
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(CorpusFormatError, match="is a directory") as caught:
        read_source(folder)
    assert str(folder) in str(caught.value)


def test_unreadable_file_is_rejected_with_a_fix(tmp_path, monkeypatch):
    path = tmp_path / "locked.md"
    path.write_text(FIRST_ARTICLE, encoding="utf-8")

    def deny(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(CorpusFormatError, match="permission denied.*chmod") as caught:
        read_source(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(("name", "module", "install"), [
    ("rules.docx", "docx", "pip install python-docx"),
    ("rules.pdf", "pypdf", "pip install pypdf"),
])
def test_missing_optional_library_names_the_install_command(monkeypatch, name, module, install):
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError, match=install):
        read_source(SAMPLES / name)


def test_samples_stay_small():
    too_big = [path.name for path in SAMPLES.iterdir() if path.stat().st_size > 20_000]
    assert too_big == []


def _numbered_docx(path: Path) -> None:
    """A rule whose chapters and articles Word numbers itself: 第%1章 on a heading style, 第%1条 on a list."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for abstract, text in (("90", "第%1章"), ("91", "第%1条")):
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="{abstract}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
        numbering.append(parse_xml(f'<w:num {w} w:numId="{abstract}"><w:abstractNumId w:val="{abstract}"/></w:num>'))
    heading = document.styles["Heading 1"].element.get_or_add_pPr()
    heading.append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    document.add_paragraph("示例市仓库消防管理办法")
    for chapter, articles in (("总则", ["为了加强管理，制定本办法。", "本办法适用于本市仓库。"]), ("管理", ["仓库内严禁吸烟。"])):
        document.add_paragraph(chapter, style="Heading 1")
        for article in articles:
            paragraph = document.add_paragraph(article)
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))
    document.add_paragraph("本段没有编号。")
    document.save(path)




def _multilevel_code_docx(path: Path) -> None:
    """A code whose chapter, section and clause numbers (%1, %1.%2, %1.%2.%3) and table row numbers Word draws."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                     f'<w:lvlText w:val="{text}"/></w:lvl>'
                     for level, text in enumerate(("%1", "%1.%2", "%1.%2.%3")))
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="80">{levels}</w:abstractNum>'))
    numbering.insert(1, parse_xml(f'<w:abstractNum {w} w:abstractNumId="81"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                  '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>'))
    for number in ("80", "81"):
        numbering.append(parse_xml(f'<w:num {w} w:numId="{number}"><w:abstractNumId w:val="{number}"/></w:num>'))

    def numbered(paragraph, list_id: str, level: int):
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{list_id}"/></w:numPr>'))

    document.add_paragraph("示例粉尘防爆示范规范")
    for text, level, style in (("总则", 0, "Heading 1"), ("为预防粉尘爆炸，制定本规范。", 2, None),
                               ("本规范适用于粉尘场所。", 2, None), ("除尘系统", 0, "Heading 1"),
                               ("一般规定", 1, "Heading 2"), ("除尘器应设在室外。", 2, None)):
        numbered(document.add_paragraph(text, style=style), "80", level)
    table = document.add_table(rows=2, cols=2)
    for row, place in zip(table.rows, ("车间地面", "梁和管道")):
        numbered(row.cells[0].paragraphs[0], "81", 0)
        row.cells[1].text = place
    document.save(path)


@pytest.mark.parametrize(("write", "lines"), [
    (_numbered_docx, ["示例市仓库消防管理办法", "## 第一章 总则", "第一条 为了加强管理，制定本办法。", "第二条 本办法适用于本市仓库。",
                      "## 第二章 管理", "第三条 仓库内严禁吸烟。", "本段没有编号。"]),
    # a clause under a chapter without sections reads 1.0.1, as Word shows a skipped level; table cells are numbered too
    (_multilevel_code_docx, ["示例粉尘防爆示范规范", "## 1 总则", "1.0.1 为预防粉尘爆炸，制定本规范。", "1.0.2 本规范适用于粉尘场所。",
                             "## 2 除尘系统", "## 2.1 一般规定", "2.1.1 除尘器应设在室外。", "1\t车间地面", "2\t梁和管道"]),
])
def test_docx_numbers_word_draws_from_its_lists_are_read_as_if_typed(tmp_path, write, lines):
    path = tmp_path / "numbered.docx"
    write(path)
    assert read_source(path).text.split("\n") == lines


def test_a_wechat_article_reads_every_chapter_though_each_sits_in_wrappers_of_its_own(tmp_path):
    # the account's preamble and footer stay out; the chapters are no siblings; ornaments before chapter names
    chapter = ('<section style="margin:8px"><section><p><span style="color:#c00">{ornament}{name}</span></p></section>'
               '<section>{articles}</section></section>')
    article = '<p><strong>{number}</strong><span>　{first}</span><span>{rest}</span></p><p><br></p>'
    chapters = [("▌", "第一章 总则", [("第一条", "为了规范夜市的消防安全管理，", "制定本办法。"),
                                        ("第二条", "本办法适用于本市的夜市和临时摊点，", "但商场内的美食广场除外。")]),
                ("◆", "第二章 摊主责任", [("第三条", "摊主应当在划定的摊位内经营，", "不得占用疏散通道和消防车通道。"),
                                          ("第四条", "每个明火摊位应当配置灭火器，", "并且放在顺手的位置。")])]
    body = "".join(chapter.format(ornament=ornament, name=name, articles="".join(
        article.format(number=number, first=first, rest=rest) for number, first, rest in articles))
        for ornament, name, articles in chapters)
    path = tmp_path / "wechat.html"
    path.write_text('<html><head><title>重磅！夜市新规来了</title></head><body><div id="js_content">'
                    '<section><p>点击蓝字 关注我们</p><p>芃溪消防 2026-03-12 阅读 1.2万</p></section>'
                    f'<section><p><strong>示例市夜市消防安全管理办法</strong></p>{body}</section>'
                    '<section><p>来源：示例市消防救援支队</p><p>往期推荐</p><p><a href="#">夏季用电安全提示</a></p></section>'
                    '</div></body></html>', encoding="utf-8")
    document = parse_file(path)
    assert document.title == "示例市夜市消防安全管理办法"
    assert [(c.number, c.path) for c in document.clauses] == [
        ("第一条", ["第一章 总则"]), ("第二条", ["第一章 总则"]), ("第三条", ["第二章 摊主责任"]), ("第四条", ["第二章 摊主责任"])]
    assert document.clause("4").text == "每个明火摊位应当配置灭火器，并且放在顺手的位置。"


def test_web_page_keeps_a_cover_header_inside_the_text_and_the_numbers_of_its_lists(tmp_path):
    path = tmp_path / "code.html"
    path.write_text(
        '<html><head><title>示例规范 - 协会</title></head><body><header>协会网站 首页 标准</header>'
        '<div class="std"><header><p>T/EXAMPLE 001-2026</p><h1>示例外墙保温防火示范规范</h1></header>'
        '<h2>1 总则</h2><p><b>1.0.1</b> 下列工程不适用本规范：</p><ol><li>内保温；</li><li>冷库。</li></ol>'
        '<p><b>1.0.2</b> 保温材料应为A级。</p></div><footer>版权所有</footer></body></html>', encoding="utf-8")
    assert read_source(path).text.split("\n") == [
        "T/EXAMPLE 001-2026", "示例外墙保温防火示范规范", "## 1 总则", "1.0.1 下列工程不适用本规范：", "1 内保温；",
        "2 冷库。", "1.0.2 保温材料应为A级。"]


def test_a_standards_site_page_setting_each_clause_in_a_table_row_reads_clause_by_clause(tmp_path):
    # the code's name and a metadata table in a block of their own, a row per clause (number cell, text cell), a
    # table nested in a text cell and the clause's 条文说明 folded into it
    path = tmp_path / "site.html"
    path.write_text(
        '<html><body><header>协会网站</header><main><div class="meta"><h1>示例机房防火示范规范</h1><table>'
        '<tr><th>标准编号</th><td>T/EXAMPLE 043-2026</td></tr><tr><th>发布日期</th><td>2026-01-20</td>'
        '<th>实施日期</th><td>2026-04-01</td></tr><tr><th>发布单位</th><td>示例协会</td></tr></table></div>'
        '<section class="preface"><h2>前言</h2><p>本规范共分2章，主要内容包括总则和机房，由示例协会负责管理和解释，'
        '执行中如有意见请寄送协会。</p></section><section class="fulltext"><h2>标准全文</h2><table>'
        '<tr><th colspan="2">1　总则</th></tr><tr><td>1.0.1</td><td>为预防机房火灾，制定本规范。</td></tr>'
        '<tr><td>1.0.2</td><td>本规范不适用于下列场所：<br>1 集装箱式机房；<br>2 通信基站。</td></tr>'
        '<tr><th colspan="2">2　机房</th></tr><tr><td>2.0.1</td><td>机房的面积不应大于表2.0.1的规定。'
        '<table><tr><td>位置</td><td>面积</td></tr><tr><td>首层</td><td>2000</td></tr></table>'
        '<details><summary>条文说明</summary><p>面积按灭火系统确定。</p></details></td></tr>'
        '</table></section></main><footer>版权所有</footer></body></html>', encoding="utf-8")
    document = parse_file(path)
    assert (document.title, document.code, document.issuer) == ("示例机房防火示范规范", "T/EXAMPLE 043-2026", "示例协会")
    assert document.dates == {"published": "2026-01-20", "effective": "2026-04-01"}
    assert [c.number for c in document.clauses] == ["1.0.1", "1.0.2", "2.0.1"]
    assert document.clause("1.0.2").text == "本规范不适用于下列场所： 1 集装箱式机房； 2 通信基站。"
    assert document.clause("2.0.1").text == "机房的面积不应大于表2.0.1的规定。\n位置 面积\n首层 2000"
    assert document.clause("2.0.1").commentary == "面积按灭火系统确定。"


def test_an_old_government_page_in_gb2312_gets_its_title_from_the_page_not_from_the_history_line(tmp_path):
    # the site sets the title in its own table cell, and the text cell opens with the rule's history
    path = tmp_path / "rule.htm"
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            '<title>某市快递分拣中心消防安全管理办法_某市人民政府门户网站</title></head><body>'
            '<table><tr><td><a href="/">首页</a> <a href="/zc">政策法规</a></td></tr></table>'
            '<table><tr><td class="title">某市快递分拣中心消防安全管理办法</td></tr><tr><td class="zw">'
            '&nbsp;&nbsp;（2021年3月1日某市人民政府令第5号公布　根据2025年6月1日某市人民政府令第19号修正）<br>'
            '&nbsp;&nbsp;第一章　总　　则<br>&nbsp;&nbsp;第一条　为了预防火灾，制定本办法。<br>'
            '&nbsp;&nbsp;第二条　本办法适用于本市的快递分拣中心。<br></td></tr></table>'
            '<table><tr><td>【打印本页】【关闭窗口】</td></tr></table></body></html>')
    path.write_bytes(page.encode("gb2312"))
    document = parse_file(path)
    assert document.title == "某市快递分拣中心消防安全管理办法"
    assert [(c.number, c.path) for c in document.clauses] == [("第一条", ["第一章 总则"]), ("第二条", ["第一章 总则"])]
    assert document.dates == {"adopted": "2021-03-01", "amended": "2025-06-01"}


def _odt(path: Path, body: str) -> None:
    import zipfile
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>'
               f'{body}</office:text></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)


def test_an_odt_code_saved_by_libreoffice_or_wps_reads_like_a_word_file(tmp_path):
    path = tmp_path / "cinema.odt"
    _odt(path, '<text:p>T/EXAMPLE 033-2026</text:p><text:p>示例影院防火示范规范</text:p>'
               '<text:h text:outline-level="1">1<text:s/>总则</text:h>'
               '<text:p>1.0.1　为预防火灾，制定本规范。<text:note><text:note-body><text:p>脚注</text:p></text:note-body>'
               '</text:note></text:p><text:h text:outline-level="2">3.1<text:s/>观众厅</text:h>'
               '<text:p>3.1.1　观众厅的座椅应符合表3.1.1的规定：</text:p><text:list><text:list-item><text:p>1　软包座椅'
               '<text:span>应为B1级</text:span>；</text:p></text:list-item></text:list>'
               '<table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>部位</text:p>'
               '</table:table-cell><table:table-cell><text:p>等级</text:p></table:table-cell></table:table-row>'
               '</table:table-header-rows><table:table-row><table:table-cell><text:p>墙面</text:p></table:table-cell>'
               '<table:table-cell><text:p>A</text:p></table:table-cell></table:table-row></table:table>')
    assert read_source(path).text.split("\n") == [
        "T/EXAMPLE 033-2026", "示例影院防火示范规范", "## 1 总则", "1.0.1　为预防火灾，制定本规范。", "## 3.1 观众厅",
        "3.1.1　观众厅的座椅应符合表3.1.1的规定：", "1　软包座椅应为B1级；", "部位\t等级", "墙面\tA"]
    document = parse_file(path)
    assert [c.number for c in document.clauses] == ["1.0.1", "3.1.1"] and document.code == "T/EXAMPLE 033-2026"


def test_a_broken_odt_is_refused_by_name(tmp_path):
    path = tmp_path / "broken.odt"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CorpusFormatError, match="broken.odt.*not a readable .odt file"):
        read_source(path)


def test_a_code_a_converter_set_in_one_table_keeps_the_tables_nested_in_its_cells(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("示例停机坪防火示范规范")
    body = document.add_table(rows=3, cols=2)
    heading = body.rows[0].cells[0].merge(body.rows[0].cells[1])
    heading.text = "3 布置"
    body.rows[1].cells[0].text, body.rows[1].cells[1].text = "3.2.1", "起降区的边长不应小于表3.2.1的规定。"
    values = body.rows[1].cells[1].add_table(rows=2, cols=2)
    for row, cells in zip(values.rows, (("类别", "最小边长（m）"), ("一类", "15"))):
        row.cells[0].text, row.cells[1].text = cells
    body.rows[2].cells[0].text, body.rows[2].cells[1].text = "3.2.2", "起降区应设置标志。"
    path = tmp_path / "helipad.docx"
    document.save(path)
    assert read_source(path).text.split("\n") == [
        "示例停机坪防火示范规范", "3 布置", "3.2.1\t起降区的边长不应小于表3.2.1的规定。", "类别\t最小边长（m）", "一类\t15",
        "3.2.2\t起降区应设置标志。"]
    assert parse_file(path).clause("3.2.1").text.endswith("一类 15")


def test_an_old_word_doc_reads_like_its_docx_with_the_item_numbers_word_draws_and_its_changes_accepted():
    # the page header is not read; an item's number comes from Word's list; a table row is one line, its empty
    # cell kept and a cell of two paragraphs joined; tracked changes are accepted (LibreOffice keeps the deleted
    # article's paragraph mark, which leaves an empty line)
    text = read_source(SAMPLES / "rules.doc").text
    assert "删除" not in text and "可以吸烟" not in text
    lines = [line for line in text.split("\n") if line]
    assert lines[:3] == [TITLE, "第一章 总则", FIRST_ARTICLE]
    assert lines[5:] == [
        "第二章 防火措施", "第四条 仓库内不得使用明火，严禁吸烟。", "值班人员应当每日巡查。", AREA_ARTICLE + "下列场所应当配置灭火器：",
        "（一） 仓库；", "（二） 配电室。", "场所\t灭火器\t备注", "仓库\t每层不少于2具\t", "𠀾楼配电室\t不少于1具\t采用气体灭火器 每月检查",
        "第六条 疏散通道、安全出口应当保持畅通，不得占用、堵塞或者封闭。"]
    document = parse_file(SAMPLES / "rules.doc")
    assert document.title == TITLE and len(document.clauses) == 6
    assert "（二） 配电室。" in document.clause("5").text


@pytest.mark.parametrize(("sample", "misnamed"), [("rules.doc", "rules.docx"), ("rules.docx", "rules.doc")])
def test_a_word_file_is_read_by_what_it_holds_not_by_its_extension(tmp_path, sample, misnamed):
    path = tmp_path / misnamed
    path.write_bytes((SAMPLES / sample).read_bytes())
    assert read_source(path).text == read_source(SAMPLES / sample).text


def test_a_revision_draft_reads_with_its_tracked_changes_accepted_and_content_controls_read(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    w, author = nsdecls("w"), 'w:author="审核人" w:date="2026-03-01T00:00:00Z"'
    document = docx.Document()
    body = document.element.body
    for xml in (
        # a cover in a content control, then a table of contents in one, which is left out
        f'<w:sdt {w}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Cover Pages"/></w:docPartObj></w:sdtPr>'
        '<w:sdtContent><w:p><w:r><w:t>示例板房消防安全管理办法</w:t></w:r></w:p></w:sdtContent></w:sdt>',
        f'<w:sdt {w}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
        '<w:sdtContent><w:p><w:r><w:t>第一章 总则	1</w:t></w:r></w:p></w:sdtContent></w:sdt>',
        f'<w:p {w}><w:r><w:t>第一条 板房的间距不应小于</w:t></w:r><w:del w:id="1" {author}><w:r><w:delText>4</w:delText>'
        f'</w:r></w:del><w:ins w:id="2" {author}><w:r><w:t>6</w:t></w:r></w:ins><w:r><w:t>米。</w:t></w:r></w:p>',
        # an article deleted whole, its paragraph mark too, and the next one renumbered by tracked edits
        f'<w:p {w}><w:pPr><w:rPr><w:del w:id="3" {author}/></w:rPr></w:pPr><w:del w:id="4" {author}><w:r>'
        '<w:delText>第二条 板房内不得做饭。</w:delText></w:r></w:del></w:p>',
        f'<w:p {w}><w:r><w:t>第</w:t></w:r><w:del w:id="5" {author}><w:r><w:delText>三</w:delText></w:r></w:del>'
        f'<w:ins w:id="6" {author}><w:r><w:t>二</w:t></w:r></w:ins><w:r><w:t>条 板房的芯材应当为</w:t></w:r>'
        '<w:sdt><w:sdtContent><w:r><w:t>不燃材料</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>，见第</w:t></w:r>'
        '<w:fldSimple w:instr=" REF _Ref1 \\h "><w:r><w:t>一</w:t></w:r></w:fldSimple><w:r><w:t>条和</w:t></w:r>'
        '<w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t>表1</w:t></w:r></w:smartTag><w:r><w:t>。</w:t></w:r></w:p>',
        f'<w:p {w}><w:r><w:t>第三条 复核按第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
        '<w:instrText xml:space="preserve"> REF _Ref2 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>二</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>条办理。</w:t></w:r></w:p>',
    ):
        body.insert(len(body) - 1, parse_xml(xml))
    path = tmp_path / "draft.docx"
    document.save(path)
    assert read_source(path).text.split("\n") == [
        "示例板房消防安全管理办法", "第一条 板房的间距不应小于6米。", "第二条 板房的芯材应当为不燃材料，见第一条和表1。",
        "第三条 复核按第二条办理。"]
    assert parse_file(path).clause("2").text == "板房的芯材应当为不燃材料，见第一条和表1。"


def test_a_pdf_converted_to_word_is_read_from_its_text_boxes_once(tmp_path):
    # a converter anchors each block of text in a text box: the drawing (mc:Choice) and a copy for older readers
    # (mc:Fallback) hold the same paragraphs, which are read once, after the paragraph they are anchored in
    import docx
    from docx.oxml import parse_xml

    names = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
             'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
             'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
             'xmlns:v="urn:schemas-microsoft-com:vml"')
    box = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in ("第一条 仓库内严禁吸烟。", "第二条 通道应当畅通。"))
    document = docx.Document()
    document.add_paragraph("示例仓库消防管理办法")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {names}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        f'<w:txbxContent>{box}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
        f'<v:textbox><w:txbxContent>{box}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
        f'</mc:AlternateContent></w:r></w:p>'))
    document.add_paragraph("第三条 本办法自公布之日起施行。")
    path = tmp_path / "converted.docx"
    document.save(path)
    assert [line for line in read_source(path).text.split("\n") if line] == [
        "示例仓库消防管理办法", "第一条 仓库内严禁吸烟。", "第二条 通道应当畅通。", "第三条 本办法自公布之日起施行。"]


def test_markdown_a_converter_wrote_reads_like_markdown_written_by_hand(tmp_path):
    # pandoc's setext headings, a footnote on the title, escapes, hard line breaks and a grid table
    path = tmp_path / "museum.md"
    path.write_text("示例省博物馆消防安全管理规定[^1]\n======================\n\n第一章　总则\n------------\n\n"
                    "**第一条**　标注\\*号的文物应当单独存放。\n\n**第二条**　库房应当遵守下列规定：\\\n（一）不设插座；\\\n"
                    "（二）面积符合下表：\n\n+------+------+\n| 类别 | 面积 |\n+======+======+\n| 纸质 | 300  |\n+------+------+\n\n"
                    "[^1]: 2019年6月10日公布，2026年2月3日修订。\n", encoding="utf-8")
    document = parse_file(path)
    assert document.title == "示例省博物馆消防安全管理规定"
    assert [(c.number, c.path) for c in document.clauses] == [("第一条", ["第一章 总则"]), ("第二条", ["第一章 总则"])]
    assert document.clause("1").text == "标注*号的文物应当单独存放。"
    assert "\\" not in document.clause("2").text and "+---" not in document.clause("2").text
    assert "修订" not in document.clause("2").text and document.dates.get("amended") == "2026-02-03"


def test_markdown_written_for_github_reads_its_links_as_their_text(tmp_path):
    # cross-references linked to their anchors, and a link whose target holds parentheses
    path = tmp_path / "station.md"
    path.write_text("# 示例场站防火示范规范\n\n## 4 充电设施\n\n**4.1.2** 充电设备与加油设施的距离不应小于25m。\n\n"
                    "## 8 加气站\n\n**8.1.3** 储气井与充电设备的距离，应按本规范[第4.1.2条](#412)执行，"
                    "见[说明](https://example.org/a_(b) \"说明\")。\n", encoding="utf-8")
    document = parse_file(path)
    assert document.clause("8.1.3").text == "储气井与充电设备的距离，应按本规范第4.1.2条执行，见说明。"


def test_markdown_from_a_wiki_reads_clauses_set_as_list_items_html_tables_and_notes(tmp_path):
    # a clause as a bullet starting with its bold number, sub-items nested, a note in a quote, an anchor, a raw
    # HTML table and a <details> block naming the clause it explains
    path = tmp_path / "hotel.md"
    path.write_text("> ⚠️ 示例文本\n\n# T/EXAMPLE 044-2026 示例酒店防火示范规范\n\n<a id=\"ch-4\"></a>\n## 4 安全疏散\n\n"
                    "- **4.1.3** 客房门至安全出口的距离不应大于表4.1.3的规定。\n\n<table>\n<tr><th>类别</th><th>距离</th></tr>\n"
                    "<tr><td>高层酒店</td><td>32</td></tr>\n</table>\n\n> **注：**跃层客房另计。\n\n"
                    "- **4.1.4** 客房走道应符合下列规定：\n  - 1 不应堆放物品；\n  - 2 应设疏散指示标志。\n\n"
                    "<details>\n<summary>条文说明 4.1.4</summary>\n\n走道是疏散的必经之路。\n\n</details>\n", encoding="utf-8")
    document = parse_file(path)
    assert (document.code, [c.number for c in document.clauses]) == ("T/EXAMPLE 044-2026", ["4.1.3", "4.1.4"])
    assert "高层酒店 32" in document.clause("4.1.3").text and "**注：**跃层客房另计。" in document.clause("4.1.3").text
    assert document.clause("4.1.4").text == "客房走道应符合下列规定：\n1 不应堆放物品；\n2 应设疏散指示标志。"
    assert document.clause("4.1.4").commentary == "走道是疏散的必经之路。"


def test_a_gazette_page_in_two_columns_reads_down_the_left_column_then_the_right():
    # each page: a running header split at both ends, the title across the page on the first, then two columns
    lines = read_source(SAMPLES / "two_columns.pdf").text.split("\n")
    first = "第一条 为了加强示例单位仓库和配套用房的消防安全管理，预防火灾和减少火灾危害，保护人身和财产安全，制定本办法。"
    assert lines[1] == TITLE and lines[2] == first and lines.count(first) == 3
    assert lines[4].startswith("第三条 仓库防火分区") and lines[4].endswith("不得在门窗上设置影响逃生的障碍物。")
    assert not any("公报" in line for line in lines[1:])


def test_a_pdf_drawn_one_character_at_a_time_keeps_the_gap_after_a_clause_number():
    assert read_source(SAMPLES / "per_character.pdf").text.split("\n")[1:3] == ["1 总则", "1.0.1 为了预防洗衣房火灾，制定本规范。"]
    document = parse_file(SAMPLES / "per_character.pdf")
    assert [(c.number, c.text, c.path) for c in document.clauses] == [
        ("1.0.1", "为了预防洗衣房火灾，制定本规范。", ["1 总则"]), ("1.0.2", "干洗机应设置在独立房间内。", ["1 总则"])]


RTF = (rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f1\fswiss\fcharset0 Arial;}}"
       rb"{\colortbl;\red0\green0\blue0;}{\*\generator Microsoft Word;}{\header \pard \f0 \'ca\'be\'c0\'fd\'ca\'d0\par}"
       rb"\pard\f0 \'ca\'be\'c0\'fd\'b4\'e5\'c2\'e4\'cf\'fb\'b7\'c0\'b9\'dc\'c0\'ed\'b0\'ec\'b7\'a8\par"
       rb"\'b5\'da\'d2\'bb\'cc\'f5\u12288?\uc1\u26449?\u33853?{\uc2\u24212\'d3\'a6}\'b5\'b1\'c9\'e8\'d6\'c3"
       rb"{\deleted \'c3\'f0\'bb\'f0\'c6\'f7}\'cf\'fb\'b7\'c0\'cb\'ae\'b3\'d8\'a3\'ba\par"
       rb"{\listtext (\'d2\'bb)\tab}\'b2\'bb\'b5\'c3\'b6\'d1\'b7\'c5\'b2\'f1\'b2\'dd\'a3\'bb\par"
       rb"\trowd\cellx2000\cellx4000\intbl \'c0\'e0\'b1\'f0\cell \f1 20{\field{\*\fldinst PAGE}{\fldrslt 1}}m\cell\row"
       rb"\pard\f0 \'b5\'da\'b6\'fe\'cc\'f5\u12288?{\footnote \'d7\'a2}\'b1\'be\'b0\'ec\'b7\'a8\'d7\'d4\'b9\'ab\'b2\'bc"
       rb"\'d6\'ae\'c8\'d5\'c6\'f0\'ca\'a9\'d0\'d0\'a1\'a3\par}")


def test_rich_text_reads_gbk_and_unicode_text_rows_list_numbers_and_accepted_changes(tmp_path):
    # the header, footnote, font table and generator are no text; the deleted word is left out
    path = tmp_path / "village.rtf"
    path.write_bytes(RTF)
    assert read_source(path).text.split("\n") == [
        "示例村落消防管理办法", "第一条\u3000村落应当设置消防水池：", "(一)\t不得堆放柴草；", "类别\t201m", "第二条\u3000本办法自公布之日起施行。", ""]
    assert [c.number for c in parse_file(path).clauses] == ["第一条", "第二条"]


@pytest.mark.parametrize("content", ["rtf", "html", "mht"])
def test_a_doc_that_is_rich_text_a_web_page_or_a_web_archive_is_read_as_what_it_is(tmp_path, content):
    # sites serve all three as .doc, since Word opens them
    page = "<html><head><meta charset='gb2312'></head><body><p>示例村落消防管理办法</p><p>第一条　村落应当设置消防水池。</p></body></html>"
    data = {"rtf": RTF, "html": page.encode("gb18030"),
            "mht": b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n--b\nContent-Type: text/html; "
                   b"charset=\"gb2312\"\nContent-Transfer-Encoding: base64\n\n"
                   + __import__("base64").encodebytes(page.encode("gb18030")) + b"\n--b--\n"}[content]
    path = tmp_path / "village.doc"
    path.write_bytes(data)
    source = read_source(path)
    assert source.format == content if content != "mht" else source.format == "mht"
    assert source.text.split("\n")[:2][0] == "示例村落消防管理办法"
    assert parse_file(path).clause("1").text.startswith("村落应当设置消防水池")
