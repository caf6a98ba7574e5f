"""Browser-facing hardening of the shop's answers: what a browser may load, frame, sniff and refer.

The Content-Security-Policy lets a page load scripts, styles and images from the
shop alone, plus PayBuddy's drop-in script and its tokenisation call (the card goes
from the browser to PayBuddy, never to us); no inline script runs and no other site
may frame a page. One allowance is deliberate: ``style-src-attr 'unsafe-inline'``,
for the ``style="--hue: …"`` that colours each album cover — an attribute style
cannot run script, and no ``<style>`` element is allowed. The interactive API
documentation (``/docs``, ``/redoc``) loads its own scripts and keeps no policy of ours.
HSTS is sent outside local runs, which serve plain HTTP on loopback.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeaders", "content_security_policy"]

_UNPOLICED = ("/docs", "/redoc")


def content_security_policy(*, paybuddy_url: str) -> str:
    """The shop's policy, with PayBuddy's origin (scheme, host, port of ``paybuddy_url``) let in."""
    parts = urlsplit(paybuddy_url)
    paybuddy = f"{parts.scheme}://{parts.netloc}"
    return "; ".join((
        "default-src 'self'",
        f"script-src 'self' {paybuddy}",
        f"connect-src 'self' {paybuddy}",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


class SecurityHeaders:
    """Pure ASGI middleware adding the hardening headers to every HTTP answer."""

    def __init__(self, app: ASGIApp, *, paybuddy_url: str, strict_transport: bool) -> None:
        self.app = app
        common = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"strict-origin-when-cross-origin"),
                  (b"x-frame-options", b"DENY")]
        if strict_transport:
            common.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        self._common = common
        self._policy = (b"content-security-policy", content_security_policy(paybuddy_url=paybuddy_url).encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [*self._common]
        if not scope["path"].startswith(_UNPOLICED):
            headers.append(self._policy)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
