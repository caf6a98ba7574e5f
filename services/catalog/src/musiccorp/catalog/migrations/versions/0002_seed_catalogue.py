"""Load the shipped catalogue into the new tables.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from musiccorp.catalog.adapters.seeding import seed_catalogue

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    seed_catalogue(op.get_bind())


def downgrade() -> None:
    op.execute("DELETE FROM tracks")
    op.execute("DELETE FROM albums")
    op.execute("DELETE FROM artists")
