"""The orders' tables (SQLAlchemy Core). Kept out of the domain: the model knows no ORM.

Money is stored in minor units (an integer); the saga's schedule and lease as
epoch milliseconds, compared in one indexed range scan by every runner's poll.
"""

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

from musiccorp.chassis.events import outbox_table
from musiccorp.chassis.idempotency import idempotency_table

metadata = MetaData()
_MOMENT = DateTime(timezone=True)
_SEQ = BigInteger().with_variant(Integer(), "sqlite")  # SQLite numbers rows only through an INTEGER PRIMARY KEY

orders = Table(
    "orders", metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("cancellation_reason", String(300), nullable=True),
    Column("total_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("card_token", String(255), nullable=False),
    Column("ship_name", String(200), nullable=False),
    Column("ship_line1", String(200), nullable=False),
    Column("ship_line2", String(200), nullable=True),
    Column("ship_city", String(100), nullable=False),
    Column("ship_postcode", String(20), nullable=False),
    Column("ship_country", String(2), nullable=False),
    Column("tracking_number", Text, nullable=True),
    Column("history", Text, nullable=False),  # JSON [{status, at}]: read and written with the order, in one row
    Column("placed_at", _MOMENT, nullable=False),
    Column("updated_at", _MOMENT, nullable=False),
    Index("ix_orders_customer_placed", "customer_id", "placed_at"),
)

order_lines = Table(
    "order_lines", metadata,
    Column("order_id", String(36), ForeignKey("orders.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("album_id", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price_minor", BigInteger, nullable=False),
)

cart_items = Table(
    "cart_items", metadata,
    Column("customer_id", String(64), primary_key=True),
    Column("album_id", String(64), primary_key=True),
    Column("title", Text, nullable=False),
    Column("artist", Text, nullable=False),
    Column("unit_price_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("added_at", _MOMENT, nullable=False),
)

sagas = Table(
    "sagas", metadata,
    Column("order_id", String(36), ForeignKey("orders.id"), primary_key=True),
    Column("phase", String(16), nullable=False),
    Column("action", String(32), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("reason", Text, nullable=True),
    Column("correlation_id", String(128), nullable=True),  # as long as the chassis accepts one
    Column("next_attempt_ms", BigInteger, nullable=True),  # NULL once finished: out of every poll's index range
    Column("lease_owner", String(100), nullable=True),
    Column("lease_expires_ms", BigInteger, nullable=True),
    Column("updated_at", _MOMENT, nullable=False),
    Index("ix_sagas_next_attempt", "next_attempt_ms"),
)

saga_log = Table(
    "saga_log", metadata,
    Column("seq", _SEQ, primary_key=True, autoincrement=True),
    Column("order_id", String(36), nullable=False, index=True),
    Column("action", String(32), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("detail", Text, nullable=False),
    Column("at", _MOMENT, nullable=False),
)

idempotency_keys = idempotency_table(metadata)
outbox = outbox_table(metadata)
