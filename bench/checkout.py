"""Checkout under load: orders completed per second at saturation, CPU per completed order over every process.

An order here is the API journey a client makes (``POST /v1/orders``, then following the order until it is
``completed``) and everything it sets off: the saga's calls to warehouse, payments (and PayBuddy), shipping;
every event published and consumed (loyalty's points, notifications' confirmation mail, picking, dispatch).
CPU is summed over every process of the running system — services, NATS, the PayBuddy sandbox, the mail
sink — from before the first order until the system is quiet again after the last.

What one order does is counted from the services' own metrics (HTTP requests served, database commits,
events published, deliveries consumed), and each is priced at its cheapest measured cost (a trivial hop on
the fastest server and client, a raw insert, a raw publish, a raw consume): their sum is the order's physical
limit. The goal is to stay within 2× of it.

Latency: at half the saturation rate, open loop, the time from sending ``POST /v1/orders`` to the order's
``completed`` entry in its history (stamped by orders; same machine, same clock).
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Callable
from datetime import datetime

import aiohttp

SATURATION_ORDERS = 240
CONCURRENCY = 16
HALF_LOAD_SECONDS = 12
QUIET_CPU_SECONDS = 0.05  # CPU used by the whole system in 0.5 s when nothing is happening
METRICS = {
    "hops": re.compile(r'^musiccorp_http_requests_total\{[^}]*route="(?!/metrics|/health)[^"]*"[^}]*\} (\S+)$'),
    "commits": re.compile(r"^musiccorp_db_commits_total (\S+)$"),
    "published": re.compile(r"^musiccorp_outbox_published_total (\S+)$"),
    "consumed": re.compile(r'^musiccorp_events_consumed_total\{[^}]*outcome="handled"[^}]*\} (\S+)$'),
}


class Checkout:
    def __init__(self, session: aiohttp.ClientSession, urls: dict[str, str], paybuddy: str) -> None:
        self.session, self.urls, self.paybuddy = session, urls, paybuddy
        self.customers: list[str] = []
        self.albums: list[str] = []

    async def _json(self, method: str, url: str, body: dict | None = None, headers: dict | None = None,
                    expect: tuple[int, ...] = (200, 201)) -> dict:
        async with self.session.request(method, url, json=body, headers=headers) as response:
            answer = await response.json(content_type=None)
            if response.status not in expect:
                raise RuntimeError(f"{method} {url} answered {response.status}: {answer}")
            return answer

    async def prepare(self, orders: int) -> None:
        """Customers to buy, and albums with enough stock for every order of the run."""
        for n in range(20):
            customer = await self._json("POST", f"{self.urls['customers']}/v1/customers", {
                "name": f"Bench Buyer {n}", "email": f"buyer+{uuid.uuid4().hex[:10]}@example.com",
                "address": {"line1": "1 Load Street", "city": "London", "postcode": "E1 6AN", "country": "GB"}})
            self.customers.append(customer["id"])
        page = await self._json("GET", f"{self.urls['catalog']}/v1/albums?size=100")
        stock = 0
        for album in page["_embedded"]["albums"]:
            level = await self._json("GET", f"{self.urls['warehouse']}/v1/stock/{album['id']}")
            if level["available"] >= 10:
                self.albums.append(album["id"])
                stock += level["available"]
        if stock < orders:
            raise RuntimeError(f"only {stock} units in stock for {orders} orders")

    async def token(self) -> str:
        answer = await self._json("POST", f"{self.paybuddy}/v2/tokens", {"card": {
            "number": "4242424242424242", "expMonth": 12, "expYear": 2035, "cvc": "123", "holderName": "Bench"}})
        return answer["token"]

    def body(self, n: int, token: str) -> dict:
        return {"customer_id": self.customers[n % len(self.customers)],
                "lines": [{"album_id": self.albums[n % len(self.albums)], "quantity": 1}],
                "card_token": token,
                "shipping_address": {"name": "Bench Buyer", "line1": "1 Load Street", "city": "London",
                                     "postcode": "E1 6AN", "country": "GB"}}

    async def place(self, body: dict) -> str:
        order = await self._json("POST", f"{self.urls['orders']}/v1/orders", body,
                                 headers={"Idempotency-Key": str(uuid.uuid4())})
        return order["id"]

    async def completed_at(self, order_id: str, deadline: float) -> float:
        version = 0
        while time.monotonic() < deadline:
            order = await self._json("GET", f"{self.urls['orders']}/v1/orders/{order_id}"
                                            f"?wait=10&version_gt={version}")
            if order["status"] == "completed":
                at = next(entry["at"] for entry in order["history"] if entry["status"] == "completed")
                return datetime.fromisoformat(at).timestamp()
            if order["status"] == "cancelled":
                raise RuntimeError(f"order {order_id} was cancelled: {order['cancellation_reason']}")
            version = order["version"]
        raise RuntimeError(f"order {order_id} did not complete in time")


async def _counters(session: aiohttp.ClientSession, urls: dict[str, str]) -> dict[str, float]:
    totals = dict.fromkeys(METRICS, 0.0)
    for url in urls.values():
        async with session.get(f"{url}/metrics") as response:
            text = await response.text()
        for line in text.splitlines():
            for name, pattern in METRICS.items():
                match = pattern.match(line)
                if match:
                    totals[name] += float(match.group(1))
    return totals


async def _quiet(cpu: Callable[[], float], within: float = 60) -> None:
    """Wait until the whole system is idle: every consequence of the orders (mails, points, picks) is done."""
    deadline = time.monotonic() + within
    previous = cpu()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)  # sampling the system's CPU: a measurement interval, not synchronisation
        now = cpu()
        if now - previous < QUIET_CPU_SECONDS:
            return
        previous = now
    raise RuntimeError("the system never became quiet after the orders")


async def _saturate(shop: Checkout, cpu: Callable[[], float], urls: dict[str, str],
                    cpu_by_process: Callable[[], dict[str, float]]) -> dict:
    tokens = [await shop.token() for _ in range(SATURATION_ORDERS)]
    counters_before = await _counters(shop.session, urls)
    cpu_before, by_process_before = cpu(), cpu_by_process()
    started = time.time()
    numbers = iter(range(SATURATION_ORDERS))
    done: list[float] = []

    async def buyer() -> None:
        for n in numbers:
            order_id = await shop.place(shop.body(n, tokens[n]))
            done.append(await shop.completed_at(order_id, time.monotonic() + 120))

    await asyncio.gather(*(buyer() for _ in range(CONCURRENCY)))
    rate = SATURATION_ORDERS / (max(done) - started)
    await _quiet(cpu)
    used = cpu() - cpu_before
    by_process = {name: round((seconds - by_process_before[name]) * 1000 / SATURATION_ORDERS, 2)
                  for name, seconds in cpu_by_process().items()}
    counters_after = await _counters(shop.session, urls)
    per_order = {name: round((counters_after[name] - counters_before[name]) / SATURATION_ORDERS, 2)
                 for name in METRICS}
    # The client's own requests (POST + the long polls) are hops too, but the client is not the system.
    return {"orders": SATURATION_ORDERS, "orders_per_s": round(rate, 1),
            "cpu_ms_per_order": round(used * 1000 / SATURATION_ORDERS, 3), "per_order": per_order,
            "cpu_ms_per_order_by_process": dict(sorted(by_process.items(), key=lambda item: -item[1]))}


async def _half_load(shop: Checkout, rate: float) -> dict:
    count = max(10, int(rate * HALF_LOAD_SECONDS))
    tokens = [await shop.token() for _ in range(count)]
    interval, start = 1 / rate, time.monotonic()

    async def one(n: int) -> float:
        sent = time.time()
        order_id = await shop.place(shop.body(10_000 + n, tokens[n]))
        return max(0.0, await shop.completed_at(order_id, time.monotonic() + 120) - sent) * 1000

    tasks = []
    for n in range(count):
        delay = start + n * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)  # pacing the arrivals of an open-loop load
        tasks.append(asyncio.create_task(one(n)))
    latencies = sorted(await asyncio.gather(*tasks))
    pick = lambda fraction: round(latencies[min(len(latencies) - 1, int(len(latencies) * fraction))], 1)  # noqa: E731
    return {"rate_per_s": round(rate, 1), "orders": count, "p50_ms": pick(0.5), "p99_ms": pick(0.99)}


def physical_limit(per_order: dict[str, float], *, hop_ms: float, primitives: dict[str, float]) -> dict:
    """The cheapest an order could be: each thing it does, priced at its raw cost."""
    parts = {
        "hops": per_order["hops"] * hop_ms,
        "commits": per_order["commits"] * primitives["insert_ms"],
        "published": per_order["published"] * primitives["publish_ms"],
        "consumed": per_order["consumed"] * primitives["consume_ms"],
    }
    return {"parts_ms": {k: round(v, 3) for k, v in parts.items()}, "limit_ms": round(sum(parts.values()), 3)}


async def run(*, urls: dict[str, str], paybuddy: str, cpu: Callable[[], float],
              cpu_by_process: Callable[[], dict[str, float]]) -> dict:
    connector = aiohttp.TCPConnector(limit=64)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        shop = Checkout(session, urls, paybuddy)
        orders_needed = SATURATION_ORDERS + int(SATURATION_ORDERS * 0.75) + 20
        await shop.prepare(orders_needed)
        saturation = await _saturate(shop, cpu, urls, cpu_by_process)
        half = await _half_load(shop, saturation["orders_per_s"] / 2)
    return {"saturation": saturation, "half_of_saturation": half}
