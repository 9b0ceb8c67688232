"""A real Neo4j for the tests: Community 5.26 with APOC core and Graph Data Science.

The jars come from Maven Central, as ``.ci/neo4j/pom.xml`` names them (the versions
docker-compose.yml runs); the first start fetches them with Maven into
``.ci/neo4j/target/`` (and again when the pom changes). Each server gets a home directory
of its own, a free Bolt port on 127.0.0.1, a generated password and no HTTP, so test runs
in other checkouts never share one. The JVM runs in its own process group, is killed with
it on stop, and Linux kills it if the process that started it dies (PR_SET_PDEATHSIG).

By hand: ``python -m tests.utils.neo4j_server`` prints ``VALUENET_TEST_NEO4J_URL``,
``VALUENET_TEST_NEO4J_PASSWORD`` and the JVM's pid, and runs until Ctrl-C (``--home DIR``:
on that home, e.g. a store neo4j-admin imported, kept at the end; ``--heap``, ``--pagecache``).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import neo4j
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from service.engines.embedded import die_with_parent

__all__ = ["JARS", "AdminRun", "Neo4jServer", "fetch_jars", "missing_tools"]

POM = Path(__file__).resolve().parents[2] / ".ci" / "neo4j" / "pom.xml"
#: Fetched jars: ``lib/`` the server, ``plugins/`` the jars with procedures (Neo4j's
#: plugins directory), ``plugin-lib/`` what those need besides the server's own jars.
JARS = POM.parent / "target"
STAMP = JARS / "pom.sha256"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
#: Neo4j loads every class of every jar in its plugins directory to find these.
PROCEDURE_ANNOTATIONS = tuple(
    f"Lorg/neo4j/procedure/{name};".encode() for name in ("Procedure", "UserFunction", "UserAggregationFunction")
)
#: What Neo4j's own launcher passes (the ``server.jvm.additional`` lines of its neo4j.conf).
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)
#: neo4j-admin's small commands: a small heap, quick to start.
ADMIN_JVM = ("-Xmx256m", "-XX:TieredStopAtLevel=1")
USER = "neo4j"
#: Where ``main`` keeps the password of a home given with ``--home``, for its next starts.
PASSWORD_FILE = "password"

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    """The default progress sink: say nothing."""


def java_command() -> str | None:
    """``$JAVA_HOME/bin/java``, else ``java`` on the PATH, if it is Java 17 or later."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        return None
    try:
        answer = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', answer.stderr)
    if not found:
        return None
    major = int(found[1]) if found[1] != "1" else int(found[2] or 0)  # "1.8.0" is Java 8
    return java if major >= 17 else None


def missing_tools() -> str | None:
    """What is missing to run the test server (Java 17+, and Maven until the jars are fetched)."""
    missing = []
    if java_command() is None:
        missing.append("Java 17 or later")
    if not _jars_current() and shutil.which("mvn") is None:
        missing.append("Maven")
    return " and ".join(missing) + " not found" if missing else None


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def _jars_current() -> bool:
    return STAMP.is_file() and STAMP.read_text().strip() == _pom_digest()


