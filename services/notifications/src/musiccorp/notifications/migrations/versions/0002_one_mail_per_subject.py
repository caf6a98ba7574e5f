"""Mails say what they are about — a welcome, an order's confirmation — and there is one mail per thing.

Mails recorded before this revision were deduplicated by the event that asked
for them; they are about that event, which keeps them unique.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite cannot add a constraint to a table in place, so Alembic copies it; PostgreSQL alters it.
    with op.batch_alter_table("mails") as batch:
        batch.add_column(sa.Column("about", sa.String(128), nullable=True))
    op.execute("UPDATE mails SET about = 'event:' || event_id")
    with op.batch_alter_table("mails") as batch:
        batch.alter_column("about", existing_type=sa.String(128), nullable=False)
        batch.create_unique_constraint("uq_mails_about", ["about"])


def downgrade() -> None:
    with op.batch_alter_table("mails") as batch:
        batch.drop_constraint("uq_mails_about", type_="unique")
        batch.drop_column("about")
