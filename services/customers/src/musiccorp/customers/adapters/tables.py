"""The customers' tables (SQLAlchemy Core). Kept out of the domain: the model knows no ORM."""

from sqlalchemy import Column, Integer, MetaData, String, Table, UniqueConstraint

from musiccorp.chassis.events import outbox_table

metadata = MetaData()

customers = Table(
    "customers", metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("address_line1", String(200), nullable=False),
    Column("address_line2", String(200), nullable=True),
    Column("address_city", String(100), nullable=False),
    Column("address_postcode", String(20), nullable=False),
    Column("address_country", String(2), nullable=False),
    Column("status", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("email", name="uq_customers_email"),
)

outbox = outbox_table(metadata)
