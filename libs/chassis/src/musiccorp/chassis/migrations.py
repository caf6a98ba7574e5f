"""The body of every service's Alembic ``env.py``: ``from ... import run_migrations; run_migrations()``.

Migrations always run on the connection the service hands over
(:meth:`musiccorp.chassis.database.Database.migrate`), online, in one
transaction.
"""

from __future__ import annotations

__all__ = ["run_migrations"]


def run_migrations() -> None:
    from alembic import context

    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("migrations run through Database.migrate(), which supplies the connection")
    context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
