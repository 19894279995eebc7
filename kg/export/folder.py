"""Write an export folder: ``relations.<ext>`` per format and a ``manifest.json`` with their checksums."""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from kg.errors import ExportError
from kg.files import atomic_output
from kg.export.formats import parse_formats, render_table
from kg.export.table import ExportTable

logger = logging.getLogger(__name__)
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class ExportFile:
    name: str
    format: str
    bytes: int
    sha256: str
    rows: int


@dataclass
class ExportManifest:
    """What was written where: the table's summary, when, and each file with its size and checksum."""

    folder: Path
    summary: dict
    generated_at: str
    files: list[ExportFile]

    def to_dict(self) -> dict:
        return {"firekg_version": self.summary["firekg_version"], "generated_at": self.generated_at,
                **{key: value for key, value in self.summary.items() if key != "firekg_version"},
                "files": [asdict(item) for item in self.files]}

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST_NAME


def file_name(fmt: str) -> str:
    """The name of the relations file of one format.

    >>> file_name("xlsx")
    'relations.xlsx'
    """
    return f"relations.{fmt}"


def render_file(table: ExportTable, fmt: str) -> tuple[ExportFile, bytes]:
    """The contents of ``relations.<fmt>`` and its manifest entry (size, sha256, rows)."""
    content = render_table(table, fmt)
    entry = ExportFile(file_name(fmt), fmt, len(content), hashlib.sha256(content).hexdigest(), len(table.rows))
    return entry, content


def build_manifest(table: ExportTable, folder: Path, files: list[ExportFile],
                   now: datetime | None = None) -> ExportManifest:
    """The manifest of ``files`` rendered from ``table``, stamped with ``now`` (UTC, default: the current time)."""
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")
    return ExportManifest(folder, table.summary(), stamp.replace("+00:00", "Z"), files)


def write_export(table: ExportTable, folder: str | Path, formats: str | Iterable[str] = ("csv",),
                 now: datetime | None = None) -> ExportManifest:
    """Render ``table`` in each format into ``folder`` (created if missing; same-named files are replaced),
    then write ``manifest.json``. Each file appears whole or not at all.
    """
    folder = Path(folder)
    chosen = parse_formats(formats)
    _ensure_folder(folder)
    files = []
    for fmt in chosen:
        entry, content = render_file(table, fmt)
        _write_atomically(folder / entry.name, content)
        files.append(entry)
        logger.info("wrote %s (%d bytes)", folder / entry.name, entry.bytes)
    manifest = build_manifest(table, folder, files, now)
    text = json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1) + "\n"
    _write_atomically(manifest.path, text.encode("utf-8"))
    return manifest


def _ensure_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise ExportError("out", f"{folder} is a file, not a folder; give a folder for the export files.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError("out", f"cannot create {folder} ({error.strerror}); choose a folder you can write to.") \
            from error


def _write_atomically(path: Path, content: bytes) -> None:
    try:
        with atomic_output(path) as stream:
            stream.write(content)
    except OSError as error:
        raise ExportError("out", f"cannot write {path} ({error.strerror}); check the folder's permissions "
                                 f"and free space.") from error
