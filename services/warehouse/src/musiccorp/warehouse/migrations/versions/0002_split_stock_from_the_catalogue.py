"""Load the opening stock: the stock column split out of the monolith's catalogue table (practice 5.10).

In the monolith, how many copies of an album were on the shelf was a column of
the catalogue's ``albums`` table, so the shop's catalogue editors and the
warehouse's pickers wrote to the same rows. Splitting the table gave the
warehouse its own ``stock`` table, keyed by the catalogue's album id — a plain
column now, no foreign key across the two databases. The catalogue keeps what
an album *is*; the warehouse alone owns how many there are and who holds them.

The opening count was taken once from the catalogue's seed and is this
revision's own data (``0002_split_stock_from_the_catalogue.json`` beside it,
made by ``scripts/generate_stock_seed.py``); from here on it changes only
through the warehouse. Like every migration, this one is frozen history: it
declares the ``stock`` columns it writes as revision 0001 made them and reads
nothing of the live code.

Revision ID: 0002
Revises: 0001
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_stock = sa.table(
    "stock",
    sa.column("album_id", sa.String(64)),
    sa.column("on_hand", sa.Integer),
    sa.column("reserved", sa.Integer),
)


def upgrade() -> None:
    on_hand = json.loads(Path(__file__).with_suffix(".json").read_text("utf-8"))["on_hand"]
    op.bulk_insert(_stock, [{"album_id": album_id, "on_hand": units, "reserved": 0}
                            for album_id, units in on_hand.items()])


def downgrade() -> None:
    op.execute("DELETE FROM stock")
