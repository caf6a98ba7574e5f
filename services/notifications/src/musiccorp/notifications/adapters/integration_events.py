"""The events notifications reacts to, in its own reading of them (a tolerant reader)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

CUSTOMER_REGISTERED = "customers.customer.registered.v1"


class CustomerRegistered(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    customer_id: str
    customer_uri: str
