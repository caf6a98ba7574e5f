"""The event backbone's metrics; one dashboard reads them in every service."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from musiccorp.chassis.metrics import _metric

__all__ = ["CONSUMED", "HANDLER_DURATION", "OUTBOX_OLDEST", "OUTBOX_PENDING", "PUBLISHED", "PUBLISH_FAILURES"]

OUTBOX_PENDING = _metric(Gauge, "musiccorp_outbox_pending", "Outbox rows not yet acknowledged by the broker.", ())
OUTBOX_OLDEST = _metric(Gauge, "musiccorp_outbox_oldest_pending_seconds",
                        "Age of the oldest unpublished outbox row: the relay's lag.", ())
PUBLISHED = _metric(Counter, "musiccorp_outbox_published_total", "Outbox rows the broker acknowledged.", ())
PUBLISH_FAILURES = _metric(Counter, "musiccorp_outbox_publish_failures_total",
                           "Attempts to publish an outbox row that failed (retried later).", ())
CONSUMED = _metric(Counter, "musiccorp_events_consumed_total", "Event deliveries taken, by subscription and outcome.",
                   ("subscription", "outcome"))
HANDLER_DURATION = _metric(Histogram, "musiccorp_event_handler_duration_seconds",
                           "Time to handle one event inside its transaction, by subscription.", ("subscription",),
                           buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
