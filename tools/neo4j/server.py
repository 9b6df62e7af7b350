"""Manage a local Neo4j 5.26 Community server built from Maven jars (no Docker, no tarball).

Run it through ``scripts/neo4j-server``::

    scripts/neo4j-server start [--port 7687] [--home .neo4j] [--password PW]
    scripts/neo4j-server stop [--home .neo4j]
    scripts/neo4j-server status [--home .neo4j]
    scripts/neo4j-server import CSV_DIR [--home .neo4j]   # neo4j-admin database import full
    scripts/neo4j-server fetch                            # only resolve the jars

``start`` fetches the jars the first time (``mvn dependency:copy-dependencies`` on
``tools/neo4j/pom.xml`` into the git-ignored ``tools/neo4j/lib``), starts
``org.neo4j.server.CommunityEntryPoint`` in the background with Bolt on 127.0.0.1, waits
until the server answers ``RETURN 1`` and prints its ``bolt://`` URI as the last line.
With ``--password`` (or ``NEO4J_PASSWORD``) authentication is on for user ``neo4j``; the
password is set before the home's first start and cannot be changed here afterwards.

Only the standard library is needed; when the ``neo4j`` driver is importable the readiness
check runs a real query, otherwise it waits for the Bolt handshake and the "Started." log line.
Exit codes: 0 ok, 1 failure (message on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

TOOL_DIR = Path(__file__).resolve().parent
REPO_ROOT = TOOL_DIR.parent.parent
LIB = TOOL_DIR / "lib"
POM = TOOL_DIR / "pom.xml"
STAMP = LIB / ".fetched"
WORK = TOOL_DIR / "home"  # git-ignored, like lib/: the fetch lock and the partial download
DEFAULT_HOME = REPO_ROOT / ".neo4j"
USER = "neo4j"

JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]


class ServerError(Exception):
    """A failure with a message that says what to do."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- jars


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def fetch() -> None:
    """Resolve the server jars into ``tools/neo4j/lib`` unless already there for this pom."""
    if STAMP.is_file() and STAMP.read_text().strip() == _pom_digest():
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError("Maven (mvn) is needed to fetch the Neo4j jars: apt-get install maven")
    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / ".fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two starts at once fetch once
        if STAMP.is_file() and STAMP.read_text().strip() == _pom_digest():
            return
        partial = WORK / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        log("fetching Neo4j jars with Maven (first run only; about 120 MB) ...")
        cmd = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(POM),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={partial}",
        ]
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0:
            raise ServerError(f"mvn could not fetch the Neo4j jars:\n{done.stdout[-3000:]}")
        shutil.rmtree(LIB, ignore_errors=True)
        partial.rename(LIB)
        STAMP.write_text(_pom_digest() + "\n")
        jars = list(LIB.glob("*.jar"))
        size = sum(j.stat().st_size for j in jars) / 1e6
        log(f"fetched {len(jars)} jars ({size:.0f} MB) into {LIB}")


def _java() -> str:
    java = os.environ.get("JAVA") or shutil.which("java")
    if java is None:
        raise ServerError("Java 17 is needed to run Neo4j 5.26: apt-get install openjdk-17-jre-headless")
    return java


def _admin(home: Path, args: list[str], *, cwd: Path | None = None, heap: str = "1g") -> None:
    """Run ``neo4j-admin`` (``org.neo4j.cli.AdminTool``) on a home."""
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    cmd = [_java(), f"-Xmx{heap}", *JVM_FLAGS, "-cp", f"{LIB}/*", "org.neo4j.cli.AdminTool", *args]
    done = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise ServerError(f"neo4j-admin {' '.join(args[:3])} failed:\n{done.stdout[-4000:]}")
    log(done.stdout.strip()[-2000:])


# ----------------------------------------------------------------------------- home


def _paths(home: Path) -> dict[str, Path]:
    return {
        "conf": home / "conf" / "neo4j.conf",
        "pid": home / "run" / "kgraph-server.pid",
        "uri": home / "run" / "bolt-uri",
        "console": home / "logs" / "console.log",
        "auth": home / "run" / "auth-enabled",
        "system": home / "data" / "databases" / "system",
    }


