"""Regenerate the tiny reader samples in this folder.

The texts are made up, in the style of a fire-safety regulation. Run from the
repository root:

    .venv/bin/python tests/kg/samples/make_samples.py

Needs python-docx, reportlab for the PDFs (``pip install reportlab``) and
LibreOffice for the .doc (Debian's libreoffice-writer-nogui); the tests
themselves only read the checked-in files. ReportLab's built-in CID font
``STSong-Light`` is used, so no font file is needed. The PDFs are written with
``invariant=1`` and come out byte for byte the same; the .docx zip entries carry
the time they were written, so only their content is reproducible.
"""
from __future__ import annotations

import io
import json
import logging
import random
import struct
import zlib
from pathlib import Path

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TITLE = "示例单位消防安全管理办法"
ARTICLES = [
    "第一条 为了加强示例单位的消防安全管理，预防火灾和减少火灾危害，制定本办法。",
    "第二条 本办法适用于示例单位的办公楼、仓库和配套用房。",
    "第三条 消防安全工作贯彻预防为主、防消结合的方针。",
    "第四条 仓库内不得使用明火，严禁吸烟。",
    "第五条 仓库防火分区的建筑面积不应大于500m²。",
    "第六条 疏散通道、安全出口应当保持畅通，不得占用、堵塞或者封闭。",
]
MARKDOWN = f"# {TITLE}\n\n## 第一章 总则\n\n" + "\n".join(ARTICLES[:3]) + \
    "\n\n## 第二章 防火措施\n\n" + "\n".join(ARTICLES[3:]) + "\n"
MARKDOWN_GBK = MARKDOWN.replace("500m²", "500平方米")       # ² is outside GBK
BIG5_TEXT = "第一條 為了加強示例單位的消防安全管理，制定本辦法。\n第二條 倉庫內不得使用明火。\n"
SENTENCES = [("仓库内不得使用明火。", 1), ("今天下午召开安全例会。", 0), ("疏散通道应当保持畅通。", 1)]


def write_texts() -> None:
    (HERE / "rules_utf8.md").write_text(MARKDOWN, encoding="utf-8", newline="\n")
    (HERE / "rules_gb18030.txt").write_bytes(MARKDOWN.encode("gb18030"))
    (HERE / "rules_gbk.txt").write_bytes(MARKDOWN_GBK.encode("gbk"))
    (HERE / "rules_big5.txt").write_bytes(BIG5_TEXT.encode("big5"))
    (HERE / "rules_bom_crlf.txt").write_bytes(MARKDOWN.replace("\n", "\r\n").encode("utf-8-sig"))
    (HERE / "rules_utf16.txt").write_bytes(MARKDOWN.encode("utf-16"))
    sentences = "".join(f"{sentence}\t{label}\n" for sentence, label in SENTENCES)
    (HERE / "sentences.txt").write_text(sentences, encoding="utf-8", newline="\n")
    articles = [{"number": index, "text": text} for index, text in enumerate(ARTICLES, start=1)]
    (HERE / "rules.json").write_text(json.dumps({"title": TITLE, "articles": articles}, ensure_ascii=False, indent=1),
                                     encoding="utf-8", newline="\n")
    (HERE / "broken.json").write_text('{"title": "示例单位消防安全管理办法", "articles": [', encoding="utf-8")


def write_html() -> None:
    """A page as a government site serves it today, and an older one laid out in a table, in GB2312."""
    chapters = [("第一章 总则", ARTICLES[:3]), ("第二章 防火措施", ARTICLES[3:])]
    body = "".join(f'<p style="text-align:center"><strong>{chapter}</strong></p>\n'
                   + "".join(f"<p>&nbsp;&nbsp;<strong>{text[:3]}</strong>　{text[4:]}</p>\n" for text in texts)
                   for chapter, texts in chapters)
    (HERE / "rules.html").write_text(
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}_示例市人民政府门户网站</title>
<script>var menu = "第九条 不是正文";</script><style>p {{ margin: 0 }}</style></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/zcwj">政策文件</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zcwj">政策文件</a></div>
<h1>{TITLE}</h1><div class="info">发布日期：2026-03-10 来源：示例市司法局 字号：<a>大</a> <a>中</a> <a>小</a></div>
<div class="article-content">
{body}</div>
<ul class="links"><li><a href="/a">关于做好冬春火灾防控工作的通知</a></li><li><a href="/b">示例市消防条例</a></li></ul>
<div class="footer">版权所有：示例市人民政府办公厅 <a href="/c">联系我们</a> 网站标识码：0000000000</div>
</body></html>
""", encoding="utf-8", newline="\n")
    lines = "<br>\n".join(line.lstrip("# ") for line in MARKDOWN_GBK.split("\n") if line)
    table_page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{TITLE}</title></head><body><table width="100%"><tr><td><a href="/">首页</a> | <a href="/fg">法规</a></td></tr>
<tr><td class="zw">{lines}</td></tr>
<tr><td>主办单位：示例市人民政府 <a href="/m">网站地图</a></td></tr></table></body></html>
"""
    (HERE / "rules_gb2312.htm").write_bytes(table_page.encode("gb18030"))


