"""Chaos knobs: make the sandbox slow, failing, declining or silent, at random or by script.

A script (``decline``, ``error``, ``timeout``, ``ok``) decides the next charge
requests in order, before the random rates are consulted, so a test can say
exactly what happens to its charge.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["Chaos", "ChaosSettings", "Outcome"]


class Outcome(StrEnum):
    """What chaos does to one charge request."""

    OK = "ok"
    DECLINE = "decline"  # refused, card_declined
    ERROR = "error"  # 503, nothing charged
    TIMEOUT = "timeout"  # charged, but the answer is held for timeoutHoldMs


_RATES = {"errorRate": "error_rate", "declineRate": "decline_rate", "timeoutRate": "timeout_rate"}
_DURATIONS = {"latencyMs": ("latency_ms", 60_000), "settlementDelayMs": ("settlement_delay_ms", 600_000),
              "timeoutHoldMs": ("timeout_hold_ms", 600_000)}


@dataclass(frozen=True, slots=True)
class ChaosSettings:
    """The knobs: all zero but the settlement delay and how long a "timeout" holds its answer."""

    latency_ms: int = 0
    error_rate: float = 0.0
    decline_rate: float = 0.0
    timeout_rate: float = 0.0
    settlement_delay_ms: int = 100
    timeout_hold_ms: int = 30_000

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> ChaosSettings:
        """Settings from a ``PUT /admin/chaos`` body (missing knobs take their defaults); ``ValueError`` if bad."""
        if unknown := sorted(set(document) - {*_RATES, *_DURATIONS}):
            known = ", ".join([*_RATES, *_DURATIONS])
            raise ValueError(f"unknown chaos knob(s) {', '.join(unknown)}; the knobs are {known}")
        defaults, settings = cls(), {}
        for wire, name in _RATES.items():
            value = document.get(wire, 0.0)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
                raise ValueError(f"{wire} must be a number from 0 to 1")
            settings[name] = float(value)
        for wire, (name, ceiling) in _DURATIONS.items():
            value = document.get(wire, getattr(defaults, name))
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= ceiling:
                raise ValueError(f"{wire} must be whole milliseconds from 0 to {ceiling}")
            settings[name] = value
        return cls(**settings)

    def as_json(self) -> dict[str, Any]:
        """The knobs under their wire names."""
        names = {**_RATES, **{wire: name for wire, (name, _) in _DURATIONS.items()}}
        return {wire: getattr(self, name) for wire, name in names.items()}


class Chaos:
    """The current knobs and script, and the draw that applies them to a charge request."""

    def __init__(self, *, rng: random.Random | None = None) -> None:
        self.settings = ChaosSettings()
        self._script: deque[Outcome] = deque()
        self._rng = rng or random.Random()

    @property
    def script(self) -> list[str]:
        return [outcome.value for outcome in self._script]

    def add_script(self, entries: Any) -> None:
        """Queue ``entries`` (``ok``, ``decline``, ``error``, ``timeout``) for the next charge requests."""
        choices = ", ".join(outcome.value for outcome in Outcome)
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"next must be a non-empty list of: {choices}")
        try:
            outcomes = [Outcome(entry) for entry in entries]
        except ValueError:
            raise ValueError(f"every entry of next must be one of: {choices}") from None
        self._script.extend(outcomes)

    def reset(self) -> None:
        """Back to a well-behaved sandbox: default knobs, empty script."""
        self.settings = ChaosSettings()
        self._script.clear()

    def draw(self) -> Outcome:
        """The fate of the next charge request: the script's next entry, else the random rates."""
        if self._script:
            return self._script.popleft()
        settings = self.settings
        if self._rng.random() < settings.error_rate:
            return Outcome.ERROR
        if self._rng.random() < settings.timeout_rate:
            return Outcome.TIMEOUT
        if self._rng.random() < settings.decline_rate:
            return Outcome.DECLINE
        return Outcome.OK
