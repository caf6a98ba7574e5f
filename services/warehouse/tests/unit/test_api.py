"""The HTTP API over the fake unit of work and over the real one on an in-memory SQLite database (seeded stock)."""

from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.warehouse.adapters.memory import InMemoryUnitOfWork
from musiccorp.warehouse.bootstrap import bootstrap
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.entrypoints.api import create_app

IN_MEMORY_SQLITE = "sqlite+aiosqlite:///:memory:"
# Albums of the shipped opening stock (migration 0002's data), the fake stocks them alike.
COASTAL_MEMORY, KITCHEN_TABLE, MONOLITH_OF_BONE = ("4dafff35-5130-581c-af3f-6f10e5597d81",
                                                   "7fa957a0-aa47-5d28-8be0-388f108b207d",
                                                   "0f1e0048-1f17-5551-802e-09ba29834d5f")
STOCK = {COASTAL_MEMORY: 38, KITCHEN_TABLE: 1, MONOLITH_OF_BONE: 0}
ORDER = "9d2f6a4e-1c3b-4f7a-8e5d-2b6c1a0f9e84"
TWO_LINES = {"ship_to_country": "GB", "lines": [{"album_id": COASTAL_MEMORY, "quantity": 2},
                                                {"album_id": KITCHEN_TABLE, "quantity": 1}]}


@pytest.fixture(params=["fake", "sqlite"])
def client(request, clock):
    settings = WarehouseSettings(database_url=IN_MEMORY_SQLITE, hold_seconds=900)
    fake = {"uow": (lambda uow: lambda: uow)(InMemoryUnitOfWork(STOCK))} if request.param == "fake" else {}
    warehouse = bootstrap(settings, registry=InMemoryRegistry(), clock=clock, **fake)
    with TestClient(create_app(warehouse)) as client:
        yield client


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith(f"/problems/{slug}")
    return problem


def stock(client, album_id: str) -> dict:
    return client.get(f"/v1/stock/{album_id}").json()


def test_reserving_answers_201_with_location_and_the_held_reservation(client, clock):
    """PUT a new reservation: 201, Location, HAL with the lines, the zone, expires_at and the actions."""
    response = client.put(f"/v1/reservations/{ORDER}", json=TWO_LINES)
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/hal+json"
    assert response.headers["location"] == f"/v1/reservations/{ORDER}"
    body = response.json()
    assert (body["order_id"], body["status"], body["ship_to_country"], body["zone"]) == (ORDER, "held", "GB",
                                                                                        "domestic")
    assert body["expires_at"] == (clock() + timedelta(seconds=900)).isoformat().replace("+00:00", "Z")
    assert body["lines"] == sorted(TWO_LINES["lines"], key=lambda line: line["album_id"])
    assert body["_links"] == {"self": {"href": f"/v1/reservations/{ORDER}"},
                              "confirm": {"href": f"/v1/reservations/{ORDER}/confirmation"},
                              "release": {"href": f"/v1/reservations/{ORDER}"}}
    assert stock(client, KITCHEN_TABLE) | {"_links": None} == {
        "album_id": KITCHEN_TABLE, "on_hand": 1, "reserved": 1, "available": 0, "_links": None}


def test_the_same_reservation_again_is_200_and_holds_nothing_more(client):
    """A repeated PUT answers 200 with the same reservation; the stock is held once."""
    first = client.put(f"/v1/reservations/{ORDER}", json=TWO_LINES).json()
    again = client.put(f"/v1/reservations/{ORDER}", json=TWO_LINES)
    assert again.status_code == 200
    assert "location" not in again.headers
    assert again.json() == first
    assert stock(client, COASTAL_MEMORY)["reserved"] == 2


def test_the_same_order_with_other_lines_is_422(client):
    """Another body for a reserved order answers 422 reservation-mismatch."""
    client.put(f"/v1/reservations/{ORDER}", json=TWO_LINES)
    other = {**TWO_LINES, "lines": [{"album_id": COASTAL_MEMORY, "quantity": 5}]}
    assert_problem(client.put(f"/v1/reservations/{ORDER}", json=other), 422, "reservation-mismatch")


def test_out_of_stock_is_409_naming_the_album(client):
    """A sold-out album answers 409 insufficient-stock with the album, what was asked and what is available."""
    body = {"ship_to_country": "GB", "lines": [{"album_id": COASTAL_MEMORY, "quantity": 1},
                                               {"album_id": MONOLITH_OF_BONE, "quantity": 1}]}
    problem = assert_problem(client.put(f"/v1/reservations/{ORDER}", json=body), 409, "insufficient-stock")
    assert (problem["album_id"], problem["requested"], problem["available"]) == (MONOLITH_OF_BONE, 1, 0)
    assert MONOLITH_OF_BONE in problem["detail"]
    assert stock(client, COASTAL_MEMORY)["reserved"] == 0
    assert_problem(client.get(f"/v1/reservations/{ORDER}"), 404, "reservation-not-found")


def test_a_country_we_do_not_ship_to_is_422(client):
    """ship_to_country BR answers 422 unsupported-destination naming the country."""
    body = {**TWO_LINES, "ship_to_country": "BR"}
    problem = assert_problem(client.put(f"/v1/reservations/{ORDER}", json=body), 422, "unsupported-destination")
    assert problem["country"] == "BR"


