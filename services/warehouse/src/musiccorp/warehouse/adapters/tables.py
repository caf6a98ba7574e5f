"""The warehouse's tables (SQLAlchemy Core). Kept out of the domain: the model knows no ORM.

``stock`` is the table split out of the monolith's catalogue (5.10): the album
id is all that is left of the link — a plain column, no foreign key across
what are now two databases.
"""

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table

from musiccorp.chassis.events import inbox_table, outbox_table

metadata = MetaData()

_ID = String(64)
_MOMENT = DateTime(timezone=True)

stock = Table(
    "stock", metadata,
    Column("album_id", _ID, primary_key=True),
    Column("on_hand", Integer, nullable=False),
    Column("reserved", Integer, nullable=False),
    CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="ck_stock_reserved_within_on_hand"),
)

reservations = Table(
    "reservations", metadata,
    Column("order_id", _ID, primary_key=True),
    Column("ship_to_country", String(2), nullable=False),
    Column("zone", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("expires_at", _MOMENT, nullable=False),
    Column("created_at", _MOMENT, nullable=False),
    Column("updated_at", _MOMENT, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_reservations_status_expires_at", "status", "expires_at"),  # the sweeper's query
)

reservation_lines = Table(
    "reservation_lines", metadata,
    Column("order_id", _ID, ForeignKey("reservations.order_id"), primary_key=True),
    Column("album_id", _ID, primary_key=True),
    Column("quantity", Integer, nullable=False),
)

pick_lists = Table(
    "pick_lists", metadata,
    Column("order_id", _ID, primary_key=True),
    Column("lines", Integer, nullable=False),
    Column("picked", Integer, nullable=False),
    Column("opened_at", _MOMENT, nullable=False),
    Column("completed_at", _MOMENT, nullable=True),
)

picks = Table(
    "picks", metadata,
    Column("order_id", _ID, ForeignKey("pick_lists.order_id"), primary_key=True),
    Column("album_id", _ID, primary_key=True),  # (order, album) once: a redelivered job cannot pick twice
    Column("quantity", Integer, nullable=False),
    Column("picked_by", String(100), nullable=False),
    Column("picked_at", _MOMENT, nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
