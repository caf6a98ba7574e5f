"""Ports: which ones a run needs, and whether they are free before anything starts."""

from __future__ import annotations

import socket
from dataclasses import dataclass

from musiccorp.cli.errors import PortInUse

__all__ = ["PortClaim", "ensure_free", "is_free"]

HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class PortClaim:
    """A port and who needs it (``catalog``, ``nats``, ``nats monitoring``)."""

    port: int
    owner: str


def is_free(*, port: int, host: str = HOST) -> bool:
    """Whether a listening socket could bind ``host:port`` right now.

    ``SO_REUSEADDR`` is set as the servers set it, so connections lingering in
    TIME_WAIT from a previous run do not count as "in use".
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def ensure_free(claims: list[PortClaim]) -> None:
    """Raise :class:`PortInUse` for the first claimed port that is taken."""
    for claim in claims:
        if not is_free(port=claim.port):
            raise PortInUse(port=claim.port, owner=claim.owner)
