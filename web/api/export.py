"""``GET /api/export``: the auditor export as a file, and ``GET /api/export/manifest``: its counts and checksums."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, jsonify, request

from kg.errors import ExportError
from kg.export import MEDIA_TYPES, ExportFilter, build_manifest, export_table, parse_formats, render_file
from web.api.params import services

bp = Blueprint("export", __name__)


def _table():
    filters = ExportFilter.from_params(doc=request.args.getlist("doc") or None,
                                       rel=request.args.get("rel") or None, label=request.args.get("label") or None)
    return export_table(services().store, filters)


@bp.get("/export")
def export():
    (fmt,) = _single_format(request.args.get("format") or "csv")
    entry, content = render_file(_table(), fmt)
    response = Response(content, mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{entry.name}"'
    response.headers["X-FireKG-Rows"] = str(entry.rows)
    response.headers["X-FireKG-SHA256"] = entry.sha256
    return response


@bp.get("/export/manifest")
def manifest():
    formats = parse_formats(request.args.get("format") or "all")
    table = _table()
    files = [render_file(table, fmt)[0] for fmt in formats]
    return jsonify(build_manifest(table, Path(), files).to_dict())


def _single_format(raw: str) -> tuple[str]:
    formats = parse_formats(raw)
    if len(formats) != 1:
        raise ExportError("format", f"{raw!r} names {len(formats)} formats; /api/export sends one file "
                                    "(csv, xlsx, json or graphml). /api/export/manifest covers several.")
    return formats
