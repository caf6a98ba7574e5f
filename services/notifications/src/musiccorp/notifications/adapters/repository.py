"""Mails in the notifications database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from musiccorp.notifications.adapters.tables import mails
from musiccorp.notifications.domain.model import Mail, MailStatus
from musiccorp.notifications.service_layer.ports import AbstractMailRepository


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _mail(row) -> Mail:
    return Mail(id=row.id, customer_id=row.customer_id, event_id=row.event_id, about=row.about, to=row.to_address,
                subject=row.subject, body=row.body, status=MailStatus(row.status),
                created_at=_aware(row.created_at), sent_at=_aware(row.sent_at))


class SqlMailRepository(AbstractMailRepository):
    """On a connection whose transaction the caller owns (the event consumer's)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, mail: Mail) -> None:
        await self._connection.execute(mails.insert().values(
            id=mail.id, customer_id=mail.customer_id, event_id=mail.event_id, about=mail.about, to_address=mail.to,
            subject=mail.subject, body=mail.body, status=mail.status.value, created_at=mail.created_at,
            sent_at=mail.sent_at))

    async def about(self, about: str) -> Mail | None:
        row = (await self._connection.execute(select(mails).where(mails.c.about == about))).first()
        return None if row is None else _mail(row)

    async def pending(self, *, limit: int) -> list[Mail]:
        rows = await self._connection.execute(
            select(mails).where(mails.c.status == MailStatus.PENDING.value)
            .order_by(mails.c.created_at).limit(limit))
        return [_mail(row) for row in rows]

    async def save(self, mail: Mail) -> None:
        await self._connection.execute(mails.update().where(mails.c.id == mail.id)
                                       .values(status=mail.status.value, sent_at=mail.sent_at))

    async def for_customer(self, customer_id: str) -> list[Mail]:
        rows = await self._connection.execute(
            select(mails).where(mails.c.customer_id == customer_id).order_by(mails.c.created_at))
        return [_mail(row) for row in rows]


class SqlMailStore(AbstractMailRepository):
    """Each call in a short transaction of its own: for the sender task and the API."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, mail: Mail) -> None:
        async with self._engine.begin() as connection:
            await SqlMailRepository(connection).add(mail)

    async def about(self, about: str) -> Mail | None:
        async with self._engine.connect() as connection:
            return await SqlMailRepository(connection).about(about)

    async def pending(self, *, limit: int) -> list[Mail]:
        async with self._engine.connect() as connection:
            return await SqlMailRepository(connection).pending(limit=limit)

    async def save(self, mail: Mail) -> None:
        async with self._engine.begin() as connection:
            await SqlMailRepository(connection).save(mail)

    async def for_customer(self, customer_id: str) -> list[Mail]:
        async with self._engine.connect() as connection:
            return await SqlMailRepository(connection).for_customer(customer_id)
