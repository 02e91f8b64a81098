"""Real services for the fault tests: a private redis-server per test (the shared Redis on
6379 is never stopped) and real `celery worker` processes, each with a log file that the
fixtures print when a test fails."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]


def fehlt(was: str):
    """A missing service or binary fails the test in CI and skips it elsewhere."""
    text = f"Für diesen Störungstest fehlt: {was}"
    if IN_CI:
        pytest.fail(text, pytrace=False)
    pytest.skip(text)


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def warten(bedingung, frist: float, was: str, intervall: float = 0.2, protokolle=()):
    """Poll `bedingung` until it returns something truthy (returned) or `frist` seconds
    have passed (AssertionError with the logs of `protokolle`)."""
    ende = time.monotonic() + frist
    while True:
        ergebnis = bedingung()
        if ergebnis:
            return ergebnis
        if time.monotonic() > ende:
            logs = "\n".join(p.bericht() for p in protokolle)
            raise AssertionError(f"Nach {frist:.0f} s nicht erreicht: {was}\n{logs}")
        time.sleep(intervall)


def _ende(prozess: subprocess.Popen, sig: int, frist: float) -> None:
    """Send `sig` to the process group of `prozess` and wait for it to end."""
    if prozess.poll() is not None:
        return
    try:
        os.killpg(prozess.pid, sig)
    except ProcessLookupError:
        return
    try:
        prozess.wait(frist)
    except subprocess.TimeoutExpired:
        os.killpg(prozess.pid, signal.SIGKILL)
        prozess.wait(10)


class RedisServer:
    """`redis-server` on a free port of its own, without persistence. Stopping kills it
    (like a crash); starting again uses the same port, so clients configured with its URL
    reach it again."""

    def __init__(self, ordner: Path):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            fehlt("das Programm redis-server")
        self.port = freier_port()
        self.log = ordner / f"redis-{self.port}.log"
        self.prozess: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def antwortet(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), 1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def starten(self) -> None:
        with open(self.log, "ab") as log:
            self.prozess = subprocess.Popen(
                [
                    self.binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        warten(self.antwortet, 15, f"redis-server auf Port {self.port}", protokolle=[self])

    def stoppen(self) -> None:
        if self.prozess is not None:
            _ende(self.prozess, signal.SIGKILL, 10)
            self.prozess = None
        warten(lambda: not self.antwortet(), 10, "redis-server ist gestoppt", protokolle=[self])

    def einfrieren(self) -> None:
        """SIGSTOP: the server keeps its port but answers nothing (a hanging Redis, a
        network black hole)."""
        os.killpg(self.prozess.pid, signal.SIGSTOP)

    def auftauen(self) -> None:
        os.killpg(self.prozess.pid, signal.SIGCONT)
        warten(self.antwortet, 15, "redis-server antwortet wieder", protokolle=[self])

    def befehl(self, *args: str):
        """A Redis command (for looking into the broker's keys)."""
        import redis

        with redis.Redis(port=self.port, socket_timeout=5, decode_responses=True) as client:
            return client.execute_command(*args)

    def liste(self, schluessel: str) -> list[str]:
        """All entries of a Redis list (a Celery queue)."""
        return self.befehl("LRANGE", schluessel, "0", "-1")

    def bericht(self) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else "(kein Log)"
        return f"--- redis-server :{self.port} ---\n{text[-3000:]}"


def datenbank_url(settings_dict: dict) -> str:
    """DATABASE_URL of the (test) database the test process is connected to."""
    benutzer = quote(settings_dict.get("USER") or "", safe="")
    passwort = quote(settings_dict.get("PASSWORD") or "", safe="")
    zugang = f"{benutzer}:{passwort}@" if passwort else (f"{benutzer}@" if benutzer else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{zugang}{host}:{port}/{settings_dict['NAME']}"


class Worker:
    """`celery -A masterplan worker` as a subprocess in its own process group (prefork, two
    child processes like the deployment), so that kill -9 hits the parent and its
    children at once, as when the machine or container dies."""

    def __init__(self, ordner: Path, umgebung: dict[str, str], name: str, beat: bool = False):
        self.umgebung = umgebung
        self.name = name
        self.ordner = ordner
        self.beat = beat  # with the periodic tasks (celery beat inside the worker)
        self.log = ordner / f"worker-{name.split('@')[0]}-{time.monotonic_ns()}.log"
        self.prozess: subprocess.Popen | None = None

    @property
    def knoten(self) -> str:
        """The node name Celery uses (`%h` expanded)."""
        return self.name.replace("%h", socket.gethostname())

    def starten(self, frist: float = 60) -> Worker:
        with open(self.log, "ab") as log:
            self.prozess = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "masterplan",
                    "worker",
                    "--loglevel=INFO",
                    "--concurrency=2",
                    "-n",
                    self.name,
                    "--without-mingle",
                    "--without-gossip",
                    *(["-B", f"--schedule={self.ordner / 'beat-zeitplan'}"] if self.beat else []),
                ],
                cwd=ROOT,
                env=self.umgebung,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def bereit():
            if self.prozess.poll() is not None:
                raise AssertionError(f"Worker beendet sich beim Start\n{self.bericht()}")
            return " ready." in self.log.read_text(errors="replace")

        warten(bereit, frist, f"Worker {self.name} bereit", protokolle=[self])
        return self

    def toeten(self) -> None:
        """kill -9 of the whole worker (parent and pool processes)."""
        if self.prozess is not None:
            _ende(self.prozess, signal.SIGKILL, 10)

    def beenden(self) -> None:
        if self.prozess is not None:
            _ende(self.prozess, signal.SIGTERM, 20)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def bericht(self) -> str:
        return f"--- Worker {self.name} ---\n{self.log_text()[-6000:]}"
