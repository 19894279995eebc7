"""``firekg export``: the clause relationships with their lineage, as files an auditor can open."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from kg.errors import ExportError
from kg.export import FORMATS, ExportFilter, export_table, parse_formats, write_export
from firekg.options import store_settings, store_options
from kg.store import StoreSettings, open_store

# Where each ExportError.parameter is set on this command line.
_FLAGS = {"doc": "--doc", "rel": "--rel", "label": "--label", "format": "--format", "out": "--out"}


@click.command(name="export")
@click.option("--format", "formats", multiple=True, default=("csv",), show_default=True, metavar="FORMAT",
              help=f"One of {', '.join(FORMATS)}, or all (repeatable or comma-separated).")
@click.option("--doc", "docs", multiple=True, metavar="ID", help="Only these document ids (repeatable).")
@click.option("--rel", "rels", multiple=True, metavar="REL", help="REFERENCES or MENTIONS (repeatable).")
@click.option("--label", "labels", multiple=True, metavar="LABEL",
              help="Target label: Clause, Document, Equipment or Hazard (repeatable).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for relations.<format> and manifest.json (created if missing).")
@store_options
def export(formats, docs, rels, labels, out_dir: Path, **options) -> None:
    """Export REFERENCES and MENTIONS edges, one row per edge with source document, clause, evidence
    text and offsets, extractor and version, to csv / xlsx / json / graphml files plus a manifest
    with sha256 checksums.
    """
    run_export(store_settings(options), formats, docs, rels, labels, out_dir)


def run_export(settings: StoreSettings, formats, docs, rels, labels, out_dir: Path) -> None:
    """Read, write and report; an ExportError becomes a usage error on the flag it names (exit code 2)."""
    try:
        chosen = parse_formats(formats)
        filters = ExportFilter.from_params(doc=docs, rel=rels, label=labels)
        with open_store(settings) as store:
            table = _read_with_progress(store, filters)
        manifest = write_export(table, out_dir, chosen)
    except ExportError as error:
        raise click.BadParameter(error.detail, param_hint=_FLAGS.get(error.parameter, error.parameter)) from error
    counts = manifest.summary["counts"]
    click.echo(f"{settings.describe()}: {counts['total']} rows "
               f"({_joined(counts['by_relation'])}; {_joined(counts['by_target_label'])})")
    for item in manifest.files:
        click.echo(f"  {out_dir / item.name}  {item.bytes} bytes  sha256 {item.sha256[:12]}")
    click.echo(f"  {manifest.path}")


def _read_with_progress(store, filters: ExportFilter):
    with tqdm(desc="exporting", unit="row", file=sys.stderr, disable=None, leave=False) as bar:
        def advance(done: int, expected: int) -> None:
            bar.total = expected
            bar.update(done - bar.n)
        return export_table(store, filters, on_progress=advance)


def _joined(counts: dict[str, int]) -> str:
    """``{"MENTIONS": 3, "REFERENCES": 1}`` as ``MENTIONS 3, REFERENCES 1``.

    >>> _joined({"MENTIONS": 3, "REFERENCES": 1})
    'MENTIONS 3, REFERENCES 1'
    """
    return ", ".join(f"{name} {count}" for name, count in counts.items())
