"""The text of a Rich Text Format file (.rtf), as Word, WPS and WordPad save it, and as some sites serve a ".doc".

RTF is text: control words (``\\par``, ``\\cell``), groups in braces, and the document's characters, those beyond
ASCII written as ``\\'hh`` bytes in the code page of the font in use (``\\fcharset134`` is GBK) or as ``\\uN``
with a fallback to skip. The text is read in order: a paragraph or a row ends a line, a table's cells are set apart
by tabs, as a Word file's row is. Groups that hold no text of the document (the font, colour and style tables,
pictures, headers, footers, footnotes, a field's code) are skipped; the number text Word writes before a list's
paragraph (``\\listtext``) is kept, as the number Word shows; text marked deleted (a tracked change) is left out.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import CorpusFormatError

EXPECTED_RTF = "a Rich Text Format file (.rtf) as Word, WPS or WordPad saves it; or save it as .docx."
_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)",
                    re.DOTALL)
# destinations whose text is not the document's
_SKIPPED = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"header", b"headerl", b"headerr",
            b"headerf", b"footer", b"footerl", b"footerr", b"footerf", b"footnote", b"annotation", b"fldinst",
            b"datafield", b"themedata", b"colorschememapping", b"latentstyles", b"rsidtbl", b"listtable",
            b"listoverridetable", b"generator", b"xmlnstbl", b"mmathPr", b"revtbl", b"userprops", b"docvar", b"falt",
            b"panose", b"leveltext", b"levelnumbers", b"shp", b"shpinst", b"nonshppict", b"bkmkstart", b"bkmkend",
            b"pgdsctbl", b"wgrffmtfilter", b"filetbl", b"atnid", b"atnauthor", b"txe", b"xe", b"tc", b"pn"}
_LINE_ENDS = {b"par": "\n", b"line": "\n", b"row": "\n", b"page": "\n", b"sect": "\n", b"cell": "\t", b"tab": "\t",
              b"emdash": "—", b"endash": "–", b"bullet": "•", b"lquote": "‘", b"rquote": "’", b"ldblquote": "“",
              b"rdblquote": "”", b"emspace": "\u3000", b"enspace": " "}
_SYMBOLS = {b"~": "\xa0", b"-": "", b"_": "-", b"\\": "\\", b"{": "{", b"}": "}"}
# \fcharset values and the code pages their \'hh bytes are in
_CHARSETS = {0: "cp1252", 128: "cp932", 129: "cp949", 134: "gb18030", 136: "big5", 161: "cp1253", 162: "cp1254",
             177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250"}
_CODE_PAGES = {936: "gb18030", 950: "big5", 932: "cp932", 949: "cp949"}


@dataclass(frozen=True)
class _Group:
    skipped: bool = False
    font: int | None = None
    skip_after_unicode: int = 1      # \ucN: the fallback characters after each \uN
    deleted: bool = False
    in_fonts: bool = False


def rtf_text(path: Path, raw: bytes) -> str:
    """The lines of an .rtf file's text, joined by newlines.

    >>> rtf = rb"{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}}\\f0 \\'b5\\'da\\'d2\\'bb\\'cc\\'f5"
    >>> rtf += rb" \\u28040?\\u38450?\\par{\\*\\generator x;}{\\deleted \\'c9\\'be}\\u-28672?}"
    >>> rtf_text(Path("x.rtf"), rtf)
    '第一条 消防\\n退'
    """
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise CorpusFormatError(path, "is not a readable .rtf file (it does not start with {\\rtf).", EXPECTED_RTF)
    reader = _Reader(raw)
    return reader.read()


def _codec(name: str) -> str:
    """The codec of a code page, or code page 1252 for one Python does not know."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "cp1252"