def write_bad_files() -> None:
    (HERE / "empty.md").write_bytes(b"")
    (HERE / "blank.txt").write_bytes(b"  \n\t\n\r\n")
    (HERE / "cut_off_utf8.md").write_bytes(MARKDOWN.encode("utf-8")[:-5])   # ends inside a character
    (HERE / "random_bytes.md").write_bytes(random.Random(20240601).randbytes(2048))
    (HERE / "image_png.txt").write_bytes(tiny_png())
    (HERE / "notes.xyz").write_text("第一条 扩展名不受支持。\n", encoding="utf-8")


def tiny_png() -> bytes:
    """A valid 4x4 grey PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + bytes([0x80] * 4) for _ in range(4)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def write_docx() -> None:
    import docx

    document = docx.Document()
    document.add_heading(TITLE, 0)
    document.add_heading("第一章 总则", 1)
    for article in ARTICLES[:3]:
        document.add_paragraph(article)
    document.add_heading("第二章 防火措施", 1)
    for article in ARTICLES[3:]:
        document.add_paragraph(article)
    table = document.add_table(rows=3, cols=2)
    for row, (name, value) in zip(table.rows, [("场所", "灭火器配置"), ("仓库", "每层不少于2具")]):
        row.cells[0].text, row.cells[1].text = name, value
    table.cell(2, 0).merge(table.cell(2, 1)).text = "注：配置数量按本办法第四条确定。"
    document.add_paragraph("附：本办法自发布之日起施行。")
    slim_docx(document)
    buffer = io.BytesIO()
    document.save(buffer)
    (HERE / "rules.docx").write_bytes(buffer.getvalue())
    (HERE / "corrupt.docx").write_bytes(buffer.getvalue()[:1500])       # a truncated zip


def write_doc() -> None:
    """rules.doc: a Word 97–2003 file, converted by LibreOffice from a .docx built here (Word numbers the items;
    a table with an empty cell and a cell of two paragraphs; a manual line break; tracked changes left in; a page
    header, which is not read).
    Skipped, keeping the checked-in file, where LibreOffice is not installed."""
    import shutil
    import subprocess
    import tempfile

    import docx
    from docx.oxml import parse_xml

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        logger.warning("libreoffice not found: rules.doc and corrupt.doc were not rewritten")
        return
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "示例单位文件"
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="70"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                  '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
    document.add_paragraph(TITLE)
    document.add_paragraph("第一章 总则")
    for article in ARTICLES[:3]:
        document.add_paragraph(article)
    document.add_paragraph("第二章 防火措施")
    document.add_paragraph(ARTICLES[3]).add_run().add_break()
    # tracked changes left in: an inserted sentence, a deleted one, and an article deleted with its paragraph mark
    revision = 'w:author="审核人" w:date="2026-03-01T00:00:00Z"'
    document.paragraphs[-1]._p.append(parse_xml(
        f'<w:ins {w} w:id="1" {revision}><w:r><w:t>值班人员应当每日巡查。</w:t></w:r></w:ins>'))
    document.paragraphs[-1]._p.append(parse_xml(
        f'<w:del {w} w:id="2" {revision}><w:r><w:delText>库房内可以吸烟。</w:delText></w:r></w:del>'))
    document.add_paragraph()._p.extend([parse_xml(
        f'<w:pPr {w}><w:rPr><w:del w:id="3" {revision}/></w:rPr></w:pPr>'), parse_xml(
        f'<w:del {w} w:id="4" {revision}><w:r><w:delText>第五条 已删除的条文。</w:delText></w:r></w:del>')])
    document.add_paragraph(ARTICLES[4] + "下列场所应当配置灭火器：")
    for item in ("仓库；", "配电室。"):
        document.add_paragraph(item)._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="70"/></w:numPr>'))
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, (("场所", "灭火器", "备注"), ("仓库", "每层不少于2具", ""))):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    table.cell(2, 0).text = "𠀾楼配电室"         # a character beyond U+FFFF: two UTF-16 units
    table.cell(2, 1).text = "不少于1具"
    table.cell(2, 2).add_paragraph("每月检查")
    table.cell(2, 2).paragraphs[0].text = "采用气体灭火器"
    document.add_paragraph(ARTICLES[5])
    slim_docx(document)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "rules.docx"
        document.save(source)
        subprocess.run([office, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                        "doc", "--outdir", folder, str(source)], check=True, capture_output=True, timeout=300)
        data = (Path(folder) / "rules.doc").read_bytes()
    (HERE / "rules.doc").write_bytes(data)
    (HERE / "corrupt.doc").write_bytes(data[:3000])                      # cut off inside the compound file


def slim_docx(document) -> None:
    """Drop the default template's unused parts and styles so the sample stays a few KB."""
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in _UNUSED_PARTS:
            document.part.drop_rel(rel_id)
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rel_id)
    styles = document.styles.element
    for element in styles.xpath("w:latentStyles") + _unused_styles(document):
        styles.remove(element)