@pytest.mark.parametrize("change", [
    {"lines": []}, {"ship_to_country": "gb"}, {"ship_to_country": None},
    {"lines": [{"album_id": COASTAL_MEMORY, "quantity": 0}]},
    {"lines": [{"album_id": COASTAL_MEMORY, "quantity": 11}]},
    {"lines": [{"album_id": "not an id", "quantity": 1}]},
], ids=["no-lines", "lower-case-country", "no-country", "zero", "eleven", "bad-album-id"])
def test_a_malformed_reservation_is_422_saying_where(client, change):
    """Schema violations answer 422 problem+json locating the field."""
    problem = assert_problem(client.put(f"/v1/reservations/{ORDER}", json={**TWO_LINES, **change}), 422,
                             "validation-error")
    assert any(error["location"].startswith(f"body.{next(iter(change))}") for error in problem["errors"])


def test_an_album_in_two_lines_is_422(client):
    """Each album may appear once: 422 invalid-reservation."""
    twice = {"ship_to_country": "GB", "lines": [{"album_id": COASTAL_MEMORY, "quantity": 1}] * 2}
    assert_problem(client.put(f"/v1/reservations/{ORDER}", json=twice), 422, "invalid-reservation")


def test_confirming_is_200_idempotent_and_takes_the_stock(client):
    """PUT .../confirmation twice: 200 confirmed both times, no actions left, on_hand lowered once."""
    client.put(f"/v1/reservations/{ORDER}", json=TWO_LINES)
    for _ in range(2):
        response = client.put(f"/v1/reservations/{ORDER}/confirmation")
        assert response.status_code == 200
        assert (response.json()["status"], set(response.json()["_links"])) == ("confirmed", {"self"})
    assert stock(client, COASTAL_MEMORY) | {"_links": None} == {
        "album_id": COASTAL_MEMORY, "on_hand": 36, "reserved": 0, "available": 36, "_links": None}


def test_confirming_after_the_hold_lapsed_is_409_not_held(client, clock):
    """After hold_seconds the confirmation answers 409 reservation-not-held, status expired, stock returned."""
    client.put(f"/v1/reservations/{ORDER}", json=TWO_LINES)
    clock.advance(timedelta(seconds=900))
    problem = assert_problem(client.put(f"/v1/reservations/{ORDER}/confirmation"), 409, "reservation-not-held")
    assert problem["reservation_status"] == "expired"
    assert client.get(f"/v1/reservations/{ORDER}").json()["status"] == "expired"
    assert stock(client, KITCHEN_TABLE)["available"] == 1


def test_releasing_is_204_every_time_and_returns_the_stock_once(client):
    """DELETE twice answers 204 twice; the units return once; a released reservation cannot be confirmed."""
    client.put(f"/v1/reservations/{ORDER}", json=TWO_LINES)
    for _ in range(2):
        response = client.delete(f"/v1/reservations/{ORDER}")
        assert (response.status_code, response.content) == (204, b"")
    assert stock(client, COASTAL_MEMORY)["reserved"] == 0
    assert client.get(f"/v1/reservations/{ORDER}").json()["status"] == "released"
    assert_problem(client.put(f"/v1/reservations/{ORDER}/confirmation"), 409, "reservation-not-held")


def test_releasing_what_was_never_reserved_is_204(client):
    """A compensation for a reservation that never happened succeeds."""
    assert client.delete(f"/v1/reservations/{ORDER}").status_code == 204


def test_releasing_a_confirmed_reservation_is_409(client):
    """Its stock has left the shelf: 409 already-confirmed, and the stock stays taken."""
    client.put(f"/v1/reservations/{ORDER}", json=TWO_LINES)
    client.put(f"/v1/reservations/{ORDER}/confirmation")
    assert_problem(client.delete(f"/v1/reservations/{ORDER}"), 409, "already-confirmed")
    assert stock(client, KITCHEN_TABLE)["on_hand"] == 0


@pytest.mark.parametrize("method, path", [("GET", ""), ("PUT", "/confirmation")])
def test_an_unknown_reservation_is_404(client, method, path):
    """GET and confirmation of an order never reserved answer 404 reservation-not-found."""
    assert_problem(client.request(method, f"/v1/reservations/{ORDER}{path}"), 404, "reservation-not-found")


def test_stock_of_an_album_never_stocked_is_404(client):
    """GET /v1/stock of an unknown album answers 404 stock-not-found; a malformed id answers 422."""
    assert_problem(client.get("/v1/stock/never-stocked"), 404, "stock-not-found")
    assert_problem(client.get("/v1/stock/not%20an%20id"), 422, "validation-error")


def test_asyncapi_lists_the_five_published_events(clock):
    """/asyncapi.json documents each warehouse event, its data the order id and the reservation's URI."""
    warehouse = bootstrap(WarehouseSettings(database_url=IN_MEMORY_SQLITE), registry=InMemoryRegistry(), clock=clock)
    with TestClient(create_app(warehouse)) as client:
        document = client.get("/asyncapi.json").json()
    sent = {op["channel"]["$ref"].rsplit("/", 1)[-1] for op in document["operations"].values()
            if op["action"] == "send"}
    assert sent == {"warehouse.reservation.held.v1", "warehouse.reservation.confirmed.v1",
                    "warehouse.reservation.released.v1", "warehouse.reservation.expired.v1",
                    "warehouse.order.picked.v1"}
    data = document["components"]["messages"]["warehouse.order.picked.v1"]["payload"]["properties"]["data"]
    assert set(data["required"]) == {"order_id", "reservation_uri"}