class _Reader:
    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        code_page = re.search(rb"\\ansicpg(\d+)", raw[:2048])
        self.default_encoding = _codec(_CODE_PAGES.get(int(code_page.group(1)), f"cp{int(code_page.group(1))}")) \
            if code_page else "cp1252"
        self.fonts: dict[int, str] = {}
        self.out: list[str] = []
        self.pending: bytearray = bytearray()        # \'hh bytes not yet decoded (a GBK character is two)
        self.pending_encoding = self.default_encoding
        self.font_entry: int | None = None           # the font being defined in the font table

    def read(self) -> str:
        stack: list[_Group] = []
        group = _Group()
        skip_fallback = 0
        destination_next = False
        for token in _TOKEN.finditer(self.raw):
            word, number, hexbyte, symbol, brace, text = token.groups()
            if brace == b"{":
                self._flush()
                stack.append(group)
                destination_next = True
                continue
            if brace == b"}":
                self._flush()
                group = stack.pop() if stack else _Group()
                destination_next = False
                continue
            first, destination_next = destination_next, False
            if symbol == b"*":
                group = replace(group, skipped=True)
                continue
            if word is not None:
                group, skip_fallback = self._control(word, number, group, first, skip_fallback)
                continue
            if skip_fallback:                        # the fallback of a \uN: a \'hh or a character
                if hexbyte is not None or symbol is not None:
                    skip_fallback -= 1
                    continue
                if text:
                    take = min(skip_fallback, len(text))
                    skip_fallback -= take
                    text = text[take:]
            if group.in_fonts:
                continue
            if group.skipped or group.deleted:
                continue
            if hexbyte is not None:
                encoding = self._encoding(group)
                if self.pending and encoding != self.pending_encoding:
                    self._flush()
                self.pending_encoding = encoding
                self.pending.append(int(hexbyte, 16))
            elif symbol is not None:
                self._emit(_SYMBOLS.get(symbol, ""))
            elif text:
                self._emit(text.decode(self._encoding(group), errors="replace"))
        self._flush()
        lines = "".join(self.out).split("\n")
        return "\n".join(line.rstrip("\t") for line in lines)      # a row's last cell ends with a tab too

    def _control(self, word: bytes, number: bytes | None, group: _Group, first: bool,
                 skip_fallback: int) -> tuple[_Group, int]:
        value = int(number) if number is not None else None
        if word == b"fonttbl":
            return replace(group, in_fonts=True), skip_fallback
        if group.in_fonts:
            if word == b"f" and value is not None:
                self.font_entry = value
            elif word == b"fcharset" and value is not None and self.font_entry is not None:
                self.fonts[self.font_entry] = _CHARSETS.get(value, self.default_encoding)
            return group, skip_fallback
        if first and word in _SKIPPED:
            return replace(group, skipped=True), skip_fallback
        if word == b"f" and value is not None:
            self._flush()
            return replace(group, font=value), skip_fallback
        if word == b"uc" and value is not None:
            return replace(group, skip_after_unicode=value), skip_fallback
        if word == b"u" and value is not None:
            character = chr(value + 65536 if value < 0 else value)
            if not (group.skipped or group.deleted):
                # a paragraph mark or tab written as a character; other control characters are no text
                self._emit({"\r": "\n", "\t": "\t"}.get(character, character if character >= " " else ""))
            return group, group.skip_after_unicode
        if word == b"deleted":
            return replace(group, deleted=value != 0), skip_fallback
        if word == b"plain":
            return replace(group, deleted=False), skip_fallback
        if word in _LINE_ENDS and not (group.skipped or group.deleted):
            self._emit(_LINE_ENDS[word])
        return group, skip_fallback

    def _encoding(self, group: _Group) -> str:
        return self.fonts.get(group.font, self.default_encoding) if group.font is not None else self.default_encoding

    def _emit(self, text: str) -> None:
        self._flush()
        self.out.append(text)

    def _flush(self) -> None:
        if self.pending:
            self.out.append(bytes(self.pending).decode(self.pending_encoding, errors="replace"))
            self.pending.clear()
