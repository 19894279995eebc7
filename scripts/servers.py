"""Start and stop the Bolt servers that FireKG's live tests run against.

Two servers, each on a free port of 127.0.0.1, each writing its own PID to
DIR/<name>.pid, its log to DIR/<name>.log and its connection settings to
DIR/<name>.env:

* ``neo4j``    -- a real Neo4j 5.26 Community (neo4j-harness, built by Maven
  from scripts/neo4j/), user ``neo4j``, database ``neo4j``.
* ``arcadedb`` -- ArcadeDB's Bolt plugin from the ``arcadedb-embedded`` wheel,
  user ``root``, database ``firekg``.

Usage::

    python scripts/servers.py build
    python scripts/servers.py start neo4j --dir .firekg/servers
    python scripts/servers.py start arcadedb --dir .firekg/servers
    python scripts/servers.py stop all --dir .firekg/servers

``start`` prints the env lines; ``set -a; . DIR/neo4j.env; set +a`` loads them.
Standard library only, plus the ``neo4j`` driver (to check a login) and
``arcadedb_embedded`` (for the ArcadeDB server), both in the project venv.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"
NAMES = ("neo4j", "arcadedb")
LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j"
LAUNCHER_JAR = LAUNCHER_DIR / "target" / "firekg-neo4j-launcher.jar"
# A class-data-sharing archive, dumped when the first Neo4j started here exits;
# later starts map it and boot about twice as fast. Rebuilding the jar makes the
# JVM ignore a stale one with a warning; delete it to have it dumped again.
CDS_ARCHIVE = LAUNCHER_DIR / "target" / "neo4j-classes.jsa"
NEO4J_JVM_OPTS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
]
PASSWORD_ENV = "FIREKG_NEO4J_PASSWORD"
READY_MARKERS = {"neo4j": "FIREKG-NEO4J-READY", "arcadedb": "FIREKG-ARCADEDB-READY"}
USERS = {"neo4j": "neo4j", "arcadedb": "root"}


class ServerError(Exception):
    """A test server could not be built, started or stopped; the message says why and what to do."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def paths(directory: Path, name: str) -> dict[str, Path]:
    """The files a server owns in DIR.

    >>> sorted(paths(Path("/t"), "neo4j"))
    ['env', 'home', 'log', 'pid']
    """
    return {
        "pid": directory / f"{name}.pid",
        "log": directory / f"{name}.log",
        "env": directory / f"{name}.env",
        "home": directory / f"{name}-home",
    }


def env_lines(uri: str, user: str, password: str, database: str) -> list[str]:
    """The settings the live tests read, one ``KEY=VALUE`` line each.

    >>> env_lines("bolt://127.0.0.1:7687", "neo4j", "pw", "neo4j")[0]
    'FIREKG_NEO4J_URI=bolt://127.0.0.1:7687'
    """
    return [
        f"FIREKG_NEO4J_URI={uri}",
        f"FIREKG_NEO4J_USER={user}",
        f"FIREKG_NEO4J_PASSWORD={password}",
        f"FIREKG_NEO4J_DATABASE={database}",
    ]


# --- build -----------------------------------------------------------------


def build_launcher(force: bool = False) -> Path:
    """Build the Neo4j launcher jar with Maven unless it is already there."""
    if LAUNCHER_JAR.exists() and not force:
        return LAUNCHER_JAR
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(
            "Maven ('mvn') is not on PATH, so the Neo4j launcher cannot be built. "
            "Install it (Debian: apt-get install maven) with a JDK 17, then run "
            "'python scripts/servers.py build'."
        )
    print(f"Building {LAUNCHER_JAR.name} with Maven (a cold build downloads ~190 MB)...",
          file=sys.stderr)
    started = time.monotonic()
    result = subprocess.run(
        [mvn, "-q", "-B", "package"], cwd=LAUNCHER_DIR, capture_output=True, text=True
    )
    if result.returncode != 0 or not LAUNCHER_JAR.exists():
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
        raise ServerError(
            f"'mvn -q -B package' in {LAUNCHER_DIR} failed (exit {result.returncode}). "
            f"Check that Maven Central is reachable and 'java -version' is 17+. Maven said:\n{tail}"
        )
    print(f"Built in {time.monotonic() - started:.1f}s", file=sys.stderr)
    return LAUNCHER_JAR