def fetch_jars(progress: Progress = _quiet) -> None:
    """Fetch the server and plugin jars with Maven, unless the pom has not changed since."""
    if _jars_current():
        return
    JARS.mkdir(exist_ok=True)
    with (JARS / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test session in this checkout may be fetching
        if _jars_current():
            return
        progress(f"fetching Neo4j, APOC and Graph Data Science with Maven as {POM} names them (once)")
        started = time.monotonic()
        for name in ("lib", "plugins", "plugin-lib", "fetch-lib", "fetch-plugins"):
            shutil.rmtree(JARS / name, ignore_errors=True)
        _maven({"server": JARS / "fetch-lib", "plugins": JARS / "fetch-plugins"})
        (JARS / "plugin-lib").mkdir()
        server_jars = {jar.name for jar in (JARS / "fetch-lib").glob("*.jar")}
        for jar in (JARS / "fetch-plugins").glob("*.jar"):
            if jar.name in server_jars:
                jar.unlink()  # the server's own version stays the only one on the class path
            elif not _has_procedures(jar):
                jar.rename(JARS / "plugin-lib" / jar.name)
        (JARS / "fetch-lib").rename(JARS / "lib")
        (JARS / "fetch-plugins").rename(JARS / "plugins")
        STAMP.write_text(_pom_digest() + "\n")
        progress(f"fetched the Neo4j jars in {time.monotonic() - started:.0f} s")


def _maven(profiles: dict[str, Path]) -> None:
    """Copy each profile's dependencies (version-less names, so both sides compare) at once."""

    def copy(profile: str, target: Path) -> subprocess.Popen[str]:
        command = ["mvn", "-q", "-B", "-f", str(POM), "-P", profile, "dependency:copy-dependencies"]
        options = [f"-DoutputDirectory={target}", "-Dmdep.prependGroupId=true", "-Dmdep.stripVersion=true"]
        return subprocess.Popen(
            [*command, *options], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    runs = {profile: copy(profile, target) for profile, target in profiles.items()}
    failed = []
    for profile, run in runs.items():
        output, _ = run.communicate()
        if run.returncode != 0:
            failed.append(f"mvn -P {profile} exited with {run.returncode}:\n{output[-4000:]}")
    if failed:
        raise RuntimeError("\n".join(failed))


def _has_procedures(jar: Path) -> bool:
    with zipfile.ZipFile(jar) as archive:
        for name in archive.namelist():
            if name.endswith(".class"):
                code = archive.read(name)
                if any(mark in code for mark in PROCEDURE_ANNOTATIONS):
                    return True
    return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class AdminRun:
    """What one neo4j-admin command printed, how long it took and its peak resident memory."""

    output: str
    seconds: float
    peak_rss_mb: float


class Neo4jServer:
    """One Neo4j server process on its own home directory.

    >>> with Neo4jServer(Path("/tmp/n4")) as server:   # doctest: +SKIP
    ...     print(server.url, server.password)
    """

    def __init__(
        self,
        home: Path,
        *,
        heap: str | None = None,
        pagecache: str | None = None,
        start_timeout_s: float = 300.0,
        settings: Mapping[str, str] | None = None,
    ) -> None:
        self.home = home.resolve()
        #: neo4j.conf lines besides (or over) the defaults, e.g. ``db.memory.transaction.max``.
        self.settings = dict(settings or {})
        self.heap = heap or os.environ.get("VALUENET_TEST_NEO4J_HEAP", "1g")
        self.pagecache = pagecache or os.environ.get("VALUENET_TEST_NEO4J_PAGECACHE", "1g")
        self.start_timeout_s = start_timeout_s
        self.password = secrets.token_hex(20)  # no leading "-", which neo4j-admin reads as an option
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._password_set = False

    @property
    def url(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """The JVM's process id, while it runs (for its memory in benchmarks)."""
        return self._process.pid if self._process else None

    @property
    def console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    def start(self, progress: Progress = _quiet) -> None:
        """Start the server and return once Bolt answers with the password, APOC and GDS loaded."""
        java = java_command()
        if java is None:
            raise RuntimeError("Neo4j needs Java 17 or later (java on the PATH, or JAVA_HOME)")
        fetch_jars(progress)
        started = time.monotonic()
        self.port = _free_port()
        conf_dir = self._write_config()
        if not self._password_set:  # before the first start (a restart after ``kill`` keeps it)
            self._admin(java, "dbms", "set-initial-password", self.password)
            self._password_set = True
        try:
            with self.console_log.open("ab") as console:
                self._process = subprocess.Popen(
                    [
                        java,
                        f"-Xmx{self.heap}",
                        *JVM_FLAGS,
                        "-cp",
                        os.pathsep.join(str(JARS / part / "*") for part in ("lib", "plugin-lib", "plugins")),
                        MAIN_CLASS,
                        f"--home-dir={self.home}",
                        f"--config-dir={conf_dir}",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=console,
                    stderr=subprocess.STDOUT,
                    preexec_fn=die_with_parent,
                    start_new_session=True,  # Ctrl-C reaches Python, which stops the server
                )
            versions = self._wait_ready()
        except BaseException:
            self.kill()  # not stop(): a failed start must not delete a kept home's store; callers delete theirs
            raise
        progress(f"Neo4j {versions} answers at {self.url} (started in {time.monotonic() - started:.0f} s)")

    def stop(self) -> None:
        """Kill the server's process group (its data is thrown away) and delete the data."""
        self.kill()
        shutil.rmtree(self.home / "data", ignore_errors=True)

    def kill(self) -> None:
        """Kill the server's process group (SIGKILL, as a crash); its data stays for ``start``."""
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
            self._process = None

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> Neo4jServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_tail(self, lines: int = 20) -> str:
        """The last lines of the server's log and console, for error messages."""
        tails = []
        for log in (self.home / "logs" / "neo4j.log", self.console_log):
            with contextlib.suppress(OSError):
                tails.append(f"{log}:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:]))
        return "\n".join(tails) or "(no log)"

    def _config(self) -> str:
        settings = {
            "server.directories.data": self.home / "data",
            "server.directories.logs": self.home / "logs",
            "server.directories.run": self.home / "run",
            "server.directories.import": self.home / "import",
            "server.directories.lib": JARS / "lib",
            "server.directories.plugins": JARS / "plugins",
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{self.port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.routing.enabled": "false",  # no routing port: test servers must not share one
            "dbms.usage_report.enabled": "false",
            "dbms.security.auth_enabled": "true",
            # As docker-compose.yml: the procedures the query modules call.
            "dbms.security.procedures.unrestricted": "apoc.*,gds.*",
            "dbms.security.procedures.allowlist": "apoc.*,gds.*",
            "server.memory.pagecache.size": self.pagecache,
            "db.memory.transaction.total.max": "0",
            "db.tx_log.preallocate": "false",
            "db.tx_log.rotation.retention_policy": "false",
            **self.settings,
        }
        return "".join(f"{key}={value}\n" for key, value in settings.items())

    def import_full(self, arguments: list[str], progress: Progress = _quiet) -> AdminRun:
        """Run ``neo4j-admin database import full ARGUMENTS`` on this home, whose server is
        not running, with the configuration ``start`` uses (heap and page cache included)."""
        assert not self.running(), "neo4j-admin imports into a stopped server"
        java = java_command()
        if java is None:
            raise RuntimeError("neo4j-admin needs Java 17 or later (java on the PATH, or JAVA_HOME)")
        fetch_jars(progress)
        self._write_config()
        return self._admin(java, "database", "import", "full", *arguments, jvm=(f"-Xmx{self.heap}", *JVM_FLAGS))

    def _write_config(self) -> Path:
        conf_dir = self.home / "conf"
        conf_dir.mkdir(parents=True, exist_ok=True)
        (self.home / "logs").mkdir(exist_ok=True)
        (conf_dir / "neo4j.conf").write_text(self._config())
        return conf_dir

    def _admin(self, java: str, *arguments: str, jvm: tuple[str, ...] = ADMIN_JVM) -> AdminRun:
        """Run neo4j-admin (its main class, from the server's jars) on this home."""
        started = time.monotonic()
        with tempfile.TemporaryFile() as output:
            process = subprocess.Popen(
                [java, *jvm, "-cp", str(JARS / "lib" / "*"), ADMIN_CLASS, *arguments],
                env={**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.home / "conf")},
                cwd=self.home,  # where neo4j-admin writes its import.report
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent,
            )
            try:
                _, status, usage = os.wait4(process.pid, 0)  # its own peak memory, which wait() drops
            except BaseException:
                process.kill()
                process.wait()
                raise
            process.returncode = os.waitstatus_to_exitcode(status)
            output.seek(0)
            text = output.read().decode(errors="replace")
        if process.returncode != 0:
            raise RuntimeError(f"neo4j-admin {' '.join(arguments[:2])} exited with {process.returncode}:\n{text}")
        return AdminRun(text, time.monotonic() - started, usage.ru_maxrss / 1024)

    def _wait_ready(self) -> str:
        """Poll Bolt until the default database answers; return the plugins' versions."""
        assert self._process is not None
        deadline = time.monotonic() + self.start_timeout_s
        with neo4j.GraphDatabase.driver(self.url, auth=(USER, self.password)) as driver:
            while True:
                code = self._process.poll()
                if code is not None:
                    raise RuntimeError(f"Neo4j exited with code {code} while starting\n{self.log_tail()}")
                # One auto-commit query (execute_query would retry for a minute on its own).
                with contextlib.suppress(ServiceUnavailable, SessionExpired, AuthError, OSError):
                    with driver.session(database="neo4j") as session:
                        row = session.run("RETURN apoc.version() AS apoc, gds.version() AS gds").single(strict=True)
                    return f"with APOC {row['apoc']} and GDS {row['gds']}"
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Neo4j did not answer within {self.start_timeout_s:.0f} s\n{self.log_tail()}")
                time.sleep(0.25)


@contextlib.contextmanager
def _home(given: Path | None) -> Iterator[Path]:
    """The home given (kept), or a temporary one (deleted at the end)."""
    if given is not None:
        yield given
        return
    home = Path(tempfile.mkdtemp(prefix="valuenet-neo4j-"))
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    """Start a server, print how to reach it, and run until Ctrl-C."""
    parser = argparse.ArgumentParser(description="Start a test Neo4j and run until Ctrl-C or SIGTERM.")
    parser.add_argument(
        "--home",
        type=Path,
        help="a home to start on and keep, e.g. one neo4j-admin imported into (the password is set at its "
        f"first start and kept in HOME/{PASSWORD_FILE}); by default a temporary one, deleted at the end",
    )
    parser.add_argument("--heap", help="the JVM's heap (default $VALUENET_TEST_NEO4J_HEAP or 1g)")
    parser.add_argument("--pagecache", help="the page cache (default $VALUENET_TEST_NEO4J_PAGECACHE or 1g)")
    args = parser.parse_args()

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with _home(args.home) as home:
        server = Neo4jServer(home, heap=args.heap, pagecache=args.pagecache)
        saved = home / PASSWORD_FILE  # a kept home's password, set at its first start
        if saved.exists():
            server.password, server._password_set = saved.read_text().strip(), True
        try:
            server.start(say)
            saved.write_text(server.password)
            print(f"VALUENET_TEST_NEO4J_URL={server.url}")
            print(f"VALUENET_TEST_NEO4J_PASSWORD={server.password}")
            print(f"VALUENET_TEST_NEO4J_PID={server.pid}", flush=True)
            say(f"logs in {home / 'logs'}; Ctrl-C stops it")
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            while server.running():
                time.sleep(1)
            say(f"Neo4j exited\n{server.log_tail()}")
        except KeyboardInterrupt:
            pass
        finally:
            if args.home:
                server.kill()  # a given home keeps its data
            else:
                server.stop()


if __name__ == "__main__":
    main()
