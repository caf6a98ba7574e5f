"""Orders, carts and idempotency keys in the orders' own SQL database (SQLite or PostgreSQL), through Core.

Every repository works on the connection of its unit of work and writes at
once, inside that unit's transaction: everything commits or rolls back together.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import orjson
from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.idempotency import StoredResponse, find_response, save_response
from musiccorp.orders.adapters.tables import cart_items, idempotency_keys, order_lines, orders
from musiccorp.orders.domain.cart import Cart, CartItem
from musiccorp.orders.domain.errors import ConcurrentChange, DuplicateRequest
from musiccorp.orders.domain.model import (
    HistoryEntry,
    Order,
    OrderLine,
    ShippingAddress,
    Status,
)
from musiccorp.orders.domain.money import Money
from musiccorp.orders.service_layer.ports import CartRepository, OrderRepository, PriorRequest, RequestLog


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: every moment stored here is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _order_row(order: Order) -> dict:
    address, total = order.shipping_address, order.total
    return {
        "id": order.id, "customer_id": order.customer_id, "status": order.status.value, "version": order.version,
        "cancellation_reason": order.cancellation_reason, "total_minor": total.minor, "currency": total.currency,
        "card_token": order.card_token, "ship_name": address.name, "ship_line1": address.line1,
        "ship_line2": address.line2, "ship_city": address.city, "ship_postcode": address.postcode,
        "ship_country": address.country, "tracking_number": order.tracking_number, "history": _history(order),
        "placed_at": order.placed_at, "updated_at": order.updated_at,
    }


def _history(order: Order) -> str:
    return orjson.dumps([{"status": entry.status.value, "at": entry.at.isoformat()}
                         for entry in order.history]).decode()


def _order(row, lines: list) -> Order:
    address = ShippingAddress(name=row.ship_name, line1=row.ship_line1, line2=row.ship_line2, city=row.ship_city,
                              postcode=row.ship_postcode, country=row.ship_country)
    return Order(
        id=row.id, customer_id=row.customer_id, status=Status(row.status), version=row.version,
        cancellation_reason=row.cancellation_reason, card_token=row.card_token, shipping_address=address,
        tracking_number=row.tracking_number, placed_at=utc(row.placed_at), updated_at=utc(row.updated_at),
        lines=tuple(OrderLine(album_id=line.album_id, title=line.title, quantity=line.quantity,
                              unit_price=Money(line.unit_price_minor, row.currency)) for line in lines),
        history=[HistoryEntry(Status(entry["status"]), datetime.fromisoformat(entry["at"]))
                 for entry in orjson.loads(row.history)],
    )


class SqlOrderRepository(OrderRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__()
        self._connection = connection

    async def add(self, order: Order) -> None:
        connection = self._connection
        await connection.execute(insert(orders).values(_order_row(order)))
        await connection.execute(insert(order_lines), [
            {"order_id": order.id, "position": position, "album_id": line.album_id, "title": line.title,
             "quantity": line.quantity, "unit_price_minor": line.unit_price.minor}
            for position, line in enumerate(order.lines, start=1)])
        self._moved(order)

    async def save(self, order: Order) -> None:
        read_version = order.version - len(order.events)
        changed = await self._connection.execute(
            update(orders).where(orders.c.id == order.id, orders.c.version == read_version).values(
                status=order.status.value, version=order.version, cancellation_reason=order.cancellation_reason,
                tracking_number=order.tracking_number, history=_history(order), updated_at=order.updated_at))
        if changed.rowcount != 1:
            raise ConcurrentChange(order.id)
        self._moved(order)

    async def get(self, order_id: str) -> Order | None:
        found = await self._load(select(orders).where(orders.c.id == order_id))
        return found[0] if found else None

    async def version_of(self, order_id: str) -> int | None:
        return await self._connection.scalar(select(orders.c.version).where(orders.c.id == order_id))

    async def for_customer(self, customer_id: str, *, limit: int) -> list[Order]:
        return await self._load(select(orders).where(orders.c.customer_id == customer_id)
                                .order_by(orders.c.placed_at.desc(), orders.c.id.desc()).limit(limit))

    async def _load(self, query) -> list[Order]:
        """The orders ``query`` selects, each with its lines: two queries, whatever their number."""
        rows = (await self._connection.execute(query)).all()
        if not rows:
            return []
        lines = defaultdict(list)
        for line in await self._connection.execute(
                select(order_lines).where(order_lines.c.order_id.in_([row.id for row in rows]))
                .order_by(order_lines.c.position)):
            lines[line.order_id].append(line)
        return [_order(row, lines[row.id]) for row in rows]


class SqlCartRepository(CartRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, customer_id: str) -> Cart:
        rows = await self._connection.execute(
            select(cart_items).where(cart_items.c.customer_id == customer_id)
            .order_by(cart_items.c.added_at, cart_items.c.album_id))
        return Cart(customer_id, tuple(
            CartItem(album_id=row.album_id, title=row.title, artist=row.artist, quantity=row.quantity,
                     unit_price=Money(row.unit_price_minor, row.currency)) for row in rows))

    async def put(self, customer_id: str, item: CartItem, *, at: datetime) -> None:
        values = {"customer_id": customer_id, "album_id": item.album_id, "title": item.title,
                  "artist": item.artist, "unit_price_minor": item.unit_price.minor,
                  "currency": item.unit_price.currency, "quantity": item.quantity, "added_at": at}
        dialect = postgresql if self._connection.dialect.name == "postgresql" else sqlite
        upsert = dialect.insert(cart_items).values(values)
        # A concurrent PUT of the same item cannot fail on the key: the later one simply wins.
        await self._connection.execute(upsert.on_conflict_do_update(
            index_elements=[cart_items.c.customer_id, cart_items.c.album_id],
            set_={name: upsert.excluded[name] for name in ("title", "artist", "unit_price_minor", "currency",
                                                           "quantity")}))

    async def remove(self, customer_id: str, album_id: str) -> None:
        await self._connection.execute(delete(cart_items).where(cart_items.c.customer_id == customer_id,
                                                                cart_items.c.album_id == album_id))

    async def clear(self, customer_id: str) -> None:
        await self._connection.execute(delete(cart_items).where(cart_items.c.customer_id == customer_id))


class SqlRequestLog(RequestLog):
    """Idempotency-Keys in the chassis' ``idempotency_keys`` table; the stored body is the order's id."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def find(self, key: str) -> PriorRequest | None:
        stored = await find_response(self._connection, idempotency_keys, key)
        if stored is None:
            return None
        return PriorRequest(fingerprint=stored.fingerprint, order_id=stored.resource_id or stored.body["order_id"])

    async def add(self, key: str, fingerprint: str, order_id: str) -> None:
        stored = StoredResponse(key=key, fingerprint=fingerprint, status_code=201, body={"order_id": order_id},
                                resource_id=order_id)
        try:
            await save_response(self._connection, idempotency_keys, stored)
        except IntegrityError:
            raise DuplicateRequest(key) from None
