"""The order page's live stream (server-sent events), driven by the fake orders service: no sleeps.

Each time the storefront long-polls the fake, the fake takes the next step of
its ``script`` (a new status, or ``None``: the wait passed with no change).
"""

import asyncio
from dataclasses import replace

from starlette.testclient import TestClient

from musiccorp.storefront.config import StorefrontSettings
from musiccorp.storefront.entrypoints.api import create_app
from musiccorp.storefront.entrypoints.sse import EventStream, event

GRACE = "9c0a7e52-6d1b-4f3e-8a2d-1b5e7c9f0a34"


def parse(stream: str) -> list[tuple]:
    """The stream as a list of ``("retry", ms)``, ``("comment", text)`` and ``(event, id, data)``."""
    parsed = []
    for block in filter(None, stream.split("\n\n")):
        lines = block.split("\n")
        if lines[0].startswith("retry: "):
            parsed.append(("retry", int(lines[0][7:])))
        elif lines[0].startswith(":"):
            parsed.append(("comment", lines[0][1:].strip()))
        else:
            fields = [line.split(": ", 1) for line in lines]
            name = next(value for key, value in fields if key == "event")
            event_id = next((int(value) for key, value in fields if key == "id"), None)
            parsed.append((name, event_id, "\n".join(value for key, value in fields if key == "data")))
    return parsed


def test_an_event_splits_multi_line_data_into_data_fields():
    """Each line of an event's data gets its own ``data:`` line, so HTML with newlines survives the stream."""
    expected = "event: order\nid: 7\ndata: <p>\ndata:   paid\ndata: </p>\n\n"
    assert event("order", "<p>\n  paid\n</p>", event_id=7) == expected


def test_the_stream_pushes_each_new_status_and_ends_when_the_order_is_final(client, sign_in, make_order, orders,
                                                                            ada):
    """Versions 2..5 each arrive as an ``order`` event with the status drawn in HTML; a quiet wait is a
    keep-alive comment; completion ends the stream with ``end`` (so the browser does not reconnect)."""
    order = make_order(ada)
    orders.script[order.id] = ["stock_reserved", None, "paid", "shipped", "completed"]
    sign_in()
    response = client.get(f"/orders/{order.id}/events", params={"after": 1})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-store"
    stream = parse(response.text)
    assert stream[0] == ("retry", 3000)
    assert stream[2] == ("comment", "keep-alive")
    pushed = [item for item in stream if item[0] == "order"]
    assert [version for _, version, _ in pushed] == [2, 3, 4, 5]
    for (_, _, html), status in zip(pushed, ["stock reserved", "paid", "shipped", "completed"], strict=True):
        assert f'data-testid="order-status" data-status="{status.replace(" ", "_")}">{status}<' in html
    assert 'data-testid="tracking-number">MC-TRACK-0001<' in pushed[2][2]
    assert stream[-1] == ("end", None, "final")
    assert orders.script[order.id] == []


def test_a_reconnecting_browser_resumes_after_the_last_event_it_saw(client, sign_in, make_order, orders, ada):
    """With ``Last-Event-ID`` the stream starts after that version, whatever ``after`` the page said."""
    order = make_order(ada)
    orders.advance(order.id, "stock_reserved")
    orders.advance(order.id, "paid")
    orders.script[order.id] = ["cancelled"]
    sign_in()
    stream = parse(client.get(f"/orders/{order.id}/events?after=1", headers={"Last-Event-ID": "3"}).text)
    assert [item[1] for item in stream if item[0] == "order"] == [4]
    assert stream[-1][0] == "end"


def test_a_last_event_id_that_is_no_version_is_ignored(client, sign_in, make_order, orders, ada):
    """A ``Last-Event-ID`` that is not a plain number (``²`` looks like one) falls back to ``after``."""
    order = make_order(ada)
    orders.advance(order.id, "cancelled", reason="out of stock")
    sign_in()
    superscript_two = "²".encode("latin-1")
    stream = parse(client.get(f"/orders/{order.id}/events?after=1", headers={"Last-Event-ID": superscript_two}).text)
    assert [item[1] for item in stream if item[0] == "order"] == [2]


def test_a_final_order_the_page_shows_already_ends_at_once(client, sign_in, make_order, orders, ada):
    """Nothing newer than the page and the order final: the stream ends without an event or a wait."""
    order = make_order(ada)
    orders.advance(order.id, "cancelled", reason="out of stock")
    sign_in()
    assert parse(client.get(f"/orders/{order.id}/events?after=2").text) == [("retry", 3000), ("end", None, "final")]


