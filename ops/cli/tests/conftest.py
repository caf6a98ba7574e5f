"""Fixtures: a throw-away MusicCorp of tiny fake services, driven through the real CLI.

Every system gets its own root, home and port offset (inside a block reserved for
the xdist worker, below the ephemeral port range), so suites can run twice in
parallel and beside a developer's own ``musiccorp up``.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

FAKE_APP = Path(__file__).with_name("fake_app.py")
FAKE_PROVIDER = Path(__file__).with_name("fake_provider.py")
BROKER_PORTS = (8422, 8423)
MAIL_PORTS = (8025, 8026)
CLI_TIMEOUT = 60.0
# Every port stays below the kernel's ephemeral range (32768+), where client sockets live.
OFFSET_LOW, OFFSET_HIGH = 10000, 24000


@dataclass(frozen=True)
class FakeService:
    """One entry of a fake topology: the factory in ``fake_app``, its base port, whether it sends mail."""

    name: str
    factory: str
    port: int
    depends_on: tuple[str, ...] = ()
    mail: bool = False
    uses: tuple[str, ...] = ()


@dataclass(frozen=True)
class FakeProvider:
    """A third party of a fake topology: ``python -m fake_provider`` on its base port, ready at ``/ping``."""

    name: str
    port: int


@dataclass
class System:
    """A fake MusicCorp on disk, and the CLI pointed at it."""

    root: Path
    home: Path
    offset: int
    env: dict[str, str] = field(repr=False)
    services: tuple[FakeService, ...]
    reservation: int = field(repr=False)
    providers: tuple[FakeProvider, ...] = ()
    state_when_up: dict | None = field(default=None, repr=False)

    def cli(self, *args: str, timeout: float = CLI_TIMEOUT) -> subprocess.CompletedProcess:
        """Run ``python -m musiccorp.cli ARGS`` against this system."""
        return subprocess.run([sys.executable, "-m", "musiccorp.cli", *args], env=self.env, cwd=self.root,
                              capture_output=True, text=True, timeout=timeout)

    def popen(self, *args: str) -> subprocess.Popen:
        """Start ``python -m musiccorp.cli ARGS`` without waiting (output piped, text)."""
        return subprocess.Popen([sys.executable, "-m", "musiccorp.cli", *args], env=self.env, cwd=self.root,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

    def port(self, name: str) -> int:
        """The port of service or third party ``name``, offset included."""
        return next(child.port for child in (*self.services, *self.providers) if child.name == name) + self.offset

    @property
    def nats_url(self) -> str:
        return f"nats://127.0.0.1:{8422 + self.offset}"

    @property
    def mail_url(self) -> str:
        """The mail sink's viewer."""
        return f"http://127.0.0.1:{MAIL_PORTS[1] + self.offset}"

    def state(self) -> dict | None:
        """The supervisor's state file, if there is one."""
        try:
            return json.loads((self.home / "run" / "state.json").read_text())
        except FileNotFoundError:
            return None

    def status(self) -> dict:
        """``musiccorp status --json``, parsed."""
        return json.loads(self.cli("status", "--json").stdout)

    def service_status(self, name: str) -> dict:
        return next(entry for entry in self.status()["services"] if entry["name"] == name)

    def processes(self) -> list[psutil.Process]:
        """Every live process that belongs to this system (found by its MUSICCORP_HOME)."""
        return [process for process in psutil.process_iter() if _belongs_to(process, self.home)]

    def reap(self) -> None:
        """Last resort after a test: make sure nothing of this system survives."""
        if self.state() is not None:
            self.cli("down", timeout=90)
        for process in self.processes():
            try:
                os.killpg(process.pid, signal.SIGKILL)
                process.kill()
            except (OSError, psutil.Error):
                pass
        os.close(self.reservation)


def _belongs_to(process: psutil.Process, home: Path) -> bool:
    try:
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        return process.environ().get("MUSICCORP_HOME") == str(home)
    except psutil.Error:
        return False


