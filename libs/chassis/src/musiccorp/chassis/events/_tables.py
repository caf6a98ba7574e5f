"""The ``outbox`` and ``inbox`` tables, for a service's metadata.

A service's migration creates them with its own copy of these columns, as they
were when it was written: migrations are frozen history and import nothing of
MusicCorp (checked by ``ops/checks/architecture.py``). A change here therefore
needs a new migration in every service that has the table.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

__all__ = ["inbox_table", "outbox_table"]

# SQLite numbers rows only through an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_MOMENT = sa.DateTime(timezone=True)


def _outbox_schema() -> list[Any]:
    return [
        sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(255), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("type", sa.String(255), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("published_at", _MOMENT, nullable=True),
        sa.UniqueConstraint("id", name="uq_outbox_id"),
    ]


def _inbox_schema() -> list[Any]:
    return [
        sa.Column("event_id", sa.String(255), primary_key=True),
        sa.Column("consumer", sa.String(255), primary_key=True),
        sa.Column("handled_at", _MOMENT, nullable=False),
    ]


# (published_at, seq) serves both the relay's "unpublished, in seq order" and pruning by age.
_OUTBOX_INDEX = ("ix_outbox_published_at_seq", ["published_at", "seq"])


def outbox_table(metadata: sa.MetaData) -> sa.Table:
    """Table ``outbox``: one row per recorded event, ``published_at`` set once the broker has it."""
    table = sa.Table("outbox", metadata, *_outbox_schema())
    sa.Index(_OUTBOX_INDEX[0], *(table.c[name] for name in _OUTBOX_INDEX[1]))
    return table


def inbox_table(metadata: sa.MetaData) -> sa.Table:
    """Table ``inbox``: one row per (event, consumer) handled; its key is what makes a redelivery a no-op."""
    return sa.Table("inbox", metadata, *_inbox_schema())
