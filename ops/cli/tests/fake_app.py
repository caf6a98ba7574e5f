"""Tiny ASGI services for the CLI's tests: no framework, JSON log lines on stdout.

Copied into a temporary directory on PYTHONPATH; each ``service.toml`` of the
fake topology points at one of the factories below.
"""

import json
import os
import smtplib
import sys
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from urllib.parse import parse_qs


def _log(service, event, level="info", **fields):
    record = {"ts": datetime.now(UTC).isoformat(), "level": level, "event": event, "service": service}
    print(json.dumps({**record, **fields}), flush=True)


def _app(service, *, ready=True):
    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    _log(service, "started")
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    _log(service, "stopping")
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        began = time.perf_counter()
        path = scope["path"]
        if path == "/health/ready":
            status, body = (200, {"status": "ready"}) if ready else (503, {"status": "not ready"})
        elif path == "/info":
            status, body = 200, {"name": service, "version": "9.9.9"}
        elif path.startswith("/env/"):
            status, body = 200, {"value": os.environ.get(path.removeprefix("/env/"))}
        elif path == "/v1/mail":
            status, body = _send_mail(service, parse_qs(scope["query_string"].decode()).get("to", ["x@example.com"])[0])
        else:
            status, body = 200, {"hello": service}
            headers = dict(scope["headers"])
            _log(service, "request", method=scope["method"], path=path, status=status,
                 duration_ms=(time.perf_counter() - began) * 1000,
                 correlation_id=headers.get(b"x-correlation-id", b"").decode() or None)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": json.dumps(body).encode()})

    return app


def _send_mail(service, to):
    """Mail ``to`` through the SMTP server the CLI configured (``mail = true`` in the manifest)."""
    prefix = f"MUSICCORP_{service.upper()}_"
    if f"{prefix}SMTP_PORT" not in os.environ:
        return 503, {"error": "no SMTP settings"}
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = f"{service}@musiccorp.example", to, f"hello from {service}"
    message.set_content("Sent by a fake service.")
    with smtplib.SMTP(os.environ[f"{prefix}SMTP_HOST"], int(os.environ[f"{prefix}SMTP_PORT"]), timeout=10) as smtp:
        smtp.send_message(message)
    return 200, {"sent_to": to}


def alpha():
    return _app("alpha")


def beta():
    return _app("beta")


def gamma():
    return _app("gamma")


def broken():
    _log("broken", "cannot open the database", level="error")
    print("RuntimeError: database is locked (fake)", file=sys.stderr, flush=True)
    raise SystemExit(1)


def sleepy():
    return _app("sleepy", ready=False)
