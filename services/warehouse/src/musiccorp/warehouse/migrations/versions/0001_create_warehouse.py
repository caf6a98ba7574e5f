"""Create stock, reservations, pick lists and picks, and the outbox and inbox of the warehouse's messages.

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

_ID = sa.String(64)
_MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "stock",
        sa.Column("album_id", _ID, primary_key=True),
        sa.Column("on_hand", sa.Integer, nullable=False),
        sa.Column("reserved", sa.Integer, nullable=False),
        sa.CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="ck_stock_reserved_within_on_hand"),
    )
    op.create_table(
        "reservations",
        sa.Column("order_id", _ID, primary_key=True),
        sa.Column("ship_to_country", sa.String(2), nullable=False),
        sa.Column("zone", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("expires_at", _MOMENT, nullable=False),
        sa.Column("created_at", _MOMENT, nullable=False),
        sa.Column("updated_at", _MOMENT, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_reservations_status_expires_at", "reservations", ["status", "expires_at"])
    op.create_table(
        "reservation_lines",
        sa.Column("order_id", _ID, sa.ForeignKey("reservations.order_id"), primary_key=True),
        sa.Column("album_id", _ID, primary_key=True),
        sa.Column("quantity", sa.Integer, nullable=False),
    )
    op.create_table(
        "pick_lists",
        sa.Column("order_id", _ID, primary_key=True),
        sa.Column("lines", sa.Integer, nullable=False),
        sa.Column("picked", sa.Integer, nullable=False),
        sa.Column("opened_at", _MOMENT, nullable=False),
        sa.Column("completed_at", _MOMENT, nullable=True),
    )
    op.create_table(
        "picks",
        sa.Column("order_id", _ID, sa.ForeignKey("pick_lists.order_id"), primary_key=True),
        sa.Column("album_id", _ID, primary_key=True),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("picked_by", sa.String(100), nullable=False),
        sa.Column("picked_at", _MOMENT, nullable=False),
    )
    create_outbox_table(op)
    create_inbox_table(op)


def downgrade() -> None:
    for table in ("inbox", "outbox", "picks", "pick_lists", "reservation_lines", "reservations", "stock"):
        op.drop_table(table)
