"""The text of an old Word 97–2003 binary file (.doc), as many government sites still publish their rules.

A .doc is an OLE compound file. Its ``WordDocument`` stream opens with the File Information Block (FIB), which says
which table stream (``0Table`` or ``1Table``) holds the piece table and how many characters the main text has; the
piece table maps those characters onto runs of bytes, 8-bit or UTF-16, in the ``WordDocument`` stream ([MS-DOC]
2.4.1). Only the main text is read: footnotes, headers and comments come after it and are left out, as an .odt's
footnotes are.

A revision draft reads with its tracked changes accepted: runs of characters marked deleted are left out, a
deleted paragraph mark with them. The text's control characters become lines: a paragraph mark or a section break
ends a line, a manual line break (Shift+Enter) stays one, a field's code is dropped and its result kept, pictures
and footnote marks are dropped. A table cell ends with the same mark as its row does; only the paragraph properties
tell them apart (``sprmPFTtp``), so those are read from the property pages: a row is one tab-separated line, a
cell's paragraphs joined by a space, as a Word 2007+ row is. A paragraph Word numbers from a list starts with the
number Word shows (the list definitions are read from the table stream); heading styles are not read, so a chapter
or section is found by its words, as in plain text.
"""
from __future__ import annotations

import bisect
import io
import struct
from dataclasses import dataclass
from pathlib import Path

from kg.corpus.word_numbering import ListCounter, ListLevel, numbered
from kg.errors import CorpusFormatError

EXPECTED_DOC = ("a Word 97–2003 (.doc) file; re-save it from Word, WPS or LibreOffice as .docx if it is older or "
                "damaged.")
_WORD_IDENT = 0xA5EC
_FIRST_WORD97_FIB = 0x00C1          # Word 6.0 and 95 wrote 101–105 and another layout
_ENCRYPTED, _TABLE_1 = 0x0100, 0x0200
_CCP_TEXT = 0x004C                  # FibRgLw97.ccpText: characters in the main text
_FC_LCB = 0x009A                    # FibRgFcLcb97 starts here, 8 bytes a pair
_PLCF_BTE_CHPX, _PLCF_BTE_PAPX, _CLX = 12, 13, 33   # pair numbers of the character and paragraph property
                                                    # indexes and of the piece table
_PAGE = 512
_COMPRESSED = 0x40000000
_PARAGRAPH, _CELL, _LINE_BREAK, _PAGE_BREAK, _COLUMN_BREAK = "\r", "\x07", "\x0b", "\x0c", "\x0e"
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
_REPLACED = {"\x1e": "-", "\x1f": "", "\xa0": " "}                # non-breaking and optional hyphens, hard space
_DROPPED = {chr(code) for code in range(0x20)} - set("\t\r\x07\x0b\x0c\x0e\x13\x14\x15\x1e\x1f")
_SPRM_TTP, _SPRM_IN_TABLE, _SPRM_DEPTH, _SPRM_HUGE = 0x2417, 0x2416, 0x6649, 0x6646
_SPRM_LIST, _SPRM_LIST_LEVEL, _SPRM_DELETED = 0x460B, 0x260A, 0x0800
_PLF_LST, _PLF_LFO = 73, 74        # pair numbers of the list definitions and the list instances
_LEVEL_FIXED = 28                  # LVLF: start, number format, …, then the sizes of two property groups
_FORMATS = {0: "decimal", 22: "decimal", 3: "upperLetter", 4: "lowerLetter", 23: "bullet", 255: "none",
            **{code: "chineseCounting" for code in (10, 11, 16, 17, 33, 34, 35, 36, 37, 38, 39, 40)}}
_SPRM_TABLE_DEFINITION, _SPRM_TAB_CHANGES = 0xD608, 0xC615


@dataclass(frozen=True)
class _Piece:
    start: int          # first character position
    end: int
    offset: int         # byte offset in the WordDocument stream
    compressed: bool    # 8-bit characters (code page 1252), else UTF-16LE


@dataclass(frozen=True)
class _Paragraph:
    in_table: bool = False
    row_end: bool = False
    list_id: str | None = None     # the paragraph's list (its 1-based LFO index), if Word numbers it
    level: int = 0


def _import_olefile():
    try:
        import olefile
    except ImportError as error:
        raise ImportError("Reading .doc files needs olefile: pip install olefile") from error
    return olefile


