"""Load the opening stock: the stock column split out of the monolith's catalogue table (practice 5.10).

In the monolith, how many copies of an album were on the shelf was a column of
the catalogue's ``albums`` table, so the shop's catalogue editors and the
warehouse's pickers wrote to the same rows. Splitting the table gave the
warehouse its own ``stock`` table, keyed by the catalogue's album id — a plain
column now, no foreign key across the two databases. The catalogue keeps what
an album *is*; the warehouse alone owns how many there are and who holds them.

The opening count was taken once from the catalogue's seed
(``adapters/seed/stock.json``, made by ``scripts/generate_stock_seed.py``); from
here on it changes only through the warehouse.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from musiccorp.warehouse.adapters.seeding import seed_stock

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    seed_stock(op.get_bind())


def downgrade() -> None:
    op.execute("DELETE FROM stock")