def test_another_customer_s_order_has_no_stream(client, sign_in, make_order):
    """The stream of an order that is not the shopper's answers 404, as does one for a guest."""
    theirs = make_order(GRACE)
    assert client.get(f"/orders/{theirs.id}/events").status_code == 404
    sign_in()
    assert client.get(f"/orders/{theirs.id}/events").status_code == 404


def test_orders_going_away_ends_the_stream_with_a_later_retry(client, sign_in, make_order, orders, ada):
    """When orders stops answering, the stream asks the browser to come back in 10 s, and does not say ``end``."""
    order = make_order(ada)
    sign_in()
    orders.available = False
    assert parse(client.get(f"/orders/{order.id}/events").text) == [("retry", 10000)]


def test_an_instance_following_its_fill_of_orders_asks_the_browser_to_poll(client, sign_in, make_order, orders,
                                                                           shop, ada):
    """With every stream slot taken, the stream sends what is new and a long retry, holding nothing open."""
    order = make_order(ada)
    orders.advance(order.id, "stock_reserved")
    sign_in()
    cookie = client.cookies.get("musiccorp_session")
    full = replace(shop, settings=StorefrontSettings(max_order_streams=0))
    with TestClient(create_app(full), cookies={"musiccorp_session": cookie}) as busy:
        stream = parse(busy.get(f"/orders/{order.id}/events?after=1").text)
    assert [item[:2] for item in stream] == [("order", 2), ("retry", 15000)]


async def test_an_event_stream_stops_its_source_when_the_client_leaves():
    """A client disconnecting mid-stream cancels the source at once, even while it waits for the next event."""
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def source():
        yield event("order", "<p>placed</p>", event_id=1)
        started.set()
        try:
            await asyncio.Event().wait()  # a long poll with nothing to report
        except asyncio.CancelledError:
            cancelled.set()
            raise

    sent = []
    requests = iter([{"type": "http.request", "body": b"", "more_body": False}])

    async def receive():
        request = next(requests, None)
        if request is not None:
            return request
        await started.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"spec_version": "2.4"}, "method": "GET", "headers": []}
    await asyncio.wait_for(EventStream(source())(scope, receive, send), timeout=5)
    assert cancelled.is_set()
    assert sent[1]["body"] == b"event: order\nid: 1\ndata: <p>placed</p>\n\n"


async def stream_through(app, path: str, cookie: str, *, leave_after_first_event: bool) -> bytes:
    """Call the ASGI app as a browser would; optionally leave as soon as the first bytes arrive."""
    first_event, body = asyncio.Event(), []
    requests = iter([{"type": "http.request", "body": b"", "more_body": False}])

    async def receive():
        request = next(requests, None)
        if request is not None:
            return request
        if leave_after_first_event:
            await first_event.wait()
        else:
            await asyncio.Event().wait()  # a browser that stays
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.body":
            body.append(message.get("body", b""))
            first_event.set()

    path, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "root_path": "", "raw_path": path.encode(),
             "query_string": query.encode(), "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
             "headers": [(b"host", b"testserver"), (b"cookie", f"musiccorp_session={cookie}".encode())]}
    await asyncio.wait_for(app(scope, receive, send), timeout=5)
    return b"".join(body)


async def test_the_order_stream_releases_the_long_poll_when_the_browser_leaves(client, sign_in, make_order,
                                                                               orders, shop, ada):
    """Through the whole app: the browser leaving cancels the long poll to orders and frees the stream's slot."""
    order = make_order(ada)
    sign_in()
    cookie = client.cookies.get("musiccorp_session")
    app = create_app(replace(shop, settings=StorefrontSettings(max_order_streams=1)))
    orders.hold_waits = True
    left = await stream_through(app, f"/orders/{order.id}/events?after=1", cookie, leave_after_first_event=True)
    assert left == b"retry: 3000\n\n"
    assert orders.waits_cancelled == 1
    orders.hold_waits = False
    orders.advance(order.id, "cancelled", reason="out of stock")
    again = await stream_through(app, f"/orders/{order.id}/events?after=1", cookie, leave_after_first_event=False)
    assert [item[:2] for item in parse(again.decode())] == [("retry", 3000), ("order", 2), ("end", None)]
