"""The ledger in its own SQL database (SQLite or PostgreSQL), through SQLAlchemy Core.

Each repository works on the connection of its unit of work, so everything it
writes commits or rolls back with that unit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.idempotency import StoredResponse, find_response, save_response
from musiccorp.payments.adapters.tables import idempotency_keys, ledger_lines, payments, refunds
from musiccorp.payments.domain.errors import ConcurrentChange
from musiccorp.payments.domain.model import Attempt, LedgerLine, Payment, Status
from musiccorp.payments.domain.money import Money
from musiccorp.payments.domain.refunds import Refund
from musiccorp.payments.service_layer.ports import (
    AbstractAnswerStore,
    AbstractPaymentRepository,
    AbstractRefundRepository,
    Answer,
)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every moment we store is UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _state(payment: Payment) -> dict:
    attempt = payment.attempt
    return {
        "status": payment.status.value, "provider_reference": payment.provider_reference,
        "decline_reason": payment.decline_reason, "attempt_id": attempt.id if attempt else None,
        "attempt_expires_at": attempt.expires_at if attempt else None, "updated_at": payment.updated_at,
        "version": payment.version + 1,
    }


def _payment(row, lines: list[LedgerLine]) -> Payment:
    attempt = Attempt(row.attempt_id, _aware(row.attempt_expires_at)) if row.attempt_id else None
    return Payment(id=row.id, order_id=row.order_id, customer_id=row.customer_id,
                   amount=Money(row.amount_minor, row.currency), lines=tuple(lines), key=row.idempotency_key,
                   fingerprint=row.request_fingerprint, created_at=_aware(row.created_at),
                   updated_at=_aware(row.updated_at), status=Status(row.status),
                   provider_reference=row.provider_reference, decline_reason=row.decline_reason, attempt=attempt,
                   version=row.version)


class SqlPaymentRepository(AbstractPaymentRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__()
        self._connection = connection

    async def _get(self, payment_id: str) -> Payment | None:
        return next(iter(await self._load(select(payments).where(payments.c.id == payment_id))), None)

    async def _for_key(self, key: str) -> Payment | None:
        return next(iter(await self._load(select(payments).where(payments.c.idempotency_key == key))), None)

    async def _for_reference(self, reference: str) -> Payment | None:
        query = select(payments).where(payments.c.provider_reference == reference)
        return next(iter(await self._load(query)), None)

    async def _for_order(self, order_id: str) -> list[Payment]:
        return await self._load(select(payments).where(payments.c.order_id == order_id))

    async def for_customer(self, customer_id: str) -> list[Payment]:
        return await self._load(select(payments).where(payments.c.customer_id == customer_id))

    async def _load(self, query: Select) -> list[Payment]:
        """The payments ``query`` selects, oldest first, each with its lines (two queries, whatever the count)."""
        rows = (await self._connection.execute(query.order_by(payments.c.created_at, payments.c.id))).all()
        if not rows:
            return []
        lines: dict[str, list[LedgerLine]] = defaultdict(list)
        found = await self._connection.execute(
            select(ledger_lines).where(ledger_lines.c.payment_id.in_([row.id for row in rows]))
            .order_by(ledger_lines.c.payment_id, ledger_lines.c.line_no))
        for line in found:
            lines[line.payment_id].append(LedgerLine(line.album_id, line.quantity,
                                                     Money(line.unit_price_minor, line.currency)))
        return [_payment(row, lines[row.id]) for row in rows]

    async def store(self, payment: Payment) -> None:
        if payment.version == 0:
            await self._insert(payment)
            return
        # Optimistic concurrency: of two changes made from the same reading, the second finds no row.
        updated = await self._connection.execute(
            payments.update().where(payments.c.id == payment.id, payments.c.version == payment.version)
            .values(_state(payment)))
        if updated.rowcount != 1:
            raise ConcurrentChange(f"payment {payment.id}")

    async def _insert(self, payment: Payment) -> None:
        try:
            await self._connection.execute(payments.insert().values(
                id=payment.id, order_id=payment.order_id, customer_id=payment.customer_id,
                amount_minor=payment.amount.minor, currency=payment.amount.currency, idempotency_key=payment.key,
                request_fingerprint=payment.fingerprint, created_at=payment.created_at, **_state(payment)))
        except IntegrityError:  # another request inserted the payment for this key first
            raise ConcurrentChange(f"the payment for key {payment.key!r}") from None
        await self._connection.execute(ledger_lines.insert(), [
            {"payment_id": payment.id, "line_no": number, "album_id": line.album_id, "quantity": line.quantity,
             "unit_price_minor": line.unit_price.minor, "currency": line.unit_price.currency}
            for number, line in enumerate(payment.lines, start=1)])


class SqlRefundRepository(AbstractRefundRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, refund: Refund) -> None:
        try:
            await self._connection.execute(refunds.insert().values(
                id=refund.id, order_id=refund.order_id, payment_id=refund.payment_id,
                provider_reference=refund.reference, amount_minor=refund.amount.minor,
                currency=refund.amount.currency, reason=refund.reason, created_at=refund.created_at))
        except IntegrityError:  # a concurrent refund of the order recorded this charge first
            raise ConcurrentChange(f"the refund of charge {refund.reference}") from None

    async def for_order(self, order_id: str) -> list[Refund]:
        rows = await self._connection.execute(
            select(refunds).where(refunds.c.order_id == order_id).order_by(refunds.c.created_at, refunds.c.id))
        return [Refund(id=row.id, order_id=row.order_id, reference=row.provider_reference,
                       amount=Money(row.amount_minor, row.currency), reason=row.reason, payment_id=row.payment_id,
                       created_at=_aware(row.created_at)) for row in rows]


class SqlAnswerStore(AbstractAnswerStore):
    """The chassis' idempotency-key table (``musiccorp.chassis.idempotency``) behind the service's port."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def find(self, key: str) -> tuple[str, Answer] | None:
        stored = await find_response(self._connection, idempotency_keys, key)
        if stored is None:
            return None
        return stored.fingerprint, Answer(stored.status_code, stored.body, stored.resource_id, replayed=True)

    async def save(self, key: str, fingerprint: str, answer: Answer) -> None:
        try:
            await save_response(self._connection, idempotency_keys,
                                StoredResponse(key, fingerprint, answer.status_code, answer.body, answer.resource_id))
        except IntegrityError:
            raise ConcurrentChange(f"the answer for key {key!r}") from None