def doc_text(path: Path, raw: bytes) -> str:
    """The lines of a .doc file's main text, joined by newlines.

    >>> doc_text(Path("x.doc"), b"not an OLE file")
    Traceback (most recent call last):
    ...
    kg.errors.CorpusFormatError: x.doc: is not a readable .doc file (not an OLE compound file). Expected a Word 97–2003 (.doc) file; re-save it from Word, WPS or LibreOffice as .docx if it is older or damaged.
    """
    olefile = _import_olefile()
    if not olefile.isOleFile(io.BytesIO(raw)):
        raise CorpusFormatError(path, "is not a readable .doc file (not an OLE compound file).", EXPECTED_DOC)
    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as ole:
            if not ole.exists("WordDocument"):
                raise CorpusFormatError(path, "holds no WordDocument stream: it is an Office file, but not a Word "
                                              "one (an Excel or PowerPoint file renamed?).", EXPECTED_DOC)
            document = ole.openstream("WordDocument").read()
            table_name = _check_fib(path, document)
            if not ole.exists(table_name):
                raise CorpusFormatError(path, f"has no {table_name} stream, which its header names.", EXPECTED_DOC)
            table = ole.openstream(table_name).read()
            data = ole.openstream("Data").read() if ole.exists("Data") else b""
    except CorpusFormatError:
        raise
    except Exception as error:  # olefile raises OSError and its own errors for a damaged compound file
        raise CorpusFormatError(path, f"is not a readable .doc file ({type(error).__name__}: {error}).",
                                EXPECTED_DOC) from error
    try:
        text = "\n".join(_lines(document, table, data))
    except (struct.error, IndexError, ValueError) as error:
        raise CorpusFormatError(path, f"has a damaged piece table or property page ({type(error).__name__}: "
                                      f"{error}).", EXPECTED_DOC) from error
    # a character beyond the first 65536 (𠀾, in some place names) is two UTF-16 units, read one at a time
    return text.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le", errors="replace")


def _check_fib(path: Path, document: bytes) -> str:
    """The name of the table stream, once the FIB shows a readable Word 97+ file."""
    if len(document) < _FC_LCB + 8 * (_CLX + 1):
        raise CorpusFormatError(path, "has a WordDocument stream too short for a Word 97+ header.", EXPECTED_DOC)
    ident, fib_version = struct.unpack_from("<HH", document, 0)
    flags = struct.unpack_from("<H", document, 0x0A)[0]
    if ident != _WORD_IDENT:
        raise CorpusFormatError(path, f"does not start as a Word document (identifier {ident:#06x}).", EXPECTED_DOC)
    if fib_version < _FIRST_WORD97_FIB:
        raise CorpusFormatError(path, f"is a Word 6.0/95 file (version {fib_version}), which is not read.",
                                EXPECTED_DOC)
    if flags & _ENCRYPTED:
        raise CorpusFormatError(path, "is password-protected.", "the file without its password: open it in Word "
                                      "or WPS, remove the password and save it again.")
    return "1Table" if flags & _TABLE_1 else "0Table"


def _fc_lcb(document: bytes, pair: int) -> tuple[int, int]:
    return struct.unpack_from("<II", document, _FC_LCB + 8 * pair)


def _pieces(document: bytes, table: bytes) -> list[_Piece]:
    """The piece table (PlcPcd) at the end of the Clx, after any property modifiers (Prc)."""
    offset, size = _fc_lcb(document, _CLX)
    clx, position = table[offset:offset + size], 0
    while position < len(clx) and clx[position] == 1:            # a Prc: 1, then a two-byte length
        position += 3 + struct.unpack_from("<H", clx, position + 1)[0]
    if position >= len(clx) or clx[position] != 2:
        raise ValueError("no piece table in the Clx")
    length = struct.unpack_from("<I", clx, position + 1)[0]
    plc = clx[position + 5:position + 5 + length]
    count = (len(plc) - 4) // 12
    starts = struct.unpack_from(f"<{count + 1}i", plc, 0)
    pieces = []
    for index in range(count):
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)[0]
        compressed = bool(fc & _COMPRESSED)
        pieces.append(_Piece(starts[index], starts[index + 1], (fc & ~_COMPRESSED) // 2 if compressed else fc,
                             compressed))
    return pieces


def _characters(document: bytes, pieces: list[_Piece], limit: int):
    """Each character of the main text with its byte position in the WordDocument stream."""
    for piece in pieces:
        end = min(piece.end, limit)
        for position in range(piece.start, end):
            if piece.compressed:
                at = piece.offset + position - piece.start
                byte = document[at:at + 1]
                yield _decode_8bit(byte), at
            else:
                at = piece.offset + 2 * (position - piece.start)
                yield document[at:at + 2].decode("utf-16-le", errors="surrogatepass"), at
        if end >= limit:
            return


