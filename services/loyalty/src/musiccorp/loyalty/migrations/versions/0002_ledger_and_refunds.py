"""The points ledger (one entry per change of a balance) and the refunds heard of.

Every existing account gets its opening entry, carrying its balance so far, so
that each balance stays the sum of its entries.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("order_id", sa.String(64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kind", "order_id", name="uq_ledger_entries_kind_order"),
    )
    op.create_index("ix_ledger_entries_customer_seq", "ledger_entries", ["customer_id", "seq"])
    op.create_table(
        "refunds",
        sa.Column("order_id", sa.String(64), primary_key=True),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute("INSERT INTO ledger_entries (customer_id, kind, points, order_id, at) "
               "SELECT customer_id, 'opened', points, NULL, opened_at FROM accounts")


def downgrade() -> None:
    op.drop_table("refunds")
    op.drop_index("ix_ledger_entries_customer_seq", table_name="ledger_entries")
    op.drop_table("ledger_entries")