_UNUSED_PARTS = {"stylesWithEffects", "webSettings", "theme", "customXml"}


def _unused_styles(document) -> list:
    styles = document.styles.element
    wanted = set(document.element.body.xpath(".//w:pStyle/@w:val | .//w:rStyle/@w:val | .//w:tblStyle/@w:val"))
    wanted |= set(styles.xpath("w:style[@w:default='1']/@w:styleId"))
    while True:
        linked = {value for style_id in wanted
                  for value in styles.xpath(f"w:style[@w:styleId='{style_id}']/*[self::w:basedOn or self::w:link"
                                            " or self::w:next]/@w:val")}
        if linked <= wanted:
            break
        wanted |= linked
    return [style for style in styles.xpath("w:style") if style.get(_W_STYLE_ID) not in wanted]


_W_STYLE_ID = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId"


def write_pdfs() -> None:
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    except ImportError as error:
        raise ImportError("Making the sample PDFs needs reportlab: pip install reportlab") from error

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pages = [["第一章 总则", *ARTICLES[:3]], ["第二章 防火措施", *ARTICLES[3:5]], [ARTICLES[5]]]
    text_pdf = pdf_bytes(pages)
    (HERE / "rules.pdf").write_bytes(text_pdf)
    (HERE / "scanned.pdf").write_bytes(pdf_bytes([[], []]))
    (HERE / "corrupt.pdf").write_bytes(text_pdf[:len(text_pdf) // 3])
    (HERE / "wrapped.pdf").write_bytes(pdf_bytes(wrapped_pages()))
    (HERE / "code_cover.pdf").write_bytes(pdf_bytes([COVER_LINES], header=False))
    (HERE / "mixed_fonts.pdf").write_bytes(mixed_fonts_pdf())
    (HERE / "two_columns.pdf").write_bytes(two_columns_pdf())
    (HERE / "per_character.pdf").write_bytes(per_character_pdf())


# a gazette page set in two columns: a running header and the title across the page, then the articles down the left
# column and on into the right one, cut every COLUMN_WIDTH characters
COLUMN_WIDTH = 14


def two_columns_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    lines = [article[start:start + COLUMN_WIDTH] for article in WRAPPED_ARTICLES * 3
             for start in range(0, len(article), COLUMN_WIDTH)]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for number, page in enumerate((lines[:24], lines[24:36], lines[36:]), start=1):
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(72, 800, "示例市人民政府公报")
        pdf.drawString(420, 800, "2026年第9期")
        if number == 1:
            pdf.setFont("STSong-Light", 14)
            pdf.drawString(170, 760, TITLE)
        pdf.setFont("STSong-Light", 12)
        for index, line in enumerate(page):
            column, row = divmod(index, 12)
            pdf.drawString(72 + 250 * column, 720 - 20 * row, line)
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(290, 30, f"— {number} —")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def per_character_pdf() -> bytes:
    """A code a typesetting tool drew one character at a time, the clause number apart from its text by a gap just
    under a character, the characters of a line spread to fill it."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    rows = [("", "示例洗衣房防火规范"), ("1", "总则"), ("1.0.1", "为了预防洗衣房火灾，制定本规范。"),
            ("1.0.2", "干洗机应设置在独立房间内。")]
    for index, (number, text) in enumerate(rows):
        x, y = 72.0, 740 - 24 * index
        for char in number:
            pdf.setFont("STSong-Light", 12)
            pdf.drawString(x, y, char)
            x += pdf.stringWidth(char, "STSong-Light", 12)
        x += 11.5 if number else 0
        for char in text:
            pdf.setFont("STSong-Light", 12)
            pdf.drawString(x, y, char)
            x += 12.4
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def mixed_fonts_pdf() -> bytes:
    """A code as many PDFs set one: a contents page with dot leaders and a roman page number, then clause
    numbers and values in a Latin font beside the Chinese text, and a table whose cells sit apart on one line."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(230, 790, "示例仓库防火规范")
    pdf.drawString(260, 760, "目　　次")
    for index, entry in enumerate(["1　总则", "3　平面布置"]):
        pdf.drawString(72, 720 - 24 * index, f"{entry} {'.' * 90} {index + 1}")
    pdf.drawString(295, 30, "I")
    pdf.showPage()
    rows = [[("STSong-Light", "1 总则")],
            [("Times-Roman", "1.0.1"), ("STSong-Light", "　为了预防示例仓库火灾，制定本规范。")],
            [("STSong-Light", "3 平面布置")],
            [("Times-Roman", "3.1.1"), ("STSong-Light", "　仓库之间的防火间距不应小于"), ("Times-Roman", "10m"),
             ("STSong-Light", "，并应符合表"), ("Times-Roman", "3.1.1"), ("STSong-Light", "的规定。")],
            [("STSong-Light", "类别"), ("STSong-Light", "间距（m）")]]
    for index, row in enumerate(rows):
        x = 72
        for font, text in row:
            pdf.setFont(font, 12)
            pdf.drawString(x, 740 - 24 * index, text)
            x += pdf.stringWidth(text, font, 12) + (100 if text == "类别" else 0)
    pdf.drawString(295, 30, "1")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# a code's cover as a PDF lays it out: an English subtitle as wide as the text block, then the number on its own line
COVER_LINES = ["示例地下空间防火规范", "Demonstration code for fire safety of underground spaces in use",
               "T/FIREKG 098-2026", "2026-03-01 发布", "1 总则", "1.0.1 为了预防地下空间火灾，减少火灾危害，制定本规范。",
               "1.0.2 本规范适用于示例地下空间的防火设计和管理。"]


# articles long enough to wrap, as a PDF lays them out: cut every WRAP_WIDTH characters, the last one across a page
# break, and one line opening with the comma a layout would not move back
WRAPPED_ARTICLES = [
    "第一条 为了加强示例单位仓库和配套用房的消防安全管理，预防火灾和减少火灾危害，保护人身和财产安全，制定本办法。",
    "第二条 仓库内不得使用明火，严禁吸烟。",
    "第三条 仓库防火分区的建筑面积不应大于500m²，疏散通道、安全出口应当保持畅通，不得占用、堵塞或者封闭，"
    "不得在门窗上设置影响逃生的障碍物。",
]
WRAP_WIDTH = 24


def wrapped_pages() -> list[list[str]]:
    lines = [article[start:start + WRAP_WIDTH] for article in WRAPPED_ARTICLES
             for start in range(0, len(article), WRAP_WIDTH)]
    return [["第一章 总则", *lines[:3]], lines[3:5], lines[5:]]


def pdf_bytes(pages: list[list[str]], header: bool = True) -> bytes:
    """A PDF with a running header and a page-number footer on each text page (``header``)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for number, lines in enumerate(pages, start=1):
        if lines:
            if header:
                pdf.setFont("STSong-Light", 10)
                pdf.drawString(72, 800, TITLE)
                pdf.drawString(290, 30, f"- {number} -")
            pdf.setFont("STSong-Light", 12)
            for index, line in enumerate(lines):
                pdf.drawString(72, 740 - 24 * index, line)
        else:                                      # a "scanned" page: only drawing, no text layer
            pdf.rect(72, 400, 300, 200, fill=1)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    write_pdfs()                                   # first: it fails early when reportlab is missing
    write_texts()
    write_html()
    write_bad_files()
    write_docx()
    write_doc()
    logger.info("wrote samples to %s", HERE)


if __name__ == "__main__":
    main()