def _decode_8bit(byte: bytes) -> str:
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:            # the five bytes code page 1252 leaves out
        return byte.decode("latin-1")


class _PropertyPages:
    """What property pages (FKPs) say of each run of bytes in the WordDocument stream, looked up by a character's
    byte position: a paragraph's properties (PlcBtePapx → PapxFkp) or a run of characters' (PlcBteChpx →
    ChpxFkp), read by ``read(page, place)`` from the page and the place of the run's properties in it."""

    def __init__(self, document: bytes, table: bytes, pair: int, entry: int, read, default) -> None:
        self._default = default
        runs: list[tuple[int, int, object]] = []
        offset, size = _fc_lcb(document, pair)
        count = (size - 4) // 8 if size >= 12 else 0
        for index in range(count):
            page_number = struct.unpack_from("<I", table, offset + 4 * (count + 1) + 4 * index)[0] & 0x3FFFFF
            page = document[page_number * _PAGE:(page_number + 1) * _PAGE]
            if len(page) < _PAGE:
                continue
            count_in_page = page[-1]
            limits = struct.unpack_from(f"<{count_in_page + 1}I", page, 0)
            for run in range(count_in_page):
                place = page[4 * (count_in_page + 1) + entry * run] * 2
                runs.append((limits[run], limits[run + 1], read(page, place) if place else default))
        runs.sort(key=lambda run: run[0])
        self._starts = [run[0] for run in runs]
        self._runs = runs

    def at(self, position: int):
        index = bisect.bisect_right(self._starts, position) - 1
        if index >= 0 and position < self._runs[index][1]:
            return self._runs[index][2]
        return self._default


def _paragraph_properties(document: bytes, table: bytes, data: bytes) -> _PropertyPages:
    """The table and list properties of each paragraph; a paragraph whose properties outgrow their page (a table
    row with many cells) keeps them in the Data stream."""

    def read(page: bytes, place: int) -> _Paragraph:
        size = page[place]                       # a PapxInFkp: a style index, then the property modifiers (sprms)
        start, length = (place + 2, 2 * page[place + 1]) if size == 0 else (place + 1, 2 * size - 1)
        sprms = dict(_sprms(page[start + 2:start + length]))
        if _SPRM_HUGE in sprms:
            offset = struct.unpack_from("<I", sprms[_SPRM_HUGE])[0]
            size = struct.unpack_from("<H", data, offset)[0]
            sprms = dict(_sprms(data[offset + 2:offset + 2 + size]))
        row_end = sprms.get(_SPRM_TTP, b"\x00")[:1] != b"\x00"
        in_table = (sprms.get(_SPRM_IN_TABLE, b"\x00")[:1] != b"\x00"
                    or struct.unpack_from("<i", sprms.get(_SPRM_DEPTH, b"").ljust(4, b"\x00"))[0] > 0)
        list_id = struct.unpack_from("<h", sprms.get(_SPRM_LIST, b"\x00\x00"))[0]
        return _Paragraph(in_table or row_end, row_end, str(list_id) if list_id > 0 else None,
                          sprms.get(_SPRM_LIST_LEVEL, b"\x00")[0])

    return _PropertyPages(document, table, _PLCF_BTE_PAPX, 13, read, _Paragraph())


def _deletions(document: bytes, table: bytes) -> _PropertyPages:
    """Whether each run of characters is a tracked deletion (sprmCFRMarkDel), which Word, changes accepted, does
    not show."""

    def read(page: bytes, place: int) -> bool:
        sprms = dict(_sprms(page[place + 1:place + 1 + page[place]]))     # a Chpx: a size, then the sprms
        return sprms.get(_SPRM_DELETED, b"\x00")[:1] in (b"\x01", b"\x81")

    return _PropertyPages(document, table, _PLCF_BTE_CHPX, 1, read, False)


def _sprms(data: bytes):
    """(sprm, operand) pairs; the operand's size follows from the sprm's spra bits ([MS-DOC] 2.2.5.1)."""
    position = 0
    while position + 2 <= len(data):
        sprm = struct.unpack_from("<H", data, position)[0]
        position += 2
        spra = sprm >> 13
        if spra == 6:
            if sprm == _SPRM_TABLE_DEFINITION:
                size = 2 + struct.unpack_from("<H", data, position)[0] - 1
            elif sprm == _SPRM_TAB_CHANGES and data[position:position + 1] == b"\xff":
                return                                            # a rare long form; the flags come before it
            else:
                size = 1 + data[position] if position < len(data) else 0
        else:
            size = (1, 1, 2, 4, 2, 2, 0, 3)[spra]
        yield sprm, data[position:position + size]
        position += size


