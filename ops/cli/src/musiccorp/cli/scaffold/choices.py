"""What ``musiccorp new-service`` is asked for, checked against the rules and the repository before anything is
written: the name, the port, the owner, the tier, the on-call address and the description.

A choice that can never be right (``Jukebox``, ``--port 80``, ``--tier 5``) is a :class:`BadArgument` (exit 2);
one the repository already took (an existing service, a port in use) is a :class:`CannotCreate` (exit 1). Both
are one line.
"""

from __future__ import annotations

import keyword
import re
import tokenize
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from musiccorp.cli.errors import CliError
from musiccorp.cli.supervision.broker_process import CLIENT_PORT, MONITOR_PORT
from musiccorp.cli.supervision.mailsink_process import HTTP_PORT, SMTP_PORT
from musiccorp.cli.supervision.topology import Topology, load_topology

__all__ = ["BadArgument", "CannotCreate", "Choices", "choose"]

NAME = re.compile(r"[a-z][a-z0-9_]*")
NAME_MAX_LENGTH = 20  # longer names would push generated lines past the line length
TEXT_MAX_LENGTH = 300
PORTS = range(1024, 65536)
TIERS = range(1, 5)
DEFAULT_TIER = 4  # a new service is the least critical until its owner says otherwise
# The packages of the repository that are not services: a service must not take their place in ``musiccorp.*``.
NOT_SERVICES = ("chassis", "cli", "mailsink")
ON_CALL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+|https?://\S+")
TEMPLATE = Path(__file__).with_name("template")


class BadArgument(CliError):
    """A name, port, tier or text that no repository would take."""

    exit_code = 2


class CannotCreate(CliError):
    """What the repository already holds stands in the way: an existing service, a port in use."""


@dataclass(frozen=True, slots=True)
class Choices:
    """A new service's name and manifest values, checked."""

    name: str
    port: int
    owner: str
    tier: int
    on_call: str
    description: str

    @property
    def class_name(self) -> str:
        """``record_shop`` → ``RecordShop``: the service object's class, and the stem of its other classes."""
        return "".join(part.capitalize() for part in self.name.split("_"))

    @property
    def distribution(self) -> str:
        """The package's name in the workspace (``musiccorp-record-shop``), as every packaging tool writes it."""
        return f"musiccorp-{self.name.replace('_', '-')}"


def choose(root: Path, name: str, *, port: str | None = None, owner: str | None = None, tier: str | None = None,
           on_call: str | None = None, description: str | None = None) -> Choices:
    """Check every choice, fill in the defaults; raise :class:`BadArgument` or :class:`CannotCreate`."""
    _check_name(name)
    _check_free(root, name)
    slug = name.replace("_", "-")
    return Choices(
        name=name,
        port=_port(root, port),
        owner=_text("--owner", owner if owner is not None else f"{slug}-team"),
        tier=_tier(tier),
        on_call=_on_call(on_call if on_call is not None else f"{slug}-oncall@musiccorp.example"),
        description=_text("--description", description if description is not None
                          else f"The {name} service: say here what it owns."),
    )


def _check_name(name: str) -> None:
    if not NAME.fullmatch(name) or len(name) > NAME_MAX_LENGTH:
        raise BadArgument(f"NAME must be a lowercase letter then lowercase letters, digits or underscores "
                          f"(at most {NAME_MAX_LENGTH}), got {name!r}")
    if keyword.iskeyword(name):
        raise BadArgument(f"NAME {name!r} is a Python keyword: it cannot name a package")
    stem = "".join(part.capitalize() for part in name.split("_"))
    taken = {stem, f"{stem}Settings", f"{stem}Error"} & _template_identifiers()
    if taken:
        raise BadArgument(f"NAME {name!r} would make the class {sorted(taken)[0]}, a name the generated code "
                          "already uses; choose another")


def _check_free(root: Path, name: str) -> None:
    if (root / "services" / name).exists():
        raise CannotCreate(f"services/{name} already exists; choose another NAME")
    if (root / "contracts" / "events" / name).exists():
        raise CannotCreate(f"contracts/events/{name} already exists; choose another NAME or remove it")
    packages = {*NOT_SERVICES, *(path.name for path in root.glob("*/*/src/musiccorp/*") if path.is_dir())}
    if name in packages:
        raise CannotCreate(f"NAME {name!r} is taken by musiccorp.{name}, a package of the repository that is not a "
                           "service")
    if (root / "thirdparty" / name).exists():
        raise CannotCreate(f"NAME {name!r} is taken by the third party thirdparty/{name}")


def _ports_in_use(topology: Topology) -> dict[int, str]:
    """Every base port the system runs on, and what runs there."""
    used = {CLIENT_PORT: "the broker (NATS)", MONITOR_PORT: "the broker's monitoring",
            SMTP_PORT: "the mail sink (SMTP)", HTTP_PORT: "the mail sink's viewer"}
    used.update({spec.port: f"third party {spec.name} (thirdparty/{spec.name}/thirdparty.toml)"
                 for spec in topology.providers})
    used.update({spec.port: f"{spec.name} (services/{spec.name}/service.toml)" for spec in topology.services})
    return used


def _next_free(used: dict[int, str], services_highest: int) -> int:
    port = services_highest + 1
    while port in used:
        port += 1
    return port


def _port(root: Path, given: str | None) -> int:
    topology = load_topology(root=root)
    used = _ports_in_use(topology)
    suggestion = _next_free(used, max(spec.port for spec in topology.services))
    if given is None:
        if suggestion not in PORTS:
            raise CannotCreate(f"no free port above {suggestion - 1}; choose one with --port")
        return suggestion
    try:
        port = int(given)
    except ValueError:
        raise BadArgument(f"--port must be a whole number, got {given!r}") from None
    if port not in PORTS:
        raise BadArgument(f"--port must be between {PORTS.start} and {PORTS.stop - 1}, got {port}")
    if port in used:
        raise CannotCreate(f"port {port} is already used by {used[port]}; the next free one is {suggestion}")
    return port


def _tier(given: str | None) -> int:
    if given is None:
        return DEFAULT_TIER
    try:
        tier = int(given)
    except ValueError:
        tier = 0
    if tier not in TIERS:
        raise BadArgument(f"--tier must be {TIERS.start} (most critical) to {TIERS.stop - 1}, got {given!r}")
    return tier


def _text(option: str, value: str) -> str:
    cleaned = value.strip()
    if not cleaned or len(cleaned) > TEXT_MAX_LENGTH:
        raise BadArgument(f"{option} must be 1 to {TEXT_MAX_LENGTH} characters, got {value!r}")
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in cleaned):
        raise BadArgument(f"{option} must be one line without control characters, got {value!r}")
    return cleaned


def _on_call(value: str) -> str:
    if not ON_CALL.fullmatch(value) or len(value) > TEXT_MAX_LENGTH:
        raise BadArgument(f"--on-call must be an e-mail address or an http(s) URL, got {value!r}")
    return value


def _template_identifiers() -> set[str]:
    """Every name the template's Python code uses (strings and comments aside), placeholders' neighbours included:
    a service whose class name is one of them would shadow it."""
    names: set[str] = set()
    for path in TEMPLATE.rglob("*.py.tmpl"):
        with path.open("rb") as source:
            names.update(token.string for token in tokenize.tokenize(source.readline) if token.type == tokenize.NAME)
    return names
