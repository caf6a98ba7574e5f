"""Generate the warehouse's opening stock, once, from the catalogue's seed (practice 5.10).

In the monolith, stock was a column of the catalogue's album table. Splitting
the table gave the warehouse its own ``stock`` table, and this script wrote the
warehouse's first count of every album the catalogue shipped with:
``src/musiccorp/warehouse/migrations/versions/0002_split_stock_from_the_catalogue.json``, the data of the
migration beside it.
It is a one-off tool of the split, kept to show how the file was made; the
service never reads the catalogue's files or code. Run from the repository root::

    python services/warehouse/scripts/generate_stock_seed.py

The numbers are deterministic (from a hash of the album id): 3 to 40 units,
except a few albums at 0 (sold out) or 1 (the last copy), the first two featured
ones among them so that a demo meets both on the storefront's front page.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "services/catalog/src/musiccorp/catalog/migrations/versions/0002_seed_catalogue.json"
STOCK = ROOT / "services/warehouse/src/musiccorp/warehouse/migrations/versions/0002_split_stock_from_the_catalogue.json"


def _number(album_id: str) -> int:
    return int(hashlib.sha256(album_id.encode()).hexdigest(), 16)


def opening_stock(albums: list[dict]) -> dict[str, int]:
    """Album id -> units on hand."""
    stock = {}
    for album in albums:
        number = _number(album["id"])
        stock[album["id"]] = number % 100 if number % 100 < 2 else 3 + number % 38
    sold_out, last_copy = sorted(album["id"] for album in albums if album["featured"])[:2]
    return {**stock, sold_out: 0, last_copy: 1}


def main() -> None:
    albums = json.loads(CATALOGUE.read_text("utf-8"))["albums"]
    document = {
        "about": "Opening stock per catalogue album, split out of the monolith's album table (5.10).",
        "generated_by": "services/warehouse/scripts/generate_stock_seed.py",
        # Where the catalogue's seed lay at the split; kept as written then, the file being frozen history.
        "generated_from": "services/catalog/src/musiccorp/catalog/adapters/seed/catalogue.json",
        "on_hand": dict(sorted(opening_stock(albums).items())),
    }
    STOCK.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"{STOCK.relative_to(ROOT)}: {len(albums)} albums")


if __name__ == "__main__":
    main()