# --- start -----------------------------------------------------------------


def neo4j_command(port: int, files: dict[str, Path]) -> list[str]:
    java = shutil.which("java")
    if java is None:
        raise ServerError(
            "'java' is not on PATH. Install a JDK 17 (Debian: apt-get install openjdk-17-jdk)."
        )
    heap = os.environ.get("FIREKG_NEO4J_HEAP", "512m")
    cds = "SharedArchiveFile" if CDS_ARCHIVE.exists() else "ArchiveClassesAtExit"
    extra = os.environ.get("FIREKG_NEO4J_JAVA_OPTS", "").split()
    return [java, f"-Xmx{heap}", *NEO4J_JVM_OPTS, f"-XX:{cds}={CDS_ARCHIVE}", *extra,
            "-jar", str(build_launcher()),
            "--port", str(port), "--home", str(files["home"]), "--pid-file", str(files["pid"])]


def arcadedb_command(port: int, files: dict[str, Path], database: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "serve-arcadedb",
            "--port", str(port), "--http-port", str(free_port()), "--database", database,
            "--home", str(files["home"]), "--pid-file", str(files["pid"])]


def start(name: str, directory: Path, password: str, timeout: float) -> list[str]:
    """Start server ``name`` in the background; return its env lines once Bolt takes a login."""
    directory.mkdir(parents=True, exist_ok=True)
    files = paths(directory, name)
    running = read_pid(files["pid"])
    if running is not None and is_alive(running):
        raise ServerError(
            f"{name} is already running (PID {running} in {files['pid']}). "
            f"Stop it first: python scripts/servers.py stop {name} --dir {directory}"
        )
    port = free_port()
    database = "neo4j" if name == "neo4j" else "firekg"
    if name == "neo4j":
        command = neo4j_command(port, files)
    else:
        command = arcadedb_command(port, files, database)
    # A fresh data folder every start: an old one keeps the old password and data.
    shutil.rmtree(files["home"], ignore_errors=True)
    files["home"].mkdir(parents=True)
    started = time.monotonic()
    with open(files["log"], "wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=files["home"], env={**os.environ, PASSWORD_ENV: password}, start_new_session=True,
        )
    uri = f"bolt://{HOST}:{port}"
    try:
        wait_until_ready(name, process, files, uri, password, database, timeout)
    except BaseException:
        terminate(process.pid, grace=10)
        files["pid"].unlink(missing_ok=True)
        raise
    lines = env_lines(uri, USERS[name], password, database)
    files["env"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    files["env"].chmod(0o600)
    elapsed = time.monotonic() - started
    print(f"{name}: PID {process.pid}, ready in {elapsed:.1f}s, log {files['log']}",
          file=sys.stderr)
    return lines


def wait_until_ready(name, process, files, uri, password, database, timeout) -> None:
    """Block until the server printed its ready line and a Bolt login and query succeed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(
                f"{name} exited with code {process.returncode} during start-up. "
                f"See the log: {files['log']}\n{log_tail(files['log'])}"
            )
        ready = READY_MARKERS[name] in log_tail(files["log"], 200)
        if ready and can_login(uri, USERS[name], password, database):
            return
        time.sleep(0.5)
    raise ServerError(
        f"{name} did not accept a Bolt login on {uri} within {timeout:.0f}s. "
        f"See the log: {files['log']} (raise --timeout on a slow machine).\n"
        f"{log_tail(files['log'])}"
    )


def can_login(uri: str, user: str, password: str, database: str) -> bool:
    try:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError
    except ImportError as e:
        raise ServerError("The neo4j driver is missing: pip install 'neo4j>=5'") from e
    try:
        with GraphDatabase.driver(uri, auth=(user, password)) as driver:
            driver.execute_query("RETURN 1", database_=database)
        return True
    except AuthError as e:
        raise ServerError(f"The server on {uri} is up but refused user {user!r}: {e}") from e
    except Exception:  # noqa: BLE001 - not up yet; the caller retries until its deadline
        return False


def log_tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


# --- stop ------------------------------------------------------------------


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a child that exited but was not reaped yet is a zombie, not a server
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


def terminate(pid: int, grace: float) -> str:
    """SIGTERM ``pid``, then SIGKILL it if it is still alive after ``grace`` seconds."""
    if not is_alive(pid):
        return "not running"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not is_alive(pid):
            return "stopped"
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    return f"killed (no exit {grace:.0f}s after SIGTERM)"


def started_with(pid: int, pid_file: Path) -> bool:
    """Whether process ``pid`` was given ``pid_file`` on its command line, i.e. is our server."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return os.fsencode(str(pid_file)) in argv


def stop(name: str, directory: Path, grace: float) -> str:
    files = paths(directory, name)
    pid = read_pid(files["pid"])
    if pid is None:
        return f"{name}: no PID file at {files['pid']}, nothing to stop"
    if is_alive(pid) and not started_with(pid, files["pid"]):
        outcome = "left alone: that PID now belongs to another program (stale PID file)"
    else:
        outcome = terminate(pid, grace)
    files["pid"].unlink(missing_ok=True)
    files["env"].unlink(missing_ok=True)
    return f"{name}: PID {pid} {outcome}"


# --- the ArcadeDB server process ---------------------------------------------


def serve_arcadedb(args: argparse.Namespace) -> None:
    """Run ArcadeDB with its Bolt plugin in this process until SIGTERM (internal sub-command)."""
    password = os.environ.get(PASSWORD_ENV, "")
    pid_file = Path(args.pid_file)
    pid_file.write_text(f"{os.getpid()}\n")
    started = time.monotonic()
    import arcadedb_embedded as arcadedb
    from arcadedb_embedded.jvm import start_jvm

    start_jvm(heap_size=os.environ.get("FIREKG_ARCADEDB_HEAP", "512m"))
    server = arcadedb.create_server(
        root_path=str(Path(args.home) / "root"),
        root_password=password,
        config={
            "host": HOST,
            "http_port": args.http_port,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": args.port,
            "bolt_defaultDatabase": args.database,
        },
    )
    server.start()
    server.create_database(args.database)

    def shutdown(signum, frame):
        print("FIREKG-ARCADEDB-STOPPING", flush=True)
        server.stop()
        pid_file.unlink(missing_ok=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    print(f"{READY_MARKERS['arcadedb']} bolt://{HOST}:{args.port} pid={os.getpid()} "
          f"startup_ms={(time.monotonic() - started) * 1000:.0f}", flush=True)
    while True:
        signal.pause()


# --- CLI -------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True, metavar="{build,start,stop}")
    build = sub.add_parser("build", help="build the Neo4j launcher jar with Maven if it is missing")
    build.add_argument("--force", action="store_true", help="rebuild even if the jar exists")
    start_p = sub.add_parser("start", help="start a server and write DIR/<name>.{pid,log,env}")
    start_p.add_argument("name", choices=NAMES)
    start_p.add_argument("--dir", type=Path, required=True,
                         help="folder for the pid, log, env and data of the server")
    start_p.add_argument("--password", default=os.environ.get("FIREKG_TEST_PASSWORD"),
                         help="login password (default: $FIREKG_TEST_PASSWORD, else a random one)")
    start_p.add_argument("--timeout", type=float, default=180,
                         help="seconds to wait for a Bolt login")
    stop_p = sub.add_parser("stop", help="stop a server by its recorded PID")
    stop_p.add_argument("name", choices=(*NAMES, "all"))
    stop_p.add_argument("--dir", type=Path, required=True)
    stop_p.add_argument("--grace", type=float, default=30,
                        help="seconds between SIGTERM and SIGKILL")
    serve = sub.add_parser("serve-arcadedb")  # internal: the ArcadeDB server process
    for option in ("--port", "--http-port"):
        serve.add_argument(option, type=int, required=True)
    for option in ("--database", "--home", "--pid-file"):
        serve.add_argument(option, required=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if getattr(args, "dir", None) is not None:
        args.dir = args.dir.resolve()  # the servers run with their data folder as cwd
    try:
        if args.action == "build":
            print(build_launcher(force=args.force))
        elif args.action == "start":
            password = args.password or secrets.token_urlsafe(12)
            if len(password) < 8:
                raise ServerError("Use a password of at least 8 characters: "
                                  "Neo4j 5 and ArcadeDB refuse shorter ones.")
            print("\n".join(start(args.name, args.dir, password, args.timeout)))
        elif args.action == "stop":
            for name in NAMES if args.name == "all" else (args.name,):
                print(stop(name, args.dir, args.grace))
        else:
            serve_arcadedb(args)
    except ServerError as e:
        print(f"servers.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
