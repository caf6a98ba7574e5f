"""Serve one service: ``python -m musiccorp.chassis.serve TARGET --host H --port P``.

``TARGET`` is ``module:factory``; the factory takes no arguments and returns an
ASGI app. The server is granian, embedded in this process's own uvloop event
loop, so that one service is one OS process (one PID to supervise, one PSS to
measure). SIGTERM and SIGINT stop it gracefully: in-flight requests finish and
the app's shutdown hooks run (deregistration, closing pools).

The same command runs a service under ``musiccorp up`` and in its container.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import signal
import sys

__all__ = ["load_target", "main"]


def load_target(target: str):
    """Import ``module:factory`` and call the factory, returning the ASGI app."""
    module_name, sep, attr = target.partition(":")
    if not sep:
        raise SystemExit(f"musiccorp serve: target {target!r} must look like 'package.module:factory'")
    factory = getattr(importlib.import_module(module_name), attr)
    return factory()


async def _serve(app, host: str, port: int) -> None:
    from granian.constants import Interfaces
    from granian.server.embed import Server

    server = Server(app, address=host, port=port, interface=Interfaces.ASGI, log_enabled=False, log_access=False)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, server.stop)
    await server.serve()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m musiccorp.chassis.serve")
    parser.add_argument("target", help="module:factory returning an ASGI app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)

    # granian's own logger says "experimental" and "Listening at" in plain text;
    # the service's JSON logs say everything an operator needs.
    logging.getLogger("_granian").setLevel(logging.ERROR)
    logging.getLogger("granian").setLevel(logging.ERROR)

    app = load_target(args.target)
    import uvloop

    try:
        uvloop.run(_serve(app, args.host, args.port))
    except OSError as exc:
        print(f"{args.target}: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
