"""The notifications context's tables (SQLAlchemy Core)."""

from sqlalchemy import Column, DateTime, Index, MetaData, String, Table, Text, UniqueConstraint

from musiccorp.chassis.events import inbox_table

metadata = MetaData()

mails = Table(
    "mails", metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), nullable=False, index=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("about", String(128), nullable=False),  # a welcome, an order's confirmation, ...: one mail each
    Column("to_address", String(320), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    UniqueConstraint("about", name="uq_mails_about"),
)
Index("ix_mails_status_created", mails.c.status, mails.c.created_at)

inbox = inbox_table(metadata)