def _write_conf(home: Path, port: int, *, auth: bool, pagecache: str) -> None:
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    lines = [
        "# written by scripts/neo4j-server on every start",
        "server.default_listen_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}",
        "server.bolt.tls_level=DISABLED",
        "server.http.enabled=false",
        "server.https.enabled=false",
        f"dbms.security.auth_enabled={'true' if auth else 'false'}",
        f"server.memory.pagecache.size={pagecache}",
        "dbms.usage_report.enabled=false",
        # Bolt's shutdown otherwise waits 2 x 5 s although no connection is left.
        "internal.server.bolt.connection_shutdown_wait_time=1s",
        "internal.server.bolt.thread_pool_shutdown_wait_time=1s",
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
    ]
    _paths(home)["conf"].write_text("\n".join(lines) + "\n")


def _running_pid(home: Path) -> int | None:
    """The pid of this home's server if it is alive, else None (stale pid files are removed)."""
    pid_file = _paths(home)["pid"]
    if not pid_file.is_file():
        return None
    pid = int(pid_file.read_text().strip())
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        cmdline = ""
    if f"--home-dir={home}" not in cmdline:  # gone, or the pid was reused by another process
        pid_file.unlink()
        return None
    return pid


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# ----------------------------------------------------------------------------- readiness


def _bolt_handshake(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(bytes.fromhex("6060B017") + bytes.fromhex("00000105") + bytes(12))
            return len(sock.recv(4)) == 4
    except OSError:
        return False


def _answers(uri: str, port: int, password: str | None, console: Path) -> bool:
    try:
        from neo4j import GraphDatabase
        from neo4j.exceptions import DriverError, Neo4jError
    except ImportError:  # plain python3 without the driver: handshake + log line
        started = console.is_file() and "Started." in console.read_text(errors="replace")
        return started and _bolt_handshake(port)
    auth = (USER, password) if password else None
    try:
        # session.run is one attempt; execute_query would retry with back-off for 30 s.
        with (
            GraphDatabase.driver(uri, auth=auth, connection_timeout=2) as driver,
            driver.session() as session,
        ):
            session.run("RETURN 1").consume()
        return True
    except (DriverError, Neo4jError, OSError):
        return False


# ----------------------------------------------------------------------------- commands


def start(home: Path, port: int, password: str | None, *, heap: str, pagecache: str, timeout: float) -> str:
    """Start the server in the background; return its URI once it answers queries."""
    paths = _paths(home)
    if (pid := _running_pid(home)) is not None:
        uri = paths["uri"].read_text().strip()
        log(f"already running (pid {pid}) for {home}")
        return uri
    if not _port_free(port):
        raise ServerError(f"port {port} on 127.0.0.1 is in use; choose another with --port")
    fetch()
    first_start = not paths["system"].exists()
    if not first_start and password and not paths["auth"].exists():
        raise ServerError(
            f"{home} was first started without a password; start it without "
            "--password/NEO4J_PASSWORD, or use a new --home"
        )
    auth = bool(password) or paths["auth"].exists()
    _write_conf(home, port, auth=auth, pagecache=pagecache)
    if first_start and password:
        _admin(home, ["dbms", "set-initial-password", password])
        paths["auth"].touch()
    uri = f"bolt://127.0.0.1:{port}"
    cmd = [
        _java(),
        "-Xms512m",
        f"-Xmx{heap}",
        *JVM_FLAGS,
        "-cp",
        f"{LIB}/*",
        "org.neo4j.server.CommunityEntryPoint",
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
        "--console-mode",
    ]
    with open(paths["console"], "ab") as console:
        proc = subprocess.Popen(
            cmd,
            stdout=console,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=home,
        )
    paths["pid"].write_text(f"{proc.pid}\n")
    paths["uri"].write_text(uri + "\n")
    deadline = time.monotonic() + timeout
    while not _answers(uri, port, password, paths["console"]):
        if proc.poll() is not None:
            paths["pid"].unlink(missing_ok=True)
            tail = paths["console"].read_text(errors="replace")[-4000:]
            raise ServerError(f"Neo4j exited with code {proc.returncode}:\n{tail}")
        if time.monotonic() > deadline:
            _terminate(proc.pid, 30)
            paths["pid"].unlink(missing_ok=True)
            raise ServerError(f"Neo4j did not answer within {timeout:.0f} s; see {paths['console']}")
        time.sleep(0.5)
    return uri


def _terminate(pid: int, timeout: float) -> None:
    os.kill(pid, signal.SIGTERM)  # the server's shutdown hook checkpoints and stops cleanly
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    log(f"Neo4j (pid {pid}) did not stop within {timeout:.0f} s; killing it")
    os.kill(pid, signal.SIGKILL)


def stop(home: Path, timeout: float) -> None:
    pid = _running_pid(home)
    if pid is None:
        log(f"no server running for {home}")
        return
    _terminate(pid, timeout)
    _paths(home)["pid"].unlink(missing_ok=True)
    log(f"stopped Neo4j (pid {pid})")


def bulk_import(home: Path, csv_dir: Path, *, heap: str) -> None:
    """``neo4j-admin database import full`` of ``csv_dir`` (see kgraph.export.neo4j_csv)."""
    if _running_pid(home) is not None:
        raise ServerError(f"the server for {home} is running; stop it before a bulk import")
    args_file = csv_dir / "import.args"
    if not args_file.is_file():
        raise ServerError(f"{args_file} is missing; write the files with `kgraph export neo4j-csv`")
    fetch()
    if not (home / "conf" / "neo4j.conf").is_file():
        _write_conf(home, 7687, auth=False, pagecache="512m")
    # The database name goes first: --nodes/--relationships take 1..* values.
    _admin(
        home,
        [
            "database",
            "import",
            "full",
            "neo4j",
            "--overwrite-destination=true",
            "--threads=2",
            "--max-off-heap-memory=1G",
            f"--report-file={home / 'logs' / 'import.report'}",
            f"@{args_file}",
        ],
        cwd=csv_dir,
        heap=heap,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="neo4j-server", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    home_help = f"server home: config, data and logs (default {DEFAULT_HOME})"
    p_start = sub.add_parser("start", help="start in the background; print the bolt:// URI")
    p_start.add_argument("--port", type=int, default=7687)
    p_start.add_argument(
        "--password",
        default=os.environ.get("NEO4J_PASSWORD") or None,
        help="enable auth for user neo4j (default: $NEO4J_PASSWORD; none = no auth)",
    )
    p_start.add_argument("--heap", default="1g", help="JVM max heap (default 1g)")
    p_start.add_argument("--pagecache", default="512m", help="page cache size (default 512m)")
    p_start.add_argument("--timeout", type=float, default=180.0)
    p_stop = sub.add_parser("stop", help="stop the server of a home")
    p_stop.add_argument("--timeout", type=float, default=60.0)
    p_status = sub.add_parser("status", help="print the bolt:// URI if running, else exit 1")
    p_import = sub.add_parser("import", help="bulk-import CSV files into a stopped home")
    p_import.add_argument("csv_dir", type=Path)
    p_import.add_argument("--heap", default="1g")
    sub.add_parser("fetch", help="only fetch the jars")
    for p in (p_start, p_stop, p_status, p_import):
        p.add_argument("--home", type=Path, default=DEFAULT_HOME, help=home_help)
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            fetch()
            return 0
        home = args.home.expanduser().resolve()
        if args.command == "start":
            print(
                start(
                    home,
                    args.port,
                    args.password,
                    heap=args.heap,
                    pagecache=args.pagecache,
                    timeout=args.timeout,
                ),
                flush=True,
            )
        elif args.command == "stop":
            stop(home, args.timeout)
        elif args.command == "status":
            if _running_pid(home) is None:
                log(f"not running for {home}")
                return 1
            print(_paths(home)["uri"].read_text().strip())
        elif args.command == "import":
            bulk_import(home, args.csv_dir.resolve(), heap=args.heap)
    except ServerError as err:
        log(f"neo4j-server: {err}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
