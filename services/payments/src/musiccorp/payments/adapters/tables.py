"""The ledger's tables (SQLAlchemy Core). Kept out of the domain: the model knows no ORM.

Money is stored in minor units (``BIGINT`` pence) with its currency. The only
foreign keys are inside this database (a line or a refund to its payment);
``album_id``, ``order_id`` and ``customer_id`` name things other services own
and are plain columns — a broken foreign key by design (practice 5.7): no
database constraint can span two services, and none pretends to.
"""

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, UniqueConstraint

from musiccorp.chassis.events import outbox_table
from musiccorp.chassis.idempotency import idempotency_table

metadata = MetaData()

ID = 64  # the longest id we accept from another service

payments = Table(
    "payments", metadata,
    Column("id", String(36), primary_key=True),
    Column("order_id", String(ID), nullable=False, index=True),
    Column("customer_id", String(ID), nullable=False, index=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(16), nullable=False),
    Column("idempotency_key", String(255), nullable=False),
    Column("request_fingerprint", String(64), nullable=False),
    Column("provider_reference", String(128), nullable=True),
    Column("decline_reason", String(200), nullable=True),
    Column("attempt_id", String(36), nullable=True),
    Column("attempt_expires_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("idempotency_key", name="uq_payments_idempotency_key"),  # one payment per key
    UniqueConstraint("provider_reference", name="uq_payments_provider_reference"),
)

ledger_lines = Table(
    "ledger_lines", metadata,
    Column("payment_id", String(36), ForeignKey("payments.id"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("album_id", String(ID), nullable=False),  # the catalog's id; no foreign key can reach it (5.7)
    Column("quantity", Integer, nullable=False),
    Column("unit_price_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
)

refunds = Table(
    "refunds", metadata,
    Column("id", String(36), primary_key=True),
    Column("order_id", String(ID), nullable=False, index=True),
    Column("payment_id", String(36), ForeignKey("payments.id"), nullable=True),
    Column("provider_reference", String(128), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("provider_reference", name="uq_refunds_provider_reference"),  # one refund per charge, ever
)

outbox = outbox_table(metadata)
idempotency_keys = idempotency_table(metadata)
