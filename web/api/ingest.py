"""``POST /api/ingest``: upload documents into the graph; needs the API token."""
from __future__ import annotations

import hmac
import re
import tempfile
from pathlib import Path

from flask import Blueprint, jsonify, request

from kg.corpus.model import DocumentKind
from kg.corpus.readers import FORMATS_BY_SUFFIX
from web.api.params import services
from web.errors import ApiError, bad_parameter

bp = Blueprint("ingest", __name__)
MAX_FILES = 50
ACCEPTED = tuple(FORMATS_BY_SUFFIX)     # every format the readers take, web pages and .odt included
_UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f:*?\"<>|]")


@bp.post("/ingest")
def ingest():
    _check_token()
    files = request.files.getlist("files")
    if not files:
        raise bad_parameter("files", "Upload one or more files as multipart form field 'files' "
                                     f"({', '.join(ACCEPTED)}).")
    if len(files) > MAX_FILES:
        raise bad_parameter("files", f"{len(files)} files uploaded; at most {MAX_FILES} per request.")
    kind = _kind(request.form.get("kind"))
    with tempfile.TemporaryDirectory(prefix="firekg-upload-") as folder:
        paths = [_save(upload, Path(folder), position) for position, upload in enumerate(files)]
        parsed, report = services().ingest(paths, kind)
    body = {"written": report.written, "unchanged": report.unchanged, "failed": report.failed,
            "parse_failures": [{"file": Path(f.source).name, "error": _strip_folder(str(f.error), folder)}
                               for f in parsed.failures],
            "references": report.references, "is_a": report.is_a}
    stored = report.written or report.unchanged
    return jsonify(body), 200 if stored else 422


def _check_token() -> None:
    token = services().settings.api_token
    if not token:
        raise ApiError(403, "ingest_disabled", "Uploads are disabled: start the server with FIREKG_API_TOKEN set.")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() \
        or request.headers.get("X-FireKG-Token", "")
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(401, "unauthorized", "Missing or wrong API token: send 'Authorization: Bearer <token>'.")


def _kind(raw: str | None) -> DocumentKind | None:
    if not raw:
        return None
    try:
        return DocumentKind(raw)
    except ValueError:
        raise bad_parameter("kind", f"Unknown kind {raw!r}; use {', '.join(kind.value for kind in DocumentKind)}.")


def safe_filename(name: str, position: int) -> str:
    """The upload's own name without folders or characters a file system refuses; Chinese is kept.

    >>> safe_filename("../../etc/中华人民共和国消防法.md", 0)
    '中华人民共和国消防法.md'
    >>> safe_filename("", 3)
    'upload-3'
    """
    base = _UNSAFE_NAME.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    return base[:150] or f"upload-{position}"


def _save(upload, folder: Path, position: int) -> Path:
    name = safe_filename(upload.filename or "", position)
    if not name.lower().endswith(ACCEPTED):
        raise bad_parameter("files", f"{name}: unsupported file type; upload {', '.join(ACCEPTED)}.")
    target = folder / f"{position:02d}" / name
    target.parent.mkdir()
    upload.save(target)
    return target


def _strip_folder(message: str, folder: str) -> str:
    return re.sub(re.escape(folder) + r"/\d+/", "", message)
