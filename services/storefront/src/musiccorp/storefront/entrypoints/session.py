"""Who the shopper is: the one narrow seam between the pages and authentication.

Until the identity service exists, the session remembers the customer who
registered or signed in in this browser, and signing in asks only for an email:
knowing a customer's email is taken as being them. That is not authentication,
and it stays here — real sign-in replaces :func:`authenticate` and the three
session functions, and nothing else (orders, carts and pages only ever see a
customer id).
"""

from __future__ import annotations

from collections.abc import Sequence

import itsdangerous
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp

from musiccorp.storefront.service_layer.ports import AbstractCustomers

_KEY = "customer_id"


class RotatingSessionMiddleware(SessionMiddleware):
    """Starlette's signed-cookie session, signed with the newest of ``secrets`` and read with any of them, so
    the session secret rotates without signing anybody out."""

    def __init__(self, app: ASGIApp, *, secrets: Sequence[str], **options) -> None:
        super().__init__(app, secret_key=secrets[0], **options)
        self.signer = itsdangerous.TimestampSigner(list(reversed(secrets)))  # it signs with the last key


async def authenticate(email: str, *, customers: AbstractCustomers) -> str | None:
    """The id of the customer with ``email``, or ``None``; a closed account signs in no more.

    Raises ``ServiceUnavailable`` when customers cannot answer.
    """
    customer = await customers.with_email(email)
    return customer.id if customer is not None and customer.status != "closed" else None


def current_customer(request: Request) -> str | None:
    return request.session.get(_KEY)


def sign_in(request: Request, customer_id: str) -> None:
    request.session[_KEY] = customer_id


def sign_out(request: Request) -> None:
    request.session.pop(_KEY, None)
