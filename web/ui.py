"""The analyst UI: one page (``web/static/index.html``) and its built assets under ``/static``."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, send_from_directory

from web.errors import ApiError

bp = Blueprint("ui", __name__)
STATIC = Path(__file__).resolve().parent / "static"


@bp.get("/")
def index():
    if not (STATIC / "dist" / "app.js").exists():
        raise ApiError(500, "ui_not_built", "The UI assets are missing: run scripts/build_ui.sh "
                                            "(needs Node 20 and npm), or reinstall FireKG.")
    return send_from_directory(STATIC, "index.html", max_age=0)


@bp.get("/favicon.ico")
def favicon():
    return current_app.response_class(status=204)
