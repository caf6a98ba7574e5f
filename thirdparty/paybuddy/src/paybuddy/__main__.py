"""``python -m paybuddy [--host H] [--port P]``: run the sandbox (also ``PAYBUDDY_HOST``/``PAYBUDDY_PORT``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from aiohttp import web

from paybuddy.app import create_app
from paybuddy.config import SandboxConfig
from paybuddy.logs import AccessLogger, configure_logging

# A held "timeout" answer must not keep a stopping sandbox alive.
SHUTDOWN_SECONDS = 3.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="paybuddy", description="PayBuddy Merchant Sandbox")
    parser.add_argument("--host", default=os.environ.get("PAYBUDDY_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=_port(os.environ.get("PAYBUDDY_PORT", "8900"), parser))
    arguments = parser.parse_args(argv)
    configure_logging()
    try:
        config = SandboxConfig.from_environ()
    except ValueError as error:
        parser.exit(1, f"paybuddy: {error}\n")
    logging.getLogger("paybuddy").info("listening", extra={"host": arguments.host, "port": arguments.port})
    web.run_app(create_app(config), host=arguments.host, port=arguments.port, access_log_class=AccessLogger,
                print=None, shutdown_timeout=SHUTDOWN_SECONDS)


def _port(raw: str, parser: argparse.ArgumentParser) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        parser.exit(1, f"paybuddy: PAYBUDDY_PORT must be a port number, got {raw!r}\n")
    return int(raw)


if __name__ == "__main__":
    main(sys.argv[1:])
