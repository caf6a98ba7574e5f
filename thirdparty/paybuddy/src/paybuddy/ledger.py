"""The sandbox's books, in memory: card tokens, charges and their reversals.

Every method runs without awaiting, so on one event loop each check-then-change
(is there enough left to reverse?) is atomic without a lock.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from paybuddy.cards import CardDetails
from paybuddy.errors import ApiError

__all__ = ["AUTHORISED", "REFUSED", "Charge", "Ledger", "Reversal", "new_id", "timestamp"]

AUTHORISED, REFUSED = "AUTHORISED", "REFUSED"


def new_id(prefix: str) -> str:
    """``tok_…``, ``ch_…``, ``rv_…``: unguessable identifiers in PayBuddy's style."""
    return f"{prefix}_{secrets.token_hex(12)}"


def timestamp() -> str:
    """Now, as PayBuddy writes times: ISO 8601 UTC with milliseconds and a ``Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Reversal:
    reversal_id: str
    charge_id: str
    amount_minor: int
    created_at: str

    def as_json(self) -> dict[str, Any]:
        return {"reversalId": self.reversal_id, "chargeId": self.charge_id, "state": "REVERSED",
                "amountMinor": self.amount_minor, "createdAt": self.created_at}


@dataclass(slots=True)
class Charge:
    charge_id: str
    state: str
    refusal_reason: str | None
    amount_minor: int
    currency_code: str
    merchant_reference: str
    created_at: str
    reversals: list[Reversal] = field(default_factory=list)

    @property
    def reversible_minor(self) -> int:
        """What is left to give back: nothing for a refused charge."""
        if self.state != AUTHORISED:
            return 0
        return self.amount_minor - sum(reversal.amount_minor for reversal in self.reversals)

    def as_json(self, *, with_reversals: bool = True) -> dict[str, Any]:
        document = {"chargeId": self.charge_id, "state": self.state, "refusalReason": self.refusal_reason,
                    "amountMinor": self.amount_minor, "currencyCode": self.currency_code,
                    "merchantReference": self.merchant_reference, "createdAt": self.created_at}
        if with_reversals:
            document["reversals"] = [reversal.as_json() for reversal in self.reversals]
        return document


class Ledger:
    """Tokens (card details without numbers) and charges, newest last."""

    def __init__(self) -> None:
        self._tokens: dict[str, CardDetails] = {}
        self._charges: dict[str, Charge] = {}

    def issue_token(self, card: CardDetails, *, token: str | None = None) -> str:
        """Keep ``card`` under a new token (or the given one, for tests) and return the token."""
        token = token or new_id("tok")
        self._tokens[token] = card
        return token

    def card(self, token: str) -> CardDetails:
        if (card := self._tokens.get(token)) is None:
            raise ApiError(400, "token_unknown", f"No card is known under token {token!r}; tokenise the card first.")
        return card

    def record_charge(self, *, token: str, amount_minor: int, currency_code: str, merchant_reference: str,
                      refusal: str | None = None, charge_id: str | None = None) -> Charge:
        """Charge the card behind ``token``: refused if the card (or the caller's ``refusal``) says so."""
        refusal = self.card(token).refusal or refusal
        charge = Charge(charge_id=charge_id or new_id("ch"), state=REFUSED if refusal else AUTHORISED,
                        refusal_reason=refusal, amount_minor=amount_minor, currency_code=currency_code,
                        merchant_reference=merchant_reference, created_at=timestamp())
        self._charges[charge.charge_id] = charge
        return charge

    def charge(self, charge_id: str) -> Charge:
        if (charge := self._charges.get(charge_id)) is None:
            raise ApiError(404, "charge_not_found", f"No charge has the id {charge_id!r}.")
        return charge

    def charges(self, *, merchant_reference: str | None = None) -> list[Charge]:
        """Every charge, oldest first; only those under ``merchant_reference`` when given."""
        return [charge for charge in self._charges.values()
                if merchant_reference is None or charge.merchant_reference == merchant_reference]

    def reverse(self, charge_id: str, *, amount_minor: int | None = None) -> Reversal:
        """Give back ``amount_minor`` (default: all that is left) of an authorised charge."""
        charge = self.charge(charge_id)
        if charge.state != AUTHORISED:
            raise ApiError(409, "charge_not_reversible", f"Charge {charge_id} was {charge.state.lower()}; "
                                                         "there is nothing to reverse.")
        left = charge.reversible_minor
        amount = left if amount_minor is None else amount_minor
        if amount > left or amount == 0:
            raise ApiError(409, "reversal_exceeds_charge", f"Only {left} of charge {charge_id} is left to "
                                                           f"reverse; {amount} was asked for.")
        reversal = Reversal(new_id("rv"), charge_id, amount, timestamp())
        charge.reversals.append(reversal)
        return reversal

    def clear_charges(self) -> int:
        """Forget every charge (tokens stay valid); how many there were."""
        count = len(self._charges)
        self._charges.clear()
        return count
