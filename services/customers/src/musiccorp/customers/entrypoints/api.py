"""The customers' HTTP API: ``/v1/customers`` and the transitions of one customer.

Every representation is HAL and offers only the links the customer's state
allows (practices 4.7, 4.9); every error is problem+json, the domain's errors
mapped in one table below.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from starlette.responses import Response

from musiccorp.chassis import create_service_app, problem_response
from musiccorp.chassis.hal import HalResponse
from musiccorp.customers.bootstrap import Customers, bootstrap
from musiccorp.customers.domain.commands import (
    ChangeAddress,
    CloseCustomer,
    ReactivateCustomer,
    RegisterCustomer,
    SuspendCustomer,
)
from musiccorp.customers.domain.errors import (
    ConcurrentChange,
    CustomerNotFound,
    CustomersError,
    EmailAlreadyRegistered,
    IllegalTransition,
    InvalidCustomer,
)
from musiccorp.customers.domain.model import EMAIL_MAX_LENGTH, EMAIL_PATTERN, Customer
from musiccorp.customers.entrypoints import representations
from musiccorp.customers.entrypoints.schemas import AddressUpdate, CustomerCreate, CustomerList, CustomerRead
from musiccorp.customers.service_layer import handlers

_PROBLEM = {"description": "A problem document (RFC 9457)"}
_CREATED = {"description": "Registered", "headers": {"Location": {
    "description": "The new customer's URI", "schema": {"type": "string"}}}}

# domain error -> (status, problem slug, title)
_PROBLEMS: dict[type[CustomersError], tuple[int, str, str]] = {
    CustomerNotFound: (404, "customer-not-found", "Customer not found"),
    EmailAlreadyRegistered: (409, "email-already-registered", "Email already registered"),
    IllegalTransition: (409, "illegal-transition", "Not allowed in the customer's current state"),
    ConcurrentChange: (409, "concurrent-change", "Changed meanwhile"),
    InvalidCustomer: (422, "invalid-customer", "Invalid customer"),
}


async def _on_domain_error(request: Request, exc: CustomersError) -> Response:
    status, slug, title = next(problem for kind, problem in _PROBLEMS.items() if isinstance(exc, kind))
    extra = {"state": exc.state, "action": exc.action} if isinstance(exc, IllegalTransition) else {}
    return problem_response(status, slug, title=title, detail=str(exc), instance=request.url.path, **extra)


def _hal(customer: Customer, *, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return HalResponse(representations.customer(customer), status_code=status_code, headers=headers)


def customers_router(customers: Customers) -> APIRouter:
    router = APIRouter(prefix="/v1/customers", tags=["customers"])
    uow = customers.uow
    one = {"response_model": CustomerRead, "response_class": HalResponse}

    @router.post("", status_code=201, **one, responses={201: _CREATED, 409: _PROBLEM, 422: _PROBLEM},
                 summary="Register a customer")
    async def register_customer(body: CustomerCreate) -> Response:
        command = RegisterCustomer(name=body.name, email=body.email, address=body.address.to_domain())
        customer = await handlers.register_customer(command, uow=uow())
        return _hal(customer, status_code=201, headers={"Location": representations.customer_href(customer.id)})

    @router.get("", response_model=CustomerList, response_class=HalResponse, responses={422: _PROBLEM},
                summary="Find customers by email (the storefront's sign-in looks customers up this way)")
    async def find_customers(
        email: Annotated[str, Query(max_length=EMAIL_MAX_LENGTH, pattern=EMAIL_PATTERN, examples=["nina@example.com"],
                                    description="Matched exactly, without regard to case")],
    ) -> Response:
        found = await handlers.customers_with_email(email, uow=uow())
        return HalResponse(representations.customers_with_email(found, email=email.lower()))

    @router.get("/{customer_id}", **one, responses={404: _PROBLEM},
                summary="One customer, with the actions open to them")
    async def get_customer(customer_id: str) -> Response:
        return _hal(await handlers.find_customer(customer_id, uow=uow()))

    @router.put("/{customer_id}/address", **one, responses={404: _PROBLEM, 409: _PROBLEM, 422: _PROBLEM},
                summary="Change the customer's postal address")
    async def change_address(customer_id: str, body: AddressUpdate) -> Response:
        command = ChangeAddress(customer_id=customer_id, address=body.to_domain())
        return _hal(await handlers.change_address(command, uow=uow()))

    @router.post("/{customer_id}/suspension", **one, responses={404: _PROBLEM, 409: _PROBLEM},
                 summary="Suspend an active customer")
    async def suspend_customer(customer_id: str) -> Response:
        return _hal(await handlers.suspend_customer(SuspendCustomer(customer_id), uow=uow()))

    @router.delete("/{customer_id}/suspension", **one, responses={404: _PROBLEM, 409: _PROBLEM},
                   summary="Reactivate a suspended customer")
    async def reactivate_customer(customer_id: str) -> Response:
        return _hal(await handlers.reactivate_customer(ReactivateCustomer(customer_id), uow=uow()))

    @router.post("/{customer_id}/closure", **one, responses={404: _PROBLEM, 409: _PROBLEM},
                 summary="Close the customer's account, for good")
    async def close_customer(customer_id: str) -> Response:
        return _hal(await handlers.close_customer(CloseCustomer(customer_id), uow=uow()))

    return router


def create_app(customers: Customers | None = None) -> FastAPI:
    """The ASGI app (granian factory target ``musiccorp.customers.entrypoints.api:create_app``)."""
    customers = customers or bootstrap()
    app = create_service_app(customers.runtime, routers=[customers_router(customers)])
    app.add_exception_handler(CustomersError, _on_domain_error)
    return app
