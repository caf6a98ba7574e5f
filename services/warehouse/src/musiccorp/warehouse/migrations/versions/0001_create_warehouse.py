"""Create stock, reservations, pick lists and picks, and the outbox and inbox of the warehouse's messages.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SQLite numbers rows only through an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
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
    op.create_table(
        "inbox",
        sa.Column("event_id", sa.String(255), primary_key=True),
        sa.Column("consumer", sa.String(255), primary_key=True),
        sa.Column("handled_at", _MOMENT, nullable=False),
    )


def downgrade() -> None:
    for table in ("inbox", "outbox", "picks", "pick_lists", "reservation_lines", "reservations", "stock"):
        op.drop_table(table)
