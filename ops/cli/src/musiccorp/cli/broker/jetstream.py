"""Talking to the running system's broker (its url comes from the state file) with nats-py."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext

from musiccorp.cli.environment import Home
from musiccorp.cli.errors import CliError
from musiccorp.cli.supervision.lifecycle import running_state

__all__ = ["CONNECT_TIMEOUT", "connect_to_running"]

CONNECT_TIMEOUT = 3.0


async def _quiet(*_args: object) -> None:
    """nats-py reports connection errors through callbacks; ours are raised as one line instead."""


@contextlib.asynccontextmanager
async def connect_to_running(home: Home) -> AsyncIterator[tuple[Client, JetStreamContext]]:
    """A connection to the broker of the run under ``home``; :class:`NotRunning` when there is none."""
    url = running_state(home).broker.url
    try:
        client = await nats.connect(url, connect_timeout=CONNECT_TIMEOUT, allow_reconnect=False,
                                    max_reconnect_attempts=0, error_cb=_quiet, disconnected_cb=_quiet,
                                    closed_cb=_quiet, name="musiccorp-cli")
    except Exception as error:  # nats-py raises OSError, TimeoutError or its own NoServersError
        raise CliError(f"cannot reach the broker at {url} ({error or type(error).__name__}); "
                       "see `musiccorp status`") from None
    try:
        yield client, client.jetstream(timeout=CONNECT_TIMEOUT)
    finally:
        await client.close()
