"""Turn a file on disk into text, before any parser sees it.

:func:`read_source` is the only way a corpus file is opened. It picks the
format from the extension, decodes the bytes (UTF-8, UTF-16 with a BOM,
GB18030/GBK or Big5), pulls the text out of DOCX, DOC, RTF, ODT and PDF containers and
the article out of a saved web page, and
either returns a complete :class:`SourceText` or raises
:class:`~kg.errors.CorpusFormatError` naming the file. It never hands on
partial text or mojibake.

The text is decoded and its line endings are ``\\n``, but it is otherwise
left as written: :func:`kg.corpus.text.normalize_text` is the parser's job.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from kg.corpus.doc_text import doc_text
from kg.corpus.docx_text import docx_text
from kg.corpus.html_text import decode_html, html_lines, mht_html
from kg.corpus.layout import is_hard_wrapped, page_lines, paged_text_lines, text_pages, unflattened
from kg.corpus.markdown_text import markdown_text
from kg.corpus.odt_text import odt_text
from kg.corpus.rtf_text import rtf_text
from kg.errors import CorpusFormatError

logger = logging.getLogger(__name__)

FORMATS_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".json": "json",
    ".docx": "docx",
    ".doc": "doc",
    ".rtf": "rtf",
    ".odt": "odt",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".mht": "mht",
    ".mhtml": "mht",
}
SUPPORTED_SUFFIXES = ", ".join(FORMATS_BY_SUFFIX)

_CHINESE_ENCODINGS = ["gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950"]
_GB_SUPERSET = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030"}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
         (b"\xff\xfe", "utf-16", "utf-16"),
         (b"\xfe\xff", "utf-16", "utf-16"))
_MAX_BAD_SHARE = 0.01        # control, private-use, unassigned and U+FFFD characters
_MIN_FAMILIAR_SHARE = 0.8    # ASCII, CJK and the symbol blocks Chinese codes use
_MAX_DAMAGED_UTF8_SHARE = 0.05  # invalid sequences in what is otherwise UTF-8 text
_FAMILIAR_RANGES = ((0x0009, 0x000D), (0x0020, 0x007E), (0x00A0, 0x03FF),
                    (0x2000, 0x33FF), (0x3400, 0x9FFF), (0xF900, 0xFAFF),
                    (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F))
_OLE_SIGNATURE, _ZIP_SIGNATURE = b"\xd0\xcf\x11\xe0", b"PK\x03\x04"
_BINARY_SIGNATURES = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
                      (b"%PDF-", "a PDF file"), (_ZIP_SIGNATURE, "a zip archive such as .docx"),
                      (_OLE_SIGNATURE, "an old Word .doc/OLE file"), (b"\x7fELF", "an executable"))
_ALLOWED_CONTROLS = set("\t\n\r\f\v")

_TSV_LINE = re.compile(r"[^\t]*\S[^\t]*\t[01][ \t]*")


@dataclass(frozen=True)
class SourceText:
    """The decoded text of one corpus file.

    ``text`` has ``\\n`` line endings and no BOM, but is not otherwise
    normalised. ``sha256`` is of the raw file bytes, so a changed file is
    noticed even when its text reads the same. ``format`` is one of
    ``markdown``, ``text``, ``json``, ``docx``, ``odt``, ``pdf``, ``html``, ``tsv``;
    ``encoding`` is the text encoding (``utf-8``, ``gb18030``, ...) or ``docx``/``odt``/``pdf``.
    """

    path: Path
    text: str
    sha256: str
    format: str
    encoding: str


def read_source(path: str | Path) -> SourceText:
    """Read one corpus file into a :class:`SourceText`.

    Raises :class:`CorpusFormatError` for a missing, unreadable, empty,
    binary, corrupt or unsupported file; the message names the file.
    """
    path = Path(path)
    _require_file(path)
    source_format = format_for_path(path)
    raw = _read_bytes(path)
    if not raw:
        raise CorpusFormatError(path, "is empty (0 bytes).", "a file containing the text of a law or code.")
    source_format = _word_format(source_format, raw)
    if source_format == "docx":
        text, encoding = normalize_newlines(docx_text(path, raw)), "docx"
    elif source_format == "doc":
        text, encoding = doc_text(path, raw), "doc"
    elif source_format == "odt":
        text, encoding = odt_text(path, raw), "odt"
    elif source_format == "pdf":
        text, encoding = _pdf_text(path, raw), "pdf"
    elif source_format == "html":
        text, encoding = _html_text(path, raw)
    elif source_format == "mht":
        text, encoding = _html_text(path, *mht_html(path, raw))
    elif source_format == "rtf":
        text, encoding = normalize_newlines(rtf_text(path, raw)), "rtf"
    else:
        text, encoding = decode_text(path, raw)
        if source_format == "markdown":         # a converter's setext headings, footnotes, escapes, grid tables
            text = markdown_text(text)
        text = unflattened(text)                # a rule copied into one line, its line breaks lost
        lines = text.split("\n")
        if is_hard_wrapped(lines):                  # copied from a gazette or PDF with a line break every N characters
            # and, copied out of a PDF viewer, with its running headers, page numbers and contents
            text = "\n".join(paged_text_lines(text_pages(lines)))
    _require_text(path, text)
    source_format = _refine_format(path, source_format, text)
    logger.debug("read %s as %s (%s, %d chars)", path, source_format, encoding, len(text))
    return SourceText(path, text, hashlib.sha256(raw).hexdigest(), source_format, encoding)


def format_for_path(path: Path) -> str:
    """Name the format a file's extension stands for.

    >>> format_for_path(Path("消防法.MD"))
    'markdown'
    """
    try:
        return FORMATS_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        raise CorpusFormatError(
            path, f"has an unsupported extension {path.suffix or '(none)'!r}.",
            f"one of {SUPPORTED_SUFFIXES}; convert the file or rename it if it is one of these formats.",
        ) from None


def _word_format(source_format: str, raw: bytes) -> str:
    """A Word file is read by what it holds, not by its name: sites often serve a .doc named .docx and the reverse,
    and a ".doc" that is a web page, a saved web archive (.mht) or Rich Text, all of which Word opens."""
    if source_format not in ("doc", "docx"):
        return source_format
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if raw.startswith(_OLE_SIGNATURE):
        return "doc"
    if raw.startswith(_ZIP_SIGNATURE):
        return "docx"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if re.match(rb"(?i)(?:[\w-]+:[^\n]*\r?\n)*mime-version:", head):
        return "mht"
    if re.search(rb"(?i)<(?:html|body|p|div)[\s>]", head):
        return "html"
    return source_format


def _require_file(path: Path) -> None:
    if not path.exists():
        raise CorpusFormatError(path, "does not exist.",
                                "a path to an existing file; check the spelling and the working directory.")
    if path.is_dir():
        raise CorpusFormatError(path, "is a directory, not a file.",
                                "a single file; to read a folder, call read_source on each file in it.")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError as error:
        raise CorpusFormatError(path, "cannot be read: permission denied.",
                                "a file the current user may read; fix its permissions (chmod u+r).") from error
    except OSError as error:
        raise CorpusFormatError(path, f"cannot be read: {error.strerror or error}.",
                                "a readable regular file.") from error


def _require_text(path: Path, text: str) -> None:
    if not text.strip():
        raise CorpusFormatError(path, "is empty: it contains no text, only whitespace.",
                                "a file containing the text of a law or code.")


def _refine_format(path: Path, source_format: str, text: str) -> str:
    if source_format == "text" and looks_like_sentence_list(text):
        return "tsv"
    if source_format == "json":
        _require_json(path, text)
    return source_format


def looks_like_sentence_list(text: str) -> bool:
    """Tell whether every non-empty line is ``sentence<TAB>0`` or ``sentence<TAB>1``.

    >>> looks_like_sentence_list("应设置消防车道。\\t1\\n\\n今天天气很好。\\t0\\n")
    True
    >>> looks_like_sentence_list("第一条 为了加强消防安全管理，制定本办法。\\n")
    False
    """
    lines = [line for line in text.split("\n") if line.strip()]
    return bool(lines) and all(_TSV_LINE.fullmatch(line) for line in lines)


def _require_json(path: Path, text: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise CorpusFormatError(path, f"is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.",
                                "a complete JSON document; fix the syntax or re-export the file.") from error


# --- plain text -------------------------------------------------------------

def decode_text(path: Path, raw: bytes) -> tuple[str, str]:
    """Decode text bytes and say which encoding was used.

    Strict UTF-8 (with or without BOM) and UTF-16 with a BOM come first; other
    bytes go to charset detection among the Chinese encodings. The result must
    read as text, or :class:`CorpusFormatError` says the file looks binary.

    >>> decode_text(Path("a.txt"), "第一条 总则\\r\\n".encode("gb18030"))
    ('第一条 总则\\n', 'gb18030')
    """
    kind = binary_kind(raw)
    if kind:
        raise _binary_error(path, f"it starts like {kind}")
    decoded = _decode_unicode(raw) or _decode_chinese(path, raw)
    if decoded is None:
        raise _damaged_utf8_error(path, raw) or _binary_error(path, "no text encoding fits its bytes")
    text, encoding = decoded
    problem = implausible_text_reason(text)
    if problem:
        raise _binary_error(path, problem)
    return normalize_newlines(text), encoding


def binary_kind(raw: bytes) -> str:
    """Name the kind of binary file whose signature starts ``raw``, or ``""``.

    >>> binary_kind(b"\\x89PNG\\r\\n\\x1a\\n..."), binary_kind("第一条".encode("utf-8"))
    ('a PNG image', '')
    """
    return next((kind for magic, kind in _BINARY_SIGNATURES if raw.startswith(magic)), "")


def _decode_unicode(raw: bytes) -> tuple[str, str] | None:
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), name
            except UnicodeDecodeError:
                return None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def _decode_chinese(path: Path, raw: bytes) -> tuple[str, str] | None:
    match = from_bytes(raw, cp_isolation=_CHINESE_ENCODINGS).best()
    if match is None:
        return None
    encoding = _GB_SUPERSET.get(match.encoding, match.encoding)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    logger.info("%s is not UTF-8; decoded it as %s", path, encoding)
    return text, encoding


def _damaged_utf8_error(path: Path, raw: bytes) -> CorpusFormatError | None:
    """An error for UTF-8 text with a few bad bytes (cut off, or mixed encodings), else None."""
    text = raw.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    if invalid > len(text) * _MAX_DAMAGED_UTF8_SHARE or implausible_text_reason(text.replace("\ufffd", "")):
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return CorpusFormatError(
            path, f"is UTF-8 text with {invalid} invalid byte sequence(s), the first at byte {error.start} "
                  "(the file is cut off or mixes encodings).",
            "one encoding throughout; re-save the whole file as UTF-8 or re-download it.",
        )
    return None


def _binary_error(path: Path, problem: str) -> CorpusFormatError:
    return CorpusFormatError(
        path, f"looks like binary data, not text ({problem}).",
        "text encoded as UTF-8, GB18030/GBK or Big5; if this is a Word or PDF file, give it a .docx or .pdf extension.",
    )


def implausible_text_reason(text: str) -> str:
    """Say why decoded text does not read as Chinese or English text, or ``""``.

    >>> implausible_text_reason("第一条 消防工作贯彻预防为主、防消结合的方针。")
    ''
    >>> implausible_text_reason("PNG\\x1a\\x00\\x00\\x00\\rIHDR")
    '4 of 12 characters are control or replacement characters'
    """
    if not text:
        return ""
    counts = Counter(text)                       # look at each distinct character once
    bad = sum(count for char, count in counts.items() if _is_bad_char(char))
    if bad / len(text) > _MAX_BAD_SHARE:
        return f"{bad} of {len(text)} characters are control or replacement characters"
    familiar = sum(count for char, count in counts.items() if _is_familiar_char(char))
    if familiar / len(text) < _MIN_FAMILIAR_SHARE:
        return f"only {familiar} of {len(text)} characters are Chinese, ASCII or common symbols"
    return ""


def _is_bad_char(char: str) -> bool:
    if char in _ALLOWED_CONTROLS:
        return False
    return char == "\ufffd" or unicodedata.category(char) in {"Cc", "Co", "Cn", "Cs"}


def _is_familiar_char(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _FAMILIAR_RANGES)


def normalize_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n`` and drop a leading BOM.

    >>> normalize_newlines("\\ufeff第一条\\r\\n第二条\\r第三条")
    '第一条\\n第二条\\n第三条'
    """
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- HTML -------------------------------------------------------------------

