"""Consumer-driven contracts: what the account pages need from customers, loyalty and notifications.

The storefront's real adapters (on the chassis client) talk to Pact mocks; the
interactions become the committed contracts ``contracts/pacts/storefront-*.json``,
each verified by its provider's own test.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pact import Pact, match

from musiccorp.chassis.discovery import StaticRegistry
from musiccorp.chassis.http import HttpClient
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.storefront.adapters.account_clients import HttpCustomers, HttpLoyalty, HttpNotifications
from musiccorp.storefront.domain.customers import Registration
from musiccorp.storefront.domain.errors import EmailTaken

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CUSTOMER_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"
ADA = Registration(name="Ada Lovelace", email="ada@example.com", line1="12 St James's Square", line2="",
                   city="London", postcode="SW1Y 4JH", country="GB")
ADA_BODY = {"name": "Ada Lovelace", "email": "ada@example.com",
            "address": {"line1": "12 St James's Square", "city": "London", "postcode": "SW1Y 4JH", "country": "GB"}}


def _pact(provider: str) -> Pact:
    return Pact("storefront", provider).with_specification("V4")


async def _client(service: str, url: str):
    http = HttpClient()
    return http, http.for_service(service, registry=StaticRegistry({service: url}), timeout=5.0, retries=0)


async def test_storefront_contract_with_customers(tmp_path):
    """Register, be refused a taken email, read the customer back, and find a customer by email (sign-in)."""
    pact = _pact("customers")
    (pact.upon_receiving("a registration")
        .given("no customer has the email", {"email": "ada@example.com"})
        .with_request("POST", "/v1/customers").with_body(ADA_BODY, content_type="application/json")
        .will_respond_with(201).with_body({"id": match.like(CUSTOMER_ID)}, content_type="application/hal+json"))
    (pact.upon_receiving("a registration with a taken email")
        .given("a customer has the email", {"email": "taken@example.com"})
        .with_request("POST", "/v1/customers").with_body({**ADA_BODY, "email": "taken@example.com"},
                                                         content_type="application/json")
        .will_respond_with(409).with_body({"status": 409}, content_type="application/problem+json"))
    customer = {
        "id": match.like(CUSTOMER_ID), "name": match.like("Ada Lovelace"), "email": match.like("ada@example.com"),
        "status": match.like("active"),
        "address": {"line1": match.like("12 St James's Square"), "city": match.like("London"),
                    "postcode": match.like("SW1Y 4JH"), "country": match.regex("GB", regex=r"^[A-Z]{2}$")},
    }
    (pact.upon_receiving("a search for the customer with an email")
        .given("a customer has the email", {"email": "ada@example.com"})
        .with_request("GET", "/v1/customers").with_query_parameters({"email": "ada@example.com"})
        .will_respond_with(200).with_body({"_embedded": {"customers": match.each_like(customer, min=1)},
                                           "count": match.int(1)}, content_type="application/hal+json"))
    (pact.upon_receiving("a search for an email nobody has")
        .given("no customer has the email", {"email": "nobody@example.com"})
        .with_request("GET", "/v1/customers").with_query_parameters({"email": "nobody@example.com"})
        .will_respond_with(200).with_body({"_embedded": {"customers": []}, "count": 0},
                                          content_type="application/hal+json"))
    (pact.upon_receiving("a request for a customer")
        .given("a customer exists", {"id": CUSTOMER_ID})
        .with_request("GET", f"/v1/customers/{CUSTOMER_ID}")
        .will_respond_with(200).with_body({
            "id": CUSTOMER_ID, "name": match.like("Ada Lovelace"), "email": match.like("ada@example.com"),
            "status": match.like("active"),
            "address": {"line1": match.like("12 St James's Square"), "city": match.like("London"),
                        "postcode": match.like("SW1Y 4JH"), "country": match.regex("GB", regex=r"^[A-Z]{2}$")},
        }, content_type="application/hal+json"))

    with pact.serve() as server:
        http, client = await _client("customers", str(server.url))
        customers = HttpCustomers(client)
        try:
            registered = await customers.register(ADA)
            with pytest.raises(EmailTaken):
                await customers.register(replace(ADA, email="taken@example.com"))
            customer = await customers.customer(CUSTOMER_ID)
            found = await customers.with_email("ada@example.com")
            nobody = await customers.with_email("nobody@example.com")
        finally:
            await http.close()
    assert registered == CUSTOMER_ID
    assert (found.id, found.address.postcode, nobody) == (CUSTOMER_ID, "SW1Y 4JH", None)
    assert (customer.name, customer.address.country) == ("Ada Lovelace", "GB")
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)


async def test_storefront_contract_with_loyalty(tmp_path):
    """Read an open account's points; a missing account is 404, not an error."""
    pact = _pact("loyalty")
    (pact.upon_receiving("a request for an open account")
        .given("an account is open", {"customer_id": CUSTOMER_ID})
        .with_request("GET", f"/v1/accounts/{CUSTOMER_ID}")
        .will_respond_with(200).with_body({"customer_id": CUSTOMER_ID, "points": match.int(0)},
                                          content_type="application/hal+json"))
    (pact.upon_receiving("a request for an account not open yet")
        .given("no account is open", {"customer_id": "not-yet"})
        .with_request("GET", "/v1/accounts/not-yet")
        .will_respond_with(404).with_body({"status": 404}, content_type="application/problem+json"))

    with pact.serve() as server:
        http, client = await _client("loyalty", str(server.url))
        try:
            points = await HttpLoyalty(client).points(CUSTOMER_ID)
            missing = await HttpLoyalty(client).points("not-yet")
        finally:
            await http.close()
    assert (points, missing) == (0, None)
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)


async def test_storefront_contract_with_notifications(tmp_path):
    """List the mails recorded for a customer."""
    pact = _pact("notifications")
    (pact.upon_receiving("a request for a customer's mails")
        .given("a welcome mail was sent", {"customer_id": CUSTOMER_ID})
        .with_request("GET", "/v1/mails").with_query_parameters({"customer_id": CUSTOMER_ID})
        .will_respond_with(200).with_body({"mails": match.each_like({
            "subject": match.like("Welcome to MusicCorp Records"),
            "status": match.regex("sent", regex=r"^(pending|sent)$"),
            "sent_at": match.like("2026-11-25T10:00:00+00:00")}, min=1)}, content_type="application/json"))

    with pact.serve() as server:
        http, client = await _client("notifications", str(server.url))
        try:
            mails = await HttpNotifications(client).mails(CUSTOMER_ID)
        finally:
            await http.close()
    assert [m.arrived for m in mails] == [True]
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)
