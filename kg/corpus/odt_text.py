"""The text of an OpenDocument text file (.odt), as LibreOffice and WPS save it.

The body of ``content.xml`` is read in order, as :mod:`kg.corpus.readers` reads a Word file: one line per paragraph
(``text:p``), a heading (``text:h``) that names a chapter or section written as a ``## `` heading, list items one line
each, and one tab-separated line per table row (a cell's paragraphs joined by a space, a merged cell once). Spaces
written as ``text:s`` count as written, a line break inside a paragraph stays one, and footnote bodies are left out.
The numbers a list style draws are not read (an article typed with its number is).
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from kg.corpus.text import heading_line
from kg.errors import CorpusFormatError

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_P, _H, _LIST, _ITEM, _HEADER_ITEM = (f"{{{_TEXT}}}{name}" for name in ("p", "h", "list", "list-item", "list-header"))
_SECTION, _SPACE, _TAB, _BREAK, _NOTE = (f"{{{_TEXT}}}{name}" for name in ("section", "s", "tab", "line-break", "note"))
_TABLE_TAG, _ROW, _CELL = (f"{{{_TABLE}}}{name}" for name in ("table", "table-row", "table-cell"))
_ROW_GROUPS = {f"{{{_TABLE}}}{name}" for name in ("table-header-rows", "table-rows", "table-row-group")}
EXPECTED_ODT = ("an OpenDocument text file (.odt) as LibreOffice or WPS saves it; re-save it from either, or as .docx "
                "(an .ods spreadsheet or an .odt renamed from another format does not work).")


def odt_text(path: Path, raw: bytes) -> str:
    """The lines of an .odt file's body, joined by newlines.

    >>> import zipfile, io
    >>> body = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    ...         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
    ...         '<text:h text:outline-level="1">1<text:s/>总则</text:h><text:p>1.0.1　为预防火灾，制定本规范。</text:p>'
    ...         '</office:text></office:body></office:document-content>')
    >>> data = io.BytesIO()
    >>> with zipfile.ZipFile(data, "w") as archive:
    ...     archive.writestr("content.xml", body)
    >>> odt_text(Path("x.odt"), data.getvalue()).split("\\n")
    ['## 1 总则', '1.0.1　为预防火灾，制定本规范。']
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise CorpusFormatError(path, f"is not a readable .odt file ({type(error).__name__}: {error}).",
                                EXPECTED_ODT) from error
    text = root.find(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    if text is None:
        raise CorpusFormatError(path, "holds no text body (office:text); is it a spreadsheet or a drawing?",
                                EXPECTED_ODT)
    return "\n".join(_block_lines(text))


def _block_lines(element) -> list[str]:
    lines: list[str] = []
    for child in element:
        if child.tag == _P:
            lines.append(_inline(child))
        elif child.tag == _H:
            lines.append(heading_line(_inline(child)))
        elif child.tag in (_LIST, _ITEM, _HEADER_ITEM, _SECTION):
            lines += _block_lines(child)
        elif child.tag == _TABLE_TAG:
            lines += [_row_line(row) for row in _rows(child)]
    return lines


def _rows(table) -> list:
    rows = []
    for child in table:
        if child.tag == _ROW:
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows += _rows(child)
    return rows


def _row_line(row) -> str:
    """A table row as tab-separated cells (a cell another one spans is a covered cell, not listed)."""
    return "\t".join(" ".join(" ".join(line.split("\n")).strip() for line in _block_lines(cell))
                     for cell in row if cell.tag == _CELL)


def _inline(element) -> str:
    """A paragraph's text: its spans, spaces, tabs and line breaks, without footnote bodies."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _SPACE:
            parts.append(" " * int(child.get(f"{{{_TEXT}}}c", "1")))
        elif child.tag == _TAB:
            parts.append("\t")
        elif child.tag == _BREAK:
            parts.append("\n")
        elif child.tag != _NOTE:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
