"""The text of a law or code saved as a web page (.html, .htm).

Government sites publish rules as pages whose article sits among menus,
breadcrumbs, link lists and a footer. :func:`html_lines` keeps only the
article: the element whose paragraphs hold the most text that is not link
text (with its siblings of the same tag and class, when they hold a good
share of that text: a page that sets each chapter in its own ``<div>``; or
the element that holds every chapter and article, when the best one holds
only some and the others sit in wrappers of their own, as a WeChat article's).
When that text opens with a chapter, article or clause rather than a title
(or with lines none of which reads as one, such as a rule's history), the last
heading before it (or the first part of ``<title>``) becomes the title line the
parsers expect. Block elements and ``<br>`` end lines, table rows become
tab-separated lines, and a heading ``<h2>3.1 一般规定</h2>`` is written as a
``## `` heading, as in a Word file.
"""
from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kg.corpus.metadata import looks_like_title
from kg.corpus.text import heading_line
from kg.errors import CorpusFormatError

_SKIPPED = {"script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form",
            "button", "select", "option", "textarea", "iframe", "svg", "canvas", "object"}
# a <header> inside the page's content is the document's own (a code's cover: number, title, dates), kept; one
# directly in <body> is the site's
_PAGE_LEVEL = {"document", "html", "body"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param", "source",
         "track", "wbr"}
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "caption"}
_BLOCKS = _PARAGRAPHS | {"div", "section", "article", "main", "body", "html", "ul", "ol", "dl", "table",
                         "thead", "tbody", "tfoot", "tr", "td", "th", "center", "figure", "figcaption"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CELLS = {"td", "th"}
_LABEL = re.compile(r"[\u4e00-\u9fff]{2,6}")
_TITLE_HEADINGS = {"h1", "h2", "h3"}
_OPENS_BODY = re.compile(r"(?:## )?(?:第[零〇一二三四五六七八九十百千0-9]+[章节条]|\d)")
_SIBLING_SHARE = 0.2        # a sibling of the best element is kept when it scores this share of it
_OPENS_UNIT = re.compile(r"第[零〇一二三四五六七八九十百千0-9]+[章条]")
_MIN_OUTSIDE_UNITS = 2      # chapters or articles outside the best element that make it too narrow
_TITLE_SEPARATORS = re.compile(r"\s*(?:[|｜_—–]|\s-\s)\s*")
_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_WRAP_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


@dataclass
class _Element:
    tag: str
    parent: _Element | None
    css_class: str = ""
    start: str = ""          # an <ol>'s first number
    children: list[_Element | str] = field(default_factory=list)
    score: float = 0.0


class _TreeBuilder(HTMLParser):
    """A forgiving element tree: unclosed tags close with their parent, stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("document", None)
        self.current = self.root
        self.title = ""
        self._in_title = False
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        if self._skipping or tag in _SKIPPED and not (tag == "header" and self.current.tag not in _PAGE_LEVEL):
            self._skipping += tag not in _VOID
            return
        if tag == "p" and self.current.tag == "p":      # <p> cannot hold a <p>: the first one ends here
            self.current = self.current.parent
        attributes = dict(attrs)
        element = _Element(tag, self.current, attributes.get("class") or "", attributes.get("start") or "")
        self.current.children.append(element)
        if tag not in _VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs) -> None:
        if not self._skipping and tag not in _SKIPPED:
            self.current.children.append(_Element(tag, self.current))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skipping:
            self._skipping -= tag not in _VOID
            return
        element = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.current = element.parent

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skipping:
            self.current.children.append(data)


def decode_html(raw: bytes, charset: str | None = None) -> tuple[str, str] | None:
    """Decode a page by the charset given (a web archive's part names it) or its ``<meta>`` declares, or None when
    neither fits.

    >>> decode_html('<meta charset="gb2312"><p>第一条</p>'.encode("gb18030"))
    ('<meta charset="gb2312"><p>第一条</p>', 'gb18030')
    """
    match = _CHARSET.search(raw[:4096])
    if not match and not charset:
        return None
    declared = (charset or match.group(1).decode("ascii")).lower()
    encoding = "gb18030" if declared in {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"} else declared
    try:
        return raw.decode(encoding), encoding
    except (LookupError, UnicodeDecodeError):
        return None


def mht_html(path, raw: bytes) -> tuple[bytes, str | None]:
    """The page a web archive (.mht, as Word and browsers save one, and as some sites serve a ".doc") holds: its
    first text/html part, decoded from quoted-printable or base64, and the charset the part names.

    >>> archive = (b'MIME-Version: 1.0\\nContent-Type: multipart/related; boundary="b"\\n\\n--b\\n'
    ...            b'Content-Type: text/html; charset="gb2312"\\nContent-Transfer-Encoding: quoted-printable\\n\\n'
    ...            b'<p>=B5=DA=D2=BB=CC=F5</p>\\n--b--\\n')
    >>> mht_html("x.mht", archive)
    (b'<p>\\xb5\\xda\\xd2\\xbb\\xcc\\xf5</p>', 'gb2312')
    """
    message = email.message_from_bytes(raw)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                return payload, part.get_content_charset()
    raise CorpusFormatError(path, "is a web archive (MIME) without a web page (text/html part) in it.",
                            "a web archive saved by Word or a browser, or the page itself as .html.")


def html_lines(html: str) -> list[str]:
    """The title and the lines of a page's main text.

    >>> page = ('<html><head><title>某市消防条例 - 某市人民政府</title></head><body>'
    ...         '<div class="nav"><a href="/">首页</a> <a href="/zc">政策文件</a></div>'
    ...         '<div class="content"><p><strong>第一条</strong>　为了预防火灾，制定本条例。</p>'
    ...         '<p><strong>第二条</strong>　本条例适用于本市行政区域。</p></div>'
    ...         '<div class="footer">版权所有：某市人民政府 <a href="#">联系我们</a></div></body></html>')
    >>> html_lines(page)
    ['某市消防条例', '第一条\\u3000为了预防火灾，制定本条例。', '第二条\\u3000本条例适用于本市行政区域。']
    """
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    main = _main_elements(builder.root)
    lines = [line for element in main for line in _element_lines(element)]
    opening = _opening(lines)
    if (cover := _cover_before(builder.root, main[0])) is not None and not any(looks_like_title(line) for line in opening):
        # a standards site sets the code's name and its number, dates and issuer in a block of their own
        lines[:0] = _element_lines(cover)
        opening = _opening(lines)
    if not opening or not any(looks_like_title(line) for line in opening):
        # the text opens with a chapter, article or clause, or with lines none of which is a title (a rule's
        # history, （2021年…公布　根据…修正）, under a title the site set in its own table cell)
        headline = _heading_before(builder.root, main[0])
        title = _text_of(headline) if headline is not None else _TITLE_SEPARATORS.split(builder.title.strip())[0]
        if title and (not opening or looks_like_title(title)):
            lines[:0] = [title]
    return lines


def _opening(lines: list[str]) -> list[str]:
    """The lines before the first chapter, article or clause."""
    return lines[:next((index for index, line in enumerate(lines) if _OPENS_BODY.match(line)), len(lines))]


def _main_elements(root: _Element) -> list[_Element]:
    _score(root)
    best = max(_elements(root), key=lambda element: element.score)
    if best.parent is None or best.score == 0:
        return [best]
    main = [sibling for sibling in best.parent.children if isinstance(sibling, _Element)
            and (sibling is best or _same_kind(sibling, best) and sibling.score >= best.score * _SIBLING_SHARE)]
    return _widened(root, main)


def _widened(root: _Element, main: list[_Element]) -> list[_Element]:
    """The element that holds every chapter and article, when the best-scoring one holds only some of them: an
    editor that nests each chapter in wrappers of its own (a WeChat article) leaves the chapters no siblings."""
    inside = {id(element) for top in main for element in _elements(top)}
    starts = [element for element in _elements(root) if _opens_unit(element)]
    outside = [element for element in starts if id(element) not in inside]
    if len(outside) < _MIN_OUTSIDE_UNITS or len(starts) == len(outside):
        return main
    common = _ancestors(main[0])
    for element in outside:
        lineage = {id(ancestor) for ancestor in _ancestors(element)}
        common = [ancestor for ancestor in common if id(ancestor) in lineage]
    return [common[0]] if common and common[0].tag not in _PAGE_LEVEL else main


def _opens_unit(element: _Element) -> bool:
    """A block with no block inside it whose text opens with a chapter or article number, not in a link."""
    if element.tag not in _BLOCKS or _inside(element, "a") or any(
            child.tag in _BLOCKS for child in _elements(element) if child is not element):
        return False
    return bool(_OPENS_UNIT.match(_text_of(element)))


def _ancestors(element: _Element | None) -> list[_Element]:
    """The element and its ancestors, nearest first."""
    lineage = []
    while element is not None:
        lineage.append(element)
        element = element.parent
    return lineage


def _same_kind(element: _Element, other: _Element) -> bool:
    return element.tag == other.tag and element.css_class == other.css_class


def _score(root: _Element) -> None:
    """Credit each run of text that is not link text to the element that holds its paragraph; a data row's cell
    is held by its table (a standards site sets each clause in a row: number cell, text cell)."""
    data_rows: dict[int, bool] = {}          # each row judged once, not once per run of text in it
    for element in _elements(root):
        for child in element.children:
            if isinstance(child, str) and not _inside(element, "a"):
                holder = _block_of(element)
                weight = len(_SPACES.sub("", child))
                if holder.tag in _PARAGRAPHS and holder.parent is not None:
                    holder = holder.parent
                if holder.tag in _CELLS and holder.parent is not None:
                    row = holder.parent
                    if id(row) not in data_rows:
                        data_rows[id(row)] = _holds_data(row)
                    if data_rows[id(row)]:
                        holder = _table_of(holder)
                holder.score += weight
                if holder.parent is not None:
                    holder.parent.score += weight / 2


def _elements(root: _Element):
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(child for child in reversed(element.children) if isinstance(child, _Element))


def _inside(element: _Element | None, tag: str) -> bool:
    while element is not None:
        if element.tag == tag:
            return True
        element = element.parent
    return False


def _table_of(cell: _Element) -> _Element:
    table = cell
    while table.parent is not None and table.tag != "table":
        table = table.parent
    return table if table.tag == "table" else cell


def _block_of(element: _Element) -> _Element:
    while element.parent is not None and element.tag not in _BLOCKS:
        element = element.parent
    return element


def _cover_before(root: _Element, main: _Element) -> _Element | None:
    """The block before the main text that holds the page's <h1> and a metadata table (its fields in label cells),
    and no chapter, article or clause."""
    heading = next((element for element in _elements(root) if element.tag == "h1"), None)
    if heading is None or heading.parent is None or heading.parent.tag in _PAGE_LEVEL:
        return None
    block = heading.parent
    inside = list(_elements(block))
    if any(element is main for element in inside) or not any(element.tag == "table" for element in inside) \
            or any(_opens_unit(element) for element in inside):
        return None
    return block


def _heading_before(root: _Element, main: _Element) -> _Element | None:
    """The last heading met before the main text, unless it is a link or names a chapter."""
    found = None
    for element in _elements(root):
        if element is main:
            return found
        if element.tag in _TITLE_HEADINGS and not _inside(element, "a") \
                and (text := _text_of(element)) and not _OPENS_BODY.match(text):
            found = element
    return found


def _element_lines(element: _Element) -> list[str]:
    pieces: list[str] = []
    _render(element, pieces)
    return [line for line in (_clean(line) for line in "".join(pieces).split("\n")) if line]


def _render(element: _Element, pieces: list[str], label: str = "") -> None:
    if element.tag == "br":
        pieces.append("\n")
        return
    if element.tag == "tr" and not _lays_out(element):
        cells = _cells(element)
        texts = [_text_of(cell, skipped="details") for cell in cells]
        if _labelled(cells, texts):
            line = "\u3000".join(f"{label}：{value}" for label, value in zip(texts[::2], texts[1::2]))
        else:
            line = "\t".join(texts)
        pieces.append("\n" + line + "\n")
        # a note folded into a cell (<details><summary>条文说明</summary>…) follows the row, its summary a line
        for note in (inner for cell in cells for inner in _elements(cell) if inner.tag == "details"):
            summary = next((child for child in note.children if isinstance(child, _Element) and child.tag == "summary"),
                           None)
            if summary is not None:
                pieces.append("\n" + _text_of(summary) + "\n")
            pieces.append(_text_of(note, skipped="summary") + "\n")
        return
    if element.tag in _HEADINGS and element.parent is not None:
        pieces.append("\n" + heading_line(_text_of(element)) + "\n")
        return
    block = element.tag in _BLOCKS
    if block:
        pieces.append("\n")
    pieces.append(label)
    number = int(element.start) if element.start.isdigit() else 1
    for child in element.children:
        if isinstance(child, str):
            pieces.append(child if _inside(element, "pre") else _WRAP_BETWEEN_CJK.sub("", child))
        elif element.tag == "ol" and child.tag == "li":     # the number a browser draws: a code's sub-item 1, 2, …
            _render(child, pieces, f"{number} ")
            number += 1
        else:
            _render(child, pieces)
    if block:
        pieces.append("\n")


def _text_of(element: _Element, skipped: str = "") -> str:
    pieces: list[str] = []
    for child in element.children:
        if isinstance(child, str):
            pieces.append(_WRAP_BETWEEN_CJK.sub("", child))
        elif child.tag == "br":
            pieces.append(" ")
        elif child.tag in _CELLS:        # a table set inside a cell: its cells apart (序号 主机房所在位置 …)
            pieces.append(f" {_text_of(child, skipped)} ")
        elif child.tag != skipped:
            pieces.append(_text_of(child, skipped))
    return _clean("".join(pieces))


def _cells(row: _Element) -> list[_Element]:
    return [cell for cell in row.children if isinstance(cell, _Element) and cell.tag in _CELLS]


def _holds_data(row: _Element) -> bool:
    """A row of a table of data (a clause's number and text), not one laying out a page nor a metadata row."""
    cells = _cells(row)
    return not _lays_out(row) and not _labelled(cells, [_text_of(cell) for cell in cells])


def _lays_out(row: _Element) -> bool:
    """Whether a table row lays out a page rather than holding data: it has one cell, or a cell of it holds
    paragraphs or blocks (an old government page sets its whole text in one cell, its lines apart by <br>), which
    are read as lines, not as one cell's text."""
    cells = _cells(row)
    return len(cells) == 1 or any(inner.tag in _BLOCKS for cell in cells for inner in _elements(cell) if inner is not cell)


def _labelled(cells: list[_Element], texts: list[str]) -> bool:
    """A row of a metadata table: header cells, each a short label, each before its value (标准编号 | T/FIREKG 043-2026,
    发布部门 | … | 发文字号 | …), which reads as 标准编号：T/FIREKG 043-2026."""
    return len(cells) >= 2 and len(cells) % 2 == 0 and all(
        cell.tag == ("th" if index % 2 == 0 else "td") for index, cell in enumerate(cells)) and all(
        _LABEL.fullmatch(label) for label in texts[::2])


def _clean(line: str) -> str:
    """Spaces collapsed; the tabs between a table row's cells kept."""
    return "\t".join(_SPACES.sub(" ", cell.replace("\xa0", " ")).strip() for cell in line.split("\t")).strip()
