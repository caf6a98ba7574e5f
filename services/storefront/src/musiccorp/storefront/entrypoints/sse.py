"""Server-sent events: the wire format, and a response that stops the moment its reader leaves.

>>> event("order", "<p>paid</p>", event_id=3)
'event: order\\nid: 3\\ndata: <p>paid</p>\\n\\n'
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

EVENT_STREAM = "text/event-stream"
KEEP_ALIVE = ": keep-alive\n\n"
"""A comment line: readers ignore it, proxies see traffic and keep the connection open."""


def event(name: str, data: str, *, event_id: int | None = None) -> str:
    """One event; every line of ``data`` gets its own ``data:`` field, as the format requires."""
    head = f"event: {name}\n" + (f"id: {event_id}\n" if event_id is not None else "")
    return head + "".join(f"data: {line}\n" for line in data.splitlines() or [""]) + "\n"


def retry(milliseconds: int) -> str:
    """How long the browser waits before it reconnects after the stream ends or breaks."""
    return f"retry: {milliseconds}\n\n"


class EventStream(StreamingResponse):
    """Streams ``content`` as ``text/event-stream``, uncached and unbuffered, until it ends or the client goes.

    Whatever the server's ASGI version, it listens for the client's disconnect and
    cancels the stream then, so a long poll behind it stops at once instead of
    running on for a reader who left.
    """

    media_type = EVENT_STREAM

    def __init__(self, content: AsyncIterable[str], status_code: int = 200, *,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(content, status_code=status_code,
                         headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no", **(headers or {})})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        streaming = asyncio.ensure_future(self.stream_response(send))
        leaving = asyncio.ensure_future(self.listen_for_disconnect(receive))
        try:
            await asyncio.wait((streaming, leaving), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (streaming, leaving):
                task.cancel()
            await asyncio.gather(streaming, leaving, return_exceptions=True)
        if not streaming.cancelled() and streaming.exception() is not None:
            raise streaming.exception()
