"""Who the shopper is: the one narrow seam between the pages and authentication.

Until the identity service exists, the session remembers the customer who
registered in this browser. Proper sign-in replaces these three functions and
nothing else.
"""

from __future__ import annotations

from starlette.requests import Request

_KEY = "customer_id"


def current_customer(request: Request) -> str | None:
    return request.session.get(_KEY)


def sign_in(request: Request, customer_id: str) -> None:
    request.session[_KEY] = customer_id


def sign_out(request: Request) -> None:
    request.session.pop(_KEY, None)
