"""Idempotency keys for unsafe requests: the same key answers the same way, once (practice 4.15).

A client that may retry a ``POST`` (after a timeout it cannot tell whether the
first attempt landed) sends an ``Idempotency-Key``. The service stores, in the
same transaction as the work itself, the key, a fingerprint of the request body
and the response it gave. A second request with that key is answered from the
store instead of doing the work again; with another body it is refused, since
the key then means two different things.

Two concurrent requests with one key race to insert the same primary key: the
database lets one commit, the other's insert fails, it rolls back and replays
the winner's response. No locks are held across the network.

    stored = await find_response(connection, table, key)
    if stored is not None:
        return replay(stored, request_fingerprint)          # KeyReused when the body differs
    ... do the work on `connection` ...
    await save_response(connection, table, StoredResponse(key, request_fingerprint, 201, body, order_id))
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.problems import Problem

__all__ = [
    "IDEMPOTENCY_KEY_HEADER",
    "KeyReused",
    "StoredResponse",
    "find_response",
    "fingerprint",
    "idempotency_table",
    "replay",
    "require_key",
    "save_response",
]

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
_TABLE = "idempotency_keys"
_MAX_KEY_LENGTH = 255


def _schema() -> list[Any]:
    return [
        sa.Column("key", sa.String(_MAX_KEY_LENGTH), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("resource_id", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


def idempotency_table(metadata: sa.MetaData) -> sa.Table:
    """Table ``idempotency_keys``: one row per key, holding the response first given for it.

    A service's migration declares its own copy of these columns (migrations are
    frozen history); a change here needs a new migration in each service using it.
    """
    return sa.Table(_TABLE, metadata, *_schema())


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """What a key was first answered with; ``resource_id`` names what the request created, if anything."""

    key: str
    fingerprint: str
    status_code: int
    body: dict[str, Any]
    resource_id: str | None = None


class KeyReused(Problem):
    """422: the key was first used with another request body."""

    def __init__(self, key: str) -> None:
        super().__init__(422, "idempotency-key-reused", title="Idempotency key reused",
                         detail=f"The Idempotency-Key {key!r} was already used with a different request body; "
                                "use a new key for a new request.")


def fingerprint(payload: Any) -> str:
    """SHA-256 of the payload's canonical JSON: equal for equal bodies, whatever their key order."""
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


def require_key(value: str | None) -> str:
    """The request's key, or a 400 problem saying why it is not usable."""
    if value is None or not value.strip():
        raise Problem(400, "idempotency-key-required", title="Idempotency-Key required",
                      detail=f"Send an {IDEMPOTENCY_KEY_HEADER} header (a UUID is a good key) so a retry of this "
                             "request can never act twice.")
    key = value.strip()
    if len(key) > _MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise Problem(400, "idempotency-key-invalid", title="Idempotency-Key invalid",
                      detail=f"An {IDEMPOTENCY_KEY_HEADER} is 1 to {_MAX_KEY_LENGTH} printable ASCII characters.")
    return key


async def find_response(connection: AsyncConnection, table: sa.Table, key: str) -> StoredResponse | None:
    """The response stored for ``key``, or ``None`` when the key is new."""
    row = (await connection.execute(sa.select(table).where(table.c.key == key))).first()
    if row is None:
        return None
    return StoredResponse(key=row.key, fingerprint=row.fingerprint, status_code=row.status_code,
                          body=orjson.loads(row.body), resource_id=row.resource_id)


async def save_response(connection: AsyncConnection, table: sa.Table, stored: StoredResponse) -> None:
    """Record ``stored`` in the caller's transaction.

    Raises :class:`sqlalchemy.exc.IntegrityError` when a concurrent request with the same key committed first:
    roll back and :func:`replay` what :func:`find_response` then returns.
    """
    await connection.execute(sa.insert(table).values(
        key=stored.key, fingerprint=stored.fingerprint, status_code=stored.status_code,
        body=orjson.dumps(stored.body).decode(), resource_id=stored.resource_id, created_at=datetime.now(UTC)))


def replay(stored: StoredResponse, request_fingerprint: str) -> StoredResponse:
    """``stored`` when the request is the one first made with its key; :class:`KeyReused` otherwise."""
    if stored.fingerprint != request_fingerprint:
        raise KeyReused(stored.key)
    return stored
