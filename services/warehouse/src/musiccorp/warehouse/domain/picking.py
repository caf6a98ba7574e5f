"""Picking: each line of a confirmed order is fetched from the shelf by one picker (practice 11.7).

Confirming a reservation opens the order's pick list and queues one pick job
per line; competing pickers take the jobs. A line is picked at most once —
a job delivered again (its first picker died, or its acknowledgement was lost)
finds the line picked and does nothing — and the order is picked when its
last line is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PickOutcome(StrEnum):
    PICKED = "picked"
    ORDER_PICKED = "order picked"  # the last line of the order: it can be packed and dispatched
    ALREADY_PICKED = "already picked"  # a redelivered job: nothing done twice


@dataclass(frozen=True, slots=True)
class PickProgress:
    """An order's pick list after a pick: ``picked`` of its ``lines``."""

    order_id: str
    lines: int
    picked: int

    @property
    def complete(self) -> bool:
        return self.picked >= self.lines
