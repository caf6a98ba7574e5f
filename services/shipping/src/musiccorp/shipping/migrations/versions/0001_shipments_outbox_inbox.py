"""Create the shipments, the outbox their events are published from, and the inbox of picked orders.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from musiccorp.chassis.events import create_inbox_table, create_outbox_table

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shipments",
        sa.Column("order_id", sa.String(64), primary_key=True),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("tracking_number", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("address_name", sa.String(200), nullable=False),
        sa.Column("address_line1", sa.String(200), nullable=False),
        sa.Column("address_line2", sa.String(200), nullable=True),
        sa.Column("address_city", sa.String(100), nullable=False),
        sa.Column("address_postcode", sa.String(20), nullable=False),
        sa.Column("address_country", sa.String(2), nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("tracking_number", name="uq_shipments_tracking_number"),
    )
    create_outbox_table(op)
    create_inbox_table(op)


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
    op.drop_table("shipments")
