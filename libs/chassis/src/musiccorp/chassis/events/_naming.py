"""Names on the broker, derived by one rule each (ADR 0005).

>>> stream_name("customers.customer.registered.v1")
'CUSTOMERS'
>>> consumer_name("loyalty", "customers.customer.registered.v1")
'loyalty__customers_customer_registered_v1'
>>> dead_letter_subject("loyalty", "customers.customer.registered.v1")
'dlq.loyalty.customers.customer.registered.v1'
"""

from __future__ import annotations

__all__ = ["DLQ_STREAM", "consumer_name", "context_of", "dead_letter_subject", "stream_name", "stream_subjects"]

DLQ_STREAM = "DLQ"


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
