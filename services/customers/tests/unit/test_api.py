"""The HTTP API over the fake unit of work and over the real one on an in-memory SQLite database."""

import pytest
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.customers.adapters.memory import InMemoryUnitOfWork
from musiccorp.customers.bootstrap import bootstrap
from musiccorp.customers.config import CustomersSettings
from musiccorp.customers.entrypoints.api import create_app

IN_MEMORY_SQLITE = "sqlite+aiosqlite:///:memory:"
ADDRESS = {"line1": "12 Harbour Street", "city": "Bristol", "postcode": "BS1 4DJ", "country": "GB"}
NINA = {"name": "Nina Valdés", "email": "Nina@Example.com", "address": ADDRESS}
UNKNOWN = "0b7c2a8e-0000-4000-8000-000000000000"


@pytest.fixture(params=["fake", "sqlite"])
def client(request):
    settings = CustomersSettings(database_url=IN_MEMORY_SQLITE)
    if request.param == "fake":
        uow = InMemoryUnitOfWork()
        customers = bootstrap(settings, uow=lambda: uow, registry=InMemoryRegistry())
    else:
        customers = bootstrap(settings, registry=InMemoryRegistry())
    with TestClient(create_app(customers)) as client:
        yield client


@pytest.fixture
def nina(client) -> dict:
    return client.post("/v1/customers", json=NINA).json()


def links(body: dict) -> set[str]:
    return set(body["_links"])


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


def test_registering_answers_201_with_location_and_hal(client):
    """POST /v1/customers answers 201, Location of the new customer, and its HAL representation."""
    response = client.post("/v1/customers", json=NINA)
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/hal+json"
    body = response.json()
    assert response.headers["location"] == body["_links"]["self"]["href"] == f"/v1/customers/{body['id']}"
    assert (body["name"], body["email"], body["status"]) == ("Nina Valdés", "nina@example.com", "active")
    assert body["address"] == {**ADDRESS, "line2": None,
                               "country_name": "United Kingdom of Great Britain and Northern Ireland"}


