"""Create carts, orders with their lines, the sagas with their step log, idempotency keys and the outbox.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_MOMENT = sa.DateTime(timezone=True)
_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("cancellation_reason", sa.String(300), nullable=True),
        sa.Column("total_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("card_token", sa.String(255), nullable=False),
        sa.Column("ship_name", sa.String(200), nullable=False),
        sa.Column("ship_line1", sa.String(200), nullable=False),
        sa.Column("ship_line2", sa.String(200), nullable=True),
        sa.Column("ship_city", sa.String(100), nullable=False),
        sa.Column("ship_postcode", sa.String(20), nullable=False),
        sa.Column("ship_country", sa.String(2), nullable=False),
        sa.Column("tracking_number", sa.Text, nullable=True),
        sa.Column("history", sa.Text, nullable=False),
        sa.Column("placed_at", _MOMENT, nullable=False),
        sa.Column("updated_at", _MOMENT, nullable=False),
    )
    op.create_index("ix_orders_customer_placed", "orders", ["customer_id", "placed_at"])
    op.create_table(
        "order_lines",
        sa.Column("order_id", sa.String(36), sa.ForeignKey("orders.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("album_id", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "cart_items",
        sa.Column("customer_id", sa.String(64), primary_key=True),
        sa.Column("album_id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("artist", sa.Text, nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("added_at", _MOMENT, nullable=False),
    )
    op.create_table(
        "sagas",
        sa.Column("order_id", sa.String(36), sa.ForeignKey("orders.id"), primary_key=True),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("correlation_id", sa.String(128), nullable=True),
        sa.Column("next_attempt_ms", sa.BigInteger, nullable=True),
        sa.Column("lease_owner", sa.String(100), nullable=True),
        sa.Column("lease_expires_ms", sa.BigInteger, nullable=True),
        sa.Column("updated_at", _MOMENT, nullable=False),
    )
    op.create_index("ix_sagas_next_attempt", "sagas", ["next_attempt_ms"])
    op.create_table(
        "saga_log",
        sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("at", _MOMENT, nullable=False),
    )
    op.create_index("ix_saga_log_order_id", "saga_log", ["order_id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("resource_id", sa.String(255), nullable=True),
        sa.Column("created_at", _MOMENT, nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(255), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("type", sa.String(255), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("published_at", _MOMENT, nullable=True),
        sa.UniqueConstraint("id", name="uq_outbox_id"),
    )
    op.create_index("ix_outbox_published_at_seq", "outbox", ["published_at", "seq"])


def downgrade() -> None:
    for table in ("outbox", "idempotency_keys", "saga_log", "sagas", "cart_items", "order_lines",
                  "orders"):
        op.drop_table(table)
