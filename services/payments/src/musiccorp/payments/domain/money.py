"""Money in minor units: whole pence inside, a decimal string only at the edges.

A float cannot hold 0.10 exactly and a ledger must add up to the penny, so the
payments context counts in integers of the currency's minor unit (pence for
GBP). On the wire money is ``{"amount": "19.98", "currency": "GBP"}`` as
everywhere in MusicCorp; :meth:`Money.parse` and :attr:`Money.decimal` are the
only two places that convert.

>>> Money.parse("19.98", "GBP").minor
1998
>>> (Money.parse("9.99", "GBP") * 2).decimal
'19.98'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from musiccorp.payments.domain.errors import InvalidPayment

# The currencies we take, with their digits after the decimal point (ISO 4217). All have two today;
# the table is here so that one with none (JPY) or three (BHD) is an edit, not a bug.
CURRENCIES = {"GBP": 2, "EUR": 2, "USD": 2}
HOME_CURRENCY = "GBP"
AMOUNT_PATTERN = r"^\d{1,9}\.\d{2}$"

_AMOUNT = re.compile(AMOUNT_PATTERN)


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in the minor unit of ``currency``; never negative."""

    minor: int
    currency: str = HOME_CURRENCY

    def __post_init__(self) -> None:
        if self.currency not in CURRENCIES:
            raise InvalidPayment("currency", f"{self.currency!r} is not a currency we take "
                                             f"({', '.join(CURRENCIES)})")
        if self.minor < 0:
            raise InvalidPayment("amount", "must not be negative")

    @classmethod
    def parse(cls, amount: str, currency: str) -> Money:
        """``Money.parse("19.98", "GBP")``: the wire's decimal string, exactly, or ``InvalidPayment``."""
        if not _AMOUNT.fullmatch(amount):
            raise InvalidPayment("amount", f"{amount!r} is not a decimal amount like '19.98'")
        units, _, fraction = amount.partition(".")
        digits = CURRENCIES.get(currency, 2)
        if len(fraction) != digits:
            raise InvalidPayment("amount", f"{currency} amounts have {digits} decimal places")
        return cls(int(units) * 10 ** digits + int(fraction), currency)

    @classmethod
    def zero(cls, currency: str = HOME_CURRENCY) -> Money:
        return cls(0, currency)

    @property
    def decimal(self) -> str:
        """The amount as the wire writes it: ``"19.98"``."""
        digits = CURRENCIES[self.currency]
        units, fraction = divmod(self.minor, 10 ** digits)
        return f"{units}.{fraction:0{digits}d}" if digits else str(units)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise InvalidPayment("currency", f"cannot add {other.currency} to {self.currency}")
        return Money(self.minor + other.minor, self.currency)

    def __mul__(self, times: int) -> Money:
        return Money(self.minor * times, self.currency)

    def __str__(self) -> str:
        return f"{self.decimal} {self.currency}"
