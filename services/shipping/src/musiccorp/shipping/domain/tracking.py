"""Tracking numbers: ``MC`` + ten digits + a Luhn check digit, e.g. ``MC48213907562``.

A customer reads one off a mail and types it into a form, so it must be short,
unambiguous and catch a typo: the check digit finds every single wrong digit
and almost every swap of two neighbours (all but ``09``/``90``) before the
database is even asked.

The ten digits are derived from the order id, not counted: the n-th shipment's
number says nothing about the (n+1)-th, so numbers cannot be guessed in
sequence, and asking again for the same order yields the same number. Two
orders may hash to the same digits (rarely: ten billion values); the database's
unique constraint then refuses the second, and it takes its order's next
candidate (``attempt`` 1, 2, ...). Unique by construction, deterministic per
order.
"""

from __future__ import annotations

import hashlib
import re

PREFIX = "MC"
SERIAL_DIGITS = 10
PATTERN = rf"^{PREFIX}[0-9]{{{SERIAL_DIGITS + 1}}}$"

_FORMAT = re.compile(PATTERN)


def check_digit(digits: str) -> str:
    """The Luhn check digit of ``digits``: appended, it makes the Luhn sum a multiple of ten."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # every second digit from the right, starting with the last one, is doubled
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return str(-total % 10)


def tracking_number(order_id: str, *, attempt: int = 0) -> str:
    """The ``attempt``-th candidate tracking number of the order (0 first; the next one after a clash)."""
    digest = hashlib.blake2b(f"{order_id}#{attempt}".encode(), digest_size=8).digest()
    serial = f"{int.from_bytes(digest, 'big') % 10**SERIAL_DIGITS:0{SERIAL_DIGITS}d}"
    return PREFIX + serial + check_digit(serial)


def is_tracking_number(value: str) -> bool:
    """True when ``value`` is written as a tracking number and its check digit holds."""
    if not _FORMAT.fullmatch(value):
        return False
    digits = value.removeprefix(PREFIX)
    return check_digit(digits[:-1]) == digits[-1]
