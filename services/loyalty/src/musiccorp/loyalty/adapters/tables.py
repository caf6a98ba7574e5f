"""The loyalty context's tables (SQLAlchemy Core)."""

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table

from musiccorp.chassis.events import inbox_table

metadata = MetaData()

accounts = Table(
    "accounts", metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("points", Integer, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
)

inbox = inbox_table(metadata)
