"""A customer's statement: the ledger read back, titles asked of the catalog at reading time (5.7).

Titles are fetched concurrently, one request per distinct album (the chassis
client's cache answers repeats), with a bound so a long statement cannot fill
the catalog client's bulkhead by itself.
"""

from __future__ import annotations

import asyncio

from musiccorp.payments.domain.errors import CatalogUnavailable
from musiccorp.payments.domain.statement import ON_STATEMENT, StatementLine, title_of
from musiccorp.payments.service_layer.ports import AbstractUnitOfWork, Catalog

MAX_CONCURRENT_LOOKUPS = 16


async def statement(customer_id: str, *, uow: AbstractUnitOfWork, catalog: Catalog) -> list[StatementLine]:
    """The customer's ledger lines, oldest first; a line whose title cannot be had now says so."""
    async with uow:
        payments = [payment for payment in await uow.payments.for_customer(customer_id)
                    if payment.status in ON_STATEMENT]
    album_ids = sorted({line.album_id for payment in payments for line in payment.lines})
    gate = asyncio.Semaphore(MAX_CONCURRENT_LOOKUPS)

    async def lookup(album_id: str) -> tuple[str | None, bool]:
        async with gate:
            try:
                return title_of(await catalog.title(album_id)), False
            except CatalogUnavailable:
                return None, True

    titles = dict(zip(album_ids, await asyncio.gather(*map(lookup, album_ids)), strict=True))
    return [StatementLine(payment, line, *titles[line.album_id]) for payment in payments for line in payment.lines]