def _html_text(path: Path, raw: bytes, charset: str | None = None) -> tuple[str, str]:
    """The main text of a saved web page, decoded by its charset (as a web archive's part names it, or as its
    ``<meta>`` declares) or, failing both, detected."""
    text, encoding = decode_html(raw, charset) or decode_text(path, raw)
    lines = html_lines(normalize_newlines(text))
    if not lines:
        raise CorpusFormatError(path, "is a web page with no text outside its menus, scripts and styles.",
                                "a saved page that holds the text of a law or code, or the text itself as .txt.")
    return "\n".join(lines), encoding


# --- PDF --------------------------------------------------------------------

def _import_pypdf():
    try:
        import pypdf
    except ImportError as error:
        raise ImportError("Reading .pdf files needs pypdf: pip install pypdf") from error
    return pypdf


def _pdf_text(path: Path, raw: bytes) -> str:
    text = normalize_newlines("\n".join(paged_text_lines(_pdf_pages(path, raw))))
    if not text.strip():
        raise CorpusFormatError(
            path, "has no extractable text; it is probably a scanned image.",
            "a PDF with a text layer; run OCR first (e.g. ocrmypdf -l chi_sim in.pdf out.pdf) "
            "or use the .docx/.md version of the document.",
        )
    problem = implausible_text_reason(text)
    if problem:
        raise CorpusFormatError(path, f"has a garbled text layer ({problem}).",
                                "a PDF whose fonts map to Unicode; run OCR on it or use another copy.")
    return text


def _pdf_pages(path: Path, raw: bytes) -> list[str]:
    pypdf = _import_pypdf()
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorpusFormatError(path, "is encrypted with a password.",
                                    "an unencrypted PDF; remove the password (e.g. qpdf --decrypt) first.")
        return [page_lines(page) for page in reader.pages]
    except CorpusFormatError:
        raise
    except Exception as error:  # pypdf raises its own errors, but also ValueError/KeyError/zlib.error on bad files
        raise CorpusFormatError(
            path, f"is not a readable PDF ({type(error).__name__}: {error}).",
            "a complete, uncorrupted PDF file; download or export it again.",
        ) from error
