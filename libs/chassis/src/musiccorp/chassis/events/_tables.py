"""The ``outbox`` and ``inbox`` tables, for a service's metadata and for its Alembic migration.

A service's first events migration says::

    from musiccorp.chassis.events import create_inbox_table, create_outbox_table

    def upgrade():
        create_outbox_table(op)
        create_inbox_table(op)
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

__all__ = ["create_inbox_table", "create_outbox_table", "inbox_table", "outbox_table"]

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


def create_outbox_table(op: Any) -> None:
    """Create ``outbox`` from an Alembic migration (``op`` is ``alembic.op``)."""
    op.create_table("outbox", *_outbox_schema())
    op.create_index(_OUTBOX_INDEX[0], "outbox", _OUTBOX_INDEX[1])


def create_inbox_table(op: Any) -> None:
    """Create ``inbox`` from an Alembic migration (``op`` is ``alembic.op``)."""
    op.create_table("inbox", *_inbox_schema())
