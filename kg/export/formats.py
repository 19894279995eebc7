"""Render an ExportTable to the bytes of one file format: csv, xlsx, json or graphml.

The same table always renders to the same bytes, so checksums in a manifest can be compared.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from datetime import datetime, timezone

import networkx as nx

from kg.errors import ExportError
from kg.export.table import ExportTable
from kg.schema import Label

logger = logging.getLogger(__name__)

MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "graphml": "application/graphml+xml",
}
FORMATS: tuple[str, ...] = tuple(MEDIA_TYPES)
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_FORMULA_START = set("=+-@\t\r")


def parse_formats(raw: str | Iterable[str] | None) -> tuple[str, ...]:
    """Format names from a flag or query parameter, in canonical order; ``all`` means every format.

    >>> parse_formats("JSON,csv"), parse_formats(["all"])
    (('csv', 'json'), ('csv', 'xlsx', 'json', 'graphml'))
    """
    items = [raw] if isinstance(raw, str) else list(raw or [])
    names = {part.strip().lower() for item in items for part in item.split(",") if part.strip()}
    unknown = sorted(names - set(FORMATS) - {"all"})
    if unknown or not names:
        raise ExportError("format", f"unknown format {', '.join(map(repr, unknown)) or 'none given'}; "
                                    f"use one or more of {', '.join(FORMATS)}, or all.")
    return FORMATS if "all" in names else tuple(name for name in FORMATS if name in names)


def render_table(table: ExportTable, fmt: str) -> bytes:
    """The file contents of ``table`` in format ``fmt`` (one of FORMATS)."""
    renderers: dict[str, Callable[[ExportTable], bytes]] = {
        "csv": render_csv, "xlsx": render_xlsx, "json": render_json, "graphml": render_graphml}
    if fmt not in renderers:
        raise ExportError("format", f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    return renderers[fmt](table)


def render_csv(table: ExportTable) -> bytes:
    """UTF-8 with a BOM (so Excel reads Chinese correctly), CRLF line ends, minimal quoting; None is empty.

    A text cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return: an uploaded document's text can) gets a leading ``'``; the JSON,
    XLSX and GraphML files keep every value exact.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.columns)
    writer.writerows([spreadsheet_safe(value) for value in row.values()] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def spreadsheet_safe(value):
    """A text value that cannot start a spreadsheet formula.

    >>> [spreadsheet_safe(v) for v in ("=1+1", "-1", "@SUM(A1)", "消火栓", 3)]
    ["'=1+1", "'-1", "'@SUM(A1)", '消火栓', 3]
    """
    return "'" + value if isinstance(value, str) and value[:1] in _FORMULA_START else value


def render_json(table: ExportTable) -> bytes:
    """``{"firekg_version", "store", "filters", "columns", "counts", "rows": [{column: value}]}``."""
    document = {**table.summary(), "rows": table.records()}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def xml_safe(value):
    """Strings without the control characters XML 1.0 forbids; other values unchanged.

    >>> xml_safe("灭火器\\x0b配置"), xml_safe(3)
    ('灭火器配置', 3)
    """
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def render_xlsx(table: ExportTable) -> bytes:
    """Sheet "relations" (bold, frozen header) and sheet "manifest" (what the rows are), via openpyxl."""
    if len(table.rows) > XLSX_MAX_ROWS:
        raise ExportError("format", f"{len(table.rows)} rows do not fit in one Excel sheet ({XLSX_MAX_ROWS}); "
                                    f"export csv instead, or narrow the export with --doc / --rel / --label.")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    relations = workbook.active
    relations.title = "relations"
    _write_sheet(relations, table.columns, (row.values() for row in table.rows), Font(bold=True))
    summary = table.summary()
    manifest_rows = [(key, json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value)
                     for key, value in summary.items()]
    _write_sheet(workbook.create_sheet("manifest"), ("key", "value"), manifest_rows, Font(bold=True))
    return _pinned_xlsx(workbook, _data_time(table))


def _write_sheet(sheet, header: Iterable[str], rows: Iterable[Iterable], bold) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    for values in rows:
        sheet.append([xml_safe(value) for value in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    sheet.auto_filter.ref = sheet.dimensions


def _data_time(table: ExportTable) -> datetime:
    """The newest ingested_at of the rows (naive UTC): the workbook's created/modified time, so bytes repeat."""
    stamps = [datetime.fromisoformat(row.ingested_at) for row in table.rows if row.ingested_at]
    latest = max(stamps, default=datetime(1980, 1, 1, tzinfo=timezone.utc))
    return (latest.astimezone(timezone.utc) if latest.tzinfo else latest).replace(tzinfo=None)


def _pinned_xlsx(workbook, stamp: datetime) -> bytes:
    """Save, then rewrite the zip with fixed entry dates and document times, so the same table repeats bytes."""
    from openpyxl.xml.functions import tostring

    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.properties.created = workbook.properties.modified = stamp
    core = tostring(workbook.properties.to_tree())
    pinned = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as saved, \
            zipfile.ZipFile(pinned, "w", zipfile.ZIP_DEFLATED) as out:
        for info in saved.infolist():
            data = core if info.filename == "docProps/core.xml" else saved.read(info.filename)
            out.writestr(zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return pinned.getvalue()


def node_id(label: str, key: str) -> str:
    """A GraphML node id that cannot collide across labels.

    >>> node_id("Equipment", "灭火器")
    'Equipment:灭火器'
    """
    return f"{label}:{key}"


def to_graph(table: ExportTable) -> nx.MultiDiGraph:
    """Clauses and their targets as nodes (label, name, doc), one edge per row carrying the row's lineage.

    Attributes whose value is None are left out: GraphML has no null.
    """
    graph = nx.MultiDiGraph()
    for row, record in zip(table.rows, table.records()):
        source = node_id(Label.CLAUSE.value, row.clause_id)
        target = node_id(row.target_label, row.target_id)
        graph.add_node(source, **_present(label=Label.CLAUSE.value, name=row.clause_number, doc=row.source_doc_id))
        graph.add_node(target, **_present(label=row.target_label, name=row.target_name, doc=row.target_doc_id))
        graph.add_edge(source, target, **_present(**record))
    return graph


def render_graphml(table: ExportTable) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_graph(table), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _present(**attributes) -> dict:
    return {key: xml_safe(value) for key, value in attributes.items() if value is not None}
