"""The loyalty context's tables (SQLAlchemy Core)."""

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, MetaData, String, Table, UniqueConstraint

from musiccorp.chassis.events import inbox_table

metadata = MetaData()

# SQLite numbers rows only through an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
_SEQ = BigInteger().with_variant(Integer(), "sqlite")

accounts = Table(
    "accounts", metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("points", Integer, nullable=False),  # the sum of the account's entries, kept for a one-row read
    Column("opened_at", DateTime(timezone=True), nullable=False),
)

entries = Table(
    "ledger_entries", metadata,
    Column("seq", _SEQ, primary_key=True, autoincrement=True),
    Column("customer_id", String(36), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("points", Integer, nullable=False),
    Column("order_id", String(64), nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
    # An order is awarded once and reversed once, whatever ids its events arrive under.
    UniqueConstraint("kind", "order_id", name="uq_ledger_entries_kind_order"),
)
Index("ix_ledger_entries_customer_seq", entries.c.customer_id, entries.c.seq)

refunds = Table(
    "refunds", metadata,
    Column("order_id", String(64), primary_key=True),
    Column("refunded_at", DateTime(timezone=True), nullable=False),
)

inbox = inbox_table(metadata)
