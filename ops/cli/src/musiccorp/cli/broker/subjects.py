"""NATS subject patterns: which streams a pattern reaches, and with which filter.

Tokens are separated by ``.``; ``*`` matches one token, ``>`` one or more at the end.
"""

from __future__ import annotations

__all__ = ["intersect"]


def intersect(first: str, second: str) -> str | None:
    """The pattern of the subjects both match, or ``None`` when they share none.

    >>> intersect(">", "customers.>")
    'customers.>'
    >>> intersect("*.customer.>", "customers.>")
    'customers.customer.>'
    >>> intersect("orders.>", "customers.>") is None
    True
    """
    left, right = first.split("."), second.split(".")
    common: list[str] = []
    for index, (a, b) in enumerate(zip(left, right, strict=False)):
        if a == ">":
            return ".".join([*common, *right[index:]])
        if b == ">":
            return ".".join([*common, *left[index:]])
        if a != b and "*" not in (a, b):
            return None
        common.append(b if a == "*" else a)
    return ".".join(common) if len(left) == len(right) else None