def test_a_registered_customer_reads_back_as_registered(client, nina):
    """GET at the Location returns the representation the registration answered with."""
    response = client.get(nina["_links"]["self"]["href"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/hal+json"
    assert response.json() == nina


def test_a_taken_email_is_409_problem(client, nina):
    """Registering an email again, in any case, answers 409 problem+json."""
    problem = assert_problem(client.post("/v1/customers", json={**NINA, "email": "NINA@example.com"}), 409)
    assert problem["type"].endswith("/email-already-registered")
    assert "nina@example.com" in problem["detail"]


@pytest.mark.parametrize("change", [
    {"email": "nina-at-example.com"},
    {"email": " nina@example.com"},
    {"name": ""},
    {"name": "   "},
    {"name": "Nina\u0007"},
    {"address": {**ADDRESS, "country": "XX"}},
    {"address": {**ADDRESS, "country": "gb"}},
    {"address": {**ADDRESS, "city": " "}},
    {"address": None},
], ids=["bad-email", "padded-email", "empty-name", "blank-name", "control-name", "unknown-country",
        "lower-case-country", "blank-city", "no-address"])
def test_invalid_registration_is_422_problem(client, change):
    """A malformed email, an empty or blank name, or an unknown country answers 422 problem+json saying where."""
    problem = assert_problem(client.post("/v1/customers", json={**NINA, **change}), 422)
    field = next(iter(change))
    assert any(error["location"].startswith(f"body.{field}") for error in problem["errors"])


def test_customers_are_found_by_email(client, nina):
    """GET /v1/customers?email= embeds the one customer with that email, however it is cased."""
    response = client.get("/v1/customers", params={"email": "NINA@example.com"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/hal+json"
    body = response.json()
    assert (body["count"], body["_embedded"]["customers"]) == (1, [nina])
    assert body["_links"]["self"]["href"] == "/v1/customers?email=nina%40example.com"


def test_an_email_nobody_has_finds_an_empty_list(client, nina):
    """An email no customer has answers 200 with an empty list, not 404."""
    body = client.get("/v1/customers", params={"email": "someone@example.com"}).json()
    assert (body["count"], body["_embedded"]["customers"]) == (0, [])


@pytest.mark.parametrize("params", [{}, {"email": "nina"}, {"email": " nina@example.com"}],
                         ids=["no-email", "not-an-email", "padded-email"])
def test_finding_without_a_valid_email_is_422_problem(client, params):
    """The email query is required and must be an email address; otherwise 422 problem+json."""
    problem = assert_problem(client.get("/v1/customers", params=params), 422)
    assert any(error["location"].startswith("query.email") for error in problem["errors"])


def test_links_offer_exactly_the_transitions_the_state_allows(client, nina):
    """Active offers suspend, suspended offers reactivate, closed offers nothing but self."""
    assert links(nina) == {"self", "address", "suspend", "close"}
    suspended = client.post(nina["_links"]["suspend"]["href"])
    assert suspended.status_code == 200
    assert suspended.json()["status"] == "suspended"
    assert links(suspended.json()) == {"self", "address", "reactivate", "close"}
    reactivated = client.delete(suspended.json()["_links"]["reactivate"]["href"]).json()
    assert (reactivated["status"], links(reactivated)) == ("active", {"self", "address", "suspend", "close"})
    closed = client.post(reactivated["_links"]["close"]["href"]).json()
    assert (closed["status"], links(closed)) == ("closed", {"self"})
    assert client.get(nina["_links"]["self"]["href"]).json() == closed


def test_an_illegal_transition_is_409_problem_naming_the_state(client, nina):
    """Suspending a suspended customer answers 409 problem+json naming the state and the action."""
    client.post(f"/v1/customers/{nina['id']}/suspension")
    problem = assert_problem(client.post(f"/v1/customers/{nina['id']}/suspension"), 409)
    assert problem["type"].endswith("/illegal-transition")
    assert (problem["state"], problem["action"]) == ("suspended", "suspend")
    assert "suspended" in problem["detail"]


def test_a_closed_customer_cannot_move(client, nina):
    """After closing, a new address, reactivation or closing again answer 409 naming the closed state."""
    client.post(f"/v1/customers/{nina['id']}/closure")
    for response in (client.put(f"/v1/customers/{nina['id']}/address", json=ADDRESS),
                     client.delete(f"/v1/customers/{nina['id']}/suspension"),
                     client.post(f"/v1/customers/{nina['id']}/closure")):
        assert assert_problem(response, 409)["state"] == "closed"


def test_putting_an_address_replaces_it(client, nina):
    """PUT .../address answers 200 with the new address, which reads back."""
    new = {"line1": "3 River Road", "line2": "Flat 2", "city": "Seoul", "postcode": "04524", "country": "KR"}
    response = client.put(nina["_links"]["address"]["href"], json=new)
    assert response.status_code == 200
    assert response.json()["address"] == {**new, "country_name": "Korea, Republic of"}
    assert client.get(nina["_links"]["self"]["href"]).json()["address"]["city"] == "Seoul"


def test_an_invalid_address_is_422_problem(client, nina):
    """PUT .../address with an unknown country answers 422 problem+json."""
    assert_problem(client.put(nina["_links"]["address"]["href"], json={**ADDRESS, "country": "ZZ"}), 422)


@pytest.mark.parametrize("method, path", [
    ("GET", ""), ("PUT", "/address"), ("POST", "/suspension"), ("DELETE", "/suspension"), ("POST", "/closure"),
])
@pytest.mark.parametrize("customer_id", [UNKNOWN, "not-an-id"])
def test_an_unknown_customer_is_404_problem(client, method, path, customer_id):
    """Every customer route answers 404 problem+json for an id nobody has."""
    response = client.request(method, f"/v1/customers/{customer_id}{path}", json=ADDRESS if method == "PUT" else None)
    assert assert_problem(response, 404)["type"].endswith("/customer-not-found")


def test_asyncapi_lists_the_five_published_events():
    """/asyncapi.json documents each customer event the service sends, with its data schema."""
    customers = bootstrap(CustomersSettings(database_url=IN_MEMORY_SQLITE), registry=InMemoryRegistry())
    with TestClient(create_app(customers)) as client:
        document = client.get("/asyncapi.json").json()
    sent = {op["channel"]["$ref"].rsplit("/", 1)[-1] for op in document["operations"].values()
            if op["action"] == "send"}
    assert sent == {f"customers.customer.{event}.v1"
                    for event in ("registered", "address_changed", "suspended", "reactivated", "closed")}
    data = document["components"]["messages"]["customers.customer.registered.v1"]["payload"]["properties"]["data"]
    assert set(data["required"]) == {"customer_id", "customer_uri"}
