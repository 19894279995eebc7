"""The auditor export: every REFERENCES and MENTIONS edge of the graph as a row with its lineage.

Read a table from a store, then render it to bytes (the web API streams these) or write a folder
of files with a manifest (the CLI)::

    filters = ExportFilter.from_params(doc=["GB 50016-2014"], rel="mentions")
    table = export_table(store, filters)
    data = render_table(table, "csv")
    manifest = write_export(table, "out/", ["csv", "xlsx"])
"""
from __future__ import annotations

from kg.export.folder import (MANIFEST_NAME, ExportFile, ExportManifest, build_manifest, file_name, render_file,
                              write_export)
from kg.export.formats import FORMATS, MEDIA_TYPES, parse_formats, render_table, to_graph
from kg.export.read import PAGE_SIZE, count_edges, export_table
from kg.export.table import (COLUMNS, EXPORT_TARGETS, REFERENCE_EXTRACTOR, ExportFilter, ExportRow, ExportTable,
                             firekg_version)

__all__ = [
    "COLUMNS", "EXPORT_TARGETS", "FORMATS", "MANIFEST_NAME", "MEDIA_TYPES", "PAGE_SIZE", "REFERENCE_EXTRACTOR",
    "ExportFile", "ExportFilter", "ExportManifest", "ExportRow", "ExportTable", "build_manifest", "count_edges",
    "export_table", "file_name", "firekg_version", "parse_formats", "render_file", "render_table", "to_graph", "write_export",
]