def _lines(document: bytes, table: bytes, data: bytes) -> list[str]:
    text_length = struct.unpack_from("<i", document, _CCP_TEXT)[0]
    properties = _paragraph_properties(document, table, data)
    deleted = _deletions(document, table)
    numbering = ListCounter(_lists(document, table))
    lines: list[str] = []
    cells: list[str] = []
    line: list[str] = []
    cell: list[str] = []            # the earlier paragraphs of the cell being read
    fields: list[bool] = []         # per open field: whether its result (not its code) is being read
    for character, position in _characters(document, _pieces(document, table), text_length):
        if deleted.at(position):                 # a tracked deletion; a deleted paragraph mark joins two paragraphs
            continue
        if character == _FIELD_BEGIN:
            fields.append(False)
        elif character == _FIELD_SEPARATOR:
            if fields:
                fields[-1] = True
        elif character == _FIELD_END:
            if fields:
                fields.pop()
        elif not all(fields):
            continue
        elif character in (_PARAGRAPH, _PAGE_BREAK, _COLUMN_BREAK):
            paragraph = properties.at(position)
            label = numbering.count(paragraph.list_id, paragraph.level) if character == _PARAGRAPH else ""
            text = numbered(label, "".join(line))
            if character == _PARAGRAPH and paragraph.in_table:
                cell.append(text.strip())
            else:
                lines.append(text)
            line = []
        elif character == _CELL:
            paragraph = properties.at(position)
            if paragraph.row_end:
                lines.append("\t".join(cells))
                cells = []
            else:
                text = numbered(numbering.count(paragraph.list_id, paragraph.level), "".join(line))
                cells.append(" ".join(part for part in (*cell, text.strip()) if part))
                cell = []
            line = []
        elif character == _LINE_BREAK:
            line.append(" " if properties.at(position).in_table else "\n")
        elif character not in _DROPPED:
            line.append(_REPLACED.get(character, character))
    if line:
        lines.append("".join(line))
    return lines


def _lists(document: bytes, table: bytes) -> dict[str, dict[int, ListLevel]]:
    """The levels of each list instance, by its 1-based index as paragraphs name it: the list definitions (PlfLst,
    each followed in the table stream by its levels) and the instances that use them (PlfLfo), with the start
    numbers an instance overrides."""
    offset, size = _fc_lcb(document, _PLF_LST)
    if not size:
        return {}
    definitions, position = {}, offset + size                 # the LVLs follow the PlfLst
    count = struct.unpack_from("<h", table, offset)[0]
    for index in range(count):
        identifier = struct.unpack_from("<i", table, offset + 2 + 28 * index)[0]
        simple = table[offset + 2 + 28 * index + 26] & 1
        levels = {}
        for level in range(1 if simple else 9):
            levels[level], position = _level(table, position)
        definitions[identifier] = levels
    offset, size = _fc_lcb(document, _PLF_LFO)
    if not size:
        return {}
    count = struct.unpack_from("<i", table, offset)[0]
    lists, position = {}, offset + 4 + 16 * count              # LFOData follows the LFOs
    for index in range(count):
        identifier, overrides = struct.unpack_from("<i8xB", table, offset + 4 + 16 * index)
        levels = dict(definitions.get(identifier, {}))
        position += 4                                           # the LFOData's cp
        for _ in range(overrides):
            start, flags = struct.unpack_from("<iI", table, position)
            position += 8
            level = flags & 0x0F
            if flags & 0x20:                                    # the override brings its own level
                levels[level], position = _level(table, position)
            elif flags & 0x10 and level in levels:
                levels[level] = ListLevel(start, levels[level].format, levels[level].text)
        lists[str(index + 1)] = levels
    return lists


def _level(table: bytes, position: int) -> tuple[ListLevel, int]:
    """One LVL: its fixed part, its property groups, then its number text, where characters 0–8 stand for the
    levels' numbers."""
    start, number_format = struct.unpack_from("<iB", table, position)
    character_properties, paragraph_properties = table[position + 24], table[position + 25]
    position += _LEVEL_FIXED + character_properties + paragraph_properties
    length = struct.unpack_from("<H", table, position)[0]
    text = table[position + 2:position + 2 + 2 * length].decode("utf-16-le", errors="replace")
    text = "".join(f"%{ord(character) + 1}" if ord(character) < 9 else character for character in text)
    return ListLevel(start, _FORMATS.get(number_format, "decimal"), text), position + 2 + 2 * length
