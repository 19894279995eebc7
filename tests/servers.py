"""Servers the tests and benchmarks start and stop.

``serving`` runs one command (``firekg serve``, ``llama_cpp.server``) with its output in a log and
its PID beside it, returns once a URL answers, and stops the process at the end. The live Bolt
servers come from ``FIREKG_TEST_<NAME>_URI/_USER/_PASSWORD/_DATABASE`` when ``.ci/run`` exported
them, else scripts/servers.py starts them and writes their settings to ``DIR/<name>.env``.
"""
from __future__ import annotations

import logging
import os
import shlex
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from kg.store import StoreSettings
from scripts.servers import free_port, log_tail

__all__ = ["ServerNotReady", "serving", "stop", "free_port", "bolt_settings", "start_bolt_server",
           "stop_bolt_server", "parse_env_lines"]

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SERVERS_SCRIPT = REPO / "scripts" / "servers.py"


class ServerNotReady(RuntimeError):
    """A server started here exited, or did not answer, before it was ready."""


@contextmanager
def serving(command: list[str], ready_url: str, log: Path, *, env: Mapping[str, str] | None = None,
            cwd: Path | None = None, timeout: float = 120.0) -> Iterator[subprocess.Popen]:
    """Run ``command`` (output to ``log``, PID to ``log`` with suffix .pid) until the block ends.

    The block starts once ``ready_url`` answers 200; the process is stopped however the block ends.
    """
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    log.with_suffix(".pid").write_text(f"{process.pid}\n")
    try:
        _wait_until_ready(process, ready_url, log, timeout)
        yield process
    finally:
        stop(process)


def _wait_until_ready(process: subprocess.Popen, ready_url: str, log: Path, timeout: float) -> None:
    started = time.monotonic()
    while time.monotonic() < started + timeout:
        if process.poll() is not None:
            raise ServerNotReady(f"`{shlex.join(process.args)}` exited with code {process.returncode} before "
                                 f"{ready_url} answered; the end of {log}:\n{log_tail(log, 30)}")
        try:
            with urllib.request.urlopen(ready_url, timeout=2) as response:
                if response.status == 200:
                    logger.info("PID %d answered %s after %.1f s", process.pid, ready_url, time.monotonic() - started)
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise ServerNotReady(f"`{shlex.join(process.args)}` did not answer {ready_url} within {timeout:.0f} s "
                         f"(a slow machine may need a longer timeout); the end of {log}:\n{log_tail(log, 30)}")


def stop(process: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM ``process``, then SIGKILL it if it has not exited ``grace`` seconds later."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def bolt_settings(name: str, environ: Mapping[str, str] | None = None) -> StoreSettings | None:
    """Settings of live server ``name`` from ``FIREKG_TEST_<NAME>_*``; None when no URI is set.

    >>> bolt_settings("arcadedb", {"FIREKG_TEST_ARCADEDB_URI": "bolt://127.0.0.1:7687",
    ...                            "FIREKG_TEST_ARCADEDB_USER": "root"}).user
    'root'
    """
    environ = os.environ if environ is None else environ
    prefix = f"FIREKG_TEST_{name.upper()}_"
    if not environ.get(f"{prefix}URI"):
        return None
    return StoreSettings.from_env({f"FIREKG_NEO4J_{key.removeprefix(prefix)}": value
                                   for key, value in environ.items() if key.startswith(prefix)})


def start_bolt_server(name: str, run_dir: Path) -> StoreSettings:
    """Start ``name`` with scripts/servers.py in ``run_dir``; stop it with :func:`stop_bolt_server`."""
    subprocess.run([sys.executable, str(SERVERS_SCRIPT), "start", name, "--dir", str(run_dir)], check=True,
                   stdout=subprocess.DEVNULL)
    return StoreSettings.from_env(parse_env_lines((run_dir / f"{name}.env").read_text()))


def stop_bolt_server(name: str, run_dir: Path) -> None:
    subprocess.run([sys.executable, str(SERVERS_SCRIPT), "stop", name, "--dir", str(run_dir)], check=False)


def parse_env_lines(text: str) -> dict[str, str]:
    """The ``KEY=VALUE`` lines of an env file that scripts/servers.py wrote.

    >>> parse_env_lines("FIREKG_NEO4J_URI=bolt://127.0.0.1:7687\\nFIREKG_NEO4J_PASSWORD=a=b\\n")
    {'FIREKG_NEO4J_URI': 'bolt://127.0.0.1:7687', 'FIREKG_NEO4J_PASSWORD': 'a=b'}
    """
    return dict(line.split("=", 1) for line in text.split() if "=" in line)