def poll_until(check: Callable[[], object], *, timeout: float = 30.0, interval: float = 0.2) -> object:
    """Poll ``check`` until it returns something truthy; fail the test at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() >= deadline:
            pytest.fail(f"condition not met within {timeout}s: {check}")
        time.sleep(interval)


def _ports_free(ports: list[int]) -> bool:
    for port in ports:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def reserve_offset(base_ports: list[int]) -> tuple[int, int]:
    """A port offset at which every needed port binds now, and the lock that reserves it.

    The lock (one file per offset, shared by every test run on the machine) keeps two
    runs of this suite, or two xdist workers, from ever choosing the same offset.
    """
    locks = Path(tempfile.gettempdir()) / "musiccorp-cli-test-offsets"
    locks.mkdir(exist_ok=True)
    for _ in range(500):
        offset = random.randrange(OFFSET_LOW, OFFSET_HIGH, 10)
        descriptor = os.open(locks / f"{offset}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            continue
        if _ports_free([port + offset for port in (*base_ports, *BROKER_PORTS, *MAIL_PORTS)]):
            return offset, descriptor
        os.close(descriptor)
    raise RuntimeError("no free port offset found")


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def build_system(base: Path, services: list[FakeService], providers: list[FakeProvider] = ()) -> System:
    """Write a root with one ``service.toml`` per fake service, one ``thirdparty.toml`` per fake third party, and
    the fake modules beside it."""
    root, home, code = base / "root", base / "home", base / "code"
    code.mkdir(parents=True)
    shutil.copy(FAKE_APP, code / "fake_app.py")
    shutil.copy(FAKE_PROVIDER, code / "fake_provider.py")
    for service in services:
        folder = root / "services" / service.name
        folder.mkdir(parents=True)
        (folder / "service.toml").write_text(
            f'[service]\nname = "{service.name}"\ndescription = "fake"\nowner = "tests"\ntier = 4\n'
            f'on_call = "tests@example.com"\n\n[run]\napp = "fake_app:{service.factory}"\n'
            f"port = {service.port}\ndepends_on = [{_names(service.depends_on)}]\ndatabase = true\n"
            f"mail = {str(service.mail).lower()}\nuses = [{_names(service.uses)}]\n"
        )
    for provider in providers:
        folder = root / "thirdparty" / provider.name
        folder.mkdir(parents=True)
        (folder / "thirdparty.toml").write_text(
            f'[provider]\nname = "{provider.name}"\ndescription = "a fake outside company"\n\n'
            f'[run]\nmodule = "fake_provider"\nport = {provider.port}\nready_path = "/ping"\n'
        )
    offset, reservation = reserve_offset([child.port for child in (*services, *providers)])
    env = {key: value for key, value in os.environ.items() if not key.startswith("MUSICCORP_")}
    env.update(
        MUSICCORP_ROOT=str(root), MUSICCORP_HOME=str(home), MUSICCORP_PORT_OFFSET=str(offset),
        MUSICCORP_START_TIMEOUT="30",
        PYTHONPATH=os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")])),
    )
    return System(root=root, home=home, offset=offset, env=env, services=tuple(services),
                  reservation=reservation, providers=tuple(providers))


def fakes(*factories: str) -> list[FakeService]:
    """Fake services named after their factories, on ports 8101, 8102, ...; ``alpha`` declares ``mail = true``."""
    return [FakeService(name, name, 8101 + index, mail=name == "alpha") for index, name in enumerate(factories)]


@pytest.fixture
def make_system(tmp_path: Path) -> Iterator[Callable[..., System]]:
    """``make_system("alpha", "broken")``: a fake system for one test, cleaned up afterwards."""
    built: list[System] = []

    def make(*factories: str) -> System:
        system = build_system(tmp_path / f"system{len(built)}", fakes(*factories))
        built.append(system)
        return system

    yield make
    for system in built:
        system.reap()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    """One system of two independent services, up for a whole module's tests."""
    system = build_system(tmp_path_factory.mktemp("running"), fakes("alpha", "beta"))
    started = system.cli("up", "--detach")
    assert started.returncode == 0, started.stdout + started.stderr
    yield system
    system.reap()


@pytest.fixture
def wait_until() -> Callable[..., object]:
    """``wait_until(check, timeout=...)``: poll until ``check()`` is truthy, or fail."""
    return poll_until


@pytest.fixture(scope="module")
def with_third_party(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    """alpha (``uses = ["sandbox"]``) and beta, with the third party ``sandbox`` on 8150; up for a whole module."""
    services = [FakeService("alpha", "alpha", 8101, uses=("sandbox",)), FakeService("beta", "beta", 8102)]
    system = build_system(tmp_path_factory.mktemp("third-party"), services, [FakeProvider("sandbox", 8150)])
    started = system.cli("up", "--detach")
    assert started.returncode == 0, started.stdout + started.stderr
    system.state_when_up = system.state()
    yield system
    system.reap()
