"""The text of a Word 2007+ file (.docx) as Word displays it.

The body is read in order: one line per paragraph, a Heading 1/2 paragraph that names a chapter or section written
as a ``## `` heading, one tab-separated line per table row. A paragraph's text is what Word shows with every tracked
change accepted, which python-docx's ``paragraph.text`` is not: a revision draft keeps its insertions (``w:ins``) and
drops its deletions (``w:del``), and a paragraph whose mark was deleted runs on into the next one. Text inside
content controls (``w:sdt``, as templates and WPS put a cover or a clause), smart tags, simple fields and links is
read; a field's code is not, its result is. A table of contents held in a content control is left out. Text boxes
(a PDF converted to Word sets its text in them) are read after the paragraph they are anchored in. A paragraph Word
numbers from a list starts with the number Word shows.
"""
from __future__ import annotations

import io
from pathlib import Path

from kg.corpus.text import heading_line
from kg.corpus.word_numbering import WordNumbering, numbered
from kg.errors import CorpusFormatError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R = (f"{_W}{name}" for name in ("p", "tbl", "tr", "tc", "r"))
_SDT, _SDT_CONTENT, _PPR, _RPR = (f"{_W}{name}" for name in ("sdt", "sdtContent", "pPr", "rPr"))
# What holds runs (or, for w:sdt and w:customXml, whole paragraphs) and is read through: an insertion, a moved-to
# passage, a content control, a smart tag, a custom XML element, a simple field (its result), a link, a text
# direction span.
_CONTAINERS = {f"{_W}{name}" for name in ("ins", "moveTo", "sdt", "sdtContent", "smartTag", "customXml",
                                          "fldSimple", "hyperlink", "dir", "bdo")}
_REMOVED = {f"{_W}{name}" for name in ("del", "moveFrom")}
_TEXT, _TAB, _PTAB, _BREAK, _CR, _HYPHEN = (f"{_W}{name}" for name in ("t", "tab", "ptab", "br", "cr",
                                                                      "noBreakHyphen"))
_TEXT_BOX, _FALLBACK = f"{_W}txbxContent", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_STYLES = {"heading 1", "heading 2"}
_CONTENTS_GALLERY = "table of contents"
EXPECTED_DOCX = "a Word 2007+ (.docx, Office Open XML) file; re-save it from Word, WPS or LibreOffice as .docx."


def _import_docx():
    try:
        import docx
    except ImportError as error:
        raise ImportError("Reading .docx files needs python-docx: pip install python-docx") from error
    return docx


def docx_text(path: Path, raw: bytes) -> str:
    """The lines of a .docx file's body, joined by newlines."""
    docx = _import_docx()
    try:
        document = docx.Document(io.BytesIO(raw))
        reader = _BodyReader(document)
        lines = reader.block_lines(document.element.body)
    except Exception as error:  # python-docx raises zipfile, KeyError, lxml and its own errors alike
        raise CorpusFormatError(path, f"is not a readable .docx file ({type(error).__name__}: {error}).",
                                EXPECTED_DOCX) from error
    return "\n".join(lines)


class _BodyReader:
    def __init__(self, document) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.table import Table
        self._table = lambda element: Table(element, document._body)
        self._numbering = WordNumbering(document.part.numbering_part.element, document.styles.element)
        self._style_names = {style.style_id: style.name or "" for style in document.styles}
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._default_style = default.style_id if default is not None else None

    def block_lines(self, container) -> list[str]:
        """One line per paragraph, one tab-separated line per table row.

        A manual line break (Shift+Enter) inside a paragraph stays a line break, as Word shows it; paragraphs
        inside a table cell are joined by a space. A paragraph whose mark a tracked change deleted is joined to the
        next paragraph.
        """
        lines: list[str] = []
        carried = ""                             # the text of paragraphs whose mark was deleted
        for element in _blocks(container):
            if element.tag == _TBL:
                if carried:
                    lines.append(carried)
                    carried = ""
                lines += self._table_lines(element)
                continue
            text = carried + self.paragraph_text(element)
            carried = ""
            if _mark_deleted(element):
                carried = text
            else:
                lines.append(self._heading(text, element))
            for box in _text_boxes(element):      # a PDF converted to Word sets its text in text boxes
                lines += self.block_lines(box)
        if carried:
            lines.append(carried)
        return lines

    def paragraph_text(self, paragraph) -> str:
        return numbered(self._numbering.label(paragraph, _style_id(paragraph) or self._default_style),
                        "".join(_run_texts(paragraph)))

    def _heading(self, text: str, paragraph) -> str:
        """A Heading 1/2 paragraph that names a chapter or section, written as ``## ``."""
        style = self._style_names.get(_style_id(paragraph) or self._default_style, "")
        return heading_line(text) if style.lower() in _HEADING_STYLES else text

    def _table_lines(self, table) -> list[str]:
        return [line for row in self._table(table).rows for line in self._row_lines(row)]

    def _row_lines(self, row) -> list[str]:
        """A table row as tab-separated cells; a cell's paragraphs, with the numbers Word gives them, joined by a
        space; then the rows of any table nested in its cells, one line each (a converter that sets a whole code
        in a two-column table puts a clause's table of values inside the clause's cell)."""
        cells, nested, seen = [], [], set()
        for cell in row.cells:                   # a merged cell is listed once per grid column it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            paragraphs = []
            for element in _blocks(cell._tc):
                if element.tag == _TBL:
                    nested += self._table_lines(element)
                else:
                    paragraphs.append(" ".join(self.paragraph_text(element).split("\n")).strip())
            cells.append(" ".join(paragraphs).strip())
        return ["\t".join(cells), *nested]


def _blocks(container):
    """The paragraphs and tables of a body or cell in order, read through content controls (a table of contents
    held in one is left out) and insertions; deleted and moved-away blocks are skipped."""
    for element in container:
        if element.tag in (_P, _TBL):
            yield element
        elif element.tag == _SDT:
            content = element.find(_SDT_CONTENT)
            if content is not None and not _is_contents(element):
                yield from _blocks(content)
        elif element.tag in _CONTAINERS:
            yield from _blocks(element)


def _text_boxes(element):
    """The contents of the text boxes anchored in a paragraph, in order: the drawing's own (``mc:Choice``), not the
    copy kept for older readers (``mc:Fallback``), and not a box nested in another, which its box's lines hold."""
    for child in element:
        if child.tag == _TEXT_BOX:
            yield child
        elif child.tag != _FALLBACK:
            yield from _text_boxes(child)


def _is_contents(sdt) -> bool:
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and (gallery.get(f"{_W}val") or "").lower() == _CONTENTS_GALLERY


def _run_texts(element):
    """The characters Word shows for a paragraph or run container, tracked changes accepted."""
    for child in element:
        if child.tag == _R:
            yield from _run_characters(child)
        elif child.tag in _CONTAINERS:
            yield from _run_texts(child)


def _run_characters(run):
    for child in run:
        tag = child.tag
        if tag == _TEXT:
            yield child.text or ""
        elif tag in (_TAB, _PTAB):
            yield "\t"
        elif tag == _BREAK:
            if child.get(f"{_W}type") in (None, "textWrapping"):    # a page or column break is no line break
                yield "\n"
        elif tag == _CR:
            yield "\n"
        elif tag == _HYPHEN:
            yield "-"


def _style_id(paragraph) -> str | None:
    style = paragraph.find(f"{_PPR}/{_W}pStyle")
    return style.get(f"{_W}val") if style is not None else None


def _mark_deleted(paragraph) -> bool:
    return paragraph.find(f"{_PPR}/{_RPR}/{_W}del") is not None
