"""Names on the broker, derived by one rule each (ADR 0005).

>>> stream_name("customers.customer.registered.v1")
'CUSTOMERS'
>>> consumer_name("loyalty", "customers.customer.registered.v1")
'loyalty__customers_customer_registered_v1'
>>> dead_letter_subject("loyalty", "customers.customer.registered.v1")
'dlq.loyalty.customers.customer.registered.v1'
>>> work_queue_stream_name("work.warehouse.picks")
'WAREHOUSE_PICKS'
"""

from __future__ import annotations

import re

__all__ = ["DLQ_STREAM", "WORK_PREFIX", "consumer_name", "context_of", "dead_letter_subject", "stream_name",
           "stream_subjects", "work_queue_stream_name"]

DLQ_STREAM = "DLQ"
WORK_PREFIX = "work."
_WORK_SUBJECT = re.compile(r"^work\.[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def context_of(event_type: str) -> str:
    """The producing context: the first token of the subject."""
    context = event_type.split(".", 1)[0]
    if not context or event_type.count(".") < 1 or any(c in event_type for c in " *>"):
        raise ValueError(f"{event_type!r} is not an event subject <context>.<aggregate>.<event>.v<N>")
    return context


def stream_name(event_type: str) -> str:
    """One stream per producing context, named after it in capitals."""
    return context_of(event_type).upper()


def stream_subjects(event_type: str) -> list[str]:
    return [f"{context_of(event_type)}.>"]


def consumer_name(service: str, event_type: str) -> str:
    """The durable consumer of one (service, subscription)."""
    return f"{service}__{event_type.replace('.', '_')}"


def dead_letter_subject(service: str, event_type: str) -> str:
    return f"dlq.{service}.{event_type}"


def work_queue_stream_name(subject: str) -> str:
    """A work queue's stream: its subject ``work.<context>.<queue>`` without the prefix, in capitals.

    The ``work.`` prefix keeps jobs out of the event streams, which take all of
    ``<context>.>`` each (JetStream refuses overlapping streams).
    """
    if not _WORK_SUBJECT.fullmatch(subject):
        raise ValueError(f"{subject!r} is not a work-queue subject work.<context>.<queue> (lower case)")
    return subject.removeprefix(WORK_PREFIX).replace(".", "_").upper()
