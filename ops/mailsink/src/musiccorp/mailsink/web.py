"""The HTTP side: the page, the JSON API and the readiness probe."""

from __future__ import annotations

from importlib.metadata import version

from aiohttp import web

from musiccorp.mailsink import page
from musiccorp.mailsink.store import MailStore, Summary, body_parts, parse

__all__ = ["make_app"]

_STORE = web.AppKey("store", MailStore)


def make_app(store: MailStore) -> web.Application:
    """The aiohttp application over ``store``."""
    app = web.Application()
    app[_STORE] = store
    app.router.add_get("/", _index)
    app.router.add_get("/messages/{id}", _message_page)
    app.router.add_get("/messages/{id}/raw", _raw)
    app.router.add_get("/api/messages", _list)
    app.router.add_get("/api/messages/{id}", _detail)
    app.router.add_get("/health/live", _healthy)
    app.router.add_get("/health/ready", _healthy)
    app.router.add_get("/info", _info)
    return app


async def _index(request: web.Request) -> web.Response:
    return web.Response(text=page.list_page(request.app[_STORE].summaries()), content_type="text/html")


async def _message_page(request: web.Request) -> web.Response:
    summary = _summary(request)
    if summary is None:
        return web.Response(status=404, text=page.not_found_page(request.match_info["id"]),
                            content_type="text/html")
    text, html = body_parts(parse(request.app[_STORE].raw(summary)))
    return web.Response(text=page.message_page(summary, text=text, html=html), content_type="text/html")


async def _raw(request: web.Request) -> web.Response:
    summary = _summary(request)
    if summary is None:
        raise web.HTTPNotFound()
    return web.Response(body=request.app[_STORE].raw(summary), content_type="message/rfc822")


async def _list(request: web.Request) -> web.Response:
    to = request.query.get("to")
    # Query decoding reads a bare "+" as a space; an address holds no space, so ada+x@… still matches.
    summaries = request.app[_STORE].summaries(to=to.replace(" ", "+") if to else None)
    return web.json_response([summary.as_json() for summary in summaries])


async def _detail(request: web.Request) -> web.Response:
    summary = _summary(request)
    if summary is None:
        return web.json_response({"title": "Not Found", "status": 404,
                                  "detail": f"no mail has the id {request.match_info['id']!r}"},
                                 status=404, content_type="application/problem+json")
    message = parse(request.app[_STORE].raw(summary))
    text, html = body_parts(message)
    headers = [[name, str(value)] for name, value in message.items()]
    return web.json_response({**summary.as_json(), "headers": headers, "text": text, "html": html})


async def _healthy(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ready"})


async def _info(_request: web.Request) -> web.Response:
    return web.json_response({"name": "mailsink", "version": version("musiccorp-mailsink")})


def _summary(request: web.Request) -> Summary | None:
    return request.app[_STORE].get(request.match_info["id"])
