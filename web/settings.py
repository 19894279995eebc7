"""Web settings: typed, with defaults and help, read from ``FIREKG_*`` environment variables or flags."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.envsettings import settings_from_env
from kg.errors import ConfigurationError


@dataclass(frozen=True)
class WebSettings:
    """How ``firekg serve`` and :func:`web.create_app` behave."""

    api_token: str = field(default="", repr=False, metadata={
        "env": "FIREKG_API_TOKEN", "help": "bearer token for write endpoints (POST /api/ingest); empty disables them"})
    max_upload_mb: float = field(default=20.0, metadata={
        "env": "FIREKG_MAX_UPLOAD_MB", "help": "largest request body accepted, in MB"})
    cors_origins: str = field(default="", metadata={
        "env": "FIREKG_CORS_ORIGINS", "help": "comma-separated origins allowed to call the API from a browser; "
                                              "empty (the default) sends no CORS headers"})
    llm: str = field(default="", metadata={
        "env": "FIREKG_WEB_LLM", "help": "summariser for /api/ask: none, server or local; empty picks server when "
                                         "FIREKG_LLM_BASE_URL is set, else none"})
    extractor: str = field(default="baseline", metadata={
        "env": "FIREKG_WEB_EXTRACTOR", "help": "mentions for uploaded documents: baseline, model, ensemble or none"})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "WebSettings":
        """Settings from the environment; keyword overrides (flags) win when not None.

        >>> WebSettings.from_env({"FIREKG_MAX_UPLOAD_MB": "5"}).max_upload_mb
        5.0
        >>> WebSettings.from_env({}, llm="none").llm
        'none'
        """
        settings = settings_from_env(cls, environ, overrides)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.llm not in ("", "none", "server", "local"):
            raise ConfigurationError(f"FIREKG_WEB_LLM={self.llm!r}: use none, server or local.")
        if self.extractor not in ("baseline", "model", "ensemble", "none"):
            raise ConfigurationError(f"FIREKG_WEB_EXTRACTOR={self.extractor!r}: use baseline, model, ensemble or none.")
        if self.max_upload_mb <= 0:
            raise ConfigurationError(f"FIREKG_MAX_UPLOAD_MB={self.max_upload_mb}: give a positive number of MB.")

    @property
    def allowed_origins(self) -> frozenset[str]:
        return frozenset(origin.strip() for origin in self.cors_origins.split(",") if origin.strip())
