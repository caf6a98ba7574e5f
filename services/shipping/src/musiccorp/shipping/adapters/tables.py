"""The shipping context's tables (SQLAlchemy Core). Kept out of the domain: the model knows no ORM."""

from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table, UniqueConstraint

from musiccorp.chassis.events import inbox_table, outbox_table

metadata = MetaData()

shipments = Table(
    "shipments", metadata,
    Column("order_id", String(64), primary_key=True),  # one shipment per order: the key is the idempotency
    Column("customer_id", String(64), nullable=False),
    Column("tracking_number", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("address_name", String(200), nullable=False),
    Column("address_line1", String(200), nullable=False),
    Column("address_line2", String(200), nullable=True),
    Column("address_city", String(100), nullable=False),
    Column("address_postcode", String(20), nullable=False),
    Column("address_country", String(2), nullable=False),
    # The parcel's contents are a value of the shipment, read and written whole, never queried.
    Column("items", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("dispatched_at", DateTime(timezone=True), nullable=True),
    Column("cancelled_at", DateTime(timezone=True), nullable=True),
    Column("version", Integer, nullable=False),
    UniqueConstraint("tracking_number", name="uq_shipments_tracking_number"),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
