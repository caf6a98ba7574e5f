"""The checkout saga (ADR 0006, practice 4.5): its steps, their compensations, and how it moves on.

Checkout is orchestrated: this table *is* the order flow, owned by one team and read top to bottom.

====  ===============  ========================================================  ==============  ===============
 #    step             call (made by the runner through a port)                  order after     compensation
====  ===============  ========================================================  ==============  ===============
 1    reserve_stock    PUT warehouse /v1/reservations/{order_id}                 stock_reserved  release_stock
 2    take_payment     POST payments /v1/payments, Idempotency-Key charge-{id}   paid            refund_payment
 3    create_shipment  PUT shipping /v1/shipments/{order_id}                     shipped         cancel_shipment
 4    confirm_stock    PUT warehouse /v1/reservations/{order_id}/confirmation    completed       —
====  ===============  ========================================================  ==============  ===============

Each call ends in one of three outcomes:

- :class:`Done` — the step took effect: the order moves to the step's state, the saga to the next step.
- :class:`Refused` — a business "no" (out of stock, card declined, a country we do not ship to): the step
  fails at once, with a reason the customer can read.
- :class:`Unavailable` — no answer to be had (timeout, 5xx, breaker open): the step is tried again after a
  backoff, and fails once :attr:`RetryPolicy.step_attempts` attempts are spent.

A failed step starts compensation: every step *attempted* — each that succeeded and the one that failed, for
a call that timed out may have taken effect — is undone, in reverse order. Compensations are idempotent
("nothing to undo" is :class:`Done`) and are retried until they are done; then the order is cancelled with
the reason. A compensation *refused* cannot be done by retrying (a parcel already left): the runner logs it
for a person and the saga moves on, so that no saga is ever stuck.

Nothing here performs I/O. :class:`Saga` is the persisted progress of one order's saga and
:meth:`Saga.record` says what an outcome means; the runner (``service_layer/saga_runner.py``) makes the
calls, persists each move with the order's transition in one transaction, and waits out the backoffs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import ClassVar

from musiccorp.orders.domain.model import Status


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    reaches: Status
    compensation: str | None
    when_unavailable: str  # the customer's reason when the step's budget of attempts is spent


CHECKOUT: tuple[Step, ...] = (
    Step("reserve_stock", reaches=Status.STOCK_RESERVED, compensation="release_stock",
         when_unavailable="We could not reserve your items just now. You have not been charged."),
    Step("take_payment", reaches=Status.PAID, compensation="refund_payment",
         when_unavailable="We could not take your payment just now. Anything taken has been refunded."),
    Step("create_shipment", reaches=Status.SHIPPED, compensation="cancel_shipment",
         when_unavailable="We could not arrange delivery just now. Your payment has been refunded."),
    Step("confirm_stock", reaches=Status.COMPLETED, compensation=None,
         when_unavailable="We could not complete your order just now. Your payment has been refunded."),
)

STEPS = MappingProxyType({step.name: step for step in CHECKOUT})
COMPENSATIONS = MappingProxyType({step.compensation: step for step in CHECKOUT if step.compensation})
ACTIONS = (*STEPS, *COMPENSATIONS)  # every call the saga makes; each names a crash point in the runner


@dataclass(frozen=True, slots=True)
class Done:
    """The call took effect (or, for a compensation, there was nothing to undo)."""

    kind: ClassVar[str] = "done"
    tracking_number: str | None = None  # what create_shipment learns

    @property
    def detail(self) -> str:
        return f"tracking number {self.tracking_number}" if self.tracking_number else ""


@dataclass(frozen=True, slots=True)
class Refused:
    """A business refusal: trying again will not help. ``reason`` is for the customer."""

    kind: ClassVar[str] = "refused"
    reason: str

    @property
    def detail(self) -> str:
        return self.reason


@dataclass(frozen=True, slots=True)
class Unavailable:
    """No answer to be had now; whether the call took effect is unknown."""

    kind: ClassVar[str] = "unavailable"
    detail: str


Outcome = Done | Refused | Unavailable


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often a step is tried, and how long the saga waits between tries (doubling, capped)."""

    step_attempts: int = 3
    first_delay: float = 1.0
    max_delay: float = 5.0

    def delay(self, failures: int) -> float:
        return min(self.max_delay, self.first_delay * 2 ** (failures - 1))


class Phase(StrEnum):
    FORWARD = "forward"
    COMPENSATING = "compensating"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Move:
    """What an outcome means: the order advances, or is cancelled, or the runner tries again later."""

    advance_to: Status | None = None
    cancel_because: str | None = None
    retry_after: float | None = None


@dataclass(slots=True)
class Saga:
    """The progress of one order's saga: the ``action`` to run next, and how often it failed so far."""

    order_id: str
    phase: Phase = Phase.FORWARD
    action: str = CHECKOUT[0].name
    attempts: int = 0
    reason: str | None = None
    correlation_id: str | None = None

    @property
    def done(self) -> bool:
        return self.phase is Phase.DONE

    def record(self, outcome: Outcome, policy: RetryPolicy) -> Move:
        """Note the outcome of ``action`` and move on; the returned :class:`Move` says what follows."""
        if self.phase is Phase.FORWARD:
            return self._forward(outcome, policy)
        if self.phase is Phase.COMPENSATING:
            return self._backward(outcome, policy)
        raise ValueError(f"the saga of order {self.order_id} is finished")

    def _forward(self, outcome: Outcome, policy: RetryPolicy) -> Move:
        step = STEPS[self.action]
        match outcome:
            case Done():
                position = CHECKOUT.index(step)
                if position + 1 == len(CHECKOUT):
                    self.phase = Phase.DONE
                else:
                    self._begin(CHECKOUT[position + 1].name)
                return Move(advance_to=step.reaches)
            case Refused(reason=reason):
                return self._fail(step, reason)
            case Unavailable():
                self.attempts += 1
                if self.attempts < policy.step_attempts:
                    return Move(retry_after=policy.delay(self.attempts))
                return self._fail(step, step.when_unavailable)
        raise TypeError(f"not an outcome: {outcome!r}")

    def _backward(self, outcome: Outcome, policy: RetryPolicy) -> Move:
        if isinstance(outcome, Unavailable):  # an undo must happen: try again, for as long as it takes
            self.attempts += 1
            return Move(retry_after=policy.delay(self.attempts))
        return self._compensate_from(CHECKOUT.index(COMPENSATIONS[self.action]) - 1)

    def _fail(self, step: Step, reason: str) -> Move:
        self.reason = reason
        return self._compensate_from(CHECKOUT.index(step))  # the failed step too: it may have taken effect

    def _compensate_from(self, position: int) -> Move:
        """Undo the steps at ``position`` and before, latest first; cancel the order when none is left."""
        for step in reversed(CHECKOUT[:position + 1]):
            if step.compensation is not None:
                self.phase = Phase.COMPENSATING
                self._begin(step.compensation)
                return Move()
        self.phase = Phase.DONE
        return Move(cancel_because=self.reason)

    def _begin(self, action: str) -> None:
        self.action = action
        self.attempts = 0
