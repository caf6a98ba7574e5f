"""Charges as payments understands them, whoever the provider is.

The anti-corruption layer (``adapters/paybuddy.py``) translates the provider's
own model into these types and back; nothing else in payments knows what the
provider calls a state, a reason or a reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from musiccorp.payments.domain.money import Money


@dataclass(frozen=True, slots=True)
class ChargeRequest:
    """Take ``amount`` from the card behind ``card_token`` for ``order_id``.

    ``key`` is the caller's Idempotency-Key: asking twice with one key takes the money at most once.
    """

    key: str
    order_id: str
    amount: Money
    card_token: str


@dataclass(frozen=True, slots=True)
class ChargeOutcome:
    """The provider's verdict on a charge: captured, or declined with a reason a person can read."""

    captured: bool
    reference: str | None
    decline_reason: str | None = None

    @classmethod
    def capture(cls, reference: str) -> ChargeOutcome:
        return cls(captured=True, reference=reference)

    @classmethod
    def decline(cls, reason: str, *, reference: str | None = None) -> ChargeOutcome:
        return cls(captured=False, reference=reference, decline_reason=reason)


class ChargeState(StrEnum):
    TAKEN = "taken"        # the money is ours (authorised or settled): a refund must reverse it
    REFUSED = "refused"    # nothing was taken
    REVERSED = "reversed"  # taken, then given back


@dataclass(frozen=True, slots=True)
class ProviderCharge:
    """A charge as the provider holds it, found by the order it was taken for."""

    reference: str
    amount: Money
    state: ChargeState


@dataclass(frozen=True, slots=True)
class Settlement:
    """The provider tells us a captured charge has settled: the money reached our account.

    ``order_id`` is the order the provider filed the charge under, when it says.
    """

    reference: str
    order_id: str | None = None
