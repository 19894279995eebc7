"""``GET /api/export``: the auditor export as a file, and ``GET /api/export/manifest``: its counts and checksums."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from flask import Blueprint, Response, jsonify, request

from kg.errors import ExportError
from kg.export import MEDIA_TYPES, ExportFilter, export_table, file_name, parse_formats, render_table
from web.api.params import services

bp = Blueprint("export", __name__)


def _table():
    filters = ExportFilter.from_params(doc=request.args.getlist("doc") or None,
                                       rel=request.args.get("rel") or None, label=request.args.get("label") or None)
    return export_table(services().store, filters)


@bp.get("/export")
def export():
    (fmt,) = _single_format(request.args.get("format") or "csv")
    table = _table()
    content = render_table(table, fmt)
    response = Response(content, mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(fmt)}"'
    response.headers["X-FireKG-Rows"] = str(len(table.rows))
    response.headers["X-FireKG-SHA256"] = hashlib.sha256(content).hexdigest()
    return response


@bp.get("/export/manifest")
def manifest():
    formats = parse_formats(request.args.get("format") or "all")
    table = _table()
    files = []
    for fmt in formats:
        content = render_table(table, fmt)
        files.append({"name": file_name(fmt), "format": fmt, "bytes": len(content),
                      "sha256": hashlib.sha256(content).hexdigest(), "rows": len(table.rows)})
    generated = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    return jsonify({**table.summary(), "generated_at": generated, "files": files})


def _single_format(raw: str) -> tuple[str]:
    formats = parse_formats(raw)
    if len(formats) != 1:
        raise ExportError("format", f"{raw!r} names {len(formats)} formats; /api/export sends one file "
                                    "(csv, xlsx, json or graphml). /api/export/manifest covers several.")
    return formats
