"""The events loyalty reacts to, in loyalty's own reading of them (a tolerant reader).

This is our copy of the shape we rely on, not the producer's class: unknown
fields are ignored, and the Pact message contract checks that the producer
still sends what we read.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

CUSTOMER_REGISTERED = "customers.customer.registered.v1"


class CustomerRegistered(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    customer_id: str
    customer_uri: str
