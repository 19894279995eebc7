"""The one way FireKG's settings dataclasses read flags and ``FIREKG_*`` environment variables.

Each field names its variable in ``metadata["env"]`` and says what it is in ``metadata["help"]``;
the field's default gives the type a value is converted to.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import Field, fields
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import ConfigurationError

logger = logging.getLogger(__name__)

Settings = TypeVar("Settings")
DEFAULT_HOME = Path.home() / ".local" / "share" / "firekg"


def firekg_home(environ: Mapping[str, str] | None = None) -> Path:
    """Where the embedded graph, models and caches live: ``$FIREKG_HOME`` (``~`` expanded, as for
    ``StoreSettings.home``), else ``~/.local/share/firekg``.

    >>> firekg_home({"FIREKG_HOME": "/srv/firekg"}), firekg_home({}) == DEFAULT_HOME
    (PosixPath('/srv/firekg'), True)
    """
    environ = os.environ if environ is None else environ
    return Path(environ.get("FIREKG_HOME") or DEFAULT_HOME).expanduser()


def settings_from_env(cls: type[Settings], environ: Mapping[str, str] | None = None,
                      overrides: Mapping[str, Any] | None = None) -> Settings:
    """``cls`` with each field from its override (a flag) when not None, else from its variable when set and not empty.

    >>> from dataclasses import dataclass, field
    >>> @dataclass
    ... class Demo:
    ...     limit: int = field(default=10, metadata={"env": "FIREKG_DEMO_LIMIT", "help": "rows to show"})
    >>> settings_from_env(Demo, {"FIREKG_DEMO_LIMIT": "25"})
    Demo(limit=25)
    >>> settings_from_env(Demo, {"FIREKG_DEMO_LIMIT": ""}, {"limit": "3"})
    Demo(limit=3)
    """
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    values = {}
    for spec in fields(cls):
        raw = overrides.get(spec.name)
        if raw is None:
            raw = environ.get(spec.metadata["env"]) or None
        if raw is not None:
            values[spec.name] = _convert(spec, raw)
    return cls(**values)


def _convert(spec: Field, raw: Any) -> Any:
    """``raw`` as the type of the field's default: a number, an expanded path, or text as given."""
    if isinstance(spec.default, Path):
        return Path(raw).expanduser()
    if not isinstance(spec.default, (int, float)):
        return raw
    kind = type(spec.default)
    try:
        return kind(raw)
    except (TypeError, ValueError) as error:
        number = "a whole number" if kind is int else "a number"
        raise ConfigurationError(
            f"{spec.metadata['env']}={raw!r} is not {number} ({spec.metadata['help'].rstrip('.')}); "
            f"set it to e.g. {spec.default!r}, or unset it to use that default.") from error
