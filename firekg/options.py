"""Command-line flags shared by the commands that open a store."""
from __future__ import annotations

import click

from kg.store import StoreSettings


def store_options(command):
    """Flags that override the FIREKG_NEO4J_* / FIREKG_HOME environment for one command."""
    for name, help_text in (("--uri", "Bolt URI (env FIREKG_NEO4J_URI); omit for the embedded store."),
                            ("--user", "Bolt user (env FIREKG_NEO4J_USER)."),
                            ("--password", "Bolt password (env FIREKG_NEO4J_PASSWORD)."),
                            ("--database", "Database name (env FIREKG_NEO4J_DATABASE)."),
                            ("--home", "Folder of the embedded graph (env FIREKG_HOME).")):
        command = click.option(name, default=None, help=help_text)(command)
    return command


def store_settings(options: dict) -> StoreSettings:
    return StoreSettings.from_env(**{key: options.pop(key) for key in ("uri", "user", "password", "database", "home")})
